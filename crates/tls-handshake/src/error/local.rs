//! [`LocalError`]: something failed on our side during a handshake, nothing the peer did.

use core::fmt;

use tls_wire::ids::{AlertDescription, HandshakeType, NamedGroup, SignatureScheme};

/// A failure on our side in the middle of a handshake: nothing the peer did.
///
/// Each sends `internal_error`, so the peer, which is waiting for our next message, learns that
/// none will come. Failures while configuring, before there is a peer, are
/// [`ConfigError`](super::ConfigError)s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LocalError {
    /// The random number generator failed.
    RandomFailed,
    /// Signing failed in the crypto library.
    SigningFailed,
    /// We were asked to sign with a scheme our key cannot produce.
    SignatureSchemeNotForKey {
        /// The scheme asked for.
        scheme: SignatureScheme,
    },
    /// We were asked to generate a key share for a group we do not implement.
    UnsupportedGroup {
        /// The group asked for.
        group: NamedGroup,
    },
    /// The crypto library could not compute the public key of a key share it generated.
    KeyGenerationFailed {
        /// The share's group.
        group: NamedGroup,
    },
    /// The driver fed an answer the machine did not ask for, or asked the in-process default
    /// to answer a request the machine did not make: a bug in the driver.
    UnrequestedAnswer {
        /// What the machine was waiting for (its state's description).
        expected: &'static str,
    },
    /// One of our own messages does not fit its wire bounds (a certificate chain near 2^24
    /// bytes, an empty certificate).
    UnencodableMessage {
        /// The message's type.
        message: HandshakeType,
    },
    /// A KeyUpdate was asked of a machine that cannot send one: the handshake is not complete
    /// (KeyUpdate exists in TLS 1.3 only, once it is).
    KeyUpdateUnavailable,
    /// The raw handshake messages a TLS 1.2 CertificateVerify signs were not kept (or
    /// outgrew their bound), so it can be neither made nor checked.
    HandshakeMessagesUnavailable,
}

impl LocalError {
    /// `internal_error`, for every local failure (RFC 8446 §6.2).
    pub fn alert(&self) -> AlertDescription {
        match self {
            // RFC 8446 §6.2 internal_error.
            Self::RandomFailed
            | Self::SigningFailed
            | Self::SignatureSchemeNotForKey { .. }
            | Self::UnsupportedGroup { .. }
            | Self::KeyGenerationFailed { .. }
            | Self::UnrequestedAnswer { .. }
            | Self::UnencodableMessage { .. }
            | Self::KeyUpdateUnavailable
            | Self::HandshakeMessagesUnavailable => AlertDescription::INTERNAL_ERROR,
        }
    }
}

impl fmt::Display for LocalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::RandomFailed => write!(f, "our random number generator failed"),
            Self::SigningFailed => write!(f, "our signing operation failed"),
            Self::SignatureSchemeNotForKey { scheme } => {
                write!(f, "our private key cannot sign with scheme {scheme}")
            }
            Self::UnsupportedGroup { group } => {
                write!(f, "we do not implement key exchange group {group}")
            }
            Self::KeyGenerationFailed { group } => {
                write!(
                    f,
                    "we could not compute the public key of our {group} key share"
                )
            }
            Self::UnrequestedAnswer { expected } => write!(
                f,
                "our driver gave an answer we did not ask for while we wait for {expected}"
            ),
            Self::UnencodableMessage { message } => {
                write!(f, "our {message} message does not fit its wire bounds")
            }
            Self::KeyUpdateUnavailable => write!(
                f,
                "a key update needs a completed TLS 1.3 handshake, and this one is not"
            ),
            Self::HandshakeMessagesUnavailable => write!(
                f,
                "the handshake messages a TLS 1.2 CertificateVerify signs were not kept"
            ),
        }
    }
}

impl core::error::Error for LocalError {}
