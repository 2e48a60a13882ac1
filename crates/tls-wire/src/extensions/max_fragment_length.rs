//! `max_fragment_length` (RFC 6066 §4): a smaller maximum plaintext fragment that a client asks
//! for and a server echoes (ClientHello, EncryptedExtensions, TLS 1.2 ServerHello).

registry! {
    /// The body of `max_fragment_length` (RFC 6066 §4): one byte naming the largest plaintext
    /// fragment the client asks for, or the server's echo of it.
    ///
    /// ```text
    /// enum{
    ///     2^9(1), 2^10(2), 2^11(3), 2^12(4), (255)
    /// } MaxFragmentLength;
    /// ```
    ///
    /// Every byte decodes, and [`fragment_len`](Self::fragment_len) is `None` for the ones the
    /// RFC does not allow. The codec does not refuse them: "If a server receives a maximum
    /// fragment length negotiation request for a value other than the allowed values, it MUST
    /// abort the handshake with an "illegal_parameter" alert" binds a server that negotiates
    /// the extension; one that does not ignores it like any extension it does not implement
    /// (RFC 8446 §4.1.2: "Servers MUST ignore unrecognized extensions."), and the client's
    /// check, that the echo equals its request, needs the request anyway. So the handshake
    /// refuses a value outside 1..4 where it uses the extension, and the dissector still shows
    /// a hello that carries one.
    pub struct MaxFragmentLength(u8);
    LEN_512 = 1 => "2^9",
    LEN_1024 = 2 => "2^10",
    LEN_2048 = 3 => "2^11",
    LEN_4096 = 4 => "2^12",
}

impl MaxFragmentLength {
    /// The largest fragment in bytes, or `None` for a value RFC 6066 §4 does not allow.
    pub const fn fragment_len(self) -> Option<usize> {
        match self.get() {
            1 => Some(1 << 9),
            2 => Some(1 << 10),
            3 => Some(1 << 11),
            4 => Some(1 << 12),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DecodeErrorKind;
    use crate::extensions::test_support::*;
    use crate::extensions::{Extension, ExtensionContext};

    // No vector file holds a max_fragment_length; the bytes follow RFC 6066 §4.
    #[test]
    fn decodes_each_allowed_length_where_it_may_appear() {
        for (value, len) in [(1u8, 512usize), (2, 1024), (3, 2048), (4, 4096)] {
            let bytes = [0, 0x01, 0, 1, value];
            for context in [
                ExtensionContext::ClientHello,
                ExtensionContext::EncryptedExtensions,
                ExtensionContext::ServerHello,
            ] {
                let Extension::MaxFragmentLength(length) = round_trip(&bytes, context) else {
                    panic!("not a MaxFragmentLength");
                };
                assert_eq!(length.fragment_len(), Some(len));
                assert_every_prefix_fails(&bytes, context);
            }
        }
        assert_eq!(MaxFragmentLength::LEN_2048.to_string(), "2^11");
    }

    #[test]
    fn keeps_a_value_the_rfc_does_not_allow_for_the_handshake_to_refuse() {
        for value in [0u8, 5, 0xff] {
            let Extension::MaxFragmentLength(length) =
                round_trip(&[0, 0x01, 0, 1, value], ExtensionContext::ClientHello)
            else {
                panic!("not a MaxFragmentLength");
            };
            assert_eq!(length.get(), value);
            assert_eq!(length.fragment_len(), None);
        }
        assert_eq!(MaxFragmentLength::new(5).to_string(), "unknown(0x05)");
    }

    #[test]
    fn rejects_max_fragment_length_of_two_bytes() {
        let err = decode_one(&[0, 0x01, 0, 2, 1, 0], ExtensionContext::ClientHello).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 1 });
        assert_eq!(err.what(), "max_fragment_length");
        let err = decode_one(&[0, 0x01, 0, 0], ExtensionContext::ClientHello).unwrap_err();
        assert!(matches!(err.kind(), DecodeErrorKind::Truncated { .. }));
    }
}
