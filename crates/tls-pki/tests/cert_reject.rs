//! `Certificate::from_der` on malformed certificates made from a real one: the OpenSSL leaf of
//! `testdata/openssl-captures.json` taken apart into its fields with the DER toolkit of
//! `common/`, one field changed, and put back together. Each `rejects_*` test breaks one rule
//! `cert.rs` enforces and checks the error names it.

mod common;

use common::{
    EXTENSIONS, Parts, SERIAL, SERVER_AUTH, SIGNATURE, VALIDITY, VERSION, der, leaf, openssl_chain,
};
use tls_pki::Error;
use tls_pki::cert::{
    Certificate, ID_CE_BASIC_CONSTRAINTS, ID_CE_KEY_USAGE, ID_CE_SUBJECT_ALT_NAME, MAX_EXTENSIONS,
    Version,
};

// ---------------------------------------------------------------------------------------------
// The toolkit round-trips, so every refusal below is the one change's doing.
// ---------------------------------------------------------------------------------------------

#[test]
fn taking_the_leaf_apart_and_back_gives_the_same_bytes() {
    let leaf = leaf();
    assert_eq!(Parts::of(&leaf).build(), leaf);
    let parts = Parts::of(&leaf);
    assert_eq!(parts.tbs.len(), 8);
    assert_eq!(parts.extensions().len(), 6);
    assert_eq!(
        parts.clone().with_extensions(&parts.extensions()).build(),
        leaf
    );
}

// ---------------------------------------------------------------------------------------------
// Version (RFC 5280 §4.1.2.1) and the fields each version allows.
// ---------------------------------------------------------------------------------------------

#[test]
fn rejects_version_out_of_range() {
    let parts = Parts::of(&leaf());
    for (contents, version) in [
        (&[3][..], Some(3)),
        (&[0x7f][..], Some(0x7f)),
        (&[0x00, 0x80][..], None),
        (&[0x01, 0x00][..], None),
        (&[0xff][..], None),
    ] {
        assert_eq!(
            parts.clone().with_version(contents).parse(),
            Err(Error::UnsupportedVersion { version }),
            "{contents:02x?}"
        );
    }
}

#[test]
fn rejects_version_that_is_not_a_der_integer() {
    let parts = Parts::of(&leaf());
    for field in [
        // Not minimal.
        der::tlv(0xa0, &der::integer(&[0x00, 0x02])),
        // Empty.
        der::tlv(0xa0, &der::integer(&[])),
        // Not an INTEGER.
        der::tlv(0xa0, &der::tlv(0x04, &[2])),
        // Two values in the wrapper.
        der::tlv(0xa0, &[der::integer(&[2]), der::integer(&[2])].concat()),
    ] {
        assert!(
            matches!(
                parts.clone().with_field(VERSION, field.clone()).parse(),
                Err(Error::MalformedCertificate { .. })
            ),
            "{field:02x?}"
        );
    }
}

#[test]
fn rejects_explicit_default_version_v1() {
    assert_eq!(
        Parts::of(&leaf()).with_version(&[0]).parse(),
        Err(Error::ExplicitDefaultValue {
            field: "tbsCertificate.version"
        })
    );
}

#[test]
fn rejects_extensions_in_v1_and_v2() {
    let parts = Parts::of(&leaf());
    assert_eq!(
        parts.clone().without_version().parse(),
        Err(Error::ExtensionsBeforeV3 { version: 0 })
    );
    assert_eq!(
        parts.with_version(&[1]).parse(),
        Err(Error::ExtensionsBeforeV3 { version: 1 })
    );
}

#[test]
fn accepts_v1_and_v2_without_extensions() {
    let mut parts = Parts::of(&leaf());
    parts.tbs.truncate(EXTENSIONS);
    let v1 = parts.clone().without_version().build();
    let v1 = Certificate::from_der(&v1).unwrap();
    assert_eq!(v1.version(), Version::V1);
    assert!(v1.extensions().is_empty());
    assert_eq!(v1.basic_constraints(), Ok(None));
    let v2 = parts.with_version(&[1]).build();
    assert_eq!(Certificate::from_der(&v2).unwrap().version(), Version::V2);
}

