//! Hostile shapes of input, each ending within the verification's budget: a wide mesh of
//! cross-signed CAs, chains deeper than any limit, a name-constraint set that would take
//! millions of comparisons, and more intermediates than we consider. What is shown is that
//! each ends with the error its limit names (the budget counts work, so these are the same in
//! debug and release builds); how fast is the benchmarks' business.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod path_support;

use path_support::*;
use rcgen::{GeneralSubtree, KeyPair, NameConstraints, SanType};
use tls_pki::budget::Budget;
use tls_pki::{BudgetKind, Error, VerifyOptions};

/// CAs named `mesh-0` … `mesh-{n-1}`, each with its own key, every one cross-signed by every
/// other: `n (n - 1)` intermediates, and as many simple paths through them as there are
/// arrangements.
fn mesh(n: usize) -> (Vec<Issued>, Vec<KeyPair>) {
    let keys: Vec<KeyPair> = (0..n).map(|_| KeyPair::generate().unwrap()).collect();
    // One self-signed certificate per CA, only to sign the cross-signs with.
    let signers: Vec<Issued> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| {
            let key = KeyPair::from_pem(&key.serialize_pem()).unwrap();
            let cert = ca_params(&format!("mesh-{i}")).self_signed(&key).unwrap();
            Issued { cert, key }
        })
        .collect();
    let mut certificates = Vec::new();
    for (subject, subject_key) in keys.iter().enumerate() {
        for (issuer, signer) in signers.iter().enumerate() {
            if issuer == subject {
                continue;
            }
            let key = KeyPair::from_pem(&subject_key.serialize_pem()).unwrap();
            certificates.push(issue_with_key(
                ca_params(&format!("mesh-{subject}")),
                key,
                signer,
            ));
        }
    }
    (certificates, keys)
}

/// A leaf for example.com signed with `key`, under the name `mesh-0`.
fn leaf_signed_by(key: &KeyPair) -> Issued {
    let key = KeyPair::from_pem(&key.serialize_pem()).unwrap();
    let signer = Issued {
        cert: ca_params("mesh-0").self_signed(&key).unwrap(),
        key,
    };
    leaf(&signer)
}

#[test]
fn a_cross_signed_mesh_with_no_way_out_ends_on_the_signature_budget() {
    let (mesh, keys) = mesh(6);
    let leaf = leaf_signed_by(&keys[0]);
    let unrelated = root("unrelated root");
    let anchors = anchors(&[&unrelated]);
    let intermediates: Vec<&Issued> = mesh.iter().collect();
    let rejection = verify(&anchors, &leaf, &intermediates, &options()).unwrap_err();
    assert_eq!(
        rejection.error,
        Error::BudgetExceeded {
            kind: BudgetKind::Signatures
        }
    );
}

#[test]
fn a_cross_signed_mesh_with_a_root_inside_finds_it_within_budget() {
    let (mesh, keys) = mesh(6);
    // The anchor is mesh-5 with its own key; the leaf is issued by mesh-0's key.
    let root_key = KeyPair::from_pem(&keys[5].serialize_pem()).unwrap();
    let mut root_params = ca_params("mesh-5");
    root_params.use_authority_key_identifier_extension = false;
    let root = Issued {
        cert: root_params.self_signed(&root_key).unwrap(),
        key: root_key,
    };
    let leaf = leaf_signed_by(&keys[0]);
    let anchors = anchors(&[&root]);
    let intermediates: Vec<&Issued> = mesh.iter().collect();
    let path = verify(&anchors, &leaf, &intermediates, &options()).unwrap();
    assert!(!path.intermediates().is_empty());
}

/// A chain of `depth` intermediates under a fresh root, and the leaf at its end.
fn deep(depth: usize) -> (Issued, Vec<Issued>, Issued) {
    let root = root("root");
    let mut chain: Vec<Issued> = Vec::new();
    for level in 0..depth {
        let issuer = chain.last().unwrap_or(&root);
        chain.push(intermediate(&format!("level {level}"), issuer));
    }
    let leaf = leaf(chain.last().unwrap_or(&root));
    (root, chain, leaf)
}

