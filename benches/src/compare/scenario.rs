//! What a connected pair does, said once for every contestant.

use super::KeyKind;

/// The protocol version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// TLS 1.3.
    Tls13,
    /// TLS 1.2 (ECDHE, with the extended master secret).
    Tls12,
}

impl Version {
    /// How rows name it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Tls13 => "TLS 1.3",
            Self::Tls12 => "TLS 1.2",
        }
    }
}

/// The record protection, which with the version and key type makes the cipher suite.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bulk {
    /// AES-128-GCM (SHA-256).
    Aes128Gcm,
    /// AES-256-GCM (SHA-384).
    Aes256Gcm,
    /// ChaCha20-Poly1305 (SHA-256).
    ChaCha20Poly1305,
}

impl Bulk {
    /// Every one, in the order the benches report them.
    pub const ALL: [Self; 3] = [Self::Aes128Gcm, Self::Aes256Gcm, Self::ChaCha20Poly1305];

    /// How rows name it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Aes128Gcm => "AES-128-GCM",
            Self::Aes256Gcm => "AES-256-GCM",
            Self::ChaCha20Poly1305 => "ChaCha20-Poly1305",
        }
    }

    /// ring's AEAD.
    pub fn aead(self) -> &'static ring::aead::Algorithm {
        match self {
            Self::Aes128Gcm => &ring::aead::AES_128_GCM,
            Self::Aes256Gcm => &ring::aead::AES_256_GCM,
            Self::ChaCha20Poly1305 => &ring::aead::CHACHA20_POLY1305,
        }
    }

    /// Whether the suite's hash is SHA-384 (AES-256-GCM) rather than SHA-256.
    pub fn sha384(self) -> bool {
        self == Self::Aes256Gcm
    }
}

/// How a pair resumes, if it does: every contestant's server then sends one ticket per
/// TLS 1.3 handshake (or one TLS 1.2 ticket), and its client keeps it for the next pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resumption {
    /// A full handshake: no tickets, no session cache, on either side.
    None,
    /// TLS 1.3, a stateless ticket (the session sealed in it), psk_dhe_ke.
    Tls13Stateless,
    /// TLS 1.3, a stateful ticket (an id into the server's session cache), psk_dhe_ke.
    Tls13Stateful,
    /// TLS 1.3, a stateless ticket, psk_ke: no key exchange (ours only: rustls has no psk_ke).
    Tls13PskKe,
    /// TLS 1.2, by session id from the server's cache.
    Tls12SessionId,
    /// TLS 1.2, by ticket (RFC 5077).
    Tls12Ticket,
}

impl Resumption {
    /// Every way a pair resumes, in the order the benches report them.
    pub const RESUMED: [Self; 5] = [
        Self::Tls13Stateless,
        Self::Tls13Stateful,
        Self::Tls13PskKe,
        Self::Tls12SessionId,
        Self::Tls12Ticket,
    ];

    /// How rows name it.
    pub fn label(self) -> &'static str {
        match self {
            Self::None => "full",
            Self::Tls13Stateless => "TLS 1.3 ticket, stateless, psk_dhe_ke",
            Self::Tls13Stateful => "TLS 1.3 ticket, stateful, psk_dhe_ke",
            Self::Tls13PskKe => "TLS 1.3 ticket, stateless, psk_ke",
            Self::Tls12SessionId => "TLS 1.2 session id",
            Self::Tls12Ticket => "TLS 1.2 ticket",
        }
    }
}

/// One pair's settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// The version both sides allow (and so negotiate).
    pub version: Version,
    /// The server's key type.
    pub key: KeyKind,
    /// The record protection.
    pub bulk: Bulk,
    /// Whether and how pairs resume.
    pub resumption: Resumption,
}

impl Scenario {
    /// A full handshake over AES-128-GCM.
    pub fn full(version: Version, key: KeyKind) -> Self {
        Self {
            version,
            key,
            bulk: Bulk::Aes128Gcm,
            resumption: Resumption::None,
        }
    }

    /// Resumed handshakes of `resumption` (ECDSA P-256, AES-128-GCM).
    pub fn resumed(resumption: Resumption) -> Self {
        let version = match resumption {
            Resumption::Tls12SessionId | Resumption::Tls12Ticket => Version::Tls12,
            _ => Version::Tls13,
        };
        Self {
            version,
            key: KeyKind::EcdsaP256,
            bulk: Bulk::Aes128Gcm,
            resumption,
        }
    }

    /// A pair that moves data over `bulk` (TLS 1.3, ECDSA P-256, no tickets).
    pub fn bulk(bulk: Bulk) -> Self {
        Self {
            version: Version::Tls13,
            key: KeyKind::EcdsaP256,
            bulk,
            resumption: Resumption::None,
        }
    }

    /// The ECDSA P-256 workload the profiling examples call `name`: `full13`, `full12`,
    /// `resume13`, `pskke`, `resume12`, `ticket12`, or (AES-128-GCM) `bulk-inplace` and
    /// `bulk-buffered`.
    pub fn named(name: &str) -> Option<Self> {
        Some(match name {
            "full13" => Self::full(Version::Tls13, KeyKind::EcdsaP256),
            "full12" => Self::full(Version::Tls12, KeyKind::EcdsaP256),
            "resume13" => Self::resumed(Resumption::Tls13Stateless),
            "pskke" => Self::resumed(Resumption::Tls13PskKe),
            "resume12" => Self::resumed(Resumption::Tls12SessionId),
            "ticket12" => Self::resumed(Resumption::Tls12Ticket),
            "bulk-inplace" | "bulk-buffered" => Self::bulk(Bulk::Aes128Gcm),
            _ => return None,
        })
    }
}
