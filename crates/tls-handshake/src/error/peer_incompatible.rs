//! [`PeerIncompatible`]: the peer kept to the RFC, but we have nothing in common with it.

use core::fmt;

use tls_wire::extensions::ExtensionContext;
use tls_wire::ids::{AlertDescription, ExtensionType, ProtocolVersion};

use super::{RefusedSuites, message_name};

/// What the peer lacks that we need: it kept to the RFC, but we have nothing in common.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PeerIncompatible {
    /// None of the peer's cipher suites is one we enable (RFC 8446 §4.1.1).
    NoCommonCipherSuite,
    /// None of the client's cipher suites is one we enable, and among them are kinds we refuse
    /// outright (RSA key exchange, CBC, …): named, so the cause is plain.
    OnlyRefusedCipherSuites {
        /// The refused kinds the client offered.
        refused: RefusedSuites,
    },
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
    /// The highest version the peer offers (or, a server, the version it selected) is SSL 3.0,
    /// TLS 1.0 or TLS 1.1, which we refuse (RFC 8996).
    ObsoleteVersion {
        /// That version.
        version: ProtocolVersion,
    },
    /// The client signalled `TLS_FALLBACK_SCSV`, a retry at a lower version, while we support
    /// a higher version than its highest (RFC 7507 §3): an attacker may have broken its first
    /// attempt.
    InappropriateFallback {
        /// The client's highest version.
        highest: ProtocolVersion,
    },
    /// None of the client's ALPN protocols is one we speak (RFC 7301 §3.2).
    NoCommonApplicationProtocol,
    /// The client's `server_name` names no server we have a certificate for (RFC 6066 §3).
    UnrecognizedServerName,
    /// The TLS 1.2 peer does not agree on the extended master secret, which our configuration
    /// requires (RFC 7627 §5.2, §5.3).
    ExtendedMasterSecretRequired,
    /// The client sent no certificate, and our configuration requires one (RFC 8446
    /// §4.4.2.4).
    ClientCertificateRequired,
    /// A TLS 1.2 client sent no certificate, and our configuration requires one (RFC 5246
    /// §7.4.6: handshake_failure, TLS 1.2 has no certificate_required).
    ClientCertificateRequiredTls12,
}

impl PeerIncompatible {
    /// The alert for this fault. Each arm names the section behind it; the check that finds
    /// the fault quotes the rule in full.
    pub fn alert(&self) -> AlertDescription {
        match self {
            // RFC 8446 §4.1.1: handshake_failure or insufficient_security; nothing is less
            // secure here, we simply share nothing.
            Self::NoCommonCipherSuite
            | Self::OnlyRefusedCipherSuites { .. }
            | Self::NoCommonGroup
            | Self::NoCommonSignatureScheme => AlertDescription::HANDSHAKE_FAILURE,
            // RFC 8446 §9.2.
            Self::MissingExtension { .. } => AlertDescription::MISSING_EXTENSION,
            // RFC 8446 Appendix D.1, D.2.
            Self::NoCommonVersion => AlertDescription::PROTOCOL_VERSION,
            // RFC 8996 §5: TLS 1.0 and 1.1 negotiation fails as any unsupported version does.
            Self::ObsoleteVersion { .. } => AlertDescription::PROTOCOL_VERSION,
            // RFC 7507 §3.
            Self::InappropriateFallback { .. } => AlertDescription::INAPPROPRIATE_FALLBACK,
            // RFC 7301 §3.2.
            Self::NoCommonApplicationProtocol => AlertDescription::NO_APPLICATION_PROTOCOL,
            // RFC 8446 §6.2, RFC 6066 §3.
            Self::UnrecognizedServerName => AlertDescription::UNRECOGNIZED_NAME,
            // RFC 8446 §4.4.2.4.
            Self::ClientCertificateRequired => AlertDescription::CERTIFICATE_REQUIRED,
            // RFC 7627 §5.2.
            Self::ExtendedMasterSecretRequired => AlertDescription::HANDSHAKE_FAILURE,
            // RFC 5246 §7.4.6.
            Self::ClientCertificateRequiredTls12 => AlertDescription::HANDSHAKE_FAILURE,
        }
    }
}

impl fmt::Display for PeerIncompatible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoCommonCipherSuite => {
                write!(f, "peer offered no cipher suite that we enable")
            }
            Self::OnlyRefusedCipherSuites { refused } => write!(
                f,
                "peer offered no cipher suite that we enable; it offered {refused}, \
                 which we refuse (ECDHE with an AEAD only)"
            ),
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
            Self::ObsoleteVersion { version } => write!(
                f,
                "peer speaks {version} at most, which we refuse: TLS 1.2 and 1.3 only"
            ),
            Self::InappropriateFallback { highest } => write!(
                f,
                "peer fell back to {highest} (TLS_FALLBACK_SCSV) though we support a higher version"
            ),
            Self::NoCommonApplicationProtocol => {
                write!(f, "peer offered no application protocol that we speak")
            }
            Self::UnrecognizedServerName => {
                write!(f, "peer asked for a server name we have no certificate for")
            }
            Self::ClientCertificateRequired | Self::ClientCertificateRequiredTls12 => {
                write!(f, "peer sent no client certificate, and we require one")
            }
            Self::ExtendedMasterSecretRequired => write!(
                f,
                "peer does not agree on the extended master secret, and we require it"
            ),
        }
    }
}

impl core::error::Error for PeerIncompatible {}
