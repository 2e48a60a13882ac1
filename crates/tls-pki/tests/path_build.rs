//! Path building: candidates, backtracking, loops, depth and budget (RFC 4158).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod path_support;

use path_support::*;
use tls_pki::{Budget, BudgetKind, Error, Position, Rejection};

#[test]
fn accepts_leaf_intermediate_root_and_returns_the_path() {
    let root = root("root");
    let ica = intermediate("ica", &root);
    let leaf = leaf(&ica);
    let anchors = anchors(&[&root]);
    let path = verify(&anchors, &leaf, &[&ica], &options()).unwrap();
    assert_eq!(path.end_entity().der(), leaf.der());
    assert_eq!(path.intermediates().len(), 1);
    assert_eq!(path.intermediates()[0], ica.der());
    assert_eq!(path.anchor().der(), root.der());
}

#[test]
fn accepts_leaf_issued_by_an_anchor() {
    let root = root("root");
    let leaf = leaf(&root);
    let anchors = anchors(&[&root]);
    let path = verify(&anchors, &leaf, &[], &options()).unwrap();
    assert!(path.intermediates().is_empty());
}

#[test]
fn returns_intermediates_in_path_order_whatever_order_they_came_in() {
    let root = root("root");
    let upper = intermediate("upper", &root);
    let lower = intermediate("lower", &upper);
    let unrelated = intermediate("unrelated", &root);
    let leaf = leaf(&lower);
    let anchors = anchors(&[&root]);
    let path = verify(&anchors, &leaf, &[&unrelated, &upper, &lower], &options()).unwrap();
    let ders: Vec<&[u8]> = path.intermediates().to_vec();
    assert_eq!(ders, [lower.der(), upper.der()]);
}

#[test]
fn rejects_chain_whose_root_is_not_trusted() {
    let root = root("root");
    let other = root_named_other();
    let ica = intermediate("ica", &root);
    let leaf = leaf(&ica);
    let anchors = anchors(&[&other]);
    let rejection = verify(&anchors, &leaf, &[&ica], &options()).unwrap_err();
    assert_eq!(
        rejection,
        Rejection {
            certificate: Position::Intermediate(0),
            error: Error::UnknownIssuer
        }
    );
    assert_eq!(rejection.class(), tls_pki::CertificateFault::UnknownCa);
}

fn root_named_other() -> Issued {
    root("other root")
}

#[test]
fn tries_the_next_same_named_issuer_when_a_signature_fails() {
    let root = root("root");
    let impostor_root = path_support::root("impostor");
    // Two intermediates named "ica": the first one listed did not sign the leaf.
    let impostor = intermediate("ica", &impostor_root);
    let ica = intermediate("ica", &root);
    let leaf = leaf(&ica);
    let anchors = anchors(&[&root, &impostor_root]);
    let path = verify(&anchors, &leaf, &[&impostor, &ica], &options()).unwrap();
    assert_eq!(path.intermediates()[0], ica.der());
}

#[test]
fn skips_an_expired_cross_sign_for_a_valid_path() {
    // "Chain of pain": the leaf's issuer is both a trusted root and an expired cross-sign.
    let old_root = root("old root");
    let new_root = root("new root");
    let mut cross = ca_params("new root");
    cross.not_after = rcgen::date_time_ymd(2020, 1, 1);
    let new_root_key = KeyPairClone::of(&new_root);
    let cross = issue_with_key(cross, new_root_key, &old_root);
    let leaf = leaf(&new_root);
    let anchors = anchors(&[&old_root, &new_root]);
    let path = verify(&anchors, &leaf, &[&cross], &options()).unwrap();
    assert!(path.intermediates().is_empty());
    assert_eq!(path.anchor().der(), new_root.der());
}

/// The same key pair again, so a cross-sign certifies the root's own key.
struct KeyPairClone;

impl KeyPairClone {
    fn of(issued: &Issued) -> rcgen::KeyPair {
        rcgen::KeyPair::from_pem(&issued.key.serialize_pem()).unwrap()
    }
}

#[test]
fn reports_the_expired_intermediate_when_it_is_the_only_way() {
    let root = root("root");
    let mut params = ca_params("ica");
    params.not_after = rcgen::date_time_ymd(2020, 1, 1);
    let ica = issue(params, &root);
    let leaf = leaf(&ica);
    let anchors = anchors(&[&root]);
    let rejection = verify(&anchors, &leaf, &[&ica], &options()).unwrap_err();
    assert_eq!(rejection.certificate, Position::Intermediate(0));
    assert!(matches!(rejection.error, Error::Expired { .. }));
}

