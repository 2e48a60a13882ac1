//! The checks along a path, one chain per rule (RFC 5280 §4.2.1 and §6.1, CABF).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod path_support;

use path_support::*;
use rcgen::{
    BasicConstraints, CustomExtension, ExtendedKeyUsagePurpose, IsCa, KeyUsagePurpose, SanType,
    date_time_ymd,
};
use tls_pki::cert::KeyUsage;
use tls_pki::name::ServerName;
use tls_pki::{Error, Position, ProfileRule, Rejection, UnixTime};

/// A critical extension nobody recognizes (x509-limbo's private arc).
fn unknown_critical() -> CustomExtension {
    let mut extension =
        CustomExtension::from_oid_content(&[1, 3, 6, 1, 4, 1, 55738, 666, 1], vec![0x05, 0x00]);
    extension.set_criticality(true);
    extension
}

/// Verifies root -> ica -> leaf, where `ica` and `leaf` come from the given parameters.
fn chain_with(
    ica: rcgen::CertificateParams,
    leaf: rcgen::CertificateParams,
) -> Result<(), Rejection> {
    let root = root("root");
    let ica = issue(ica, &root);
    let leaf = issue(leaf, &ica);
    let anchors = anchors(&[&root]);
    verify(&anchors, &leaf, &[&ica], &options()).map(|_| ())
}

#[test]
fn checks_validity_of_the_leaf_at_the_injected_time() {
    let root = root("root");
    let mut params = leaf_params("example.com");
    params.not_before = date_time_ymd(2023, 1, 1);
    params.not_after = date_time_ymd(2025, 1, 1);
    let leaf = issue(params, &root);
    let anchors = anchors(&[&root]);
    let mut options = options();
    assert!(verify(&anchors, &leaf, &[], &options).is_ok());
    options.time = UnixTime::from_secs(1_735_689_601); // 2025-01-01T00:00:01Z
    let rejection = verify(&anchors, &leaf, &[], &options).unwrap_err();
    assert_eq!(rejection.certificate, Position::EndEntity);
    assert!(matches!(rejection.error, Error::Expired { .. }));
    assert_eq!(
        rejection.class(),
        tls_pki::CertificateFault::CertificateExpired
    );
    options.time = UnixTime::from_secs(1_672_531_199); // 2022-12-31T23:59:59Z
    let rejection = verify(&anchors, &leaf, &[], &options).unwrap_err();
    assert!(matches!(rejection.error, Error::NotYetValid { .. }));
}

#[test]
fn rejects_an_expired_root() {
    let mut params = ca_params("root");
    params.use_authority_key_identifier_extension = false;
    params.not_after = date_time_ymd(2020, 1, 1);
    let root = self_signed(params);
    let leaf = leaf(&root);
    let anchors = anchors(&[&root]);
    let rejection = verify(&anchors, &leaf, &[], &options()).unwrap_err();
    assert_eq!(rejection.certificate, Position::TrustAnchor);
    assert!(matches!(rejection.error, Error::Expired { .. }));
}

#[test]
fn rejects_intermediate_without_ca() {
    let mut ica = params("ica");
    ica.is_ca = IsCa::NoCa;
    let rejection = chain_with(ica, leaf_params("example.com")).unwrap_err();
    assert_eq!(
        rejection,
        Rejection {
            certificate: Position::Intermediate(0),
            error: Error::IssuerNotCa
        }
    );
}

#[test]
fn rejects_intermediate_key_usage_without_key_cert_sign() {
    let mut ica = ca_params("ica");
    ica.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    let rejection = chain_with(ica, leaf_params("example.com")).unwrap_err();
    assert_eq!(rejection.error, Error::IssuerLacksKeyCertSign);
}

