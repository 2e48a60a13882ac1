//! The crate's one error, [`Error`], and the alert each error sends.
//!
//! Errors are grouped as in the layers below (HOUSE-STYLE §6): the handshake's own
//! ([`Error::Handshake`]), a record that did not decode ([`Error::Decode`]) or did not open
//! ([`Error::Record`]), a record the record layer refuses in the state it is in, an alert
//! the peer sent, and local conditions that send nothing. [`Error::alert`] is one exhaustive
//! `match`; the connection sends that alert from one place (`maybe_send_fatal_alert`).

use core::fmt;
use std::io;

use tls_handshake::action::Level;
use tls_handshake::error::HandshakeError;
use tls_wire::DecodeError;
use tls_wire::ids::{AlertDescription, ContentType};

/// Why a connection failed, or why a call could not do anything yet.
///
/// [`Error::alert`] names the alert we send for it, if any. Every variant except
/// [`Error::WouldBlock`], [`Error::WriteAfterClose`], [`Error::WriteKeyLimitReached`],
/// [`Error::KeyUpdateUnavailable`] and the misplaced answers ([`Error::NoRequestAwaited`],
/// [`Error::WrongRequest`], [`Error::AnswerDoesNotFit`]) is fatal: the connection returns it from then on.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The handshake failed (the peer's fault, or ours).
    Handshake(HandshakeError),
    /// A record from the peer did not decode: garbage, an SSLv2 hello, an oversized record,
    /// a malformed alert or change_cipher_spec, a handshake message cut across a key change.
    Decode(DecodeError),
    /// A protected record did not open (bad_record_mac, record_overflow, a bad inner
    /// plaintext), or we could not seal one (local).
    Record(tls_keyschedule::Error),
    /// The peer sent an unprotected record of this type after its keys were in use.
    UnprotectedRecordAfterKeyChange(ContentType),
    /// The peer sent application data before the handshake gave it application keys.
    ApplicationDataBeforeHandshakeComplete,
    /// The peer sent a change_cipher_spec record protected under its keys (RFC 8446 §5). One
    /// outside the handshake, or one too many, is the handshake's to refuse.
    ProtectedChangeCipherSpec,
    /// The peer sent more zero-length application_data records in a row than
    /// [`MAX_CONSECUTIVE_EMPTY_APPLICATION_DATA`](crate::connection::MAX_CONSECUTIVE_EMPTY_APPLICATION_DATA).
    TooManyEmptyApplicationData,
    /// The peer sent more warning alerts in a row than
    /// [`MAX_CONSECUTIVE_WARNING_ALERTS`](crate::connection::MAX_CONSECUTIVE_WARNING_ALERTS).
    TooManyWarningAlerts,
    /// The client sent more early data than max_early_data_size (RFC 8446 §4.2.10), accepted
    /// or skipped.
    TooMuchEarlyData,
    /// Early data cannot be written: none is allowed (no ticket allowing it, or the config
    /// does not send it), the allowance is used up, the server rejected it, or the
    /// handshake moved past it. Not fatal.
    EarlyDataUnavailable,
    /// The peer sent more KeyUpdates without application data between them than
    /// [`MAX_KEY_UPDATES_WITHOUT_DATA`](crate::connection::MAX_KEY_UPDATES_WITHOUT_DATA).
    TooManyKeyUpdates,
    /// A key update was asked for where there is none: before the handshake completed, or in
    /// TLS 1.2. Not fatal.
    KeyUpdateUnavailable,
    /// The peer sent an alert: a fatal one, or close_notify before the handshake completed.
    AlertReceived(AlertDescription),
    /// No application data is buffered yet: receive more bytes from the peer. Not fatal.
    WouldBlock,
    /// We sent close_notify already; nothing more can be written. Not fatal.
    WriteAfterClose,
    /// Our write key sealed all the records its AEAD allows but the last, which carried our
    /// close_notify (RFC 8446 §5.5): nothing more can be written, reading goes on. Not fatal.
    WriteKeyLimitReached,
    /// The handshake asked to send a message at an epoch whose write key is not the one
    /// installed: a bug on our side, refused rather than sent under the wrong key.
    SendAtWrongLevel {
        /// The epoch the message was meant for.
        level: Level,
        /// The epoch of the write key installed.
        installed: Level,
    },
    /// [`Connection::answer`](crate::Connection::answer) with no request awaited (answered
    /// already, or none made). Not fatal.
    NoRequestAwaited,
    /// [`Connection::answer`](crate::Connection::answer) named another request than the one
    /// awaited. Not fatal.
    WrongRequest,
    /// [`Connection::answer`](crate::Connection::answer) with an answer of another kind than
    /// the request awaited. Not fatal.
    AnswerDoesNotFit {
        /// The request awaited.
        request: &'static str,
    },
    /// The socket failed or closed (the streams); nothing is sent for it.
    Io {
        /// What kind of failure.
        kind: io::ErrorKind,
        /// The operating system's words for it.
        message: String,
    },
}

