#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use std::net::IpAddr;

use rcgen::{
    BasicConstraints, CertificateParams, CidrSubnet, DistinguishedName, DnType, DnValue,
    GeneralSubtree, IsCa, KeyPair, SanType,
};

use super::*;
use crate::budget::Budget;

/// One DER TLV, with a long-form length where needed.
fn der(tag: u8, contents: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = contents.len();
    if len < 0x80 {
        out.push(len as u8);
    } else if len <= 0xff {
        out.extend_from_slice(&[0x81, len as u8]);
    } else {
        out.extend_from_slice(&[0x82, (len >> 8) as u8, len as u8]);
    }
    out.extend_from_slice(contents);
    out
}

/// A `GeneralSubtree` whose base has identifier octet `tag` and contents `value`.
fn subtree(tag: u8, value: &[u8]) -> Vec<u8> {
    der(TAG_SEQUENCE, &der(tag, value))
}

/// A `NameConstraints` value; an empty list leaves its field out.
fn constraints(permitted: &[Vec<u8>], excluded: &[Vec<u8>]) -> Vec<u8> {
    let mut fields = Vec::new();
    if !permitted.is_empty() {
        fields.extend(der(0xa0, &permitted.concat()));
    }
    if !excluded.is_empty() {
        fields.extend(der(0xa1, &excluded.concat()));
    }
    der(TAG_SEQUENCE, &fields)
}

fn dns(name: &str) -> Vec<u8> {
    subtree(0x82, name.as_bytes())
}

fn email(name: &str) -> Vec<u8> {
    subtree(0x81, name.as_bytes())
}

fn uri(name: &str) -> Vec<u8> {
    subtree(0x86, name.as_bytes())
}

fn ip(range: &[u8]) -> Vec<u8> {
    subtree(0x87, range)
}

/// A directoryName subtree holding a Name of one `O=` RDN.
fn organization(value: &str) -> Vec<u8> {
    let attribute = [der(0x06, &[0x55, 0x04, 0x0a]), der(0x0c, value.as_bytes())].concat();
    let name = der(TAG_SEQUENCE, &der(0x31, &der(TAG_SEQUENCE, &attribute)));
    subtree(0xa4, &name)
}

/// An otherName subtree of a private type.
fn other_name() -> Vec<u8> {
    let oid = der(0x06, &[0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0xb2, 0x3a]);
    subtree(0xa0, &[oid, der(0xa0, &[0x05, 0x00])].concat())
}

fn meter() -> Meter {
    Meter::new(Budget::default())
}

/// Checks one subjectAltName entry against `value`.
fn check(value: &[u8], name: GeneralName<'_>) -> Result<(), Error> {
    NameConstraints::from_der(value)
        .unwrap()
        .check_name(name, &mut meter())
}

fn check_dns(value: &[u8], name: &str) -> Result<(), Error> {
    check(value, GeneralName::DnsName(name.as_bytes()))
}

fn check_email(value: &[u8], name: &str) -> Result<(), Error> {
    check(value, GeneralName::Rfc822Name(name.as_bytes()))
}

fn check_ip(value: &[u8], address: &str) -> Result<(), Error> {
    let octets = match address.parse::<IpAddr>().unwrap() {
        IpAddr::V4(v4) => v4.octets().to_vec(),
        IpAddr::V6(v6) => v6.octets().to_vec(),
    };
    check(value, GeneralName::IpAddress(&octets))
}

const VIOLATION: Result<(), Error> = Err(Error::NameConstraintViolation);

fn is_malformed_constraint(value: &[u8]) -> bool {
    matches!(
        NameConstraints::from_der(value),
        Err(Error::MalformedExtension { oid, .. }) if oid == ID_CE_NAME_CONSTRAINTS
    )
}

const V4_CLASS_C: [u8; 8] = [192, 0, 2, 0, 255, 255, 255, 0];

#[test]
fn parses_permitted_and_excluded_subtrees() {
    assert!(NameConstraints::from_der(&constraints(&[dns("example.com")], &[])).is_ok());
    assert!(NameConstraints::from_der(&constraints(&[], &[ip(&V4_CLASS_C)])).is_ok());
    let both = constraints(
        &[
            dns("example.com"),
            email(".example.com"),
            uri("host.example.com"),
        ],
        &[organization("Example"), other_name(), dns("")],
    );
    assert!(NameConstraints::from_der(&both).is_ok());
}

#[test]
fn rejects_extension_with_neither_field() {
    assert!(is_malformed_constraint(&[0x30, 0x00]));
}

