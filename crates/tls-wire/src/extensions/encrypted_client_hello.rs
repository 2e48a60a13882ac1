//! `encrypted_client_hello` (RFC 9849): Encrypted Client Hello, kept opaque. Naming it lets
//! the dissector and fingerprints tell a (possibly GREASE) ECH offer from an unknown extension
//! without this codec typing ECH's structures, which it leaves to the issue that implements
//! ECH.

use crate::extensions::ExtensionData;

/// The body of `encrypted_client_hello` (RFC 9849), kept as received: an `ECHClientHello` in
/// a ClientHello (§5), the 8-byte acceptance confirmation in a HelloRetryRequest (§7.2.1), an
/// `ECHEncryptedExtensions` in EncryptedExtensions (§7.1). None of them is decoded further.
///
/// ```text
/// enum { outer(0), inner(1) } ECHClientHelloType;
///
/// struct {
///    ECHClientHelloType type;
///    select (ECHClientHello.type) {
///        case outer:
///            HpkeSymmetricCipherSuite cipher_suite;
///            uint8 config_id;
///            opaque enc<0..2^16-1>;
///            opaque payload<1..2^16-1>;
///        case inner:
///            Empty;
///    };
/// } ECHClientHello;
///
/// struct {
///    ECHConfigList retry_configs;
/// } ECHEncryptedExtensions;
/// ```
pub type EncryptedClientHello<'a> = ExtensionData<'a>;

#[cfg(test)]
mod tests {
    use crate::extensions::test_support::*;
    use crate::extensions::{EncryptedClientHello, Extension, ExtensionContext};

    /// An outer `ECHClientHello` as a GREASE ECH offer lays it out (RFC 9849 §6.2): type
    /// `outer` (0), cipher suite HKDF-SHA256/AES-128-GCM, config id, a 32-byte `enc` and a
    /// 16-byte payload. No vector file carries ECH, so the bytes are built here.
    fn grease_offer() -> Vec<u8> {
        let mut body = vec![0, 0, 1, 0, 1, 0x42, 0, 32];
        body.extend_from_slice(&[0x11; 32]);
        body.extend_from_slice(&[0, 16]);
        body.extend_from_slice(&[0x22; 16]);
        let mut bytes = vec![0xfe, 0x0d];
        bytes.extend_from_slice(&u16::try_from(body.len()).unwrap().to_be_bytes());
        bytes.extend_from_slice(&body);
        bytes
    }

    #[test]
    fn keeps_the_body_in_every_message_it_may_appear_in() {
        let offer = grease_offer();
        let Extension::EncryptedClientHello(body) =
            round_trip(&offer, ExtensionContext::ClientHello)
        else {
            panic!("not an EncryptedClientHello");
        };
        assert_eq!(body.as_slice(), &offer[4..]);
        let confirmation = [0xfe, 0x0d, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8];
        assert_eq!(
            round_trip(&confirmation, ExtensionContext::HelloRetryRequest),
            Extension::EncryptedClientHello(
                EncryptedClientHello::new(&[1, 2, 3, 4, 5, 6, 7, 8][..]).unwrap()
            )
        );
        assert!(matches!(
            round_trip(
                &[0xfe, 0x0d, 0, 2, 0, 0],
                ExtensionContext::EncryptedExtensions
            ),
            Extension::EncryptedClientHello(_)
        ));
        // The body has no length of its own: only prefixes of the framed bytes fail.
        for end in 0..confirmation.len() {
            assert!(decode_one(&confirmation[..end], ExtensionContext::HelloRetryRequest).is_err());
        }
    }

    #[test]
    fn stays_opaque_where_rfc_9849_defines_no_form() {
        for context in [
            ExtensionContext::ServerHello,
            ExtensionContext::Certificate,
            ExtensionContext::CertificateRequest,
            ExtensionContext::NewSessionTicket,
        ] {
            assert!(matches!(
                round_trip(&[0xfe, 0x0d, 0, 1, 0], context),
                Extension::Opaque { .. }
            ));
        }
    }
}
