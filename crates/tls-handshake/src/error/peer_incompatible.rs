//! [`PeerIncompatible`]: the peer kept to the RFC, but we have nothing in common with it.

use core::fmt;

use tls_wire::extensions::ExtensionContext;
use tls_wire::ids::{AlertDescription, ExtensionType};

use super::message_name;

/// What the peer lacks that we need: it kept to the RFC, but we have nothing in common.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PeerIncompatible {
    /// None of the peer's cipher suites is one we enable (RFC 8446 §4.1.1).
    NoCommonCipherSuite,
    /// None of the peer's groups is one we enable (RFC 8446 §4.1.1).
    NoCommonGroup,
    /// None of the peer's signature schemes fits our key (RFC 8446 §4.1.1, §4.4.3).
    NoCommonSignatureScheme,
    /// A message lacks an extension that the RFC makes mandatory for it (RFC 8446 §9.2,
    /// §4.2.3, §4.3.2), e.g. a TLS 1.3 ClientHello without `key_share`.
    MissingExtension {
        /// The missing extension.
        extension: ExtensionType,
        /// The message that lacks it.
        message: ExtensionContext,
    },
    /// The peer offers no protocol version we enable, or (a server) selected one we did not
    /// offer (RFC 8446 Appendix D).
    NoCommonVersion,
    /// None of the client's ALPN protocols is one we speak (RFC 7301 §3.2).
    NoCommonApplicationProtocol,
    /// The client's `server_name` names no server we have a certificate for (RFC 6066 §3).
    UnrecognizedServerName,
    /// The client sent no certificate, and our configuration requires one (RFC 8446
    /// §4.4.2.4).
    ClientCertificateRequired,
}

impl PeerIncompatible {
    /// The alert for this fault. Each arm names the section behind it; the check that finds
    /// the fault quotes the rule in full.
    pub fn alert(&self) -> AlertDescription {
        match self {
            // RFC 8446 §4.1.1: handshake_failure or insufficient_security; nothing is less
            // secure here, we simply share nothing.
            Self::NoCommonCipherSuite | Self::NoCommonGroup | Self::NoCommonSignatureScheme => {
                AlertDescription::HANDSHAKE_FAILURE
            }
            // RFC 8446 §9.2.
            Self::MissingExtension { .. } => AlertDescription::MISSING_EXTENSION,
            // RFC 8446 Appendix D.1, D.2.
            Self::NoCommonVersion => AlertDescription::PROTOCOL_VERSION,
            // RFC 7301 §3.2.
            Self::NoCommonApplicationProtocol => AlertDescription::NO_APPLICATION_PROTOCOL,
            // RFC 8446 §6.2, RFC 6066 §3.
            Self::UnrecognizedServerName => AlertDescription::UNRECOGNIZED_NAME,
            // RFC 8446 §4.4.2.4.
            Self::ClientCertificateRequired => AlertDescription::CERTIFICATE_REQUIRED,
        }
    }
}

impl fmt::Display for PeerIncompatible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoCommonCipherSuite => {
                write!(f, "peer offered no cipher suite that we enable")
            }
            Self::NoCommonGroup => write!(f, "peer offered no group that we enable"),
            Self::NoCommonSignatureScheme => {
                write!(f, "peer offered no signature scheme that fits our key")
            }
            Self::MissingExtension { extension, message } => write!(
                f,
                "peer sent its {} without the mandatory extension {extension}",
                message_name(*message)
            ),
            Self::NoCommonVersion => {
                write!(
                    f,
                    "peer offered or selected no protocol version that we enable"
                )
            }
            Self::NoCommonApplicationProtocol => {
                write!(f, "peer offered no application protocol that we speak")
            }
            Self::UnrecognizedServerName => {
                write!(f, "peer asked for a server name we have no certificate for")
            }
            Self::ClientCertificateRequired => {
                write!(f, "peer sent no client certificate, and we require one")
            }
        }
    }
}

impl core::error::Error for PeerIncompatible {}
