//! extKeyUsage along a path (RFC 5280 §4.2.1.12).
//!
//! The end-entity must allow the purpose (server or client authentication) by name; an
//! intermediate that carries the extension must allow it too, or any purpose, which is how the
//! Web PKI constrains a subordinate CA to TLS ("EKU chaining": CABF BR §7.1.2.10.6, Mozilla,
//! Chrome, Go, pyca/cryptography). RFC 5280 does not chain it, so an intermediate without the
//! extension is unconstrained, and so is an end-entity without it: x509-limbo's
//! `rfc5280::eku::ee-without-eku` side of that conflict. A TLS server's leaf and root are held
//! to the CABF profile's extKeyUsage rules as well.

use der::oid::ObjectIdentifier;

use crate::anchor::TrustAnchor;
use crate::cert::{Certificate, ExtendedKeyUsage, Known};
use crate::error::{Error, ProfileRule};

/// `id-kp-serverAuth`: TLS WWW server authentication.
pub(crate) const ID_KP_SERVER_AUTH: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.1");
/// `id-kp-clientAuth`: TLS WWW client authentication.
pub(crate) const ID_KP_CLIENT_AUTH: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.2");
/// `anyExtendedKeyUsage ::= { id-ce-extKeyUsage 0 }`.
pub(crate) const ANY_EXTENDED_KEY_USAGE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.5.29.37.0");

/// Checks an intermediate's extKeyUsage, if present: it must allow `purpose`, or any purpose.
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
            .encoded_purposes()
            .any(|p| p == purpose.as_bytes() || p == ANY_EXTENDED_KEY_USAGE.as_bytes()),
    };
    match allowed {
        true => Ok(()),
        false => Err(Error::RequiredExtendedKeyUsageMissing { purpose }),
    }
}

/// Checks the end-entity's extKeyUsage, if present.
///
/// It must name `purpose` itself: `anyExtendedKeyUsage` alone does not do, as in
/// rustls-webpki, pyca/cryptography and OpenSSL (a certificate for "any" purpose was not issued
/// for this one). For a TLS server, the CABF subscriber profile applies too: no
/// `anyExtendedKeyUsage` at all, and the extension not critical (x509-limbo
/// `webpki::eku::ee-anyeku` and `::ee-critical-eku`, which pyca/cryptography also refuses).
pub(crate) fn check_end_entity(
    certificate: &Certificate<'_>,
    purpose: ObjectIdentifier,
    server: bool,
) -> Result<(), Error> {
    let Some(eku) = certificate.extended_key_usage()? else {
        return Ok(());
    };
    let (mut named, mut any) = (false, false);
    for p in eku.encoded_purposes() {
        named |= p == purpose.as_bytes();
        any |= p == ANY_EXTENDED_KEY_USAGE.as_bytes();
    }
    let critical = certificate.extensions().is_critical(Known::ExtKeyUsage);
    match (named, server, any, critical) {
        // CABF BR §7.1.2.7.10 lists anyExtendedKeyUsage among the purposes that "MUST NOT" be
        // present in a subscriber certificate.
        (_, true, true, _) => Err(violation(ProfileRule::SubscriberAnyExtendedKeyUsage)),
        // CABF BR §7.1.2.7.6: extKeyUsage is "MUST" present and critical "N".
        (_, true, false, true) => Err(violation(ProfileRule::SubscriberCriticalExtendedKeyUsage)),
        (false, _, _, _) => Err(Error::RequiredExtendedKeyUsageMissing { purpose }),
        (true, false, _, _) | (true, true, false, false) => Ok(()),
    }
}

/// Checks a trust anchor's extKeyUsage, if present.
///
/// For a TLS server, a root (a self-issued anchor) must not carry the extension: CABF BR
/// §7.1.2.1.2 lists extKeyUsage as "MUST NOT" in root certificates (x509-limbo
/// `webpki::eku::root-has-eku`); no root of the Mozilla store carries one. Any other anchor (a
/// trusted intermediate, or a root for client authentication) is chained like an
/// intermediate: it must allow the purpose, as Go and pyca/cryptography chain it.
pub(crate) fn check_anchor(
    anchor: &TrustAnchor,
    purpose: ObjectIdentifier,
    server: bool,
) -> Result<(), Error> {
    let Some(value) = anchor.extended_key_usage() else {
        return Ok(());
    };
    if server && anchor.is_self_issued() {
        return Err(violation(ProfileRule::RootExtendedKeyUsage));
    }
    check_purpose(Some(ExtendedKeyUsage::decode(value)?), purpose)
}

fn violation(rule: ProfileRule) -> Error {
    Error::ProfileViolation { rule }
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