#[test]
fn rejects_unique_identifiers_in_v1() {
    let mut parts = Parts::of(&leaf());
    parts.tbs.truncate(EXTENSIONS);
    let unique_id = der::tlv(0x81, &[0x00, 0xab]);
    parts.tbs.push(unique_id);
    // v2 allows them...
    let v2 = parts.clone().with_version(&[1]);
    assert_eq!(v2.parse(), Ok(()));
    // ...v1 does not.
    assert_eq!(
        parts.without_version().parse(),
        Err(Error::MalformedCertificate {
            reason: "tbsCertificate.issuerUniqueID"
        })
    );
}

#[test]
fn rejects_fields_out_of_order() {
    let mut parts = Parts::of(&leaf());
    parts.tbs.swap(3, 5);
    parts.tbs.swap(VALIDITY, 6);
    assert!(matches!(
        parts.parse(),
        Err(Error::MalformedCertificate { .. })
    ));
}

// ---------------------------------------------------------------------------------------------
// Extensions (RFC 5280 §4.1.2.9, §4.2).
// ---------------------------------------------------------------------------------------------

#[test]
fn rejects_duplicate_extension() {
    let parts = Parts::of(&leaf());
    let mut extensions = parts.extensions();
    extensions.push(extensions[1].clone());
    assert_eq!(
        parts.with_extensions(&extensions).parse(),
        Err(Error::DuplicateExtension {
            oid: ID_CE_KEY_USAGE
        })
    );
}

#[test]
fn rejects_duplicate_extension_even_when_the_values_differ() {
    let parts = Parts::of(&leaf());
    let mut extensions = parts.extensions();
    extensions.push(der::extension(
        "2.5.29.17",
        None,
        &der::seq(&[der::tlv(0x82, b"other.example")]),
    ));
    assert_eq!(
        parts.with_extensions(&extensions).parse(),
        Err(Error::DuplicateExtension {
            oid: ID_CE_SUBJECT_ALT_NAME
        })
    );
}

#[test]
fn rejects_explicit_default_critical_false() {
    let parts = Parts::of(&leaf());
    let mut extensions = parts.extensions();
    // The EKU extension, not critical, with `critical FALSE` written out.
    extensions[2] = der::extension(
        "2.5.29.37",
        Some(false),
        &der::seq(&[der::oid(SERVER_AUTH)]),
    );
    assert_eq!(
        parts.with_extensions(&extensions).parse(),
        Err(Error::ExplicitDefaultValue {
            field: "Extension.critical"
        })
    );
}

#[test]
fn rejects_explicit_default_ca_false() {
    let parts = Parts::of(&leaf());
    let mut extensions = parts.extensions();
    extensions[0] = der::extension("2.5.29.19", Some(true), &der::seq(&[der::boolean(false)]));
    let der = parts.with_extensions(&extensions).build();
    let certificate = Certificate::from_der(&der).unwrap();
    assert_eq!(
        certificate.basic_constraints(),
        Err(Error::ExplicitDefaultValue {
            field: "BasicConstraints.cA"
        })
    );
}

#[test]
fn rejects_empty_extensions_list() {
    assert_eq!(
        Parts::of(&leaf()).with_extensions(&[]).parse(),
        Err(Error::MalformedCertificate {
            reason: "Extensions"
        })
    );
}

#[test]
fn rejects_more_extensions_than_the_limit() {
    let extensions: Vec<Vec<u8>> = (0..=MAX_EXTENSIONS)
        .map(|i| der::extension(&format!("1.3.6.1.4.1.99999.{i}"), None, &[0x05, 0x00]))
        .collect();
    let parts = Parts::of(&leaf());
    assert_eq!(
        parts.clone().with_extensions(&extensions).parse(),
        Err(Error::MalformedCertificate {
            reason: "Extensions (too many)"
        })
    );
    assert_eq!(
        parts.with_extensions(&extensions[..MAX_EXTENSIONS]).parse(),
        Ok(())
    );
}