#[test]
fn ends_a_cross_signing_loop_with_unknown_issuer() {
    let root = root("root");
    let a = path_support::root("A");
    let b = intermediate("B", &a);
    // A again, same key, this time issued by B: A <-> B, neither reaches the root.
    let a_by_b = issue_with_key(ca_params("A"), KeyPairClone::of(&a), &b);
    let leaf = leaf(&a);
    let anchors = anchors(&[&root]);
    let rejection = verify(&anchors, &leaf, &[&b, &a_by_b], &options()).unwrap_err();
    assert_eq!(rejection.error, Error::UnknownIssuer);
}

#[test]
fn runs_out_of_budget_on_a_wide_fan_of_same_named_candidates() {
    let root = root("root");
    // Every "ica" claims the same key identifier, so the AKI/SKI ordering cannot single out
    // the real issuer, which comes last.
    let same_key_id = || {
        let mut params = ca_params("ica");
        params.key_identifier_method = rcgen::KeyIdMethod::PreSpecified(vec![7; 20]);
        params
    };
    let ica = issue(same_key_id(), &root);
    let leaf = leaf(&ica);
    let decoys: Vec<Issued> = (0..20).map(|_| issue(same_key_id(), &root)).collect();
    let mut list: Vec<&Issued> = decoys.iter().collect();
    list.push(&ica);
    let anchors = anchors(&[&root]);
    let mut options = options();
    options.budget = Budget {
        signatures: 10,
        ..Budget::default()
    };
    let rejection = verify(&anchors, &leaf, &list, &options).unwrap_err();
    assert_eq!(
        rejection.error,
        Error::BudgetExceeded {
            kind: BudgetKind::Signatures
        }
    );
    options.budget = Budget {
        build_steps: 5,
        ..Budget::default()
    };
    let rejection = verify(&anchors, &leaf, &list, &options).unwrap_err();
    assert_eq!(
        rejection.error,
        Error::BudgetExceeded {
            kind: BudgetKind::BuildSteps
        }
    );
    // With the default budget the one good candidate is found.
    assert!(verify(&anchors, &leaf, &list, &path_support::options()).is_ok());
}

#[test]
fn enforces_max_depth() {
    let root = root("root");
    let upper = intermediate("upper", &root);
    let lower = intermediate("lower", &upper);
    let leaf = leaf(&lower);
    let anchors = anchors(&[&root]);
    let mut options = options();
    options.max_depth = 2;
    assert!(verify(&anchors, &leaf, &[&lower, &upper], &options).is_ok());
    options.max_depth = 1;
    let rejection = verify(&anchors, &leaf, &[&lower, &upper], &options).unwrap_err();
    assert_eq!(rejection.error, Error::MaxDepthExceeded { max_depth: 1 });

    let direct = path_support::leaf(&root);
    options.max_depth = 0;
    assert!(verify(&anchors, &direct, &[], &options).is_ok());
}

#[test]
fn does_not_count_self_issued_intermediates_against_max_depth() {
    let root = root("root");
    let ica = intermediate("ica", &root);
    // Key rollover: "ica" with a new key, issued by the old "ica".
    let rolled = intermediate("ica", &ica);
    let leaf = leaf(&rolled);
    let anchors = anchors(&[&root]);
    let mut options = options();
    options.max_depth = 1;
    let path = verify(&anchors, &leaf, &[&rolled, &ica], &options).unwrap();
    assert_eq!(path.intermediates().len(), 2);
}

#[test]
fn ignores_intermediates_that_do_not_parse() {
    let root = root("root");
    let ica = intermediate("ica", &root);
    let leaf = leaf(&ica);
    let anchors = anchors(&[&root]);
    let garbage: &[u8] = &[0x30, 0x03, 0x02, 0x01];
    let ders: Vec<&[u8]> = vec![garbage, ica.der()];
    let path = anchors
        .verify_server(leaf.der(), &ders, Some(&example_com()), &options())
        .unwrap();
    assert_eq!(path.intermediates().len(), 1);
}

#[test]
fn rejects_end_entity_that_does_not_parse() {
    let anchors = anchors(&[&root("root")]);
    let rejection = anchors
        .verify_server(&[0x30, 0x00], &[], None, &options())
        .unwrap_err();
    assert_eq!(rejection.certificate, Position::EndEntity);
    assert!(matches!(
        rejection.error,
        Error::MalformedCertificate { .. }
    ));
}
