//! HKDF for TLS 1.3 (RFC 8446 §7.1 on RFC 5869): Extract, Expand, HKDF-Expand-Label and
//! Derive-Secret.
//!
//! ring's `hkdf::Salt::extract` returns a `Prk` whose bytes cannot be read, and the key log,
//! the tests and resumption all need them. So Extract is HMAC itself (`hmac::sign`, RFC 5869
//! §2.2) into a [`Secret`], and Expand hands that secret to `hkdf::Prk::new_less_safe`. The
//! `HkdfLabel` is never built: its fields go to ring as a list of slices, so no `Vec` is
//! allocated per derivation.

use ring::{hkdf, hmac};

use crate::error::Error;
use crate::secret::Secret;
use crate::suite::HashAlgorithm;

/// The prefix of every TLS 1.3 label: `opaque label<7..255> = "tls13 " + Label;`.
const LABEL_PREFIX: &[u8] = b"tls13 ";

/// The longest label after the prefix: 255 - 6.
const MAX_LABEL_LEN: usize = 249;

/// `opaque context<0..255>`.
const MAX_CONTEXT_LEN: usize = 255;

/// HKDF-Extract(salt, IKM) = HMAC-Hash(salt, IKM) (RFC 5869 §2.2).
///
/// An empty `salt` is RFC 5869's "not provided", which HMAC pads to HashLen zeros; TLS 1.3's
/// `0` salt is those zeros written out, with the same result.
pub fn extract(hash: HashAlgorithm, salt: &[u8], ikm: &[u8]) -> Secret {
    // ring's HMAC key holds the salt and cannot be zeroized; it lives for this call only.
    let tag = hmac::sign(&hmac::Key::new(hash.hmac(), salt), ikm);
    Secret::new(tag.as_ref())
}

/// HKDF-Expand(PRK, info, L) into `out` (RFC 5869 §2.3), `info` given as slices that are
/// concatenated. Fails if `out` is longer than 255 · Hash.length.
pub fn expand(
    hash: HashAlgorithm,
    prk: &Secret,
    info: &[&[u8]],
    out: &mut [u8],
) -> Result<(), Error> {
    Prk::new(hash, prk).expand(info, out)
}

/// A secret made ready to expand: ring's PRK (the HMAC key's inner and outer states), computed
/// once and reused by every derivation from that secret, each of which would otherwise hash
/// the key's two padded blocks again. ring cannot zeroize it: kept beside the secret it stands
/// for (an Early, Handshake or Master Secret, each consumed by the next stage), it lives as
/// long as that stage, and is dropped, not wiped, with it.
#[derive(Clone)]
pub(crate) struct Prk {
    hash: HashAlgorithm,
    prk: hkdf::Prk,
}

impl Prk {
    /// `secret` as a PRK of `hash`.
    pub(crate) fn new(hash: HashAlgorithm, secret: &Secret) -> Self {
        Self {
            hash,
            prk: hkdf::Prk::new_less_safe(hash.hkdf(), secret.as_bytes()),
        }
    }

    /// The hash the PRK expands with.
    pub(crate) fn hash(&self) -> HashAlgorithm {
        self.hash
    }

    /// HKDF-Expand(PRK, info, L) into `out`; see [`expand`].
    fn expand(&self, info: &[&[u8]], out: &mut [u8]) -> Result<(), Error> {
        let max = self.hash.output_len().saturating_mul(255);
        let too_long = Error::OutputLength {
            len: out.len(),
            max,
        };
        if out.len() > max {
            return Err(too_long);
        }
        let len = OutputLen(out.len());
        // ring refuses only a length over 255 · HashLen, checked above.
        self.prk
            .expand(info, len)
            .and_then(|okm| okm.fill(out))
            .map_err(|_| too_long)
    }

    /// HKDF-Expand-Label from this PRK; see [`expand_label`].
    pub(crate) fn expand_label(
        &self,
        label: &[u8],
        context: &[u8],
        out: &mut [u8],
    ) -> Result<(), Error> {
        if label.is_empty() || label.len() > MAX_LABEL_LEN {
            return Err(Error::LabelLength { len: label.len() });
        }
        let label_len = u8::try_from(LABEL_PREFIX.len().saturating_add(label.len()))
            .map_err(|_| Error::LabelLength { len: label.len() })?;
        let context_len = u8::try_from(context.len()).map_err(|_| Error::ContextLength {
            len: context.len(),
            max: MAX_CONTEXT_LEN,
        })?;
        let length = u16::try_from(out.len()).map_err(|_| Error::OutputLength {
            len: out.len(),
            max: usize::from(u16::MAX),
        })?;
        self.expand(
            &[
                &length.to_be_bytes(),
                &[label_len],
                LABEL_PREFIX,
                label,
                &[context_len],
                context,
            ],
            out,
        )
    }

