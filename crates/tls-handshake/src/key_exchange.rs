//! ECDHE key shares (RFC 8446 §4.2.8, §7.4.2): our ephemeral key pair, and the agreement with
//! the peer's share, which validates that share before its secret is used.
//!
//! ```text
//! KeyShare::generate(group, rng) ──▶ public_key() into our KeyShareEntry.key_exchange
//!                                 ──▶ agree(peer's key_exchange) ──▶ Secret (the (EC)DHE IKM
//!                                                                     of the handshake secret)
//! ```
//!
//! The private key comes from ring's `EphemeralPrivateKey::generate` with the injected
//! [`Rng`], so a fixed generator yields a recorded scalar and a recorded handshake replays with
//! its own key shares. A bad share from the peer is always the peer's fault
//! ([`PeerMisbehaved`], `illegal_parameter`), never an internal error.

use core::fmt;

use ring::agreement::{self, EphemeralPrivateKey, PublicKey, UnparsedPublicKey};
use tls_keyschedule::secret::Secret;
use tls_wire::ids::NamedGroup;

use crate::deps::Rng;
use crate::error::{HandshakeError, LocalError, PeerMisbehaved};

/// The groups we can generate shares for and agree in, in our order of preference.
pub const SUPPORTED_GROUPS: &[NamedGroup] = &[
    NamedGroup::X25519,
    NamedGroup::SECP256R1,
    NamedGroup::SECP384R1,
];

/// The first byte of an uncompressed NIST-curve point.
const UNCOMPRESSED_POINT: u8 = 0x04;

/// One of our ephemeral ECDHE key pairs, for one group.
///
/// Used once: [`KeyShare::agree`] consumes it, so a private key never serves two agreements.
pub struct KeyShare {
    group: NamedGroup,
    parameters: &'static GroupParameters,
    private_key: EphemeralPrivateKey,
    public_key: PublicKey,
}

/// How one group's shares look on the wire and which ring algorithm computes with them.
struct GroupParameters {
    algorithm: &'static agreement::Algorithm,
    /// The length of a `KeyShareEntry.key_exchange` in this group.
    share_len: usize,
    /// Whether shares are NIST-curve points, which carry the uncompressed-form byte.
    nist_curve: bool,
}

//= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.8.2
//# For X25519 and X448, the contents of the public value are the byte
//# string inputs and outputs of the corresponding functions defined in
//# [RFC7748]: 32 bytes for X25519 and 56 bytes for X448.
static X25519: GroupParameters = GroupParameters {
    algorithm: &agreement::X25519,
    share_len: 32,
    nist_curve: false,
};

//= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.8.2
//# For P-256, this means that each of X and Y use
//# 32 octets, padded on the left by zeros if necessary.  For P-384, they
//# take 48 octets each.
static SECP256R1: GroupParameters = GroupParameters {
    algorithm: &agreement::ECDH_P256,
    share_len: 1 + 2 * 32,
    nist_curve: true,
};

static SECP384R1: GroupParameters = GroupParameters {
    algorithm: &agreement::ECDH_P384,
    share_len: 1 + 2 * 48,
    nist_curve: true,
};

/// The parameters of a group in [`SUPPORTED_GROUPS`]; `None` for every other group.
fn parameters(group: NamedGroup) -> Option<&'static GroupParameters> {
    match group {
        NamedGroup::X25519 => Some(&X25519),
        NamedGroup::SECP256R1 => Some(&SECP256R1),
        NamedGroup::SECP384R1 => Some(&SECP384R1),
        _ => None,
    }
}

