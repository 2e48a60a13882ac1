//! `signed_certificate_timestamp` (RFC 6962 §3.3.1): Certificate Transparency timestamps. A
//! client (ClientHello) or a TLS 1.3 server (CertificateRequest) asks for them with an empty
//! extension ([`Extension::SignedCertificateTimestampEmpty`]); a TLS 1.2 server sends them in
//! its ServerHello and a TLS 1.3 peer in a CertificateEntry (RFC 8446 §4.4.2).
//!
//! [`Extension::SignedCertificateTimestampEmpty`]: crate::extensions::Extension::SignedCertificateTimestampEmpty

use crate::codec::{List, Opaque};

/// RFC 6962 §3.3: `opaque SerializedSCT<1..2^16-1>;`, one serialized
/// `SignedCertificateTimestamp`, kept opaque so that SCTs of a version we do not know still
/// decode.
pub type SerializedSCT<'a> = Opaque<'a, 2, 1, 0xffff>;

/// The body of `signed_certificate_timestamp` in a TLS 1.2 ServerHello or a TLS 1.3
/// CertificateEntry (RFC 6962 §3.3, §3.3.1).
///
/// ```text
/// opaque SerializedSCT<1..2^16-1>;
///
/// struct {
///     SerializedSCT sct_list <1..2^16-1>;
/// } SignedCertificateTimestampList;
/// ```
pub type SignedCertificateTimestampList<'a> = List<SerializedSCT<'a>, 2, 1, 0xffff>;

#[cfg(test)]
mod tests {
    use crate::codec::Opaque;
    use crate::error::DecodeErrorKind;
    use crate::extensions::test_support::*;
    use crate::extensions::test_vectors::*;
    use crate::extensions::{Extension, ExtensionContext, SignedCertificateTimestampList};

    /// Two SCTs (5 and 3 bytes) behind the list's length: no vector file carries a server's
    /// SCT list, so the bytes follow RFC 6962 §3.3.
    const SCT_LIST: [u8; 18] = [
        0, 0x12, 0, 14, 0, 12, 0, 5, 0, 1, 2, 3, 4, 0, 3, 0xaa, 0xbb, 0xcc,
    ];

    #[test]
    fn decodes_the_empty_request_of_chrome_and_illustrated_tls12() {
        for message in [hex(BADCURVEBALL), hex(ILLUSTRATED_TLS12_CH)] {
            let bytes = extension_in(client_hello_block(&message), 0x0012);
            assert_eq!(
                round_trip(bytes, ExtensionContext::ClientHello),
                Extension::SignedCertificateTimestampEmpty
            );
            assert_every_prefix_fails(bytes, ExtensionContext::ClientHello);
        }
        assert_eq!(
            round_trip(&[0, 0x12, 0, 0], ExtensionContext::CertificateRequest),
            Extension::SignedCertificateTimestampEmpty
        );
    }

    #[test]
    fn decodes_a_list_in_a_server_hello_and_a_certificate_entry() {
        for context in [ExtensionContext::ServerHello, ExtensionContext::Certificate] {
            let Extension::SignedCertificateTimestamp(list) = round_trip(&SCT_LIST, context) else {
                panic!("not a SignedCertificateTimestampList");
            };
            let scts: Vec<&[u8]> = list.iter().map(|sct| sct.as_slice()).collect();
            assert_eq!(scts, [&[0, 1, 2, 3, 4][..], &[0xaa, 0xbb, 0xcc]]);
            assert_every_prefix_fails(&SCT_LIST, context);
            assert_length_mutations_fail(&SCT_LIST, context, &[(4, 2), (6, 2), (13, 2)]);
        }
        let built = SignedCertificateTimestampList::new(vec![
            Opaque::new(&[0, 1, 2, 3, 4][..]).unwrap(),
            Opaque::new(&[0xaa, 0xbb, 0xcc][..]).unwrap(),
        ])
        .unwrap();
        let mut bytes = Vec::new();
        Extension::SignedCertificateTimestamp(built).encode(&mut bytes);
        assert_eq!(bytes, SCT_LIST);
    }

    #[test]
    fn rejects_a_client_hello_request_with_a_body() {
        let err = decode_one(&[0, 0x12, 0, 2, 0, 0], ExtensionContext::ClientHello).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 2 });
        assert_eq!(err.what(), "signed_certificate_timestamp");
    }

    #[test]
    fn rejects_empty_sct_list_and_empty_sct() {
        let err = decode_one(&[0, 0x12, 0, 2, 0, 0], ExtensionContext::Certificate).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthOutOfBounds {
                len: 0,
                min: 1,
                max: 0xffff
            }
        );
        assert_eq!(err.what(), "SignedCertificateTimestampList.sct_list");
        let err =
            decode_one(&[0, 0x12, 0, 4, 0, 2, 0, 0], ExtensionContext::ServerHello).unwrap_err();
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