#[test]
fn honours_max_depth_exactly() {
    let (root, chain, leaf) = deep(3);
    let anchors = anchors(&[&root]);
    let intermediates: Vec<&Issued> = chain.iter().collect();
    let mut options = options();
    options.max_depth = 3;
    assert!(verify(&anchors, &leaf, &intermediates, &options).is_ok());
    options.max_depth = 2;
    let rejection = verify(&anchors, &leaf, &intermediates, &options).unwrap_err();
    assert_eq!(rejection.error, Error::MaxDepthExceeded { max_depth: 2 });
    options.max_depth = 0;
    let rejection = verify(&anchors, &leaf, &intermediates, &options).unwrap_err();
    assert_eq!(rejection.error, Error::MaxDepthExceeded { max_depth: 0 });
}

#[test]
fn no_path_grows_past_thirty_two_intermediates_whatever_max_depth_says() {
    let (root, chain, leaf) = deep(33);
    let trusted = anchors(&[&root]);
    let intermediates: Vec<&Issued> = chain.iter().rev().collect();
    let mut options = options();
    options.max_depth = usize::MAX;
    let rejection = verify(&trusted, &leaf, &intermediates, &options).unwrap_err();
    assert_eq!(rejection.error, Error::MaxDepthExceeded { max_depth: 32 });
    // Thirty-two is within reach (33 signatures, inside the default budget of 100).
    // Anchored one level down (a trusted intermediate), the same leaf is 32 intermediates away.
    let trimmed: Vec<&Issued> = chain.iter().skip(1).rev().collect();
    let anchors = anchors(&[&chain[0]]);
    let path = verify(&anchors, &leaf, &trimmed, &options).unwrap();
    assert_eq!(path.intermediates().len(), 32);
}

#[test]
fn a_huge_name_constraint_set_ends_on_the_comparison_budget() {
    let root = root("root");
    let mut ca = ca_params("constrained");
    ca.name_constraints = Some(NameConstraints {
        // Each name of the leaf is within the last subtree only, so that each costs a thousand
        // comparisons.
        permitted_subtrees: (0..1000)
            .map(|i| GeneralSubtree::DnsName(format!("permitted-{i}.example")))
            .chain([GeneralSubtree::DnsName("example.com".to_owned())])
            .collect(),
        excluded_subtrees: vec![],
    });
    let ca = issue(ca, &root);
    let mut params = leaf_params("example.com");
    params.subject_alt_names = (0..300)
        .map(|i| SanType::DnsName(format!("host-{i}.example.com").try_into().unwrap()))
        .chain([SanType::DnsName("example.com".try_into().unwrap())])
        .collect();
    let leaf = issue(params, &ca);
    let anchors = anchors(&[&root]);
    let rejection = verify(&anchors, &leaf, &[&ca], &options()).unwrap_err();
    assert_eq!(
        rejection.error,
        Error::BudgetExceeded {
            kind: BudgetKind::NameConstraintComparisons
        }
    );
    // With a budget that covers the work, the answer is the real one.
    let mut options = options();
    options.budget = Budget {
        name_constraint_comparisons: 1_000_000,
        ..Budget::default()
    };
    assert!(verify(&anchors, &leaf, &[&ca], &options).is_ok());
}

#[test]
fn considers_only_the_first_sixty_four_intermediates() {
    let root = root("root");
    let ica = intermediate("ica", &root);
    let leaf = leaf(&ica);
    let decoy = intermediate("decoy", &root);
    let anchors = anchors(&[&root]);
    let mut intermediates: Vec<&Issued> = vec![&decoy; 64];
    intermediates.push(&ica);
    let rejection = verify(&anchors, &leaf, &intermediates, &options()).unwrap_err();
    assert_eq!(rejection.error, Error::UnknownIssuer);
    intermediates.insert(0, &ica);
    assert!(verify(&anchors, &leaf, &intermediates, &options()).is_ok());
}

#[test]
fn a_tight_budget_stops_a_search_that_a_default_one_finishes() {
    let (root, chain, leaf) = deep(4);
    let anchors = anchors(&[&root]);
    let intermediates: Vec<&Issued> = chain.iter().collect();
    let mut options: VerifyOptions = options();
    options.budget = Budget {
        signatures: 3,
        ..Budget::default()
    };
    let rejection = verify(&anchors, &leaf, &intermediates, &options).unwrap_err();
    assert_eq!(
        rejection.error,
        Error::BudgetExceeded {
            kind: BudgetKind::Signatures
        }
    );
    options.budget = Budget::default();
    assert!(verify(&anchors, &leaf, &intermediates, &options).is_ok());
}
