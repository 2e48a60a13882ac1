//! keyUsage along a path (RFC 5280 §4.2.1.3): issuers must be allowed to sign certificates,
//! the end-entity must not be, and the caller may require usages of the end-entity.

use crate::cert::KeyUsage;
use crate::error::Error;

/// Checks that an issuer's keyUsage, if present, allows `keyCertSign`.
///
/// An anchor is held to this too: a root with `cA` TRUE but no `keyCertSign` is inconsistent
/// (x509-limbo `rfc5280::root-inconsistent-ca-extensions`).
//= https://www.rfc-editor.org/rfc/rfc5280#section-6.1.4
//# (n)  If a key usage extension is present, verify that the
//# keyCertSign bit is set.
pub(crate) fn check_issuer(key_usage: Option<KeyUsage>) -> Result<(), Error> {
    match key_usage {
        None => Ok(()),
        Some(bits) if bits.contains(KeyUsage::KEY_CERT_SIGN) => Ok(()),
        Some(_) => Err(Error::IssuerLacksKeyCertSign),
    }
}

/// Checks the end-entity's keyUsage, if present: no `keyCertSign` (the end-entity is not a CA,
/// which `basic_constraints::check_end_entity` has made sure of), and every bit in `required`.
//= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.9
//# If the cA boolean is not asserted,
//# then the keyCertSign bit in the key usage extension MUST NOT be
//# asserted.
pub(crate) fn check_end_entity(
    key_usage: Option<KeyUsage>,
    required: Option<KeyUsage>,
) -> Result<(), Error> {
    match (key_usage, required) {
        (Some(bits), _) if bits.contains(KeyUsage::KEY_CERT_SIGN) => {
            Err(Error::EndEntityHasKeyCertSign)
        }
        (Some(bits), Some(required)) if !bits.contains(required) => {
            Err(Error::RequiredKeyUsageMissing)
        }
        // No keyUsage means the key is not restricted (RFC 5280 §4.2.1.3 makes the extension
        // a MUST only for keys that verify certificates or CRLs).
        (None, _) | (Some(_), Some(_) | None) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_issuer_key_usage_without_key_cert_sign() {
        assert_eq!(check_issuer(None), Ok(()));
        assert_eq!(check_issuer(Some(KeyUsage::KEY_CERT_SIGN)), Ok(()));
        assert_eq!(
            check_issuer(Some(KeyUsage::DIGITAL_SIGNATURE)),
            Err(Error::IssuerLacksKeyCertSign)
        );
    }

    #[test]
    fn rejects_end_entity_with_key_cert_sign() {
        assert_eq!(
            check_end_entity(Some(KeyUsage::KEY_CERT_SIGN), None),
            Err(Error::EndEntityHasKeyCertSign)
        );
    }

    #[test]
    fn requires_caller_bits_only_when_key_usage_is_present() {
        let wanted = Some(KeyUsage::DIGITAL_SIGNATURE);
        assert_eq!(check_end_entity(None, wanted), Ok(()));
        assert_eq!(
            check_end_entity(Some(KeyUsage::DIGITAL_SIGNATURE), wanted),
            Ok(())
        );
        assert_eq!(
            check_end_entity(Some(KeyUsage::KEY_ENCIPHERMENT), wanted),
            Err(Error::RequiredKeyUsageMissing)
        );
    }
}