impl Error {
    /// The alert to send for this error, or `None` when none is sent: for an alert the peer
    /// sent, and for local conditions.
    pub fn alert(&self) -> Option<AlertDescription> {
        match self {
            Self::Handshake(error) => error.alert(),
            Self::Decode(error) => Some(error.alert()),
            Self::Record(error) => error.alert(),
            //= https://www.rfc-editor.org/rfc/rfc8446#section-5
            //# If a TLS
            //# implementation receives an unexpected record type, it MUST terminate
            //# the connection with an "unexpected_message" alert.
            Self::UnprotectedRecordAfterKeyChange(_) => Some(AlertDescription::UNEXPECTED_MESSAGE),
            //= https://www.rfc-editor.org/rfc/rfc8446#section-6.2
            //# unexpected_message:  An inappropriate message (e.g., the wrong
            //#    handshake message, premature Application Data, etc.) was received.
            Self::ApplicationDataBeforeHandshakeComplete => {
                Some(AlertDescription::UNEXPECTED_MESSAGE)
            }
            //= https://www.rfc-editor.org/rfc/rfc8446#section-5
            //# An
            //# implementation which receives any other change_cipher_spec value or
            //# which receives a protected change_cipher_spec record MUST abort the
            //# handshake with an "unexpected_message" alert.
            Self::ProtectedChangeCipherSpec => Some(AlertDescription::UNEXPECTED_MESSAGE),
            // Records that each are allowed, in a number that is not: an inappropriate message.
            Self::TooManyEmptyApplicationData
            | Self::TooManyWarningAlerts
            | Self::TooManyKeyUpdates => Some(AlertDescription::UNEXPECTED_MESSAGE),
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.6.1
            //# A server receiving more than
            //# max_early_data_size bytes of 0-RTT data SHOULD terminate the
            //# connection with an "unexpected_message" alert.
            Self::TooMuchEarlyData => Some(AlertDescription::UNEXPECTED_MESSAGE),
            //= https://www.rfc-editor.org/rfc/rfc8446#section-6.2
            //# internal_error:  An internal error unrelated to the peer or the
            //#    correctness of the protocol (such as a memory allocation failure)
            //#    makes it impossible to continue.
            Self::SendAtWrongLevel { .. } => Some(AlertDescription::INTERNAL_ERROR),
            // The peer closed the connection with its alert: answering it is pointless.
            Self::AlertReceived(_) => None,
            Self::WouldBlock
            | Self::WriteAfterClose
            | Self::WriteKeyLimitReached
            | Self::KeyUpdateUnavailable
            | Self::EarlyDataUnavailable
            | Self::NoRequestAwaited
            | Self::WrongRequest
            | Self::AnswerDoesNotFit { .. }
            | Self::Io { .. } => None,
        }
    }

