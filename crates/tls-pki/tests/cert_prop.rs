//! Properties of certificate parsing and chain verification: nothing panics on arbitrary bytes,
//! on arbitrary mutations of real certificates, or on arbitrary chains handed to
//! `TrustAnchors::verify_server`.

use proptest::prelude::*;
use tls_pki::cert::Certificate;
use tls_pki::name::ServerName;
use tls_pki::{TrustAnchor, TrustAnchors, UnixTime, VerifyOptions};

/// The OpenSSL chain of the capture file: [root, intermediate, ECDSA leaf, RSA leaf].
fn real_certificates() -> Vec<Vec<u8>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/openssl-captures.json"
    );
    let captures: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let der =
        |text: &serde_json::Value| pem::parse(text.as_str().unwrap()).unwrap().into_contents();
    let leaf =
        |index: usize| der(&captures["connections"][index]["server_certificate_chain_pem"][0]);
    vec![
        der(&captures["ca_certificate_pem"]),
        der(&captures["intermediate_ca_certificate_pem"]),
        leaf(0),
        leaf(1),
    ]
}

/// Parses `der` and calls every accessor, iterating what they return.
fn exercise(der: &[u8]) {
    let _ = TrustAnchor::from_der(der).map(|anchor| anchor.certificate().map(drop));
    let Ok(certificate) = Certificate::from_der(der) else {
        return;
    };
    let _ = (
        certificate.der(),
        certificate.tbs_bytes(),
        certificate.version(),
        certificate.serial_number(),
        certificate.signature_algorithm(),
        certificate.issuer(),
        certificate.validity(),
        certificate.subject(),
        certificate.subject_public_key_info(),
        certificate.signature(),
        certificate.basic_constraints(),
        certificate.key_usage(),
        certificate.name_constraints(),
        certificate.authority_key_identifier(),
        certificate.subject_key_identifier(),
    );
    if let Ok(Some(usage)) = certificate.extended_key_usage() {
        let _ = usage.purposes().count();
    }
    if let Ok(Some(names)) = certificate.subject_alt_name() {
        let _ = names.names().count();
    }
    let _ = certificate.extensions().unknown_critical().count();
}

/// A change to a certificate's bytes.
#[derive(Clone, Debug)]
enum Mutation {
    /// Set the byte at (index mod length).
    Set(usize, u8),
    /// Flip one bit of the byte at (index mod length).
    Flip(usize, u8),
    /// Insert bytes at (index mod (length + 1)).
    Insert(usize, Vec<u8>),
    /// Remove up to `n` bytes at (index mod length).
    Remove(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Set(at, byte)),
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::Flip(at, bit)),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
        (any::<usize>(), 1usize..16).prop_map(|(at, n)| Mutation::Remove(at, n)),
    ]
}

fn apply(der: &mut Vec<u8>, mutation: &Mutation) {
    if der.is_empty() {
        return;
    }
    let len = der.len();
    match mutation {
        Mutation::Set(at, byte) => der[at % len] = *byte,
        Mutation::Flip(at, bit) => der[at % len] ^= 1 << bit,
        Mutation::Insert(at, bytes) => {
            let at = at % (len + 1);
            der.splice(at..at, bytes.iter().copied());
        }
        Mutation::Remove(at, n) => {
            let at = at % len;
            der.drain(at..(at + n).min(len));
        }
    }
}

/// Verifies `end_entity` and `intermediates` against `anchors` as a server chain, with and
/// without a name, at a time inside the real chain's validity.
fn verify(anchors: &TrustAnchors, end_entity: &[u8], intermediates: &[Vec<u8>]) {
    let intermediates: Vec<&[u8]> = intermediates.iter().map(Vec::as_slice).collect();
    // 2027-01-01, inside the OpenSSL chain's validity.
    let options = VerifyOptions::at(UnixTime::from_secs(1_798_761_600));
    let name = ServerName::try_from("localhost").unwrap();
    for server_name in [None, Some(&name)] {
        if let Err(rejection) =
            anchors.verify_server(end_entity, &intermediates, server_name, &options)
        {
            let _ = (rejection.class(), rejection.to_string());
        }
    }
}

/// The real root as the one anchor.
fn root_anchors() -> TrustAnchors {
    let mut anchors = TrustAnchors::new();
    anchors.add(TrustAnchor::from_der(&real_certificates()[0]).unwrap());
    anchors
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        exercise(&bytes);
    }

    #[test]
    fn arbitrary_bytes_in_a_sequence_never_panic(
        contents in proptest::collection::vec(any::<u8>(), 0..400),
    ) {
        // A plausible outer SEQUENCE gets the walk past the first TLV.
        let mut der = vec![0x30, 0x82];
        der.extend(u16::try_from(contents.len()).unwrap().to_be_bytes());
        der.extend(contents);
        exercise(&der);
    }

    #[test]
    fn mutated_real_certificates_never_panic(
        which in 0usize..4,
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let mut der = real_certificates().swap_remove(which);
        for mutation in &mutations {
            apply(&mut der, mutation);
        }
        exercise(&der);
    }

    #[test]
    fn arbitrary_chains_never_panic(
        end_entity in proptest::collection::vec(any::<u8>(), 0..300),
        intermediates in proptest::collection::vec(
            proptest::collection::vec(any::<u8>(), 0..300),
            0..6,
        ),
    ) {
        verify(&root_anchors(), &end_entity, &intermediates);
    }

    #[test]
    fn mutated_real_chains_never_panic(
        mutations in proptest::collection::vec((0usize..2, mutation()), 0..4),
        extra in proptest::collection::vec(0usize..4, 0..4),
    ) {
        let real = real_certificates();
        let mut end_entity = real[2].clone();
        let mut intermediates = vec![real[1].clone()];
        intermediates.extend(extra.iter().map(|index| real[*index].clone()));
        for (target, mutation) in &mutations {
            match target {
                0 => apply(&mut end_entity, mutation),
                _ => apply(&mut intermediates[0], mutation),
            }
        }
        verify(&root_anchors(), &end_entity, &intermediates);
    }
}
