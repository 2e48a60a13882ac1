//! Worst-case ClientHellos: each fills one list a server checks (key shares and groups, cipher
//! suites, signature schemes, ALPN names, server names, PSK identities, extensions) to nearly
//! the 64 KiB a handshake message may hold, and is otherwise a valid TLS 1.3 hello with one
//! X25519 share, so a server does all its work on it. Tests check that they are handled;
//! benchmarks check that each costs a few times a browser's hello, not the square of its list.
//!
//! Built from raw bytes (RFC 8446 §4.1.2), not from the typed values, so that what they hold
//! does not depend on the codec they test.

/// The most bytes a worst-case hello takes, header included: under the 64 KiB a handshake
/// message may hold, with room for the fixed fields.
const BUDGET: usize = 65_000;

/// An X25519 public key (RFC 7748 §6.1, Alice's), so that a server agrees on a secret.
const X25519_PUBLIC: [u8; 32] = [
    0x85, 0x20, 0xf0, 0x09, 0x89, 0x30, 0xa7, 0x54, 0x74, 0x8b, 0x7d, 0xdc, 0xb4, 0x3e, 0xf7, 0x5a,
    0x0d, 0xbf, 0x3a, 0x0d, 0x26, 0x38, 0x1a, 0xf4, 0xeb, 0xa4, 0xa9, 0x8e, 0xaa, 0x9b, 0x4e, 0x6a,
];

const X25519: u16 = 0x001d;
const TLS_AES_128_GCM_SHA256: u16 = 0x1301;
const ECDSA_SECP256R1_SHA256: u16 = 0x0403;
const RSA_PSS_RSAE_SHA256: u16 = 0x0804;

const SERVER_NAME: u16 = 0x0000;
const SUPPORTED_GROUPS: u16 = 0x000a;
const SIGNATURE_ALGORITHMS: u16 = 0x000d;
const ALPN: u16 = 0x0010;
const PRE_SHARED_KEY: u16 = 0x0029;
const SUPPORTED_VERSIONS: u16 = 0x002b;
const PSK_KEY_EXCHANGE_MODES: u16 = 0x002d;
const KEY_SHARE: u16 = 0x0033;

/// Which list a worst-case hello fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// 8,000 key shares (1-byte keys but the X25519 one) in groups all listed among 12,000
    /// `supported_groups`.
    KeyShares,
    /// 32,000 `supported_groups`, X25519 last.
    Groups,
    /// 32,000 cipher suites, ours last.
    CipherSuites,
    /// 32,000 `signature_algorithms`, ours last.
    SignatureSchemes,
    /// 21,000 one-byte ALPN names, `http/1.1` last.
    ApplicationProtocols,
    /// 16,000 `server_name` entries, the host name last.
    ServerNames,
    /// 1,500 PSK identities and their binders (a server that resumes nothing ignores them).
    PskIdentities,
    /// 16,000 empty extensions of unknown types.
    Extensions,
}

impl Shape {
    /// Every shape.
    pub const ALL: [Self; 8] = [
        Self::KeyShares,
        Self::Groups,
        Self::CipherSuites,
        Self::SignatureSchemes,
        Self::ApplicationProtocols,
        Self::ServerNames,
        Self::PskIdentities,
        Self::Extensions,
    ];

    /// A short name for test and benchmark labels.
    pub fn name(self) -> &'static str {
        match self {
            Self::KeyShares => "key_shares",
            Self::Groups => "groups",
            Self::CipherSuites => "cipher_suites",
            Self::SignatureSchemes => "signature_schemes",
            Self::ApplicationProtocols => "alpn",
            Self::ServerNames => "server_names",
            Self::PskIdentities => "psk_identities",
            Self::Extensions => "extensions",
        }
    }
}

/// The worst-case ClientHello of `shape`, a whole handshake message. With `x25519_share`
/// false it holds no share in a group a server accepts, so that the server asks for one with a
/// HelloRetryRequest (the X25519 share then comes in the second hello, [`retried`]).
pub fn client_hello(shape: Shape, x25519_share: bool) -> Vec<u8> {
    let shares = if x25519_share {
        Shares::UnknownAndX25519
    } else {
        Shares::UnknownOnly
    };
    build(shape, shares)
}

/// The second ClientHello after a HelloRetryRequest for X25519 that a [`client_hello`] of
/// `shape` without a share gets: the same hello, its shares replaced by the one X25519 share
/// (RFC 8446 §4.1.2).
pub fn retried(shape: Shape) -> Vec<u8> {
    build(shape, Shares::X25519Only)
}