    /// HKDF-Expand-Label for the schedule's own derivations, which cannot fail: `label` is
    /// one of this crate's constants (at most 12 bytes), `context` a digest or a
    /// `ticket_nonce<0..255>`, and `len` at most Hash.length.
    pub(crate) fn expand_label_secret(
        &self,
        label: &'static [u8],
        context: &[u8],
        len: usize,
    ) -> Secret {
        let mut out = Secret::zeroed(len);
        #[expect(
            clippy::expect_used,
            reason = "crate-internal callers pass a constant label of 1..=12 bytes, a context \
                      of at most 255 bytes and a length of at most Hash.length, all within \
                      HkdfLabel"
        )]
        self.expand_label(label, context, out.as_mut_bytes())
            .expect("HkdfLabel fields within bounds");
        out
    }

    /// Derive-Secret(Secret, Label, Messages) =
    /// HKDF-Expand-Label(Secret, Label, Transcript-Hash(Messages), Hash.length), from this PRK,
    /// with the transcript hash given.
    pub(crate) fn derive_secret(&self, label: &'static [u8], transcript_hash: &[u8]) -> Secret {
        self.expand_label_secret(label, transcript_hash, self.hash.output_len())
    }
}

impl core::fmt::Debug for Prk {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Never the key states.
        f.debug_struct("Prk")
            .field("hash", &self.hash)
            .finish_non_exhaustive()
    }
}

/// HKDF-Expand-Label(Secret, Label, Context, Length) into `out`, with `Length = out.len()`.
///
/// ```text
/// HKDF-Expand-Label(Secret, Label, Context, Length) =
///      HKDF-Expand(Secret, HkdfLabel, Length)
///
/// struct {
///     uint16 length = Length;
///     opaque label<7..255> = "tls13 " + Label;
///     opaque context<0..255> = Context;
/// } HkdfLabel;
/// ```
///
/// `label` is without the `"tls13 "` prefix. Fails on a label outside 1..=249 bytes, a context
/// over 255 bytes, or an output over 255 · Hash.length bytes.
pub fn expand_label(
    hash: HashAlgorithm,
    secret: &Secret,
    label: &[u8],
    context: &[u8],
    out: &mut [u8],
) -> Result<(), Error> {
    Prk::new(hash, secret).expand_label(label, context, out)
}

/// HKDF-Expand-Label for the schedule's own derivations, which cannot fail: `label` is one of
/// this crate's constants (at most 12 bytes), `context` a digest or a `ticket_nonce<0..255>`,
/// and `len` at most Hash.length.
pub(crate) fn expand_label_secret(
    hash: HashAlgorithm,
    secret: &Secret,
    label: &'static [u8],
    context: &[u8],
    len: usize,
) -> Secret {
    Prk::new(hash, secret).expand_label_secret(label, context, len)
}

/// TLS 1.3's `0`: "a string of Hash.length bytes set to zero" (RFC 8446 §7.1).
pub(crate) fn zeros(hash: HashAlgorithm) -> &'static [u8] {
    match hash {
        HashAlgorithm::Sha256 => &[0; 32],
        HashAlgorithm::Sha384 => &[0; 48],
    }
}

/// An output length for ring's `hkdf::KeyType`.
struct OutputLen(usize);

impl hkdf::KeyType for OutputLen {
    fn len(&self) -> usize {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// RFC 8448 §3 (testdata/rfc8448-vectors.json, simple-1rtt), server `derive write traffic
    /// keys for handshake data`: PRK, `key info` and `key expanded`.
    #[test]
    fn expand_label_matches_rfc8448_handshake_key() {
        let secret = Secret::new(&unhex(
            "b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38",
        ));
        let mut key = [0; 16];
        expand_label(HashAlgorithm::Sha256, &secret, b"key", &[], &mut key).unwrap();
        assert_eq!(key.as_slice(), unhex("3fce516009c21727d0f2e4e86ee403bc"));
    }

    #[test]
    fn rejects_labels_contexts_and_lengths_outside_hkdf_label() {
        let secret = Secret::new(&[1; 32]);
        let mut out = [0; 32];
        let h = HashAlgorithm::Sha256;
        assert_eq!(
            expand_label(h, &secret, b"", &[], &mut out),
            Err(Error::LabelLength { len: 0 })
        );
        assert_eq!(
            expand_label(h, &secret, &[b'a'; 250], &[], &mut out),
            Err(Error::LabelLength { len: 250 })
        );
        assert!(expand_label(h, &secret, &[b'a'; 249], &[0; 255], &mut out).is_ok());
        assert_eq!(
            expand_label(h, &secret, b"a", &[0; 256], &mut out),
            Err(Error::ContextLength { len: 256, max: 255 })
        );
        let mut long = vec![0; 255 * 32 + 1];
        assert_eq!(
            expand_label(h, &secret, b"a", &[], &mut long),
            Err(Error::OutputLength {
                len: 255 * 32 + 1,
                max: 255 * 32
            })
        );
        assert!(expand_label(h, &secret, b"a", &[], &mut long[1..]).is_ok());
    }
}
