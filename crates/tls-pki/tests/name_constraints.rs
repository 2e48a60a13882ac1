//! The nameConstraints parser from outside the crate: it accepts what CAs issue, refuses the
//! malformed shapes x509-limbo checks, and never panics on arbitrary bytes.

use proptest::prelude::*;
use rcgen::{BasicConstraints, CertificateParams, CidrSubnet, GeneralSubtree, IsCa, KeyPair};
use tls_pki::Error;
use tls_pki::cert::{Certificate, ID_CE_NAME_CONSTRAINTS};
use tls_pki::name::constraints::NameConstraints;

fn is_malformed(value: &[u8]) -> bool {
    matches!(
        NameConstraints::from_der(value),
        Err(Error::MalformedExtension { oid, .. }) if oid == ID_CE_NAME_CONSTRAINTS
    )
}

#[test]
fn accepts_the_constraints_of_an_rcgen_ca() {
    let mut params = CertificateParams::default();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.name_constraints = Some(rcgen::NameConstraints {
        permitted_subtrees: vec![
            GeneralSubtree::DnsName("example.com".to_owned()),
            GeneralSubtree::Rfc822Name("example.com".to_owned()),
            GeneralSubtree::IpAddress(CidrSubnet::V6(
                [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
                [0xff; 16],
            )),
        ],
        excluded_subtrees: vec![GeneralSubtree::IpAddress(CidrSubnet::V4(
            [10, 0, 0, 0],
            [255, 0, 0, 0],
        ))],
    });
    let key = KeyPair::generate().unwrap();
    let ca = params.self_signed(&key).unwrap();
    let ca = Certificate::from_der(ca.der()).unwrap();
    let value = ca.name_constraints().unwrap();
    assert!(NameConstraints::from_der(value).is_ok());
}

#[test]
fn rejects_null_or_empty_subtrees() {
    // x509-limbo webpki::nc::intermediate-permitted-excluded-subtrees-both-null.
    assert!(is_malformed(&[0x30, 0x00]));
    // x509-limbo webpki::nc::intermediate-permitted-excluded-subtrees-both-empty-sequences.
    assert!(is_malformed(&[0x30, 0x04, 0xa0, 0x00, 0xa1, 0x00]));
}

#[test]
fn rejects_ip_constraints_that_are_plain_addresses() {
    // x509-limbo rfc5280::nc::invalid-ipv4-address: 127.0.0.1 with no mask.
    assert!(is_malformed(&[
        0x30, 0x0a, 0xa0, 0x08, 0x30, 0x06, 0x87, 0x04, 0x7f, 0x00, 0x00, 0x01
    ]));
}

/// A structurally plausible `NameConstraints`: random bases in random subtrees.
fn plausible() -> impl Strategy<Value = Vec<u8>> {
    let base = (0x80u8..=0xa8, proptest::collection::vec(any::<u8>(), 0..40));
    let subtrees = proptest::collection::vec(base, 0..6);
    (subtrees.clone(), subtrees).prop_map(|(permitted, excluded)| {
        let tlv = |tag: u8, contents: &[u8]| {
            let mut out = vec![tag, u8::try_from(contents.len()).unwrap_or(0x7f)];
            out.extend_from_slice(contents);
            out
        };
        let field = |tag, bases: &[(u8, Vec<u8>)]| {
            let subtrees: Vec<u8> = bases
                .iter()
                .flat_map(|(base_tag, value)| tlv(0x30, &tlv(*base_tag, value)))
                .collect();
            tlv(tag, &subtrees)
        };
        let mut fields = field(0xa0, &permitted);
        fields.extend(field(0xa1, &excluded));
        tlv(0x30, &fields)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsing_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = NameConstraints::from_der(&bytes);
    }

    #[test]
    fn parsing_plausible_structures_never_panics(value in plausible()) {
        let _ = NameConstraints::from_der(&value);
    }
}