impl KeyShare {
    /// A fresh key pair in `group`, its private key drawn from `rng`.
    ///
    /// Fails with [`LocalError::UnsupportedGroup`] for a group outside [`SUPPORTED_GROUPS`],
    /// and [`LocalError::RandomFailed`] when the generator fails (or, for the NIST curves,
    /// yields no valid scalar in ring's 100 attempts).
    pub fn generate(group: NamedGroup, rng: &dyn Rng) -> Result<Self, HandshakeError> {
        let parameters = parameters(group).ok_or(LocalError::UnsupportedGroup { group })?;
        let private_key = EphemeralPrivateKey::generate(parameters.algorithm, rng.secure_random())
            .map_err(|_| LocalError::RandomFailed)?;
        // ring computes the public key of a scalar it generated itself; it has no failure
        // for one, but its API returns a Result, which must not become a panic.
        let public_key = private_key
            .compute_public_key()
            .map_err(|_| LocalError::KeyGenerationFailed { group })?;
        Ok(Self {
            group,
            parameters,
            private_key,
            public_key,
        })
    }

    /// The share's group.
    pub fn group(&self) -> NamedGroup {
        self.group
    }

    /// Our public key, as sent in `KeyShareEntry.key_exchange`: the 32-byte u-coordinate for
    /// X25519, the uncompressed point (`0x04 ‖ X ‖ Y`) for the NIST curves.
    pub fn public_key(&self) -> &[u8] {
        self.public_key.as_ref()
    }

    /// The (EC)DHE shared secret with the peer's `key_exchange` bytes, after validating them.
    ///
    /// Errors, each `illegal_parameter`:
    /// - [`PeerMisbehaved::KeyShareWrongLength`]: not the group's length (a compressed NIST
    ///   point is refused here, by its length);
    /// - [`PeerMisbehaved::KeyShareNotOnCurve`]: a NIST-curve share that is not in
    ///   uncompressed form or not a point on the curve;
    /// - [`PeerMisbehaved::KeyShareAllZeroSecret`]: an X25519 share that gives the all-zero
    ///   secret (a point of small order).
    pub fn agree(self, peer_key_exchange: &[u8]) -> Result<Secret, HandshakeError> {
        let (group, parameters) = (self.group, self.parameters);
        if peer_key_exchange.len() != parameters.share_len {
            return Err(PeerMisbehaved::KeyShareWrongLength {
                group,
                len: peer_key_exchange.len(),
                expected: parameters.share_len,
            }
            .into());
        }
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.8.2
        //# Note: Versions of TLS prior to 1.3 permitted point format
        //# negotiation; TLS 1.3 removes this feature in favor of a single point
        //# format for each curve.
        if parameters.nist_curve && peer_key_exchange.first() != Some(&UNCOMPRESSED_POINT) {
            return Err(PeerMisbehaved::KeyShareNotOnCurve { group }.into());
        }
        let peer = UnparsedPublicKey::new(parameters.algorithm, peer_key_exchange);
        // ring refuses, with one opaque error, exactly what the two rules below forbid: with
        // the length and form already checked, a NIST-curve failure is a point off the curve
        // (ring checks it is not the point at infinity, has coordinates in range and solves
        // the curve equation), and an X25519 failure is the all-zero result.
        agreement::agree_ephemeral(self.private_key, &peer, Secret::new).map_err(|_| {
            if parameters.nist_curve {
                //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.8.2
                //# For the curves secp256r1, secp384r1, and secp521r1, peers MUST
                //# validate each other's public value Q by ensuring that the point is a
                //# valid point on the elliptic curve.
                HandshakeError::from(PeerMisbehaved::KeyShareNotOnCurve { group })
            } else {
                //= https://www.rfc-editor.org/rfc/rfc8446#section-7.4.2
                //# Implementations MUST check whether the computed Diffie-Hellman shared
                //# secret is the all-zero value and abort if so, as described in
                //# Section 6 of [RFC7748].
                HandshakeError::from(PeerMisbehaved::KeyShareAllZeroSecret)
            }
        })
    }
}

impl fmt::Debug for KeyShare {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The private key is left out; the public key is public.
        f.debug_struct("KeyShare")
            .field("group", &self.group)
            .field("public_key", &HexBytes(self.public_key()))
            .finish_non_exhaustive()
    }
}

/// Bytes written as lower-case hex.
struct HexBytes<'a>(&'a [u8]);

