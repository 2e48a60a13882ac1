//! [`ExportError`]: an exporter request (RFC 5705, RFC 8446 §7.5) that cannot be met. It is
//! the application's request, not the peer's doing: no alert, the connection goes on.

use core::fmt;

/// Why keying material could not be exported.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExportError {
    /// The handshake is not complete: there is no secret to export from yet.
    HandshakeIncomplete,
    /// A TLS 1.2 session without the extended master secret: its master secret may be shared
    /// with another session (the triple handshake, RFC 7627 §1), so what it exports does not
    /// bind this connection, and we export nothing.
    NoExtendedMasterSecret,
    /// A replayed trace set the traffic secrets without the key schedule behind them.
    NoExporterSecret,
    /// No early exporter: the client offered no early data, or the server accepted none.
    NoEarlyData,
    /// The key schedule refused the request: a label reserved by the PRF or out of bounds, a
    /// context or output longer than its length field allows.
    Refused(tls_keyschedule::Error),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::HandshakeIncomplete => {
                write!(f, "no keying material before the handshake is complete")
            }
            Self::NoExtendedMasterSecret => write!(
                f,
                "no keying material from a TLS 1.2 session without the extended master secret"
            ),
            Self::NoEarlyData => write!(
                f,
                "no early exporter: no early data was offered (client) or accepted (server)"
            ),
            Self::NoExporterSecret => {
                write!(f, "no exporter secret: the traffic secrets were replayed")
            }
            Self::Refused(error) => write!(f, "exporter request refused: {error}"),
        }
    }
}

impl core::error::Error for ExportError {}
