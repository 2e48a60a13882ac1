//! Certificate chains for the path tests, made with rcgen (ECDSA P-256, real signatures).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose, date_time_ymd,
};
use tls_pki::name::ServerName;
use tls_pki::{Rejection, TrustAnchor, TrustAnchors, UnixTime, VerifiedPath, VerifyOptions};

/// 2024-01-01T00:00:00Z, inside every default validity period below.
pub(crate) const NOW: i64 = 1_704_067_200;

/// A certificate with the key that can sign for it.
pub(crate) struct Issued {
    pub(crate) cert: rcgen::Certificate,
    pub(crate) key: KeyPair,
}

impl Issued {
    pub(crate) fn der(&self) -> &[u8] {
        self.cert.der()
    }
}

/// Parameters with subject `CN=<cn>`, valid 2000-01-01 to 9999-12-31, with an AKI.
pub(crate) fn params(cn: &str) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name = rcgen::DistinguishedName::new();
    params.distinguished_name.push(DnType::CommonName, cn);
    params.not_before = date_time_ymd(2000, 1, 1);
    params.not_after = date_time_ymd(9999, 12, 31);
    params.use_authority_key_identifier_extension = true;
    params
}

/// CA parameters: cA TRUE (no pathLen), keyUsage keyCertSign + cRLSign.
pub(crate) fn ca_params(cn: &str) -> CertificateParams {
    let mut params = params(cn);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    params
}

/// End-entity parameters: SAN dNSName `name`, serverAuth, digitalSignature.
pub(crate) fn leaf_params(name: &str) -> CertificateParams {
    let mut params = params("leaf");
    params.subject_alt_names = vec![rcgen::SanType::DnsName(name.try_into().unwrap())];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params
}

/// A self-signed root (no AKI) named `cn`.
pub(crate) fn root(cn: &str) -> Issued {
    let mut params = ca_params(cn);
    params.use_authority_key_identifier_extension = false;
    self_signed(params)
}

pub(crate) fn self_signed(params: CertificateParams) -> Issued {
    let key = KeyPair::generate().unwrap();
    let cert = params.self_signed(&key).unwrap();
    Issued { cert, key }
}

/// Issues `params` with a fresh key, signed by `issuer`.
pub(crate) fn issue(params: CertificateParams, issuer: &Issued) -> Issued {
    let key = KeyPair::generate().unwrap();
    issue_with_key(params, key, issuer)
}

/// Issues `params` for `key`, signed by `issuer`.
pub(crate) fn issue_with_key(params: CertificateParams, key: KeyPair, issuer: &Issued) -> Issued {
    let cert = params.signed_by(&key, &issuer.cert, &issuer.key).unwrap();
    Issued { cert, key }
}

/// A CA named `cn` issued by `issuer`.
pub(crate) fn intermediate(cn: &str, issuer: &Issued) -> Issued {
    issue(ca_params(cn), issuer)
}

/// An end-entity for `example.com` issued by `issuer`.
pub(crate) fn leaf(issuer: &Issued) -> Issued {
    issue(leaf_params("example.com"), issuer)
}

pub(crate) fn anchors(roots: &[&Issued]) -> TrustAnchors {
    let mut anchors = TrustAnchors::new();
    for root in roots {
        anchors.add(TrustAnchor::from_der(root.der()).unwrap());
    }
    anchors
}

pub(crate) fn options() -> VerifyOptions {
    VerifyOptions::at(UnixTime::from_secs(NOW))
}

pub(crate) fn example_com() -> ServerName {
    ServerName::try_from("example.com").unwrap()
}

/// Verifies `leaf` as a server for example.com through `intermediates` at [`NOW`].
pub(crate) fn verify<'a>(
    anchors: &'a TrustAnchors,
    leaf: &'a Issued,
    intermediates: &[&'a Issued],
    options: &VerifyOptions,
) -> Result<VerifiedPath<'a>, Rejection> {
    let ders: Vec<&[u8]> = intermediates.iter().map(|i| i.der()).collect();
    anchors.verify_server(leaf.der(), &ders, Some(&example_com()), options)
}
