//! Revocation against CRLs the caller supplies (RFC 5280 §5, §6.3), with CRLs rcgen signs with
//! the issuers' real keys, and hand-made ones for what rcgen cannot write.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod path_support;

use path_support::*;
use rcgen::{
    CertificateRevocationListParams, CrlDistributionPoint, CrlIssuingDistributionPoint, CrlScope,
    KeyUsagePurpose, RevocationReason as RcgenReason, RevokedCertParams, SerialNumber,
    date_time_ymd,
};
use tls_pki::crl::RevocationReason;
use tls_pki::{
    CertificateFault, Crl, Error, Position, Rejection, Revocation, UnixTime, UnknownStatus,
};

/// A CRL by `issuer`, valid 2023-01-01 to 2025-01-01 (around [`NOW`]), revoking `serials`.
fn crl(issuer: &Issued, serials: &[u8]) -> CertificateRevocationListParams {
    CertificateRevocationListParams {
        this_update: date_time_ymd(2023, 1, 1),
        next_update: date_time_ymd(2025, 1, 1),
        crl_number: SerialNumber::from(7u64),
        issuing_distribution_point: None,
        revoked_certs: serials
            .iter()
            .map(|serial| RevokedCertParams {
                serial_number: SerialNumber::from(u64::from(*serial)),
                revocation_time: date_time_ymd(2023, 6, 1),
                reason_code: Some(RcgenReason::KeyCompromise),
                invalidity_date: None,
            })
            .collect(),
        key_identifier_method: issuer.cert.params().key_identifier_method.clone(),
    }
}

fn signed(params: CertificateRevocationListParams, issuer: &Issued) -> Crl {
    let crl = params.signed_by(&issuer.cert, &issuer.key).unwrap();
    Crl::from_der(crl.der()).unwrap()
}

/// A leaf for example.com with serial number `serial`, optionally naming a distribution point.
fn leaf_with(issuer: &Issued, serial: u8, distribution_point: Option<&str>) -> Issued {
    let mut params = leaf_params("example.com");
    params.serial_number = Some(SerialNumber::from(u64::from(serial)));
    if let Some(uri) = distribution_point {
        params.crl_distribution_points = vec![CrlDistributionPoint {
            uris: vec![uri.to_owned()],
        }];
    }
    issue(params, issuer)
}

fn options_with(crls: Vec<Crl>, unknown_status: UnknownStatus) -> tls_pki::VerifyOptions {
    let mut options = options();
    options.revocation = Some(Revocation {
        crls: crls.into(),
        unknown_status,
    });
    options
}

#[test]
fn refuses_a_revoked_leaf_with_its_reason() {
    let root = root("root");
    let leaf = leaf_with(&root, 5, None);
    let anchors = anchors(&[&root]);
    let options = options_with(
        vec![signed(crl(&root, &[4, 5]), &root)],
        UnknownStatus::Allow,
    );
    let rejection = verify(&anchors, &leaf, &[], &options).unwrap_err();
    assert_eq!(
        rejection,
        Rejection {
            certificate: Position::EndEntity,
            error: Error::Revoked {
                reason: Some(RevocationReason::KeyCompromise)
            }
        }
    );
    assert_eq!(rejection.class(), CertificateFault::CertificateRevoked);
}

#[test]
fn accepts_a_leaf_its_issuers_crl_does_not_list() {
    let root = root("root");
    let leaf = leaf_with(&root, 5, None);
    let anchors = anchors(&[&root]);
    for unknown_status in [UnknownStatus::Allow, UnknownStatus::Deny] {
        let options = options_with(vec![signed(crl(&root, &[4, 6]), &root)], unknown_status);
        assert!(verify(&anchors, &leaf, &[], &options).is_ok());
    }
}

#[test]
fn refuses_a_revoked_intermediate() {
    let root = root("root");
    let ica = intermediate("ica", &root);
    let leaf = leaf_with(&ica, 1, None);
    let serial = tls_pki::cert::Certificate::from_der(ica.der())
        .unwrap()
        .serial_number()
        .to_vec();
    let mut params = crl(&root, &[]);
    params.revoked_certs = vec![RevokedCertParams {
        serial_number: SerialNumber::from_slice(&serial),
        revocation_time: date_time_ymd(2023, 6, 1),
        reason_code: None,
        invalidity_date: None,
    }];
    let anchors = anchors(&[&root]);
    let options = options_with(vec![signed(params, &root)], UnknownStatus::Allow);
    let rejection = verify(&anchors, &leaf, &[&ica], &options).unwrap_err();
    assert_eq!(
        rejection,
        Rejection {
            certificate: Position::Intermediate(0),
            error: Error::Revoked { reason: None }
        }
    );
}

#[test]
fn a_crl_of_another_issuer_decides_nothing_and_the_policy_does() {
    let root = root("root");
    let other = root_named_other();
    let leaf = leaf_with(&root, 5, None);
    let anchors = anchors(&[&root]);
    let foreign = || signed(crl(&other, &[5]), &other);
    let options = options_with(vec![foreign()], UnknownStatus::Allow);
    assert!(verify(&anchors, &leaf, &[], &options).is_ok());
    let options = options_with(vec![foreign()], UnknownStatus::Deny);
    let rejection = verify(&anchors, &leaf, &[], &options).unwrap_err();
    assert_eq!(rejection.error, Error::RevocationStatusUnknown);
    assert_eq!(rejection.class(), CertificateFault::CertificateUnknown);
}

