//! The extensions a path does not otherwise act on, parsed strictly, and the policy extensions
//! as far as a verification without an initial policy set acts on them (RFC 5280 §4.2.1.4,
//! §4.2.1.5, §4.2.1.11, §4.2.1.13, §4.2.1.14, §4.2.2.1; RFC 6962 §3.3): each rule with a chain
//! that passes and one that does not.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod path_support;

use path_support::*;
use rcgen::CustomExtension;
use tls_pki::cert::{
    ID_CE_CERTIFICATE_POLICIES, ID_CE_CRL_DISTRIBUTION_POINTS, ID_CE_POLICY_MAPPINGS,
    ID_CT_PRECERT_SCTS, ID_PE_AUTHORITY_INFO_ACCESS,
};
use tls_pki::{Error, Position, ProfileRule, Rejection};

fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
    let mut out = vec![tag, u8::try_from(contents.len()).unwrap()];
    out.extend_from_slice(contents);
    out
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

fn oid(contents: &[u8]) -> Vec<u8> {
    tlv(0x06, contents)
}

fn custom(arcs: &[u64], critical: bool, value: Vec<u8>) -> CustomExtension {
    let mut extension = CustomExtension::from_oid_content(arcs, value);
    extension.set_criticality(critical);
    extension
}

/// 2.23.140.1.2.1, CABF's domain-validated policy.
const DV: &[u8] = &[0x67, 0x81, 0x0c, 0x01, 0x02, 0x01];
/// anyPolicy, 2.5.29.32.0.
const ANY_POLICY: &[u8] = &[0x55, 0x1d, 0x20, 0x00];

/// Verifies root -> ica -> leaf, with `on_ica` and `on_leaf` added to those certificates.
fn chain(on_ica: Vec<CustomExtension>, on_leaf: Vec<CustomExtension>) -> Result<(), Rejection> {
    let root = root("root");
    let mut ica = ca_params("ica");
    ica.custom_extensions = on_ica;
    let ica = issue(ica, &root);
    let mut leaf = leaf_params("example.com");
    leaf.custom_extensions = on_leaf;
    let leaf = issue(leaf, &ica);
    let anchors = anchors(&[&root]);
    verify(&anchors, &leaf, &[&ica], &options()).map(|_| ())
}

fn policy_constraints(critical: bool, fields: &[Vec<u8>]) -> CustomExtension {
    custom(&[2, 5, 29, 36], critical, seq(fields))
}

#[test]
fn policy_constraints_must_be_critical() {
    let require_five = tlv(0x80, &[5]);
    assert_eq!(
        chain(
            vec![policy_constraints(
                true,
                std::slice::from_ref(&require_five)
            )],
            vec![]
        ),
        Ok(())
    );
    assert_eq!(
        chain(vec![policy_constraints(false, &[require_five])], vec![]),
        Err(Rejection {
            certificate: Position::Intermediate(0),
            error: Error::ProfileViolation {
                rule: ProfileRule::NonCriticalPolicyConstraints
            }
        })
    );
}

#[test]
fn refuses_a_path_where_an_explicit_policy_becomes_required() {
    // requireExplicitPolicy 0 in the intermediate: explicit_policy is zero from there on.
    let rejection = chain(vec![policy_constraints(true, &[tlv(0x80, &[0])])], vec![]).unwrap_err();
    assert_eq!(rejection.error, Error::ExplicitPolicyRequired);
    // requireExplicitPolicy 1: one more non-self-issued certificate (the leaf) is processed
    // before the requirement applies, and the wrap-up brings it to zero.
    let rejection = chain(vec![policy_constraints(true, &[tlv(0x80, &[1])])], vec![]).unwrap_err();
    assert_eq!(rejection.error, Error::ExplicitPolicyRequired);
    // requireExplicitPolicy 2 never takes effect on a path this short.
    assert_eq!(
        chain(vec![policy_constraints(true, &[tlv(0x80, &[2])])], vec![]),
        Ok(())
    );
    // inhibitPolicyMapping alone changes nothing without mappings to inhibit.
    assert_eq!(
        chain(vec![policy_constraints(true, &[tlv(0x81, &[0])])], vec![]),
        Ok(())
    );
}

#[test]
fn refuses_an_empty_policy_constraints() {
    let rejection = chain(vec![policy_constraints(true, &[])], vec![]).unwrap_err();
    assert!(matches!(rejection.error, Error::MalformedExtension { .. }));
}

#[test]
fn inhibit_any_policy_must_be_critical() {
    let value = tlv(0x02, &[0]);
    assert_eq!(
        chain(vec![custom(&[2, 5, 29, 54], true, value.clone())], vec![]),
        Ok(())
    );
    assert_eq!(
        chain(vec![custom(&[2, 5, 29, 54], false, value)], vec![])
            .unwrap_err()
            .error,
        Error::ProfileViolation {
            rule: ProfileRule::NonCriticalInhibitAnyPolicy
        }
    );
}

