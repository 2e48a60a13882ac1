//! `certificate_authorities` (RFC 8446 §4.2.4): the CAs whose certificates the sender accepts,
//! in a ClientHello or a CertificateRequest.

use crate::codec::{List, Opaque};

/// RFC 8446 §4.2.4: `opaque DistinguishedName<1..2^16-1>;` (a DER-encoded X.501 `Name`).
pub type DistinguishedName<'a> = Opaque<'a, 2, 1, 0xffff>;

/// The body of `certificate_authorities` (RFC 8446 §4.2.4).
///
/// ```text
/// opaque DistinguishedName<1..2^16-1>;
///
/// struct {
///     DistinguishedName authorities<3..2^16-1>;
/// } CertificateAuthoritiesExtension;
/// ```
pub type CertificateAuthorities<'a> = List<DistinguishedName<'a>, 2, 3, 0xffff>;

#[cfg(test)]
mod tests {
    use crate::error::DecodeErrorKind;
    use crate::extensions::test_support::*;
    use crate::extensions::{Extension, ExtensionContext};

    /// A CertificateRequest's `certificate_authorities` naming two CAs, DER `Name`s
    /// (`CN=a`, `CN=b`).
    const TWO_AUTHORITIES: [u8; 38] = [
        0, 0x2f, 0, 34, 0, 32, //
        0, 14, 0x30, 12, 0x31, 10, 0x30, 8, 0x06, 3, 0x55, 4, 3, 0x0c, 1, b'a', //
        0, 14, 0x30, 12, 0x31, 10, 0x30, 8, 0x06, 3, 0x55, 4, 3, 0x0c, 1, b'b',
    ];

    #[test]
    fn decodes_authorities_in_certificate_request_and_client_hello() {
        for context in [
            ExtensionContext::CertificateRequest,
            ExtensionContext::ClientHello,
        ] {
            let Extension::CertificateAuthorities(names) = round_trip(&TWO_AUTHORITIES, context)
            else {
                panic!("not a CertificateAuthorities");
            };
            assert_eq!(names.len(), 2);
            assert_eq!(names[1].as_slice().last(), Some(&b'b'));
            assert_every_prefix_fails(&TWO_AUTHORITIES, context);
            assert_length_mutations_fail(&TWO_AUTHORITIES, context, &[(4, 2), (6, 2), (22, 2)]);
        }
    }

    #[test]
    fn rejects_authority_list_shorter_than_3_bytes() {
        let err = decode_one(
            &[0, 0x2f, 0, 4, 0, 2, 0, 0],
            ExtensionContext::CertificateRequest,
        )
        .unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthOutOfBounds {
                len: 2,
                min: 3,
                max: 0xffff
            }
        );
    }
}