#[test]
fn rejects_malformed_extension_framing() {
    let parts = Parts::of(&leaf());
    for bad in [
        // critical not DER (0x01 instead of 0xff).
        der::seq(&[
            der::oid("2.5.29.15"),
            der::tlv(0x01, &[0x01]),
            der::octet_string(&[3, 2, 7, 0x80]),
        ]),
        // extnValue not an OCTET STRING.
        der::seq(&[der::oid("2.5.29.15"), der::tlv(0x03, &[0x00])]),
        // No extnID.
        der::seq(&[der::octet_string(&[0x05, 0x00])]),
        // A field after extnValue.
        der::seq(&[
            der::oid("2.5.29.15"),
            der::octet_string(&[3, 2, 7, 0x80]),
            der::boolean(true),
        ]),
        // Not a SEQUENCE.
        der::tlv(0x31, &der::oid("2.5.29.15")),
    ] {
        let mut extensions = parts.extensions();
        extensions[1] = bad.clone();
        assert!(
            matches!(
                parts.clone().with_extensions(&extensions).parse(),
                Err(Error::MalformedCertificate { .. })
            ),
            "{bad:02x?}"
        );
    }
}

#[test]
fn records_unknown_critical_extensions_without_refusing_them() {
    let parts = Parts::of(&leaf());
    let mut extensions = parts.extensions();
    extensions.push(der::extension(
        "1.3.6.1.4.1.99999.1",
        Some(true),
        &[0x05, 0x00],
    ));
    extensions.push(der::extension("1.3.6.1.4.1.99999.2", None, &[0x05, 0x00]));
    let der = parts.with_extensions(&extensions).build();
    let certificate = Certificate::from_der(&der).unwrap();
    let unknown: Vec<String> = certificate
        .extensions()
        .unknown_critical()
        .map(|oid| oid.to_string())
        .collect();
    assert_eq!(unknown, ["1.3.6.1.4.1.99999.1"]);
}