#[test]
fn rejects_path_longer_than_path_len_constraint() {
    let mut root_params = ca_params("root");
    root_params.use_authority_key_identifier_extension = false;
    let root = self_signed(root_params);
    let mut upper = ca_params("upper");
    upper.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    let upper = issue(upper, &root);
    let lower = intermediate("lower", &upper);
    let leaf = leaf(&lower);
    let anchors = anchors(&[&root]);
    let rejection = verify(&anchors, &leaf, &[&lower, &upper], &options()).unwrap_err();
    assert_eq!(
        rejection,
        Rejection {
            certificate: Position::Intermediate(1),
            error: Error::PathLenConstraintViolated {
                path_len_constraint: 0
            }
        }
    );
}

#[test]
fn does_not_count_self_issued_intermediates_against_path_len() {
    let root = root("root");
    let mut upper = ca_params("ica");
    upper.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    let upper = issue(upper, &root);
    // Key rollover: "ica" with a new key, issued by the old "ica".
    let rolled = intermediate("ica", &upper);
    let leaf = leaf(&rolled);
    let anchors = anchors(&[&root]);
    assert!(verify(&anchors, &leaf, &[&upper, &rolled], &options()).is_ok());
}

#[test]
fn rejects_leaf_with_ca_true() {
    let mut leaf = leaf_params("example.com");
    leaf.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    leaf.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    let rejection = chain_with(ca_params("ica"), leaf).unwrap_err();
    assert_eq!(
        rejection,
        Rejection {
            certificate: Position::EndEntity,
            error: Error::CaUsedAsEndEntity
        }
    );
}

#[test]
fn rejects_leaf_key_usage_with_key_cert_sign() {
    let mut leaf = leaf_params("example.com");
    leaf.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyCertSign,
    ];
    let rejection = chain_with(ca_params("ica"), leaf).unwrap_err();
    assert_eq!(rejection.error, Error::EndEntityHasKeyCertSign);
}

#[test]
fn requires_the_callers_key_usage_when_the_leaf_has_one() {
    let root = root("root");
    let mut params = leaf_params("example.com");
    params.key_usages = vec![KeyUsagePurpose::KeyEncipherment];
    let leaf = issue(params, &root);
    let anchors = anchors(&[&root]);
    let mut options = options();
    assert!(verify(&anchors, &leaf, &[], &options).is_ok());
    options.key_usage = Some(KeyUsage::DIGITAL_SIGNATURE);
    let rejection = verify(&anchors, &leaf, &[], &options).unwrap_err();
    assert_eq!(rejection.error, Error::RequiredKeyUsageMissing);
}

#[test]
fn rejects_leaf_whose_extended_key_usage_lacks_server_auth() {
    let mut leaf = leaf_params("example.com");
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    let rejection = chain_with(ca_params("ica"), leaf).unwrap_err();
    assert!(matches!(
        rejection.error,
        Error::RequiredExtendedKeyUsageMissing { .. }
    ));
}

#[test]
fn accepts_leaf_without_extended_key_usage() {
    let mut none = leaf_params("example.com");
    none.extended_key_usages = vec![];
    assert_eq!(chain_with(ca_params("ica"), none), Ok(()));
}

#[test]
fn rejects_server_leaf_with_any_extended_key_usage() {
    for purposes in [
        vec![ExtendedKeyUsagePurpose::Any],
        vec![
            ExtendedKeyUsagePurpose::ServerAuth,
            ExtendedKeyUsagePurpose::Any,
        ],
    ] {
        let mut leaf = leaf_params("example.com");
        leaf.extended_key_usages = purposes;
        let rejection = chain_with(ca_params("ica"), leaf).unwrap_err();
        assert_eq!(rejection.certificate, Position::EndEntity);
        assert_eq!(
            rejection.error,
            Error::ProfileViolation {
                rule: ProfileRule::SubscriberAnyExtendedKeyUsage
            }
        );
    }
}

/// An extKeyUsage extension holding serverAuth, marked critical.
fn critical_server_auth() -> CustomExtension {
    // SEQUENCE { OID 1.3.6.1.5.5.7.3.1 }
    let value = vec![
        0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01,
    ];
    let mut extension = CustomExtension::from_oid_content(&[2, 5, 29, 37], value);
    extension.set_criticality(true);
    extension
}