/// A browser-sized hello built the same way, no list filled and no share a server accepts:
/// the first of the pair around a HelloRetryRequest that a retried worst case is weighed
/// against ([`baseline_retried`] is the second).
pub fn baseline() -> Vec<u8> {
    encode(&[TLS_AES_128_GCM_SHA256], &base_extensions(false))
}

/// The second hello after [`baseline`]: the same, with the X25519 share.
pub fn baseline_retried() -> Vec<u8> {
    encode(&[TLS_AES_128_GCM_SHA256], &base_extensions(true))
}

/// Which key shares a hello holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shares {
    /// The shape's shares (for `KeyShares`, thousands in unknown groups) and X25519's.
    UnknownAndX25519,
    /// The shape's shares only: none a server accepts.
    UnknownOnly,
    /// X25519's alone (a second hello).
    X25519Only,
}

fn build(shape: Shape, shares: Shares) -> Vec<u8> {
    let x25519_share = shares != Shares::UnknownOnly;
    let mut suites = vec![TLS_AES_128_GCM_SHA256];
    let mut extensions = base_extensions(x25519_share);
    // Sized as if the share were there, so that a first hello without it and its second hello
    // hold the same lists.
    let room = BUDGET.saturating_sub(encoded_len(&suites, &base_extensions(true)));
    match shape {
        Shape::KeyShares => {
            let unknown_shares = 8_000u16;
            // Groups 0x1000 on: unknown to any server, each with a one-byte key.
            let mut groups: Vec<u16> = (0..12_000u16).map(|i| 0x1000 + i).collect();
            groups.push(X25519);
            let mut entries = Vec::new();
            if shares != Shares::X25519Only {
                for group in groups.iter().take(usize::from(unknown_shares)) {
                    entries.extend(group.to_be_bytes());
                    entries.extend([0, 1, 0x42]);
                }
            }
            if x25519_share {
                entries.extend(x25519_entry());
            }
            replace(&mut extensions, SUPPORTED_GROUPS, u16_list(&groups));
            replace(&mut extensions, KEY_SHARE, prefixed16(&entries));
        }
        Shape::Groups => {
            let count = room / 2;
            let mut groups: Vec<u16> = (0..count)
                .map(|i| 0x1000u16.wrapping_add(small(i)))
                .collect();
            groups.push(X25519);
            replace(&mut extensions, SUPPORTED_GROUPS, u16_list(&groups));
        }
        Shape::CipherSuites => {
            suites = (0..room / 2)
                .map(|i| 0x2000u16.wrapping_add(small(i)))
                .collect();
            suites.push(TLS_AES_128_GCM_SHA256);
        }
        Shape::SignatureSchemes => {
            let mut schemes: Vec<u16> = (0..room / 2)
                .map(|i| 0x2000u16.wrapping_add(small(i)))
                .collect();
            schemes.extend([ECDSA_SECP256R1_SHA256, RSA_PSS_RSAE_SHA256]);
            replace(&mut extensions, SIGNATURE_ALGORITHMS, u16_list(&schemes));
        }
        Shape::ApplicationProtocols => {
            let mut names = Vec::new();
            for i in 0..(room.saturating_sub(12) / 3) {
                names.extend([
                    2,
                    b'a'.wrapping_add(byte(i % 26)),
                    b'0'.wrapping_add(byte(i % 10)),
                ]);
            }
            names.extend([8]);
            names.extend(b"http/1.1");
            extensions.push((ALPN, prefixed16(&names)));
        }
        Shape::ServerNames => {
            let mut list = Vec::new();
            // name_type 0xff (unknown) entries, then the host name.
            for _ in 0..(room.saturating_sub(32) / 4) {
                list.extend([0xff, 0, 1, b'x']);
            }
            list.extend([0, 0, 12]);
            list.extend(b"name.example");
            replace(&mut extensions, SERVER_NAME, prefixed16(&list));
        }
        Shape::PskIdentities => {
            // identity (2 + 1 bytes), obfuscated_ticket_age (4), binder (1 + 32).
            let count = room.saturating_sub(32) / 40;
            let mut identities = Vec::new();
            let mut binders = Vec::new();
            for i in 0..count {
                identities.extend([0, 1, byte(i % 256), 0, 0, 0, 0]);
                binders.push(32);
                binders.extend([0x5a; 32]);
            }
            let mut body = prefixed16(&identities);
            body.extend(prefixed16(&binders));
            extensions.push((PSK_KEY_EXCHANGE_MODES, vec![1, 1]));
            // pre_shared_key goes last (RFC 8446 §4.2.11).
            extensions.push((PRE_SHARED_KEY, body));
        }
        Shape::Extensions => {
            let count = room / 4;
            let mut unknown: Vec<(u16, Vec<u8>)> = (0..count)
                .map(|i| (0x4000u16.wrapping_add(small(i)), Vec::new()))
                .collect();
            // The ones the server needs after the unknown ones, to find them last.
            unknown.extend(extensions);
            extensions = unknown;
        }
    }
    encode(&suites, &extensions)
}