#[test]
fn refuses_policy_mappings_of_any_policy() {
    let mapping = |from: &[u8], to: &[u8]| seq(&[oid(from), oid(to)]);
    let fine = custom(&[2, 5, 29, 33], true, seq(&[mapping(DV, DV)]));
    assert_eq!(chain(vec![fine], vec![]), Ok(()));
    let any = custom(&[2, 5, 29, 33], true, seq(&[mapping(DV, ANY_POLICY)]));
    assert!(matches!(
        chain(vec![any], vec![]).unwrap_err().error,
        Error::MalformedExtension { oid, .. } if oid == ID_CE_POLICY_MAPPINGS
    ));
}

#[test]
fn accepts_critical_certificate_policies_and_refuses_malformed_ones() {
    let cps = seq(&[
        oid(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x02, 0x01]),
        tlv(0x16, b"https://ca.example/cps"),
    ]);
    let policies = seq(&[seq(&[oid(DV)]), seq(&[oid(ANY_POLICY), seq(&[cps])])]);
    assert_eq!(
        chain(
            vec![custom(&[2, 5, 29, 32], true, policies.clone())],
            vec![custom(&[2, 5, 29, 32], false, policies)]
        ),
        Ok(())
    );
    let twice = seq(&[seq(&[oid(DV)]), seq(&[oid(DV)])]);
    assert!(matches!(
        chain(vec![], vec![custom(&[2, 5, 29, 32], false, twice)]).unwrap_err().error,
        Error::MalformedExtension { oid, .. } if oid == ID_CE_CERTIFICATE_POLICIES
    ));
}

#[test]
fn refuses_malformed_information_access_and_distribution_points() {
    let ocsp = [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01];
    let aia = |location: Vec<u8>| {
        custom(
            &[1, 3, 6, 1, 5, 5, 7, 1, 1],
            false,
            seq(&[seq(&[oid(&ocsp), location])]),
        )
    };
    assert_eq!(
        chain(vec![], vec![aia(tlv(0x86, b"http://ocsp.example"))]),
        Ok(())
    );
    assert!(matches!(
        chain(vec![], vec![aia(tlv(0x89, b"x"))]).unwrap_err().error,
        Error::MalformedExtension { oid, .. } if oid == ID_PE_AUTHORITY_INFO_ACCESS
    ));
    // Only reasons, neither a name nor a cRLIssuer.
    let crldp = custom(
        &[2, 5, 29, 31],
        false,
        seq(&[seq(&[tlv(0x81, &[0x07, 0x80])])]),
    );
    assert!(matches!(
        chain(vec![], vec![crldp]).unwrap_err().error,
        Error::MalformedExtension { oid, .. } if oid == ID_CE_CRL_DISTRIBUTION_POINTS
    ));
}

#[test]
fn refuses_critical_extensions_it_only_parses() {
    let aia = custom(
        &[1, 3, 6, 1, 5, 5, 7, 1, 1],
        true,
        seq(&[seq(&[
            oid(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01]),
            tlv(0x86, b"http://ocsp.example"),
        ])]),
    );
    assert!(matches!(
        chain(vec![], vec![aia]).unwrap_err().error,
        Error::UnknownCriticalExtension { oid } if oid == ID_PE_AUTHORITY_INFO_ACCESS
    ));
}

#[test]
fn checks_the_framing_of_a_signed_certificate_timestamp_list() {
    let sct = |list: &[u8]| custom(&[1, 3, 6, 1, 4, 1, 11129, 2, 4, 2], false, tlv(0x04, list));
    assert_eq!(chain(vec![], vec![sct(&[0, 4, 0, 2, 0xaa, 0xbb])]), Ok(()));
    assert!(matches!(
        chain(vec![], vec![sct(&[0, 4, 0, 3, 0xaa, 0xbb])]).unwrap_err().error,
        Error::MalformedExtension { oid, .. } if oid == ID_CT_PRECERT_SCTS
    ));
}

#[test]
fn a_missing_authority_key_identifier_says_how_to_add_one() {
    let root = root("root");
    let mut params = leaf_params("example.com");
    params.use_authority_key_identifier_extension = false;
    let leaf = issue(params, &root);
    let anchors = anchors(&[&root]);
    let rejection = verify(&anchors, &leaf, &[], &options()).unwrap_err();
    assert_eq!(
        rejection.error,
        Error::ProfileViolation {
            rule: ProfileRule::MissingAuthorityKeyIdentifier
        }
    );
    let text = rejection.to_string();
    assert!(
        text.contains("use_authority_key_identifier_extension"),
        "{text}"
    );
    assert!(text.contains("authorityKeyIdentifier = keyid"), "{text}");
}
