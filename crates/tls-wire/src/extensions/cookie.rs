//! `cookie` (RFC 8446 §4.2.2): state a server hands out in a HelloRetryRequest and the client
//! echoes in its second ClientHello.

use crate::codec::Opaque;

/// The body of `cookie` (RFC 8446 §4.2.2), in a HelloRetryRequest and a ClientHello.
///
/// ```text
/// struct {
///     opaque cookie<1..2^16-1>;
/// } Cookie;
/// ```
pub type Cookie<'a> = Opaque<'a, 2, 1, 0xffff>;

#[cfg(test)]
mod tests {
    use crate::error::DecodeErrorKind;
    use crate::extensions::test_support::*;
    use crate::extensions::test_vectors::*;
    use crate::extensions::{Extension, ExtensionContext};

    #[test]
    fn hello_retry_request_cookie_comes_back_in_the_second_client_hello() {
        let hrr = hex(HRR);
        let sent = extension_in(server_hello_block(&hrr), 0x002c);
        let Extension::Cookie(cookie) = round_trip(sent, ExtensionContext::HelloRetryRequest)
        else {
            panic!("not a cookie");
        };
        assert_eq!(cookie.len(), 114);
        assert_every_prefix_fails(sent, ExtensionContext::HelloRetryRequest);
        assert_length_mutations_fail(sent, ExtensionContext::HelloRetryRequest, &[(4, 2)]);
        let client_hello = hex(HRR_CH2);
        let echoed = extension_in(client_hello_block(&client_hello), 0x002c);
        assert_eq!(
            round_trip(echoed, ExtensionContext::ClientHello),
            Extension::Cookie(cookie)
        );
    }

    #[test]
    fn rejects_empty_cookie() {
        let err = decode_one(&[0, 0x2c, 0, 2, 0, 0], ExtensionContext::ClientHello).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthOutOfBounds {
                len: 0,
                min: 1,
                max: 0xffff
            }
        );
    }
}