    /// Whether the connection is over after this error (everything but
    /// [`Error::WouldBlock`], [`Error::WriteAfterClose`], [`Error::WriteKeyLimitReached`] and
    /// [`Error::KeyUpdateUnavailable`], which leave the connection as it was).
    pub fn is_fatal(&self) -> bool {
        !matches!(
            self,
            Self::WouldBlock
                | Self::WriteAfterClose
                | Self::WriteKeyLimitReached
                | Self::KeyUpdateUnavailable
                | Self::EarlyDataUnavailable
                | Self::NoRequestAwaited
                | Self::WrongRequest
                | Self::AnswerDoesNotFit { .. }
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Handshake(error) => write!(f, "handshake failed: {error}"),
            Self::Decode(error) => write!(f, "peer sent a malformed record: {error}"),
            Self::Record(error) => write!(f, "record protection failed: {error}"),
            Self::UnprotectedRecordAfterKeyChange(typ) => write!(
                f,
                "peer sent an unprotected {typ:?} record after switching to encrypted records"
            ),
            Self::ApplicationDataBeforeHandshakeComplete => {
                f.write_str("peer sent application data before the handshake completed")
            }
            Self::ProtectedChangeCipherSpec => {
                f.write_str("peer sent a protected change_cipher_spec record")
            }
            Self::TooManyEmptyApplicationData => write!(
                f,
                "peer sent more than {} zero-length application_data records in a row",
                crate::connection::MAX_CONSECUTIVE_EMPTY_APPLICATION_DATA
            ),
            Self::TooManyWarningAlerts => write!(
                f,
                "peer sent more than {} warning alerts in a row",
                crate::connection::MAX_CONSECUTIVE_WARNING_ALERTS
            ),
            Self::TooManyKeyUpdates => write!(
                f,
                "peer sent more than {} KeyUpdates without application data between them",
                crate::connection::MAX_KEY_UPDATES_WITHOUT_DATA
            ),
            Self::TooMuchEarlyData => {
                f.write_str("peer sent more early data than max_early_data_size")
            }
            Self::EarlyDataUnavailable => f.write_str(
                "no early data can be sent: none allowed, allowance used up, rejected, or too late",
            ),
            Self::KeyUpdateUnavailable => f.write_str(
                "a key update needs a completed TLS 1.3 handshake and an open write side",
            ),
            Self::SendAtWrongLevel { level, installed } => write!(
                f,
                "we were about to send a {level:?}-level handshake message under the {installed:?} write key"
            ),
            Self::AlertReceived(alert) => write!(f, "peer sent alert {alert:?}"),
            Self::WouldBlock => f.write_str("no application data received yet"),
            Self::WriteAfterClose => f.write_str("we sent close_notify: no more data can be sent"),
            Self::WriteKeyLimitReached => f.write_str(
                "our write key reached its AEAD record limit: we sent close_notify and can send no more data",
            ),
            Self::NoRequestAwaited => f.write_str("no request awaits an answer"),
            Self::WrongRequest => f.write_str("the answer names another request than the one awaited"),
            Self::AnswerDoesNotFit { request } => {
                write!(f, "the answer is not one to the {request} request awaited")
            }
            Self::Io { message, .. } => write!(f, "i/o error: {message}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<HandshakeError> for Error {
    fn from(error: HandshakeError) -> Self {
        Self::Handshake(error)
    }
}

impl From<DecodeError> for Error {
    fn from(error: DecodeError) -> Self {
        Self::Decode(error)
    }
}

impl From<tls_keyschedule::Error> for Error {
    fn from(error: tls_keyschedule::Error) -> Self {
        Self::Record(error)
    }
}

impl From<io::Error> for Error {
    fn from(error: io::Error) -> Self {
        Self::Io {
            kind: error.kind(),
            message: error.to_string(),
        }
    }
}

impl From<Error> for io::Error {
    fn from(error: Error) -> Self {
        match error {
            Error::Io { kind, message } => Self::new(kind, message),
            Error::WouldBlock => Self::from(io::ErrorKind::WouldBlock),
            other => Self::new(io::ErrorKind::InvalidData, other),
        }
    }
}

#[cfg(test)]
mod tests {
    use tls_wire::DecodeErrorKind;

    use super::*;

    /// Every variant with its alert (RFC 8446 §5, §6.2), one row each.
    #[test]
    fn every_error_maps_to_its_alert() {
        let table: [(Error, Option<AlertDescription>); 21] = [
            (
                Error::Handshake(HandshakeError::from(
                    tls_handshake::error::PeerMisbehaved::BadFinished,
                )),
                Some(AlertDescription::DECRYPT_ERROR),
            ),
            (
                Error::Decode(DecodeError::new(
                    DecodeErrorKind::UnknownContentType(ContentType::from(0x80)),
                    "TLSPlaintext.type",
                    0,
                )),
                Some(AlertDescription::UNEXPECTED_MESSAGE),
            ),
            (
                Error::Record(tls_keyschedule::Error::BadRecordMac),
                Some(AlertDescription::BAD_RECORD_MAC),
            ),
            (
                Error::UnprotectedRecordAfterKeyChange(ContentType::HANDSHAKE),
                Some(AlertDescription::UNEXPECTED_MESSAGE),
            ),
            (
                Error::ApplicationDataBeforeHandshakeComplete,
                Some(AlertDescription::UNEXPECTED_MESSAGE),
            ),
            (
                Error::ProtectedChangeCipherSpec,
                Some(AlertDescription::UNEXPECTED_MESSAGE),
            ),
            (
                Error::TooManyEmptyApplicationData,
                Some(AlertDescription::UNEXPECTED_MESSAGE),
            ),
            (
                Error::TooManyWarningAlerts,
                Some(AlertDescription::UNEXPECTED_MESSAGE),
            ),
            (
                Error::TooManyKeyUpdates,
                Some(AlertDescription::UNEXPECTED_MESSAGE),
            ),
            (
                Error::SendAtWrongLevel {
                    level: Level::Handshake,
                    installed: Level::Initial,
                },
                Some(AlertDescription::INTERNAL_ERROR),
            ),
            (
                Error::AlertReceived(AlertDescription::HANDSHAKE_FAILURE),
                None,
            ),
            (Error::WouldBlock, None),
            (Error::WriteAfterClose, None),
            (Error::WriteKeyLimitReached, None),
            (Error::KeyUpdateUnavailable, None),
            (Error::NoRequestAwaited, None),
            (
                Error::TooMuchEarlyData,
                Some(AlertDescription::UNEXPECTED_MESSAGE),
            ),
            (Error::EarlyDataUnavailable, None),
            (Error::WrongRequest, None),
            (Error::AnswerDoesNotFit { request: "Sign" }, None),
            (io::Error::from(io::ErrorKind::UnexpectedEof).into(), None),
        ];
        for (error, alert) in table {
            assert_eq!(error.alert(), alert, "{error}");
        }
    }

    #[test]
    fn only_would_block_closed_writes_and_unavailable_updates_are_not_fatal() {
        assert!(!Error::WouldBlock.is_fatal());
        assert!(!Error::WriteAfterClose.is_fatal());
        assert!(!Error::WriteKeyLimitReached.is_fatal());
        assert!(!Error::KeyUpdateUnavailable.is_fatal());
        assert!(!Error::NoRequestAwaited.is_fatal());
        assert!(!Error::EarlyDataUnavailable.is_fatal());
        assert!(!Error::WrongRequest.is_fatal());
        assert!(!Error::AnswerDoesNotFit { request: "Sign" }.is_fatal());
        assert!(Error::ProtectedChangeCipherSpec.is_fatal());
        assert!(Error::TooManyKeyUpdates.is_fatal());
    }

    #[test]
    fn io_errors_keep_their_kind_both_ways() {
        let error = Error::from(io::Error::from(io::ErrorKind::ConnectionReset));
        assert_eq!(
            io::Error::from(error).kind(),
            io::ErrorKind::ConnectionReset
        );
        assert_eq!(
            io::Error::from(Error::WouldBlock).kind(),
            io::ErrorKind::WouldBlock
        );
    }

    #[test]
    fn display_is_lower_case() {
        let message = Error::UnprotectedRecordAfterKeyChange(ContentType::HANDSHAKE).to_string();
        assert!(message.starts_with("peer sent an unprotected"), "{message}");
    }
}
