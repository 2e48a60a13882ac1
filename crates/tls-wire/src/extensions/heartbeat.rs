//! `heartbeat` (RFC 6520 §2): whether a peer accepts HeartbeatRequest messages (ClientHello,
//! EncryptedExtensions, TLS 1.2 ServerHello). We never negotiate heartbeats; the codec keeps
//! the mode so the dissector shows it.

registry! {
    /// The body of `heartbeat` (RFC 6520 §2): one byte, kept as received.
    ///
    /// ```text
    /// enum {
    ///    peer_allowed_to_send(1),
    ///    peer_not_allowed_to_send(2),
    ///    (255)
    /// } HeartbeatMode;
    ///
    /// struct {
    ///    HeartbeatMode mode;
    /// } HeartbeatExtension;
    /// ```
    ///
    /// RFC 6520 §2 answers an unknown mode with `illegal_parameter`, which binds an endpoint
    /// that implements heartbeats; we do not, so an unknown mode decodes like any other value.
    pub struct HeartbeatMode(u8);
    PEER_ALLOWED_TO_SEND = 1 => "peer_allowed_to_send",
    PEER_NOT_ALLOWED_TO_SEND = 2 => "peer_not_allowed_to_send",
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DecodeErrorKind;
    use crate::extensions::test_support::*;
    use crate::extensions::{Extension, ExtensionContext};

    // No vector file holds a heartbeat extension; the bytes follow RFC 6520 §2.
    #[test]
    fn decodes_both_modes_where_they_may_appear() {
        for mode in [
            HeartbeatMode::PEER_ALLOWED_TO_SEND,
            HeartbeatMode::PEER_NOT_ALLOWED_TO_SEND,
        ] {
            let bytes = [0, 0x0f, 0, 1, mode.get()];
            for context in [
                ExtensionContext::ClientHello,
                ExtensionContext::EncryptedExtensions,
                ExtensionContext::ServerHello,
            ] {
                assert_eq!(round_trip(&bytes, context), Extension::Heartbeat(mode));
                assert_every_prefix_fails(&bytes, context);
            }
        }
        assert_eq!(
            HeartbeatMode::PEER_NOT_ALLOWED_TO_SEND.to_string(),
            "peer_not_allowed_to_send"
        );
    }

    #[test]
    fn keeps_an_unknown_mode() {
        assert_eq!(
            round_trip(&[0, 0x0f, 0, 1, 9], ExtensionContext::ClientHello),
            Extension::Heartbeat(HeartbeatMode::new(9))
        );
        assert_eq!(HeartbeatMode::new(9).to_string(), "unknown(0x09)");
    }

    #[test]
    fn rejects_heartbeat_with_more_than_its_mode() {
        let err = decode_one(&[0, 0x0f, 0, 2, 1, 1], ExtensionContext::ClientHello).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 1 });
        assert_eq!(err.what(), "heartbeat");
    }
}
