//! [`ConfigError`]: what we were given to configure a side cannot be used. There is no peer
//! yet, so these send no alert.

use core::fmt;

use tls_wire::ids::SignatureScheme;

use crate::config::SupportedVersion;

/// A configuration that cannot be used: a key, a certificate chain, the two together, or a
/// builder's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// A file a builder was given cannot be used: its path, and what was wrong with it.
    File {
        /// The file (or directory), as given.
        path: String,
        /// What was wrong.
        problem: FileProblem,
    },
    /// A private key we were given cannot be used.
    UnusablePrivateKey {
        /// The key's format (`"PKCS#8"`, `"SEC1"`, `"PKCS#1"`, `"PEM"`).
        format: &'static str,
        /// Why it cannot be used.
        reason: &'static str,
    },
    /// A certificate chain we were given holds no certificate.
    EmptyCertificateChain,
    /// A private key we were given is not the key of its end-entity certificate.
    CertificateKeyMismatch,
    /// A list the handshake cannot do without is empty (versions, cipher suites, groups,
    /// signature schemes).
    EmptyList {
        /// The list.
        list: &'static str,
    },
    /// A list holds the same entry twice.
    DuplicateInList {
        /// The list.
        list: &'static str,
    },
    /// A signature scheme our client cannot verify a server's signature with.
    UnverifiableSignatureScheme {
        /// The scheme.
        scheme: SignatureScheme,
    },
    /// An application protocol name (ALPN) is empty or longer than 255 bytes (RFC 7301 §3.1).
    InvalidApplicationProtocol {
        /// The name's length.
        len: usize,
    },
    /// The application protocols do not fit one ALPN extension (RFC 7301 §3.1: 2^16 - 1 bytes).
    TooManyApplicationProtocols,
    /// An enabled version has no enabled cipher suite, so it could never be negotiated.
    NoCipherSuiteForVersion {
        /// The version.
        version: SupportedVersion,
    },
    /// A record size limit outside 64 ..= 2^14 + 1 (RFC 8449 §4).
    InvalidRecordSizeLimit {
        /// The limit asked for.
        limit: u16,
    },
    /// A buffer limit is too small to hold what the connection must hold at once.
    BufferLimitTooSmall {
        /// The limit.
        limit: &'static str,
        /// The limit asked for.
        asked: usize,
        /// The smallest limit that works.
        min: usize,
    },
}

/// What was wrong with a file a builder was given.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileProblem {
    /// It could not be read (the operating system's words).
    Unreadable(String),
    /// It holds no certificate (no `CERTIFICATE` block that parses).
    NoCertificate,
    /// It holds no private key we can use (none, or of a type or form we do not support).
    NoUsableKey(Box<ConfigError>),
    /// Its private key is not the key of the chain's end-entity certificate.
    KeyDoesNotMatchCertificate,
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreadable(reason) => write!(f, "cannot be read: {reason}"),
            Self::NoCertificate => {
                f.write_str("holds no certificate (no CERTIFICATE block that parses)")
            }
            Self::NoUsableKey(why) => write!(f, "holds no usable private key: {why}"),
            Self::KeyDoesNotMatchCertificate => {
                f.write_str("its key is not the key of the chain's end-entity certificate")
            }
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File { path, problem } => write!(f, "{path}: {problem}"),
            Self::UnusablePrivateKey { format, reason } => {
                write!(f, "our {format} private key cannot be used: {reason}")
            }
            Self::EmptyCertificateChain => write!(f, "our certificate chain holds no certificate"),
            Self::CertificateKeyMismatch => write!(
                f,
                "our private key is not the key of our end-entity certificate"
            ),
            Self::EmptyList { list } => write!(f, "our configuration's {list} list is empty"),
            Self::DuplicateInList { list } => {
                write!(f, "our configuration's {list} list holds an entry twice")
            }
            Self::UnverifiableSignatureScheme { scheme } => write!(
                f,
                "our configuration offers signature scheme {scheme}, which we cannot verify"
            ),
            Self::InvalidApplicationProtocol { len } => write!(
                f,
                "our configuration lists an application protocol of {len} bytes (1 to 255 allowed)"
            ),
            Self::TooManyApplicationProtocols => write!(
                f,
                "our configuration's application protocols do not fit one ALPN extension"
            ),
            Self::NoCipherSuiteForVersion { version } => write!(
                f,
                "our configuration enables {version} but none of its cipher suites"
            ),
            Self::InvalidRecordSizeLimit { limit } => write!(
                f,
                "our configuration's record size limit of {limit} is outside 64 to 16385"
            ),
            Self::BufferLimitTooSmall { limit, asked, min } => write!(
                f,
                "our configuration's {limit} limit of {asked} bytes is below the {min} it needs"
            ),
        }
    }
}

impl core::error::Error for ConfigError {}
