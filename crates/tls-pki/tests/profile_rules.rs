//! The RFC 5280 and CABF profile rules we hold certificates to, each with a chain that passes
//! and one that does not (the `ProfileRule` a refusal names, and the certificate it is about).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod path_support;

use path_support::*;
use rcgen::{
    BasicConstraints, CustomExtension, DistinguishedName, ExtendedKeyUsagePurpose, GeneralSubtree,
    IsCa, KeyUsagePurpose, NameConstraints,
};
use tls_pki::{Error, Position, ProfileRule};

fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
    let mut out = vec![tag, u8::try_from(contents.len()).unwrap()];
    out.extend_from_slice(contents);
    out
}

/// A subjectAltName extension holding dNSName example.com.
fn san(critical: bool) -> CustomExtension {
    let mut extension =
        CustomExtension::from_oid_content(&[2, 5, 29, 17], tlv(0x30, &tlv(0x82, b"example.com")));
    extension.set_criticality(critical);
    extension
}

fn violation(rule: ProfileRule) -> Error {
    Error::ProfileViolation { rule }
}

#[test]
fn a_server_leaf_with_a_subject_has_a_non_critical_subject_alt_name() {
    let root = root("root");
    let anchors = anchors(&[&root]);
    let with = |critical, purpose| {
        let mut params = leaf_params("example.com");
        params.subject_alt_names = vec![];
        params.custom_extensions = vec![san(critical)];
        params.extended_key_usages = vec![purpose];
        issue(params, &root)
    };
    let server = ExtendedKeyUsagePurpose::ServerAuth;
    assert!(verify(&anchors, &with(false, server.clone()), &[], &options()).is_ok());
    assert_eq!(
        verify(&anchors, &with(true, server), &[], &options())
            .unwrap_err()
            .error,
        violation(ProfileRule::CriticalSubjectAltNameWithSubject)
    );
    // The rule is the CABF subscriber profile's: a client certificate may mark it critical.
    let client = with(true, ExtendedKeyUsagePurpose::ClientAuth);
    assert!(anchors.verify_client(client.der(), &[], &options()).is_ok());
}

#[test]
fn an_empty_subject_needs_a_critical_subject_alt_name() {
    let root = root("root");
    let anchors = anchors(&[&root]);
    let with = |critical| {
        let mut params = leaf_params("example.com");
        params.distinguished_name = DistinguishedName::new();
        params.subject_alt_names = vec![];
        params.custom_extensions = vec![san(critical)];
        issue(params, &root)
    };
    assert!(verify(&anchors, &with(true), &[], &options()).is_ok());
    assert_eq!(
        verify(&anchors, &with(false), &[], &options())
            .unwrap_err()
            .error,
        violation(ProfileRule::EmptySubjectWithoutCriticalSubjectAltName)
    );
}

#[test]
fn name_constraints_belong_in_ca_certificates_only() {
    let root = root("root");
    let anchors = anchors(&[&root]);
    let constraints = NameConstraints {
        permitted_subtrees: vec![GeneralSubtree::DnsName("example.com".to_owned())],
        excluded_subtrees: vec![],
    };
    let mut ca = ca_params("ica");
    ca.name_constraints = Some(constraints.clone());
    let ca = issue(ca, &root);
    assert!(verify(&anchors, &leaf(&ca), &[&ca], &options()).is_ok());
    let mut params = leaf_params("example.com");
    params.name_constraints = Some(constraints);
    let constrained_leaf = issue(params, &root);
    assert_eq!(
        verify(&anchors, &constrained_leaf, &[], &options())
            .unwrap_err()
            .error,
        violation(ProfileRule::EndEntityNameConstraints)
    );
}

#[test]
fn an_authority_key_identifier_is_not_critical() {
    let root = root("root");
    let anchors = anchors(&[&root]);
    let key_identifier = tls_pki::cert::Certificate::from_der(root.der())
        .unwrap()
        .subject_key_identifier()
        .unwrap()
        .unwrap()
        .to_vec();
    let mut extension =
        CustomExtension::from_oid_content(&[2, 5, 29, 35], tlv(0x30, &tlv(0x80, &key_identifier)));
    extension.set_criticality(true);
    let mut params = leaf_params("example.com");
    params.use_authority_key_identifier_extension = false;
    params.custom_extensions = vec![extension];
    let leaf = issue(params, &root);
    assert_eq!(
        verify(&anchors, &leaf, &[], &options()).unwrap_err().error,
        violation(ProfileRule::CriticalAuthorityKeyIdentifier)
    );
}

#[test]
fn a_root_may_carry_its_own_key_identifier_as_authority_key_identifier_only() {
    // rcgen gives a self-signed certificate with an AKI the key's own identifier.
    let mut params = ca_params("root");
    params.use_authority_key_identifier_extension = true;
    let own = self_signed(params);
    let anchors_own = anchors(&[&own]);
    assert!(verify(&anchors_own, &leaf(&own), &[], &options()).is_ok());

    // An AKI naming another key, on a root, is refused when the root is reached.
    let mut params = ca_params("root");
    params.use_authority_key_identifier_extension = false;
    params.custom_extensions = vec![CustomExtension::from_oid_content(
        &[2, 5, 29, 35],
        tlv(0x30, &tlv(0x80, &[1, 2, 3, 4])),
    )];
    let other = self_signed(params);
    let anchors_other = anchors(&[&other]);
    let rejection = verify(&anchors_other, &leaf(&other), &[], &options()).unwrap_err();
    assert_eq!(rejection.certificate, Position::TrustAnchor);
    assert_eq!(
        rejection.error,
        violation(ProfileRule::RootAuthorityKeyIdentifierNotItsOwn)
    );
}

#[test]
fn a_trust_anchor_is_held_to_the_ca_rules() {
    // Not a CA: trusted, but it cannot issue.
    let mut params = ca_params("root");
    params.use_authority_key_identifier_extension = false;
    params.is_ca = IsCa::NoCa;
    let not_ca = self_signed(params);
    let rejection = verify(&anchors(&[&not_ca]), &leaf(&not_ca), &[], &options()).unwrap_err();
    assert_eq!(
        (rejection.certificate, rejection.error),
        (Position::TrustAnchor, Error::IssuerNotCa)
    );

    // A CA whose keyUsage lacks keyCertSign.
    let mut params = ca_params("root");
    params.use_authority_key_identifier_extension = false;
    params.key_usages = vec![KeyUsagePurpose::CrlSign];
    let no_cert_sign = self_signed(params);
    let rejection = verify(
        &anchors(&[&no_cert_sign]),
        &leaf(&no_cert_sign),
        &[],
        &options(),
    )
    .unwrap_err();
    assert_eq!(
        (rejection.certificate, rejection.error),
        (Position::TrustAnchor, Error::IssuerLacksKeyCertSign)
    );

    // A CA with a path length of zero may still issue the leaf directly.
    let mut params = ca_params("root");
    params.use_authority_key_identifier_extension = false;
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    let zero = self_signed(params);
    assert!(verify(&anchors(&[&zero]), &leaf(&zero), &[], &options()).is_ok());
    let ica = intermediate("ica", &zero);
    let rejection = verify(&anchors(&[&zero]), &leaf(&ica), &[&ica], &options()).unwrap_err();
    assert_eq!(
        (rejection.certificate, rejection.error),
        (
            Position::TrustAnchor,
            Error::PathLenConstraintViolated {
                path_len_constraint: 0
            }
        )
    );
}