#[test]
fn rejects_empty_general_subtrees() {
    assert!(is_malformed_constraint(&[
        0x30, 0x04, 0xa0, 0x00, 0xa1, 0x00
    ]));
    assert!(is_malformed_constraint(&[0x30, 0x02, 0xa1, 0x00]));
}

#[test]
fn rejects_subtree_with_minimum_or_maximum() {
    let base = der(0x82, b"example.com");
    for extra in [der(0x80, &[0x00]), der(0x80, &[0x01]), der(0x81, &[0x02])] {
        let subtree = der(TAG_SEQUENCE, &[base.clone(), extra].concat());
        assert!(is_malformed_constraint(&constraints(&[subtree], &[])));
    }
}

#[test]
fn rejects_leading_period_and_wildcard_dns_constraints() {
    assert!(is_malformed_constraint(&constraints(
        &[dns(".example.com")],
        &[]
    )));
    assert!(is_malformed_constraint(&constraints(
        &[dns("*.example.com")],
        &[]
    )));
    assert!(is_malformed_constraint(&constraints(
        &[],
        &[dns("exa mple.com")]
    )));
}

#[test]
fn rejects_ip_constraints_not_in_cidr_form() {
    assert!(is_malformed_constraint(&constraints(
        &[ip(&[127, 0, 0, 1])],
        &[]
    )));
    let mut v6_address = [0u8; 16];
    v6_address[15] = 1;
    assert!(is_malformed_constraint(&constraints(
        &[],
        &[ip(&v6_address)]
    )));
    assert!(is_malformed_constraint(&constraints(
        &[ip(&[192, 0, 2, 0, 255, 0, 255, 0])],
        &[]
    )));
}

#[test]
fn rejects_malformed_email_uri_and_directory_constraints() {
    assert!(is_malformed_constraint(&constraints(
        &[email("a@b@example.com")],
        &[]
    )));
    assert!(is_malformed_constraint(&constraints(&[email("")], &[])));
    assert!(is_malformed_constraint(&constraints(
        &[uri("http://example.com/")],
        &[]
    )));
    assert!(is_malformed_constraint(&constraints(&[uri("")], &[])));
    // A directoryName whose Name is IMPLICIT (the RDN SETs straight inside the [4]).
    let set = der(
        0x31,
        &der(
            TAG_SEQUENCE,
            &[der(0x06, &[0x55, 0x04, 0x03]), der(0x0c, b"x")].concat(),
        ),
    );
    assert!(is_malformed_constraint(&constraints(
        &[subtree(0xa4, &set)],
        &[]
    )));
}

#[test]
fn rejects_values_that_are_not_name_constraints() {
    let good = constraints(&[dns("example.com")], &[]);
    assert!(is_malformed_constraint(
        &[good.clone(), vec![0x00]].concat()
    ));
    assert!(is_malformed_constraint(&der(0x31, &good[2..])));
    // A universal-class base, a primitive directoryName and an unknown context tag.
    for base in [der(0x16, b"example.com"), der(0x84, b"x"), der(0x89, b"x")] {
        let value = constraints(&[der(TAG_SEQUENCE, &base)], &[]);
        assert!(is_malformed_constraint(&value));
    }
    // Fields out of order.
    let swapped = der(
        TAG_SEQUENCE,
        &[der(0xa1, &dns("a.example")), der(0xa0, &dns("b.example"))].concat(),
    );
    assert!(is_malformed_constraint(&swapped));
    assert!(is_malformed_constraint(&[]));
}

#[test]
fn permits_dns_names_within_a_permitted_subtree() {
    let value = constraints(&[dns("example.com")], &[]);
    assert_eq!(check_dns(&value, "example.com"), Ok(()));
    assert_eq!(check_dns(&value, "foo.bar.EXAMPLE.com"), Ok(()));
    assert_eq!(check_dns(&value, "not-example.com"), VIOLATION);
    assert_eq!(check_dns(&value, "example.com.evil"), VIOLATION);
}

#[test]
fn rejects_dns_names_in_an_excluded_subtree_even_when_permitted() {
    let value = constraints(&[dns("example.com")], &[dns("example.com")]);
    assert_eq!(check_dns(&value, "example.com"), VIOLATION);
    let value = constraints(&[], &[dns("not-allowed.example.com")]);
    assert_eq!(check_dns(&value, "www.not-allowed.example.com"), VIOLATION);
    assert_eq!(check_dns(&value, "allowed.example.com"), Ok(()));
}

