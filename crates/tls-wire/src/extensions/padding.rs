//! `padding` (RFC 7685): filler a client adds to move its ClientHello out of a size range some
//! middleboxes mishandle.

use crate::extensions::ExtensionData;

/// The body of `padding` (RFC 7685 §3), ClientHello only: the bytes are kept exactly as
/// received, zero or not. A client MUST send zeros (RFC 7685 §3), but a receiver gains nothing
/// by refusing others, and the round trip must hold for any input.
///
/// ```text
/// The "extension_data" for the extension consists of an arbitrary
/// number of zero bytes.
/// ```
pub type Padding<'a> = ExtensionData<'a>;

#[cfg(test)]
mod tests {
    use crate::extensions::test_support::*;
    use crate::extensions::test_vectors::*;
    use crate::extensions::{Extension, ExtensionContext};

    #[test]
    fn keeps_chrome_padding() {
        let message = hex(CHROME_GREASE);
        let bytes = extension_in(client_hello_block(&message), 0x0015);
        let Extension::Padding(padding) = round_trip(bytes, ExtensionContext::ClientHello) else {
            panic!("not padding");
        };
        assert_eq!(padding.len(), 186);
        assert!(padding.iter().all(|b| *b == 0));
    }

    #[test]
    fn keeps_non_zero_and_empty_padding() {
        for bytes in [&[0, 0x15, 0, 2, 1, 0xff][..], &[0, 0x15, 0, 0]] {
            round_trip(bytes, ExtensionContext::ClientHello);
        }
    }
}
