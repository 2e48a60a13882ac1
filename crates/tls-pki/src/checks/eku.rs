//! extKeyUsage along a path (RFC 5280 §4.2.1.12).
//!
//! The end-entity must allow the purpose (server or client authentication); an intermediate
//! that carries the extension must allow it too, which is how the Web PKI constrains a
//! subordinate CA to TLS ("EKU chaining": CABF BR §7.1.2.10.6, Mozilla, Chrome, Go,
//! pyca/cryptography). RFC 5280 does not chain it, so an intermediate without the extension is
//! unconstrained, and so is an end-entity without it: x509-limbo's `rfc5280::eku::ee-without-eku`
//! side of that conflict.

use der::oid::ObjectIdentifier;

use crate::cert::ExtendedKeyUsage;
use crate::error::Error;

/// `id-kp-serverAuth`: TLS WWW server authentication.
pub(crate) const ID_KP_SERVER_AUTH: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.1");
/// `id-kp-clientAuth`: TLS WWW client authentication.
pub(crate) const ID_KP_CLIENT_AUTH: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.2");
/// `anyExtendedKeyUsage ::= { id-ce-extKeyUsage 0 }`.
pub(crate) const ANY_EXTENDED_KEY_USAGE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.5.29.37.0");

/// Checks that the certificate's extKeyUsage, if present, allows `purpose`.
///
/// `anyExtendedKeyUsage` allows every purpose. RFC 5280 lets an application refuse it, and CABF
/// forbids it in subscriber certificates, but a certificate that says "any usage" is not
/// thereby misused for TLS; we accept it as pyca/cryptography and Go do (x509-limbo's
/// `webpki::eku::ee-anyeku` is in its `pedantic-webpki-eku` set).
//= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.12
//# If the extension is present, then the certificate MUST only be used
//# for one of the purposes indicated.
pub(crate) fn check_purpose(
    extended_key_usage: Option<ExtendedKeyUsage<'_>>,
    purpose: ObjectIdentifier,
) -> Result<(), Error> {
    let allowed = match extended_key_usage {
        None => true,
        Some(eku) => eku
            .purposes()
            .any(|p| p == purpose || p == ANY_EXTENDED_KEY_USAGE),
    };
    match allowed {
        true => Ok(()),
        false => Err(Error::RequiredExtendedKeyUsageMissing { purpose }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ExtKeyUsageSyntax` DER holding the given purposes.
    fn eku(purposes: &[&[u8]]) -> Vec<u8> {
        let contents: Vec<u8> = purposes.concat();
        let mut der = vec![0x30, u8::try_from(contents.len()).unwrap()];
        der.extend(contents);
        der
    }

    const SERVER_AUTH: &[u8] = &[0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01];
    const CLIENT_AUTH: &[u8] = &[0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02];
    const ANY: &[u8] = &[0x06, 0x04, 0x55, 0x1d, 0x25, 0x00];

    #[test]
    fn accepts_the_purpose_any_or_no_extension() {
        for value in [eku(&[SERVER_AUTH]), eku(&[CLIENT_AUTH, ANY])] {
            let parsed = ExtendedKeyUsage::decode(&value).unwrap();
            assert_eq!(check_purpose(Some(parsed), ID_KP_SERVER_AUTH), Ok(()));
        }
        assert_eq!(check_purpose(None, ID_KP_SERVER_AUTH), Ok(()));
    }

    #[test]
    fn rejects_extension_without_the_purpose() {
        let value = eku(&[CLIENT_AUTH]);
        let parsed = ExtendedKeyUsage::decode(&value).unwrap();
        assert_eq!(
            check_purpose(Some(parsed), ID_KP_SERVER_AUTH),
            Err(Error::RequiredExtendedKeyUsageMissing {
                purpose: ID_KP_SERVER_AUTH
            })
        );
        assert_eq!(check_purpose(Some(parsed), ID_KP_CLIENT_AUTH), Ok(()));
    }
}