#[test]
fn reads_wildcard_names_as_every_name_they_match() {
    // x509-limbo webpki::nc::nc-permits-dns-san-pattern.
    assert_eq!(
        check_dns(&constraints(&[dns("foo.com")], &[]), "*.foo.com"),
        Ok(())
    );
    // x509-limbo cve::cve-2025-61727-nc-permits-variant.
    let permit = constraints(&[dns("foo.example.com")], &[]);
    assert_eq!(check_dns(&permit, "*.example.com"), VIOLATION);
    // x509-limbo cve::cve-2025-61727 and rfc5280::nc::nc-forbids-dnsname-wildcard-san.
    let forbid = constraints(&[], &[dns("bar.example.com")]);
    assert_eq!(check_dns(&forbid, "*.example.com"), VIOLATION);
    assert_eq!(check_dns(&forbid, "*.Bar.example.com"), VIOLATION);
    // `*.example.com` matches one label only, never `a.bar.example.com`.
    let deeper = constraints(&[], &[dns("a.bar.example.com")]);
    assert_eq!(check_dns(&deeper, "*.example.com"), Ok(()));
}

#[test]
fn checks_ipv4_and_ipv6_ranges() {
    let v4 = constraints(&[ip(&V4_CLASS_C)], &[]);
    assert_eq!(check_ip(&v4, "192.0.2.1"), Ok(()));
    assert_eq!(check_ip(&v4, "192.0.3.1"), VIOLATION);
    // Only IPv4 ranges are permitted, so no IPv6 address is.
    assert_eq!(check_ip(&v4, "::1"), VIOLATION);
    let mut loopback = [0u8; 32];
    loopback[15] = 1;
    loopback[16..].fill(0xff);
    let v6 = constraints(&[], &[ip(&loopback)]);
    assert_eq!(check_ip(&v6, "::1"), VIOLATION);
    assert_eq!(check_ip(&v6, "::2"), Ok(()));
    assert_eq!(check_ip(&v6, "192.0.2.1"), Ok(()));
}

#[test]
fn checks_mailbox_host_and_domain_email_constraints() {
    let mailbox = constraints(&[email("foo@example.com")], &[]);
    assert_eq!(check_email(&mailbox, "foo@example.com"), Ok(()));
    assert_eq!(check_email(&mailbox, "bar@example.com"), VIOLATION);
    let host = constraints(&[email("example.com")], &[]);
    assert_eq!(check_email(&host, "foo@example.com"), Ok(()));
    assert_eq!(check_email(&host, "foo@sub.example.com"), VIOLATION);
    let domain = constraints(&[email(".example.com")], &[]);
    assert_eq!(check_email(&domain, "foo@sub.example.com"), Ok(()));
    assert_eq!(check_email(&domain, "foo@example.com"), VIOLATION);
    let literal = constraints(&[email("*@example.com")], &[]);
    assert_eq!(check_email(&literal, "*@example.com"), Ok(()));
    assert_eq!(check_email(&literal, "user@example.com"), VIOLATION);
}

#[test]
fn checks_the_host_of_uris() {
    let value = constraints(&[uri(".example.com")], &[uri("bad.example.com")]);
    let check_uri = |name: &str| {
        check(
            &value,
            GeneralName::Other {
                tag: 0x86,
                value: name.as_bytes(),
            },
        )
    };
    assert_eq!(check_uri("https://www.example.com/x"), Ok(()));
    assert_eq!(check_uri("https://example.com/x"), VIOLATION);
    assert_eq!(check_uri("https://bad.example.com/x"), VIOLATION);
    assert_eq!(check_uri("https://192.0.2.1/"), VIOLATION);
    assert_eq!(check_uri("urn:example:x"), VIOLATION);
}

#[test]
fn rejects_a_name_whose_form_has_an_unsupported_constraint() {
    let value = constraints(&[dns("example.com")], &[other_name()]);
    let name = GeneralName::Other {
        tag: 0xa0,
        value: b"\x06\x01\x2b\xa0\x02\x05\x00",
    };
    assert_eq!(check(&value, name), Err(Error::UnsupportedNameConstraint));
    // x509-limbo rfc5280::nc::nc-forbids-othername-noop: no otherName, nothing to refuse.
    assert_eq!(check_dns(&value, "example.com"), Ok(()));
}