/// The extensions a TLS 1.3 hello needs (RFC 8446 §9.2), in a browser's order; the key share
/// list holds the X25519 share or nothing.
fn base_extensions(x25519_share: bool) -> Vec<(u16, Vec<u8>)> {
    let mut server_name = vec![0];
    server_name.extend(12u16.to_be_bytes());
    server_name.extend(b"name.example");
    let shares = if x25519_share {
        x25519_entry()
    } else {
        Vec::new()
    };
    vec![
        (SERVER_NAME, prefixed16(&server_name)),
        (SUPPORTED_GROUPS, u16_list(&[X25519])),
        (
            SIGNATURE_ALGORITHMS,
            u16_list(&[ECDSA_SECP256R1_SHA256, RSA_PSS_RSAE_SHA256]),
        ),
        (SUPPORTED_VERSIONS, vec![2, 0x03, 0x04]),
        (KEY_SHARE, prefixed16(&shares)),
    ]
}

fn x25519_entry() -> Vec<u8> {
    let mut entry = X25519.to_be_bytes().to_vec();
    entry.extend(32u16.to_be_bytes());
    entry.extend(X25519_PUBLIC);
    entry
}

/// `i` as a `u16`, wrapping: the lists hold at most 32,768 entries.
fn small(i: usize) -> u16 {
    u16::try_from(i % 0x8000).unwrap_or(0)
}

/// `i` (below 256) as a byte.
fn byte(i: usize) -> u8 {
    u8::try_from(i).unwrap_or(0)
}

fn replace(extensions: &mut [(u16, Vec<u8>)], typ: u16, body: Vec<u8>) {
    if let Some(slot) = extensions.iter_mut().find(|(t, _)| *t == typ) {
        slot.1 = body;
    }
}

fn prefixed16(body: &[u8]) -> Vec<u8> {
    let mut out = u16::try_from(body.len())
        .unwrap_or(u16::MAX)
        .to_be_bytes()
        .to_vec();
    out.extend(body);
    out
}

fn u16_list(values: &[u16]) -> Vec<u8> {
    let body: Vec<u8> = values.iter().flat_map(|v| v.to_be_bytes()).collect();
    prefixed16(&body)
}

fn encoded_len(suites: &[u16], extensions: &[(u16, Vec<u8>)]) -> usize {
    let extensions: usize = extensions.iter().map(|(_, body)| 4 + body.len()).sum();
    4 + 2 + 32 + 33 + 2 + 2 * suites.len() + 2 + 2 + extensions
}

fn encode(suites: &[u16], extensions: &[(u16, Vec<u8>)]) -> Vec<u8> {
    let mut body = vec![0x03, 0x03];
    body.extend([0x11; 32]);
    body.push(32);
    body.extend([0x22; 32]);
    body.extend(u16_list(suites));
    body.extend([1, 0]);
    let mut block = Vec::new();
    for (typ, data) in extensions {
        block.extend(typ.to_be_bytes());
        block.extend(prefixed16(data));
    }
    body.extend(prefixed16(&block));
    let len = u32::try_from(body.len()).unwrap_or(u32::MAX).to_be_bytes();
    let mut message = vec![1, len[1], len[2], len[3]];
    message.extend(body);
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handshake::{HandshakeMessage, HandshakePayload, NegotiatedVersion};

    #[test]
    fn every_shape_decodes_as_a_client_hello_under_the_message_limit() {
        for shape in Shape::ALL {
            for share in [true, false] {
                let hello = client_hello(shape, share);
                assert!(hello.len() <= BUDGET + 100, "{shape:?}: {}", hello.len());
                assert!(
                    hello.len() > 40_000,
                    "{shape:?} is not worst-case: {}",
                    hello.len()
                );
                let message = HandshakeMessage::decode(&hello, NegotiatedVersion::NotYet)
                    .unwrap_or_else(|e| panic!("{shape:?}: {e}"));
                assert!(
                    matches!(message.payload(), HandshakePayload::ClientHello(_)),
                    "{shape:?}"
                );
            }
        }
    }
}