fn root_named_other() -> Issued {
    root("other root")
}

#[test]
fn refuses_a_crl_whose_issuer_may_not_sign_crls() {
    let mut params = ca_params("root");
    params.use_authority_key_identifier_extension = false;
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign];
    let root = self_signed(params);
    let leaf = leaf_with(&root, 5, None);
    // rcgen will not sign a CRL for a CA without cRLSign: sign it with the same name and key.
    let mut signer_params = ca_params("root");
    signer_params.use_authority_key_identifier_extension = false;
    let signer = signer_params.self_signed(&root.key).unwrap();
    let der = crl(&root, &[])
        .signed_by(&signer, &root.key)
        .unwrap()
        .der()
        .to_vec();
    let anchors = anchors(&[&root]);
    let options = options_with(vec![Crl::from_der(&der).unwrap()], UnknownStatus::Allow);
    let rejection = verify(&anchors, &leaf, &[], &options).unwrap_err();
    assert_eq!(
        rejection.error,
        Error::UnusableCrl {
            reason: "its issuer's keyUsage lacks cRLSign"
        }
    );
}

#[test]
fn refuses_a_crl_signed_by_another_key_under_the_issuers_name() {
    let impostor = root("root");
    let root = root("root");
    let leaf = leaf_with(&root, 5, None);
    let anchors = anchors(&[&root]);
    let options = options_with(
        vec![signed(crl(&impostor, &[]), &impostor)],
        UnknownStatus::Allow,
    );
    let rejection = verify(&anchors, &leaf, &[], &options).unwrap_err();
    assert!(matches!(rejection.error, Error::UnusableCrl { .. }));
}

#[test]
fn refuses_a_crl_that_is_not_current() {
    let root = root("root");
    let leaf = leaf_with(&root, 5, None);
    let anchors = anchors(&[&root]);
    let options = options_with(vec![signed(crl(&root, &[]), &root)], UnknownStatus::Allow);
    assert!(verify(&anchors, &leaf, &[], &options).is_ok());
    for (time, reason) in [
        // 2022-06-01, before thisUpdate.
        (
            1_654_041_600,
            "its thisUpdate is after the verification time",
        ),
        // 2025-06-01, after nextUpdate.
        (
            1_748_736_000,
            "its nextUpdate is before the verification time",
        ),
    ] {
        let mut options = options.clone();
        options.time = UnixTime::from_secs(time);
        let rejection = verify(&anchors, &leaf, &[], &options).unwrap_err();
        assert_eq!(rejection.error, Error::UnusableCrl { reason }, "{time}");
    }
}

#[test]
fn a_crl_for_another_distribution_point_does_not_cover_the_leaf() {
    let root = root("root");
    let mut params = crl(&root, &[5]);
    params.issuing_distribution_point = Some(CrlIssuingDistributionPoint {
        distribution_point: CrlDistributionPoint {
            uris: vec!["http://crl.example/a.crl".to_owned()],
        },
        scope: None,
    });
    let partitioned = signed(params, &root);
    let anchors = anchors(&[&root]);
    let options = options_with(vec![partitioned], UnknownStatus::Allow);
    let elsewhere = leaf_with(&root, 5, Some("http://crl.example/b.crl"));
    assert!(verify(&anchors, &elsewhere, &[], &options).is_ok());
    let without = leaf_with(&root, 5, None);
    assert!(verify(&anchors, &without, &[], &options).is_ok());
    let here = leaf_with(&root, 5, Some("http://crl.example/a.crl"));
    let rejection = verify(&anchors, &here, &[], &options).unwrap_err();
    assert!(matches!(rejection.error, Error::Revoked { .. }));
}

#[test]
fn a_crl_of_ca_certificates_only_does_not_cover_the_leaf() {
    let root = root("root");
    let leaf = leaf_with(&root, 5, Some("http://crl.example/a.crl"));
    let mut params = crl(&root, &[5]);
    params.issuing_distribution_point = Some(CrlIssuingDistributionPoint {
        distribution_point: CrlDistributionPoint {
            uris: vec!["http://crl.example/a.crl".to_owned()],
        },
        scope: Some(CrlScope::CaCertsOnly),
    });
    let anchors = anchors(&[&root]);
    let options = options_with(vec![signed(params, &root)], UnknownStatus::Deny);
    let rejection = verify(&anchors, &leaf, &[], &options).unwrap_err();
    assert_eq!(rejection.error, Error::RevocationStatusUnknown);
}

#[test]
fn parses_what_it_keeps() {
    let root = root("root");
    let crl = signed(crl(&root, &[1]), &root);
    let subject = tls_pki::cert::Certificate::from_der(root.der())
        .unwrap()
        .subject()
        .to_vec();
    assert_eq!(crl.issuer(), subject);
    assert_eq!(crl.this_update(), 1_672_531_200);
    assert_eq!(crl.next_update(), 1_735_689_600);
}