#[test]
fn ignores_constraints_of_other_forms() {
    let value = constraints(&[ip(&V4_CLASS_C)], &[ip(&V4_CLASS_C)]);
    assert_eq!(check_dns(&value, "example.com"), Ok(()));
    assert_eq!(check_email(&value, "any@example.com"), Ok(()));
    let registered_id = GeneralName::Other {
        tag: 0x88,
        value: &[0x2b],
    };
    assert_eq!(check(&value, registered_id), Ok(()));
}

#[test]
fn rejects_malformed_names_of_a_constrained_form() {
    let value = constraints(
        &[ip(&V4_CLASS_C), email("example.com"), dns("example.com")],
        &[],
    );
    let malformed_san = |result: Result<(), Error>| matches!(result, Err(Error::MalformedExtension { oid, .. }) if oid == ID_CE_SUBJECT_ALT_NAME);
    // x509-limbo rfc5280::nc::nc-permits-invalid-ip-san: a range where an address belongs.
    assert!(malformed_san(check(
        &value,
        GeneralName::IpAddress(&V4_CLASS_C)
    )));
    // x509-limbo rfc5280::nc::nc-permits-invalid-email-san.
    assert!(malformed_san(check_email(
        &value,
        "invalid@address@example.com"
    )));
    assert!(malformed_san(check_dns(
        &value,
        "bad.example.com, test.localhost"
    )));
    assert!(malformed_san(check_dns(&value, "www.*.example.com")));
    // The same names are not read when their form is unconstrained.
    let unrelated = constraints(&[uri("example.com")], &[]);
    assert_eq!(
        check(&unrelated, GeneralName::IpAddress(&V4_CLASS_C)),
        Ok(())
    );
    assert_eq!(check_dns(&unrelated, "bad name"), Ok(()));
}

#[test]
fn charges_one_comparison_per_name_and_subtree() {
    let value = constraints(&[dns("a.example"), dns("b.example")], &[dns("c.example")]);
    let constraints = NameConstraints::from_der(&value).unwrap();
    let budget = |n| {
        Meter::new(Budget {
            name_constraint_comparisons: n,
            ..Budget::default()
        })
    };
    // The excluded subtree, then both permitted ones.
    assert_eq!(
        constraints.check_name(GeneralName::DnsName(b"x.b.example"), &mut budget(3)),
        Ok(())
    );
    assert_eq!(
        constraints.check_name(GeneralName::DnsName(b"x.b.example"), &mut budget(2)),
        Err(Error::BudgetExceeded {
            kind: crate::error::BudgetKind::NameConstraintComparisons
        })
    );
}

#[test]
fn runs_out_of_budget_on_many_names_against_many_subtrees() {
    let permitted: Vec<_> = (0..1024).map(|i| dns(&format!("t{i}.test"))).collect();
    let excluded: Vec<_> = (0..1024).map(|i| dns(&format!("e{i}.test"))).collect();
    let value = constraints(&permitted, &excluded);
    let constraints = NameConstraints::from_der(&value).unwrap();
    let mut meter = meter();
    let outcome = (0..1024).try_for_each(|i| {
        let name = format!("t{i}.example");
        constraints.check_name(GeneralName::DnsName(name.as_bytes()), &mut meter)
    });
    // The first name is outside every permitted subtree; names within one run the budget dry.
    assert_eq!(outcome, VIOLATION);
    let outcome = (0..1024).try_for_each(|i| {
        let name = format!("x.t{}.test", 1023 - i);
        constraints.check_name(GeneralName::DnsName(name.as_bytes()), &mut meter)
    });
    assert!(matches!(outcome, Err(Error::BudgetExceeded { .. })));
}

/// A self-signed certificate with `subject`, `names` as its subjectAltName (none if empty) and
/// the given CA flag, as DER.
fn certificate(subject: &[(DnType, DnValue)], names: Vec<SanType>, ca: bool) -> Vec<u8> {
    let mut params = CertificateParams::default();
    params.distinguished_name = DistinguishedName::new();
    for (kind, value) in subject {
        params.distinguished_name.push(kind.clone(), value.clone());
    }
    params.subject_alt_names = names;
    if ca {
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    }
    let key = KeyPair::generate().unwrap();
    params.self_signed(&key).unwrap().der().to_vec()
}

fn check_certificate(value: &[u8], der: &[u8]) -> Result<(), Error> {
    let certificate = Certificate::from_der(der).unwrap();
    NameConstraints::from_der(value)
        .unwrap()
        .check(&certificate, &mut meter())
}

fn dns_san(name: &str) -> SanType {
    SanType::DnsName(name.try_into().unwrap())
}

