//! [`ConfigError`]: what we were given to configure a side cannot be used. There is no peer
//! yet, so these send no alert.

use core::fmt;

/// A configuration that cannot be used: a key, a certificate chain, or the two together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
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
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnusablePrivateKey { format, reason } => {
                write!(f, "our {format} private key cannot be used: {reason}")
            }
            Self::EmptyCertificateChain => write!(f, "our certificate chain holds no certificate"),
            Self::CertificateKeyMismatch => write!(
                f,
                "our private key is not the key of our end-entity certificate"
            ),
        }
    }
}

impl core::error::Error for ConfigError {}