#[test]
fn rejects_server_leaf_with_critical_extended_key_usage() {
    let mut leaf = leaf_params("example.com");
    leaf.extended_key_usages = vec![];
    leaf.custom_extensions = vec![critical_server_auth()];
    let rejection = chain_with(ca_params("ica"), leaf).unwrap_err();
    assert_eq!(
        rejection.error,
        Error::ProfileViolation {
            rule: ProfileRule::SubscriberCriticalExtendedKeyUsage
        }
    );
}

#[test]
fn a_client_leaf_needs_client_auth_by_name() {
    let root = root("root");
    let anchors = anchors(&[&root]);
    let client = |purposes| {
        let mut params = leaf_params("example.com");
        params.extended_key_usages = purposes;
        issue(params, &root)
    };
    let any = client(vec![ExtendedKeyUsagePurpose::Any]);
    let rejection = anchors
        .verify_client(any.der(), &[], &options())
        .unwrap_err();
    assert!(matches!(
        rejection.error,
        Error::RequiredExtendedKeyUsageMissing { .. }
    ));
    // The CABF subscriber rules are a server's: a client may list anyExtendedKeyUsage, or
    // mark the extension critical, beside clientAuth.
    let both = client(vec![
        ExtendedKeyUsagePurpose::ClientAuth,
        ExtendedKeyUsagePurpose::Any,
    ]);
    assert!(anchors.verify_client(both.der(), &[], &options()).is_ok());
    let mut params = leaf_params("example.com");
    params.extended_key_usages = vec![];
    params.custom_extensions = vec![{
        let mut extension = CustomExtension::from_oid_content(
            &[2, 5, 29, 37],
            vec![
                0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02,
            ],
        );
        extension.set_criticality(true);
        extension
    }];
    let critical = issue(params, &root);
    assert!(
        anchors
            .verify_client(critical.der(), &[], &options())
            .is_ok()
    );
}

#[test]
fn accepts_intermediate_with_any_extended_key_usage() {
    let mut ica = ca_params("ica");
    ica.extended_key_usages = vec![ExtendedKeyUsagePurpose::Any];
    assert_eq!(chain_with(ica, leaf_params("example.com")), Ok(()));
}

#[test]
fn rejects_a_root_with_extended_key_usage_for_a_server_only() {
    let mut params = ca_params("root");
    params.use_authority_key_identifier_extension = false;
    params.extended_key_usages = vec![
        ExtendedKeyUsagePurpose::ServerAuth,
        ExtendedKeyUsagePurpose::ClientAuth,
    ];
    let root = self_signed(params);
    let anchors = anchors(&[&root]);
    let server = leaf(&root);
    let rejection = verify(&anchors, &server, &[], &options()).unwrap_err();
    assert_eq!(
        rejection,
        Rejection {
            certificate: Position::TrustAnchor,
            error: Error::ProfileViolation {
                rule: ProfileRule::RootExtendedKeyUsage
            }
        }
    );
    let mut params = leaf_params("example.com");
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    let client = issue(params, &root);
    assert!(anchors.verify_client(client.der(), &[], &options()).is_ok());
}

#[test]
fn chains_extended_key_usage_through_a_trusted_intermediate() {
    let root = root("root");
    let mut ica = ca_params("ica");
    ica.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    let ica = issue(ica, &root);
    let server = leaf(&ica);
    let anchors = anchors(&[&ica]);
    let rejection = verify(&anchors, &server, &[], &options()).unwrap_err();
    assert_eq!(rejection.certificate, Position::TrustAnchor);
    assert!(matches!(
        rejection.error,
        Error::RequiredExtendedKeyUsageMissing { .. }
    ));
}