fn utf8(text: &str) -> DnValue {
    DnValue::Utf8String(text.to_owned())
}

#[test]
fn reads_constraints_made_by_rcgen() {
    let mut params = CertificateParams::default();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.name_constraints = Some(rcgen::NameConstraints {
        permitted_subtrees: vec![
            GeneralSubtree::DnsName("example.com".to_owned()),
            GeneralSubtree::IpAddress(CidrSubnet::V4([192, 0, 2, 0], [255, 255, 255, 0])),
            GeneralSubtree::Rfc822Name(".example.com".to_owned()),
        ],
        excluded_subtrees: vec![GeneralSubtree::DnsName("bad.example.com".to_owned())],
    });
    let key = KeyPair::generate().unwrap();
    let ca = params.self_signed(&key).unwrap();
    let ca = Certificate::from_der(ca.der()).unwrap();
    let value = ca.name_constraints().unwrap();
    let leaf = certificate(
        &[],
        vec![
            dns_san("www.example.com"),
            SanType::IpAddress("192.0.2.7".parse().unwrap()),
        ],
        false,
    );
    assert_eq!(check_certificate(value, &leaf), Ok(()));
    let leaf = certificate(&[], vec![dns_san("www.bad.example.com")], false);
    assert_eq!(check_certificate(value, &leaf), VIOLATION);
}

#[test]
fn checks_every_subject_alt_name_entry() {
    let value = constraints(&[], &[dns("not-allowed.example.com")]);
    let leaf = certificate(
        &[],
        vec![dns_san("example.com"), dns_san("not-allowed.example.com")],
        false,
    );
    assert_eq!(check_certificate(&value, &leaf), VIOLATION);
}

#[test]
fn checks_the_subject_against_directory_constraints() {
    let example = [(DnType::OrganizationName, utf8("Example"))];
    let other = [(DnType::OrganizationName, utf8("Other"))];
    let permit = constraints(&[organization("Example")], &[]);
    let leaf = certificate(&example, vec![dns_san("example.com")], false);
    assert_eq!(check_certificate(&permit, &leaf), Ok(()));
    let leaf = certificate(&other, vec![dns_san("example.com")], false);
    assert_eq!(check_certificate(&permit, &leaf), VIOLATION);
    // An empty subject is not a directoryName.
    let leaf = certificate(&[], vec![dns_san("example.com")], false);
    assert_eq!(check_certificate(&permit, &leaf), Ok(()));
    let forbid = constraints(&[], &[organization("example")]);
    let leaf = certificate(&example, vec![dns_san("example.com")], false);
    assert_eq!(check_certificate(&forbid, &leaf), VIOLATION);
}

#[test]
fn checks_subject_email_addresses_against_email_constraints() {
    let email_address = DnType::CustomDnType(vec![1, 2, 840, 113_549, 1, 9, 1]);
    let value = constraints(&[email("example.com")], &[]);
    let address = |text: &str| DnValue::Ia5String(text.try_into().unwrap());
    let leaf = certificate(
        &[(email_address.clone(), address("a@example.com"))],
        vec![],
        false,
    );
    assert_eq!(check_certificate(&value, &leaf), Ok(()));
    let leaf = certificate(&[(email_address, address("a@example.org"))], vec![], false);
    assert_eq!(check_certificate(&value, &leaf), VIOLATION);
}

#[test]
fn checks_the_common_name_of_an_end_entity_without_subject_alt_name() {
    let value = constraints(&[dns("localhost")], &[]);
    let bad = [(DnType::CommonName, utf8("bad.example.com"))];
    let good = [(DnType::CommonName, utf8("test.localhost"))];
    assert_eq!(
        check_certificate(&value, &certificate(&bad, vec![], false)),
        VIOLATION
    );
    assert_eq!(
        check_certificate(&value, &certificate(&good, vec![], false)),
        Ok(())
    );
    // With a subjectAltName (BetterTLS), or in a CA, the common name is not a host name.
    let with_ip = vec![SanType::IpAddress("127.0.0.1".parse().unwrap())];
    assert_eq!(
        check_certificate(&value, &certificate(&bad, with_ip, false)),
        Ok(())
    );
    assert_eq!(
        check_certificate(&value, &certificate(&bad, vec![], true)),
        Ok(())
    );
    // A common name that is not a DNS name is not read as one.
    let text = [(DnType::CommonName, utf8("Example Server"))];
    assert_eq!(
        check_certificate(&value, &certificate(&text, vec![], false)),
        Ok(())
    );
}