// ---------------------------------------------------------------------------------------------
// CRLs refused when loaded. Signatures are not checked when loading, so these are made by hand
// with a placeholder signature.
// ---------------------------------------------------------------------------------------------

fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = contents.len();
    if len < 0x80 {
        out.push(u8::try_from(len).unwrap());
    } else if len < 0x100 {
        out.extend([0x81, u8::try_from(len).unwrap()]);
    } else {
        out.extend([
            0x82,
            u8::try_from(len >> 8).unwrap(),
            u8::try_from(len & 0xff).unwrap(),
        ]);
    }
    out.extend_from_slice(contents);
    out
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// An extension with extnID `2.5.29.<arc>`.
fn extension(arc: u8, critical: bool, value: &[u8]) -> Vec<u8> {
    let mut parts = vec![tlv(0x06, &[0x55, 0x1d, arc])];
    if critical {
        parts.push(tlv(0x01, &[0xff]));
    }
    parts.push(tlv(0x04, value));
    seq(&parts)
}

/// A v2 CRL by `CN=root` with these extensions and, if given, one revoked entry.
fn handmade(extensions: &[Vec<u8>], entry: Option<Vec<u8>>) -> Vec<u8> {
    let ecdsa_sha256 = seq(&[tlv(0x06, &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02])]);
    let name = seq(&[tlv(
        0x31,
        &seq(&[tlv(0x06, &[0x55, 0x04, 0x03]), tlv(0x0c, b"root")]),
    )]);
    let mut tbs = vec![
        tlv(0x02, &[1]),
        ecdsa_sha256.clone(),
        name,
        tlv(0x17, b"230101000000Z"),
        tlv(0x17, b"250101000000Z"),
    ];
    if let Some(entry) = entry {
        tbs.push(seq(&[entry]));
    }
    if !extensions.is_empty() {
        tbs.push(tlv(0xa0, &seq(extensions)));
    }
    seq(&[seq(&tbs), ecdsa_sha256, tlv(0x03, &[0x00, 0x01])])
}

fn crl_number() -> Vec<u8> {
    extension(20, false, &tlv(0x02, &[7]))
}

#[test]
fn loads_a_well_formed_handmade_crl() {
    let entry = seq(&[tlv(0x02, &[5]), tlv(0x17, b"230601000000Z")]);
    assert!(Crl::from_der(&handmade(&[crl_number()], Some(entry))).is_ok());
}

#[test]
fn refuses_to_load_delta_indirect_and_incomplete_crls() {
    let delta = extension(27, true, &tlv(0x02, &[6]));
    let indirect = extension(28, true, &seq(&[tlv(0x84, &[0xff])]));
    let unknown_critical = seq(&[
        tlv(0x06, &[0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x01]),
        tlv(0x01, &[0xff]),
        tlv(0x04, &[0x05, 0x00]),
    ]);
    let empty_idp = extension(28, true, &seq(&[]));
    let certificate_issuer_entry = seq(&[
        tlv(0x02, &[5]),
        tlv(0x17, b"230601000000Z"),
        seq(&[extension(29, true, &seq(&[tlv(0x82, b"ca.example")]))]),
    ]);
    let remove_from_crl_entry = seq(&[
        tlv(0x02, &[5]),
        tlv(0x17, b"230601000000Z"),
        seq(&[extension(21, false, &tlv(0x0a, &[8]))]),
    ]);
    for (der, reason) in [
        (
            handmade(&[crl_number(), delta], None),
            "delta CRL (deltaCRLIndicator): only complete CRLs are supported",
        ),
        (
            handmade(&[crl_number(), indirect], None),
            "indirect CRL (indirectCRL): only CRLs of their own issuer are supported",
        ),
        (
            handmade(&[], None),
            "no crlExtensions (cRLNumber is required)",
        ),
        (
            handmade(&[extension(35, false, &seq(&[tlv(0x80, &[1])]))], None),
            "no cRLNumber",
        ),
        (
            handmade(&[crl_number(), unknown_critical], None),
            "a critical CRL extension we do not process",
        ),
        (
            handmade(&[crl_number(), empty_idp], None),
            "empty issuingDistributionPoint",
        ),
        (
            handmade(&[crl_number()], Some(certificate_issuer_entry)),
            "indirect CRL (certificateIssuer entry): only CRLs of their own issuer are supported",
        ),
        (
            handmade(&[crl_number()], Some(remove_from_crl_entry)),
            "reasonCode is not one a complete CRL carries",
        ),
    ] {
        assert_eq!(
            Crl::from_der(&der),
            Err(Error::UnusableCrl { reason }),
            "{reason}"
        );
    }
}

#[test]
fn refuses_to_load_malformed_crls() {
    let good = handmade(&[crl_number()], None);
    assert!(Crl::from_der(&good).is_ok());
    for end in 0..good.len() {
        assert!(
            Crl::from_der(&good[..end]).is_err(),
            "prefix of {end} octets"
        );
    }
    let mut trailing = good.clone();
    trailing.push(0);
    assert!(Crl::from_der(&trailing).is_err());
}
