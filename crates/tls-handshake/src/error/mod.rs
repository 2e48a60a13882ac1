//! The crate's one error type, [`HandshakeError`], and the alert each error sends.
//!
//! Errors are grouped by who is at fault (HOUSE-STYLE §6), each group in its own file with its
//! alert mapping and `Display`:
//!
//! ```text
//! HandshakeError ─┬─ UnexpectedMessage      a message the state does not accept   unexpected_message
//!                 ├─ PeerMisbehaved(..)     the peer broke a rule of the RFC       peer_misbehaved.rs
//!                 ├─ PeerIncompatible(..)   within the rules, nothing in common    peer_incompatible.rs
//!                 ├─ Certificate(..)        tls-pki refused the peer's chain       by CertificateFault
//!                 ├─ Local(..)              our side failed mid-handshake          local.rs (internal_error)
//!                 └─ Config(..)             what we were configured with is bad    config.rs (no alert)
//! ```
//!
//! Decoding and received alerts are not here: the facade (`tls::Error`) sees them first.
//!
//! Errors are at least as specific as alerts: many variants share an alert, none maps to two.
//! Where the RFC asks for different alerts in different situations, each situation is its own
//! variant. Every mapping is an exhaustive `match` with no `_` arm, so a new variant does not
//! compile until someone chooses its alert. The mapping names the section; the check that
//! finds the fault quotes the rule in full.

mod config;
mod export;
mod local;
mod peer_incompatible;
mod peer_misbehaved;
mod refused_suites;
#[cfg(test)]
mod tests;

pub use config::{ConfigError, FileProblem};
pub use export::ExportError;
pub use local::LocalError;
pub use peer_incompatible::PeerIncompatible;
pub use peer_misbehaved::PeerMisbehaved;
pub use refused_suites::RefusedSuites;

use core::fmt;

use tls_pki::{CertificateFault, Rejection};
use tls_wire::DecodeError;
use tls_wire::extensions::ExtensionContext;
use tls_wire::ids::{AlertDescription, HandshakeType};

/// Why a handshake failed. [`HandshakeError::alert`] names the alert to send, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum HandshakeError {
    /// A handshake message arrived that the current state does not accept.
    UnexpectedMessage {
        /// What the state was waiting for (the state's description, e.g. `"ServerHello"`).
        expected: &'static str,
        /// The type of the message that arrived.
        got: HandshakeType,
    },
    /// The peer broke a rule of the RFC.
    PeerMisbehaved(PeerMisbehaved),
    /// The peer kept to the RFC, but we have nothing in common with it.
    PeerIncompatible(PeerIncompatible),
    /// The peer's certificate chain was refused.
    Certificate(Rejection),
    /// An extension the handshake reads did not decode (RFC 8446 §6: a message that cannot be
    /// parsed is a `decode_error`; the codec names the alert). Extensions it does not read are
    /// never decoded, so they cannot fail it.
    Decode(DecodeError),
    /// Something failed on our side during the handshake.
    Local(LocalError),
    /// What we were configured with cannot be used.
    Config(ConfigError),
    /// The application asked to export keying material that cannot be exported.
    Export(ExportError),
}

impl HandshakeError {
    /// The alert to send for this error, or `None` for configuration errors, which happen
    /// before there is a peer, and exporter refusals, which end nothing.
    pub fn alert(&self) -> Option<AlertDescription> {
        match self {
            // RFC 8446 §6.2 unexpected_message.
            Self::UnexpectedMessage { .. } => Some(AlertDescription::UNEXPECTED_MESSAGE),
            Self::PeerMisbehaved(error) => Some(error.alert()),
            Self::PeerIncompatible(error) => Some(error.alert()),
            Self::Certificate(rejection) => Some(certificate_alert(rejection.error.class())),
            Self::Decode(error) => Some(error.alert()),
            Self::Local(error) => Some(error.alert()),
            Self::Config(_) | Self::Export(_) => None,
        }
    }
}

/// The RFC 8446 §6.2 alert for a certificate fault class: one alert per class.
pub fn certificate_alert(fault: CertificateFault) -> AlertDescription {
    match fault {
        CertificateFault::BadCertificate => AlertDescription::BAD_CERTIFICATE,
        CertificateFault::UnsupportedCertificate => AlertDescription::UNSUPPORTED_CERTIFICATE,
        CertificateFault::CertificateRevoked => AlertDescription::CERTIFICATE_REVOKED,
        CertificateFault::CertificateExpired => AlertDescription::CERTIFICATE_EXPIRED,
        CertificateFault::CertificateUnknown => AlertDescription::CERTIFICATE_UNKNOWN,
        CertificateFault::UnknownCa => AlertDescription::UNKNOWN_CA,
        CertificateFault::AccessDenied => AlertDescription::ACCESS_DENIED,
    }
}

/// The message names the RFC 8446 §4.2 table uses, for messages.
fn message_name(context: ExtensionContext) -> &'static str {
    match context {
        ExtensionContext::ClientHello => "ClientHello",
        ExtensionContext::ServerHello => "ServerHello",
        ExtensionContext::HelloRetryRequest => "HelloRetryRequest",
        ExtensionContext::EncryptedExtensions => "EncryptedExtensions",
        ExtensionContext::Certificate => "Certificate entry",
        ExtensionContext::CertificateRequest => "CertificateRequest",
        ExtensionContext::NewSessionTicket => "NewSessionTicket",
    }
}

impl fmt::Display for HandshakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnexpectedMessage { expected, got } => {
                write!(f, "peer sent {got} while we expected {expected}")
            }
            Self::PeerMisbehaved(error) => error.fmt(f),
            Self::PeerIncompatible(error) => error.fmt(f),
            Self::Certificate(rejection) => write!(f, "peer's certificate refused: {rejection}"),
            Self::Decode(error) => write!(f, "peer sent a malformed extension: {error}"),
            Self::Local(error) => error.fmt(f),
            Self::Config(error) => error.fmt(f),
            Self::Export(error) => error.fmt(f),
        }
    }
}

impl core::error::Error for HandshakeError {}

impl From<PeerMisbehaved> for HandshakeError {
    fn from(error: PeerMisbehaved) -> Self {
        Self::PeerMisbehaved(error)
    }
}

impl From<PeerIncompatible> for HandshakeError {
    fn from(error: PeerIncompatible) -> Self {
        Self::PeerIncompatible(error)
    }
}

impl From<Rejection> for HandshakeError {
    fn from(rejection: Rejection) -> Self {
        Self::Certificate(rejection)
    }
}

impl From<DecodeError> for HandshakeError {
    fn from(error: DecodeError) -> Self {
        Self::Decode(error)
    }
}

impl From<LocalError> for HandshakeError {
    fn from(error: LocalError) -> Self {
        Self::Local(error)
    }
}

impl From<ExportError> for HandshakeError {
    fn from(error: ExportError) -> Self {
        Self::Export(error)
    }
}

impl From<ConfigError> for HandshakeError {
    fn from(error: ConfigError) -> Self {
        Self::Config(error)
    }
}
