//! basicConstraints: issuers must be CAs, the end-entity must not be one, and each CA's
//! `pathLenConstraint` bounds the intermediates below it (RFC 5280 §4.2.1.9, §6.1.4).

use crate::cert::BasicConstraints;
use crate::error::Error;

/// Checks that a certificate that issued another on the path is a CA.
///
/// This holds for the trust anchor too: an anchor without `cA` is a leaf someone trusted, not
/// an authority (x509-limbo `rfc5280::root-missing-basic-constraints`; v1 anchors, which
/// cannot carry the extension, are refused with it, as pyca/cryptography does).
//= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.9
//# If the basic constraints extension is not present in a
//# version 3 certificate, or the extension is present but the cA boolean
//# is not asserted, then the certified public key MUST NOT be used to
//# verify certificate signatures.
//= https://www.rfc-editor.org/rfc/rfc5280#section-6.1.4
//# (k)  If certificate i is a version 3 certificate, verify that the
//# basicConstraints extension is present and that cA is set to
//# TRUE.
pub(crate) fn check_issuer(basic_constraints: Option<BasicConstraints>) -> Result<(), Error> {
    match basic_constraints {
        Some(BasicConstraints { ca: true, .. }) => Ok(()),
        Some(BasicConstraints { ca: false, .. }) | None => Err(Error::IssuerNotCa),
    }
}

/// Checks that the end-entity certificate is not a CA certificate.
///
/// RFC 5280 allows a CA certificate at the end of a path; the Web PKI does not (CABF BR
/// §7.1.2.7 has subscriber certificates assert `cA` FALSE), and neither do rustls-webpki
/// (`CaUsedAsEndEntity`) nor pyca/cryptography. A CA key serving TLS is a key that can also
/// sign certificates for any name.
pub(crate) fn check_end_entity(basic_constraints: Option<BasicConstraints>) -> Result<(), Error> {
    match basic_constraints {
        Some(BasicConstraints { ca: true, .. }) => Err(Error::CaUsedAsEndEntity),
        Some(BasicConstraints { ca: false, .. }) | None => Ok(()),
    }
}

/// Checks one CA's `pathLenConstraint` against the number of non-self-issued intermediates
/// that follow it on the path (the end-entity is not counted).
//= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.9
//# In this case, it gives the
//# maximum number of non-self-issued intermediate certificates that may
//# follow this certificate in a valid certification path.
//= https://www.rfc-editor.org/rfc/rfc5280#section-6.1.4
//# (l)  If the certificate was not self-issued, verify that
//# max_path_length is greater than zero and decrement
//# max_path_length by 1.
pub(crate) fn check_path_len(
    path_len_constraint: Option<u32>,
    non_self_issued_below: usize,
) -> Result<(), Error> {
    match path_len_constraint {
        None => Ok(()),
        Some(limit) if usize::try_from(limit).is_ok_and(|l| non_self_issued_below <= l) => Ok(()),
        Some(path_len_constraint) => Err(Error::PathLenConstraintViolated {
            path_len_constraint,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CA: BasicConstraints = BasicConstraints {
        ca: true,
        path_len_constraint: None,
    };
    const NOT_CA: BasicConstraints = BasicConstraints {
        ca: false,
        path_len_constraint: None,
    };

    #[test]
    fn rejects_issuer_without_ca_true() {
        assert_eq!(check_issuer(Some(CA)), Ok(()));
        assert_eq!(check_issuer(Some(NOT_CA)), Err(Error::IssuerNotCa));
        assert_eq!(check_issuer(None), Err(Error::IssuerNotCa));
    }

    #[test]
    fn rejects_end_entity_with_ca_true() {
        assert_eq!(check_end_entity(None), Ok(()));
        assert_eq!(check_end_entity(Some(NOT_CA)), Ok(()));
        assert_eq!(check_end_entity(Some(CA)), Err(Error::CaUsedAsEndEntity));
    }

    #[test]
    fn path_len_counts_intermediates_below() {
        let zero = Some(0);
        assert_eq!(check_path_len(zero, 0), Ok(()));
        assert_eq!(
            check_path_len(zero, 1),
            Err(Error::PathLenConstraintViolated {
                path_len_constraint: 0
            })
        );
        assert_eq!(check_path_len(None, 100), Ok(()));
    }
}