#[test]
fn rejects_intermediate_whose_extended_key_usage_lacks_the_purpose() {
    let mut ica = ca_params("ica");
    ica.extended_key_usages = vec![ExtendedKeyUsagePurpose::EmailProtection];
    let rejection = chain_with(ica, leaf_params("example.com")).unwrap_err();
    assert_eq!(rejection.certificate, Position::Intermediate(0));
    assert!(matches!(
        rejection.error,
        Error::RequiredExtendedKeyUsageMissing { .. }
    ));
    let mut ica = ca_params("ica");
    ica.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    assert_eq!(chain_with(ica, leaf_params("example.com")), Ok(()));
}

#[test]
fn verifies_a_client_for_client_auth() {
    let root = root("root");
    let mut params = leaf_params("example.com");
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    let client = issue(params, &root);
    let anchors = anchors(&[&root]);
    assert!(anchors.verify_client(client.der(), &[], &options()).is_ok());
    let server = leaf(&root);
    let rejection = anchors
        .verify_client(server.der(), &[], &options())
        .unwrap_err();
    assert!(matches!(
        rejection.error,
        Error::RequiredExtendedKeyUsageMissing { .. }
    ));
}

#[test]
fn rejects_unknown_critical_extension_on_the_leaf() {
    let mut leaf = leaf_params("example.com");
    leaf.custom_extensions = vec![unknown_critical()];
    let rejection = chain_with(ca_params("ica"), leaf).unwrap_err();
    assert_eq!(rejection.certificate, Position::EndEntity);
    assert!(matches!(
        rejection.error,
        Error::UnknownCriticalExtension { .. }
    ));
}

#[test]
fn rejects_unknown_critical_extension_on_an_intermediate() {
    let mut ica = ca_params("ica");
    ica.custom_extensions = vec![unknown_critical()];
    let rejection = chain_with(ica, leaf_params("example.com")).unwrap_err();
    assert_eq!(rejection.certificate, Position::Intermediate(0));
    assert!(matches!(
        rejection.error,
        Error::UnknownCriticalExtension { .. }
    ));
}

#[test]
fn rejects_a_name_the_leaf_does_not_hold() {
    let root = root("root");
    let leaf = leaf(&root);
    let anchors = anchors(&[&root]);
    let other = ServerName::try_from("example.org").unwrap();
    let rejection = anchors
        .verify_server(leaf.der(), &[], Some(&other), &options())
        .unwrap_err();
    assert_eq!(rejection.error, Error::NameMismatch);
    // Without a name only the chain is checked.
    assert!(
        anchors
            .verify_server(leaf.der(), &[], None, &options())
            .is_ok()
    );
}

#[test]
fn matches_an_ip_address_against_ip_san_only() {
    let root = root("root");
    let mut params = leaf_params("example.com");
    params.subject_alt_names = vec![SanType::IpAddress("192.0.2.1".parse().unwrap())];
    let leaf = issue(params, &root);
    let anchors = anchors(&[&root]);
    let ip = ServerName::try_from("192.0.2.1").unwrap();
    assert!(
        anchors
            .verify_server(leaf.der(), &[], Some(&ip), &options())
            .is_ok()
    );
}

#[test]
fn rejects_leaf_without_authority_key_identifier() {
    let mut leaf = leaf_params("example.com");
    leaf.use_authority_key_identifier_extension = false;
    let rejection = chain_with(ca_params("ica"), leaf).unwrap_err();
    assert!(matches!(rejection.error, Error::ProfileViolation { .. }));
}

#[test]
fn rejects_common_name_that_miscopies_a_san_entry() {
    let mut leaf = leaf_params("example.com");
    leaf.distinguished_name
        .push(rcgen::DnType::CommonName, "Example.COM");
    let rejection = chain_with(ca_params("ica"), leaf).unwrap_err();
    assert!(matches!(rejection.error, Error::ProfileViolation { .. }));
    let mut leaf = leaf_params("example.com");
    leaf.distinguished_name
        .push(rcgen::DnType::CommonName, "example.com");
    assert_eq!(chain_with(ca_params("ica"), leaf), Ok(()));
}