#[test]
fn rejects_malformed_extension_values_when_read() {
    let parts = Parts::of(&leaf());
    let with = |index: usize, extension: Vec<u8>| {
        let mut extensions = parts.extensions();
        extensions[index] = extension;
        parts.clone().with_extensions(&extensions).build()
    };
    // keyUsage with no bit set, and with an unused bit set.
    for value in [
        &[0x03, 0x01, 0x00][..],
        &[0x03, 0x02, 0x07, 0x00],
        &[0x03, 0x02, 0x07, 0x81],
    ] {
        let der = with(1, der::extension("2.5.29.15", Some(true), value));
        let certificate = Certificate::from_der(&der).unwrap();
        let refused = certificate.key_usage();
        assert!(
            matches!(refused, Err(Error::MalformedExtension { oid, .. }) if oid == ID_CE_KEY_USAGE),
            "{value:02x?}"
        );
    }
    // An empty extKeyUsage, and one holding a non-OID.
    for value in [der::seq(&[]), der::seq(&[der::integer(&[1])])] {
        let der = with(2, der::extension("2.5.29.37", None, &value));
        assert!(matches!(
            Certificate::from_der(&der).unwrap().extended_key_usage(),
            Err(Error::MalformedExtension { .. })
        ));
    }
    // A subjectAltName holding a universal-class value, and an empty one.
    for value in [der::seq(&[der::tlv(0x16, b"a.example")]), der::seq(&[])] {
        let der = with(3, der::extension("2.5.29.17", None, &value));
        assert!(matches!(
            Certificate::from_der(&der).unwrap().subject_alt_name(),
            Err(Error::MalformedExtension { .. })
        ));
    }
    // basicConstraints with a negative pathLenConstraint, and with trailing data.
    for value in [
        der::seq(&[der::boolean(true), der::integer(&[0xff])]),
        [der::seq(&[der::boolean(true)]), vec![0x00]].concat(),
    ] {
        let der = with(0, der::extension("2.5.29.19", Some(true), &value));
        assert!(matches!(
            Certificate::from_der(&der).unwrap().basic_constraints(),
            Err(Error::MalformedExtension { oid, .. }) if oid == ID_CE_BASIC_CONSTRAINTS
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// Serial number (RFC 5280 §4.1.2.2).
// ---------------------------------------------------------------------------------------------

#[test]
fn rejects_serial_number_zero() {
    assert_eq!(
        Parts::of(&leaf()).with_serial(&[0x00]).parse(),
        Err(Error::InvalidSerialNumber { reason: "zero" })
    );
}

#[test]
fn rejects_negative_serial_number() {
    for serial in [&[0x80][..], &[0xff, 0x01], &[0x81, 0x00, 0x00]] {
        assert_eq!(
            Parts::of(&leaf()).with_serial(serial).parse(),
            Err(Error::InvalidSerialNumber { reason: "negative" }),
            "{serial:02x?}"
        );
    }
}

#[test]
fn rejects_serial_number_longer_than_20_octets() {
    let parts = Parts::of(&leaf());
    assert_eq!(
        parts.clone().with_serial(&[0x01; 21]).parse(),
        Err(Error::InvalidSerialNumber {
            reason: "longer than 20 octets"
        })
    );
    let mut padded = vec![0x00];
    padded.extend([0xff; 21]);
    assert_eq!(
        parts.with_serial(&padded).parse(),
        Err(Error::InvalidSerialNumber {
            reason: "longer than 20 octets"
        })
    );
}

#[test]
fn accepts_serial_numbers_of_20_octets_with_or_without_a_sign_octet() {
    let parts = Parts::of(&leaf());
    let mut padded = vec![0x00];
    padded.extend([0xff; 20]);
    for serial in [vec![0x7f; 20], padded, vec![0x01]] {
        let der = parts.clone().with_serial(&serial).build();
        assert_eq!(Certificate::from_der(&der).unwrap().serial_number(), serial);
    }
}

#[test]
fn rejects_serial_number_that_is_not_a_der_integer() {
    let parts = Parts::of(&leaf());
    for field in [
        der::integer(&[]),
        der::integer(&[0x00, 0x01]),
        der::integer(&[0xff, 0x80]),
        der::octet_string(&[0x01]),
    ] {
        assert_eq!(
            parts.clone().with_field(SERIAL, field.clone()).parse(),
            Err(Error::InvalidSerialNumber {
                reason: "not a DER INTEGER"
            }),
            "{field:02x?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Signature algorithm (RFC 5280 §4.1.1.2), signature value, framing.
// ---------------------------------------------------------------------------------------------

#[test]
fn rejects_signature_algorithm_mismatch() {
    let ecdsa_sha384 = der::seq(&[der::oid("1.2.840.10045.4.3.3")]);
    let mut parts = Parts::of(&leaf());
    parts.algorithm = ecdsa_sha384.clone();
    assert_eq!(parts.parse(), Err(Error::SignatureAlgorithmMismatch));

    // The inner one changed instead.
    let parts = Parts::of(&leaf()).with_field(SIGNATURE, ecdsa_sha384);
    assert_eq!(parts.parse(), Err(Error::SignatureAlgorithmMismatch));

    // Same algorithm, but parameters present on one side only: the bytes differ.
    let mut parts = Parts::of(&leaf());
    parts.algorithm = der::seq(&[der::oid("1.2.840.10045.4.3.2"), vec![0x05, 0x00]]);
    assert_eq!(parts.parse(), Err(Error::SignatureAlgorithmMismatch));
}

#[test]
fn rejects_signature_with_unused_bits() {
    let mut parts = Parts::of(&leaf());
    let mut contents = der::contents(&parts.signature).to_vec();
    contents[0] = 0x01;
    parts.signature = der::tlv(0x03, &contents);
    assert_eq!(
        parts.parse(),
        Err(Error::MalformedCertificate {
            reason: "signatureValue"
        })
    );
}

#[test]
fn rejects_trailing_bytes() {
    let leaf = leaf();
    let mut trailing = leaf.clone();
    trailing.push(0x00);
    assert_eq!(
        Certificate::from_der(&trailing),
        Err(Error::MalformedCertificate {
            reason: "Certificate (trailing bytes)"
        })
    );
    let mut second = leaf.clone();
    second.extend_from_slice(&leaf);
    assert!(Certificate::from_der(&second).is_err());

    // Inside the TBS certificate, after the extensions.
    let mut parts = Parts::of(&leaf);
    parts.tbs.push(der::integer(&[1]));
    assert_eq!(
        parts.parse(),
        Err(Error::MalformedCertificate {
            reason: "tbsCertificate"
        })
    );
    // Inside the outer SEQUENCE, after the signature.
    let mut parts = Parts::of(&leaf);
    parts.signature.extend(der::integer(&[1]));
    assert_eq!(
        parts.parse(),
        Err(Error::MalformedCertificate {
            reason: "Certificate"
        })
    );
}

#[test]
fn every_strict_prefix_of_a_real_certificate_fails() {
    let (root, intermediate, leaf, rsa_leaf) = openssl_chain();
    for der in [root, intermediate, leaf, rsa_leaf] {
        assert!(Certificate::from_der(&der).is_ok());
        for len in 0..der.len() {
            assert!(
                Certificate::from_der(&der[..len]).is_err(),
                "a prefix of {len} of {} bytes parsed",
                der.len()
            );
        }
    }
}

#[test]
fn rejects_non_minimal_and_indefinite_lengths() {
    let leaf = leaf();
    // The outer length as 0x83 00 01 f1 instead of 0x82 01 f1.
    let mut long = vec![0x30, 0x83, 0x00];
    long.extend_from_slice(&leaf[2..]);
    assert!(Certificate::from_der(&long).is_err());
    // Indefinite length (BER only) with an end-of-contents marker.
    let mut indefinite = vec![0x30, 0x80];
    indefinite.extend_from_slice(der::contents(&leaf));
    indefinite.extend([0x00, 0x00]);
    assert!(Certificate::from_der(&indefinite).is_err());
    // A short length written in long form.
    let mut parts = Parts::of(&leaf);
    let serial = parts.tbs[SERIAL].clone();
    parts.tbs[SERIAL] = [&[0x02, 0x81][..], &serial[1..]].concat();
    assert!(parts.parse().is_err());
}

// ---------------------------------------------------------------------------------------------
// Validity (RFC 5280 §4.1.2.5).
// ---------------------------------------------------------------------------------------------

fn with_validity(not_before: Vec<u8>, not_after: Vec<u8>) -> Result<Certificate<'static>, Error> {
    let der = Parts::of(&leaf())
        .with_field(VALIDITY, der::seq(&[not_before, not_after]))
        .build();
    Certificate::from_der(Box::leak(der.into_boxed_slice()))
}

fn utc(text: &str) -> Vec<u8> {
    der::tlv(0x17, text.as_bytes())
}

fn generalized(text: &str) -> Vec<u8> {
    der::tlv(0x18, text.as_bytes())
}

#[test]
fn rejects_utc_time_without_seconds() {
    assert_eq!(
        with_validity(utc("2611220636Z"), generalized("21001025063642Z")).unwrap_err(),
        Error::MalformedCertificate {
            reason: "Validity.notBefore"
        }
    );
}

#[test]
fn rejects_times_not_in_zulu() {
    for (not_before, not_after, field) in [
        (
            utc("261122063642+0100"),
            generalized("21001025063642Z"),
            "Validity.notBefore",
        ),
        (
            utc("261122063642"),
            generalized("21001025063642Z"),
            "Validity.notBefore",
        ),
        (
            utc("261122063642Z"),
            generalized("21001025063642-0500"),
            "Validity.notAfter",
        ),
        (
            utc("261122063642Z"),
            generalized("21001025063642"),
            "Validity.notAfter",
        ),
    ] {
        assert_eq!(
            with_validity(not_before, not_after).unwrap_err(),
            Error::MalformedCertificate { reason: field }
        );
    }
}

#[test]
fn rejects_generalized_time_with_fractional_seconds() {
    assert!(with_validity(utc("261122063642Z"), generalized("21001025063642.5Z")).is_err());
}

#[test]
fn rejects_validity_of_other_types_or_shapes() {
    assert!(with_validity(der::octet_string(b"261122063642Z"), utc("261122063642Z")).is_err());
    let one_time = Parts::of(&leaf())
        .with_field(VALIDITY, der::seq(&[utc("261122063642Z")]))
        .parse();
    assert!(one_time.is_err());
}

#[test]
fn reads_utc_time_years_on_both_sides_of_2050() {
    let validity = with_validity(utc("500101000000Z"), utc("491231235959Z"))
        .unwrap()
        .validity();
    // 1950-01-01 and 2049-12-31T23:59:59: the two ends of RFC 5280's window.
    assert_eq!(validity.not_before, -631_152_000);
    assert_eq!(validity.not_after, 2_524_607_999);
}
