//! The alert message, and the rule that an alert record holds exactly one.

use crate::codec::{Codec, IntoOwned, Reader, Writer};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::ids::{AlertDescription, AlertLevel, ContentType};

/// An alert (RFC 8446 §6, RFC 5246 §7.2).
///
/// ```text
/// enum { warning(1), fatal(2), (255) } AlertLevel;
///
/// struct {
///     AlertLevel level;
///     AlertDescription description;
/// } Alert;
/// ```
///
/// Unknown levels and descriptions are kept as received: what they mean (an unknown
/// description is an error alert, RFC 8446 §6) is the receiver's decision, not the codec's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Alert {
    /// `level`: warning or fatal. TLS 1.3 ignores it; TLS 1.2 acts on it.
    pub level: AlertLevel,
    /// `description`: which alert.
    pub description: AlertDescription,
}

impl Alert {
    /// The orderly end of one direction of the connection: warning, close_notify.
    pub const CLOSE_NOTIFY: Self = Self {
        level: AlertLevel::WARNING,
        description: AlertDescription::CLOSE_NOTIFY,
    };

    /// An alert of `level` saying `description`.
    pub const fn new(level: AlertLevel, description: AlertDescription) -> Self {
        Self { level, description }
    }

    /// A fatal alert saying `description`: the level every RFC 8446 §6.2 alert is sent with.
    pub const fn fatal(description: AlertDescription) -> Self {
        Self {
            level: AlertLevel::FATAL,
            description,
        }
    }

    /// Decodes the whole fragment of an alert record, which must be exactly one alert.
    ///
    /// An empty fragment is `EmptyRecord` (unexpected_message, RFC 8446 §5.4); one byte is
    /// `Truncated` and more than two `TrailingBytes` (both decode_error).
    pub fn decode_record(fragment: &[u8]) -> Result<Self, DecodeError> {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5.4
        //# Implementations
        //# MUST NOT send Handshake and Alert records that have a zero-length
        //# TLSInnerPlaintext.content; if such a message is received, the
        //# receiving implementation MUST terminate the connection with an
        //# "unexpected_message" alert.
        if fragment.is_empty() {
            return Err(DecodeError::new(
                DecodeErrorKind::EmptyRecord(ContentType::ALERT),
                "Alert",
                0,
            ));
        }
        //= https://www.rfc-editor.org/rfc/rfc8446#section-5.1
        //# Alert messages (Section 6) MUST NOT be fragmented across records, and
        //# multiple alert messages MUST NOT be coalesced into a single
        //# TLSPlaintext record.  In other words, a record with an Alert type
        //# MUST contain exactly one message.
        let mut r = Reader::new(fragment);
        let alert = Self::decode(&mut r)?;
        r.finish("Alert")?;
        Ok(alert)
    }
}

impl Codec<'_> for Alert {
    const FIXED_SIZE: Option<usize> = Some(2);

    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let level = AlertLevel::from(r.u8("Alert.level")?);
        let description = AlertDescription::from(r.u8("Alert.description")?);
        Ok(Self { level, description })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.put_u8(self.level.get());
        out.put_u8(self.description.get());
    }
}

impl IntoOwned for Alert {
    type Owned = Self;

    fn into_owned(self) -> Self {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// shared/spec/openssl-captures.json, every connection's close_notify (`plaintext_hex`
    /// `0100`, "warning close_notify").
    const CLOSE_NOTIFY: [u8; 2] = [0x01, 0x00];
    /// A fatal handshake_failure as OpenSSL sends it.
    const HANDSHAKE_FAILURE: [u8; 2] = [0x02, 0x28];

    #[test]
    fn real_alerts_decode_and_round_trip() {
        let alert = Alert::decode_record(&CLOSE_NOTIFY).unwrap();
        assert_eq!(alert, Alert::CLOSE_NOTIFY);
        assert_eq!(alert.level, AlertLevel::WARNING);
        assert_eq!(alert.description, AlertDescription::CLOSE_NOTIFY);
        assert_eq!(alert.to_vec(), CLOSE_NOTIFY);
        let alert = Alert::decode_record(&HANDSHAKE_FAILURE).unwrap();
        assert_eq!(alert, Alert::fatal(AlertDescription::HANDSHAKE_FAILURE));
        assert_eq!(alert.to_vec(), HANDSHAKE_FAILURE);
        assert_eq!(alert.into_owned().encoded_len(), 2);
    }

    #[test]
    fn unknown_levels_and_descriptions_survive() {
        let alert = Alert::decode_record(&[0x07, 0xfe]).unwrap();
        assert_eq!(
            alert,
            Alert::new(AlertLevel::from(7), AlertDescription::from(0xfe))
        );
        assert_eq!(alert.to_vec(), [0x07, 0xfe]);
    }

    #[test]
    fn rejects_alert_record_of_one_byte() {
        let err = Alert::decode_record(&[0x02]).unwrap_err();
        assert!(matches!(
            err.kind(),
            DecodeErrorKind::Truncated {
                needed: 1,
                available: 0
            }
        ));
        assert_eq!(err.what(), "Alert.description");
        assert_eq!(err.alert(), AlertDescription::DECODE_ERROR);
    }

    #[test]
    fn rejects_alert_record_of_three_bytes() {
        let err = Alert::decode_record(&[0x02, 0x28, 0x01]).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 1 });
        assert_eq!(err.offset(), 2);
        assert_eq!(err.alert(), AlertDescription::DECODE_ERROR);
        let err = Alert::decode_record(&[0x01, 0x00, 0x01, 0x00]).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 2 });
    }

    #[test]
    fn rejects_empty_alert_record() {
        let err = Alert::decode_record(&[]).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::EmptyRecord(ContentType::ALERT)
        );
        assert_eq!(err.alert(), AlertDescription::UNEXPECTED_MESSAGE);
    }
}