impl fmt::Debug for HexBytes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|byte| write!(f, "{byte:02x}"))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use tls_wire::ids::AlertDescription;

    use super::*;
    use crate::deps::SystemRng;
    use crate::deps::replay::FixedRng;

    fn share(group: NamedGroup) -> KeyShare {
        KeyShare::generate(group, &SystemRng::new()).unwrap()
    }

    /// The error `agree` gives for `peer` in `group`, checked to be `illegal_parameter`.
    fn refusal(group: NamedGroup, peer: &[u8]) -> PeerMisbehaved {
        let error = share(group).agree(peer).unwrap_err();
        assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
        match error {
            HandshakeError::PeerMisbehaved(misbehaved) => misbehaved,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn two_shares_of_each_group_agree_on_one_secret() {
        for &group in SUPPORTED_GROUPS {
            let (ours, theirs) = (share(group), share(group));
            let (our_public, their_public) =
                (ours.public_key().to_vec(), theirs.public_key().to_vec());
            assert_eq!(ours.group(), group);
            let a = ours.agree(&their_public).unwrap();
            let b = theirs.agree(&our_public).unwrap();
            assert_eq!(a, b, "{group}");
            let len = if group == NamedGroup::SECP384R1 {
                48
            } else {
                32
            };
            assert_eq!(a.len(), len, "{group}");
        }
    }

    #[test]
    fn public_keys_have_the_wire_length_and_form_of_their_group() {
        for (group, len) in [
            (NamedGroup::X25519, 32),
            (NamedGroup::SECP256R1, 65),
            (NamedGroup::SECP384R1, 97),
        ] {
            let public = share(group).public_key().to_vec();
            assert_eq!(public.len(), len, "{group}");
            if group != NamedGroup::X25519 {
                assert_eq!(public[0], 0x04, "{group}");
            }
        }
    }

    #[test]
    fn rejects_every_wrong_length_in_every_group() {
        for &group in SUPPORTED_GROUPS {
            let expected = share(group).public_key().len();
            let valid = share(group).public_key().to_vec();
            for len in (0..=expected + 2).filter(|&len| len != expected) {
                // A prefix or an extension of a valid share: only the length is wrong.
                let mut peer = valid.clone();
                peer.resize(len, 0x01);
                assert_eq!(
                    refusal(group, &peer),
                    PeerMisbehaved::KeyShareWrongLength {
                        group,
                        len,
                        expected
                    },
                );
            }
        }
    }

    #[test]
    fn rejects_a_compressed_point_by_its_length() {
        for (group, coordinate) in [(NamedGroup::SECP256R1, 32), (NamedGroup::SECP384R1, 48)] {
            let valid = share(group).public_key().to_vec();
            let mut compressed = vec![0x02 | (valid[valid.len() - 1] & 1)];
            compressed.extend_from_slice(&valid[1..=coordinate]);
            assert_eq!(
                refusal(group, &compressed),
                PeerMisbehaved::KeyShareWrongLength {
                    group,
                    len: coordinate + 1,
                    expected: 2 * coordinate + 1
                },
            );
        }
    }

    #[test]
    fn rejects_a_full_length_point_not_in_uncompressed_form() {
        for &group in &[NamedGroup::SECP256R1, NamedGroup::SECP384R1] {
            let valid = share(group).public_key().to_vec();
            for form in [0x00, 0x02, 0x03, 0x06, 0x07] {
                let mut peer = valid.clone();
                peer[0] = form;
                assert_eq!(
                    refusal(group, &peer),
                    PeerMisbehaved::KeyShareNotOnCurve { group },
                    "form {form:#04x}"
                );
            }
        }
    }

    #[test]
    fn rejects_a_point_off_the_curve() {
        for &group in &[NamedGroup::SECP256R1, NamedGroup::SECP384R1] {
            let valid = share(group).public_key().to_vec();
            // A valid point with y changed by one: x³ - 3x + b has at most two roots y, y and
            // p - y, and y + 1 is neither (p is odd and large).
            let mut off_curve = valid.clone();
            let last = off_curve.len() - 1;
            off_curve[last] ^= 0x01;
            // (0, 0) is not on a curve whose b is not 0.
            let mut origin = vec![0u8; valid.len()];
            origin[0] = 0x04;
            // Coordinates of all ones exceed p.
            let mut out_of_range = vec![0xffu8; valid.len()];
            out_of_range[0] = 0x04;
            for peer in [off_curve, origin, out_of_range] {
                assert_eq!(
                    refusal(group, &peer),
                    PeerMisbehaved::KeyShareNotOnCurve { group }
                );
            }
        }
    }

    #[test]
    fn rejects_x25519_points_of_small_order_by_their_all_zero_secret() {
        // u = 0, u = 1 and u = p = 2^255 - 19 (a non-canonical encoding of u = 0) are points
        // whose order divides the cofactor 8; X25519 scalars are multiples of 8, so each gives
        // the all-zero secret (RFC 7748 §6.1, §7).
        let mut p = [0xffu8; 32];
        p[0] = 0xed;
        p[31] = 0x7f;
        let mut one = [0u8; 32];
        one[0] = 1;
        for peer in [[0u8; 32], one, p] {
            assert_eq!(
                refusal(NamedGroup::X25519, &peer),
                PeerMisbehaved::KeyShareAllZeroSecret
            );
        }
    }

    #[test]
    fn refuses_to_generate_in_a_group_we_do_not_implement() {
        for group in [
            NamedGroup::X448,
            NamedGroup::SECP521R1,
            NamedGroup::FFDHE2048,
        ] {
            let error = KeyShare::generate(group, &SystemRng::new()).unwrap_err();
            assert_eq!(
                error,
                HandshakeError::Local(LocalError::UnsupportedGroup { group })
            );
            assert_eq!(error.alert(), Some(AlertDescription::INTERNAL_ERROR));
        }
    }

    #[test]
    fn a_fixed_generator_gives_a_fixed_share() {
        for &group in SUPPORTED_GROUPS {
            let a = KeyShare::generate(group, &FixedRng::new(0x42)).unwrap();
            let b = KeyShare::generate(group, &FixedRng::new(0x42)).unwrap();
            assert_eq!(a.public_key(), b.public_key(), "{group}");
        }
    }

    #[test]
    fn debug_shows_the_public_key_and_not_the_private_one() {
        let share = KeyShare::generate(NamedGroup::X25519, &FixedRng::new(0x42)).unwrap();
        let text = format!("{share:?}");
        assert!(text.contains(&hex::encode(share.public_key())), "{text}");
        assert!(!text.contains("4242"), "{text}");
    }

    proptest! {
        #[test]
        fn arbitrary_peer_shares_are_the_peers_fault_or_agree(
            group in prop::sample::select(SUPPORTED_GROUPS),
            peer in prop::collection::vec(any::<u8>(), 0..120),
        ) {
            match share(group).agree(&peer) {
                Ok(secret) => prop_assert!(!secret.is_empty()),
                Err(error) => {
                    prop_assert!(matches!(error, HandshakeError::PeerMisbehaved(_)), "{error:?}");
                    prop_assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
                }
            }
        }

        #[test]
        fn arbitrary_full_length_shares_are_the_peers_fault_or_agree(
            group in prop::sample::select(SUPPORTED_GROUPS),
            seed in any::<u8>(),
            body in prop::collection::vec(any::<u8>(), 96),
        ) {
            // Full-length shares reach ring; in uncompressed form, the curve check.
            let ours = share(group);
            let mut peer = body[..ours.public_key().len().min(96)].to_vec();
            peer.resize(ours.public_key().len(), seed);
            if group != NamedGroup::X25519 {
                peer[0] = 0x04;
            }
            match ours.agree(&peer) {
                Ok(secret) => prop_assert!(!secret.is_empty()),
                Err(error) => {
                    prop_assert!(matches!(error, HandshakeError::PeerMisbehaved(_)), "{error:?}");
                    prop_assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
                }
            }
        }
    }
}
