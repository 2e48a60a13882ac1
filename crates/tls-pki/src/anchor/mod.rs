//! Trust anchors: the certificates a verification ends at.
//!
//! An anchor is parsed once, when it is added: it keeps its DER bytes and where the fields a
//! verification reads lie inside them, so that verifying parses no anchor and looking up the
//! anchors that may have issued a certificate compares names only.
//!
//! ```text
//! PEM bytes ─┐
//! PEM file ──┼──▶ CERTIFICATE blocks ──▶ TrustAnchor::from_der ──▶ TrustAnchors (no duplicates)
//! directory ─┘          │                        │
//!   ▲                   └── other labels:        └── does not parse: skipped,
//!   │                       ignored                  reported in LoadReport
//! system(): SSL_CERT_FILE, SSL_CERT_DIR, or the distribution's bundle / directory
//! ```

mod pem;
mod system;

pub use self::pem::{LoadReport, MAX_PEM_FILE_LEN, SkipReason, Skipped};
pub use self::system::{SYSTEM_BUNDLES, SYSTEM_DIRECTORY};
use core::ops::Range;

use crate::cert::{Certificate, ID_CE_EXT_KEY_USAGE, ID_CE_NAME_CONSTRAINTS, KeyUsage, Validity};
use crate::checks;
use crate::crl::CrlSigner;
use crate::der::subrange;
use crate::error::Error;
use crate::signature::KeyInfo;

/// One trust anchor: a certificate we trust without verifying its signature.
///
/// It is parsed and checked once, when made: the fields a verification reads (subject, key,
/// validity, key usage, path length, name constraints, extended key usage) are located in its
/// DER, and the outcome of the checks that do not depend on a verification's options is kept,
/// so that verifying a path parses no anchor.
#[derive(Clone)]
pub struct TrustAnchor {
    der: Box<[u8]>,
    subject: Range<usize>,
    /// The subjectKeyIdentifier octets, by which the path builder orders candidates.
    subject_key_identifier: Option<Range<usize>>,
    /// The key, read when the anchor was loaded (with the bytes of another copy).
    key_info: KeyInfo<'static>,
    key: Range<usize>,
    validity: Validity,
    key_usage: Option<KeyUsage>,
    path_len_constraint: Option<u32>,
    /// The nameConstraints extension's value.
    name_constraints: Option<Range<usize>>,
    /// The extKeyUsage extension's value.
    extended_key_usage: Option<Range<usize>>,
    self_issued: bool,
    /// The checks of `checks::check_anchor_once`.
    checked: Result<(), Error>,
}

impl TrustAnchor {
    /// Accepts one DER certificate as a trust anchor, if it parses.
    ///
    /// It is parsed as any certificate is, except that its serial number may be any INTEGER:
    /// roots in use have serial number zero, and an anchor's serial number plays no part in
    /// verification. An anchor that parses but breaks a rule we hold anchors to (a CA without
    /// keyCertSign, say) is accepted here and refused when a path reaches it, so that the
    /// refusal names the rule.
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        let certificate = Certificate::from_der_trust_anchor(der)?;
        let range = |inner: &[u8]| {
            subrange(der, inner).ok_or(Error::MalformedCertificate {
                reason: "tbsCertificate",
            })
        };
        let public_key = certificate.public_key();
        let extension = |oid| certificate.extensions().find(oid).map(|e| e.value);
        Ok(Self {
            subject: range(certificate.subject())?,
            // As the path builder's ordering wants it: an identifier that does not parse names
            // nothing (the anchor's checks refuse it).
            subject_key_identifier: certificate
                .subject_key_identifier()
                .ok()
                .flatten()
                .map(range)
                .transpose()?,
            key_info: public_key.info.with_key(&[]),
            key: range(public_key.key)?,
            validity: certificate.validity(),
            key_usage: certificate.key_usage().ok().flatten(),
            path_len_constraint: certificate
                .basic_constraints()
                .ok()
                .flatten()
                .and_then(|constraints| constraints.path_len_constraint),
            name_constraints: extension(ID_CE_NAME_CONSTRAINTS).map(range).transpose()?,
            extended_key_usage: extension(ID_CE_EXT_KEY_USAGE).map(range).transpose()?,
            self_issued: certificate.is_self_issued(),
            checked: checks::check_anchor_once(&certificate),
            der: der.into(),
        })
    }

    /// The certificate's DER bytes.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The subject Name's DER encoding (tag and length included), as in the certificate.
    pub fn subject(&self) -> &[u8] {
        self.slice(&self.subject)
    }

    /// The anchor, parsed (with the leniency of [`from_der`](Self::from_der): parse an anchor's
    /// DER through here, not with [`Certificate::from_der`]).
    ///
    /// It parsed when it was added, so this cannot fail on the same bytes; it still returns the
    /// `Result` rather than panic.
    pub fn certificate(&self) -> Result<Certificate<'_>, Error> {
        Certificate::from_der_trust_anchor(&self.der)
    }

    /// The octets of the anchor's subjectKeyIdentifier, if it has one that parses.
    pub(crate) fn subject_key_identifier(&self) -> Option<&[u8]> {
        self.subject_key_identifier.as_ref().map(|r| self.slice(r))
    }

    /// The anchor's key, as a CRL signer and for verifying what it issued.
    pub(crate) fn signer(&self) -> CrlSigner<'_> {
        CrlSigner {
            key: self.key_info.with_key(self.slice(&self.key)),
            key_usage: self.key_usage,
        }
    }

    /// `validity`.
    pub(crate) fn validity(&self) -> Validity {
        self.validity
    }

    /// basicConstraints' `pathLenConstraint`.
    pub(crate) fn path_len_constraint(&self) -> Option<u32> {
        self.path_len_constraint
    }

    /// The nameConstraints value, if present.
    pub(crate) fn name_constraints(&self) -> Option<&[u8]> {
        self.name_constraints.as_ref().map(|r| self.slice(r))
    }

    /// The extKeyUsage value, if present.
    pub(crate) fn extended_key_usage(&self) -> Option<&[u8]> {
        self.extended_key_usage.as_ref().map(|r| self.slice(r))
    }

    /// Whether the anchor is self-issued (a root).
    pub(crate) fn is_self_issued(&self) -> bool {
        self.self_issued
    }

    /// The outcome of the checks made when the anchor was loaded.
    pub(crate) fn checked(&self) -> Result<(), Error> {
        self.checked
    }

    fn slice(&self, range: &Range<usize>) -> &[u8] {
        self.der.get(range.clone()).unwrap_or_default()
    }
}

impl PartialEq for TrustAnchor {
    /// Two anchors are the same when their DER is: everything else is derived from it.
    fn eq(&self, other: &Self) -> bool {
        self.der == other.der
    }
}

impl Eq for TrustAnchor {}

impl core::fmt::Debug for TrustAnchor {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("TrustAnchor")
            .field("der_len", &self.der.len())
            .finish_non_exhaustive()
    }
}

/// A set of trust anchors.
#[derive(Clone, Debug, Default)]
pub struct TrustAnchors {
    anchors: Vec<TrustAnchor>,
}

impl TrustAnchors {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one anchor. An anchor already in the set (the same DER) is not added twice.
    pub fn add(&mut self, anchor: TrustAnchor) {
        self.insert(anchor);
    }

    /// Adds one anchor unless the set holds it already; says whether it was added.
    pub(crate) fn insert(&mut self, anchor: TrustAnchor) -> bool {
        let new = !self.anchors.contains(&anchor);
        if new {
            self.anchors.push(anchor);
        }
        new
    }

    /// The anchors, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = &TrustAnchor> {
        self.anchors.iter()
    }

    /// The anchors whose subject is `issuer` byte for byte.
    pub fn with_subject<'s>(&'s self, issuer: &'s [u8]) -> impl Iterator<Item = &'s TrustAnchor> {
        self.anchors
            .iter()
            .filter(move |anchor| anchor.subject() == issuer)
    }

    /// How many anchors the set holds.
    pub fn len(&self) -> usize {
        self.anchors.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A self-signed certificate whose serial number is `serial` (contents octets).
    fn with_serial(serial: &[u8]) -> Vec<u8> {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(vec!["root.example".to_owned()]).unwrap();
        params.serial_number = Some(rcgen::SerialNumber::from_slice(serial));
        params.self_signed(&key).unwrap().der().to_vec()
    }

    #[test]
    fn accepts_a_root_with_serial_number_zero() {
        let der = with_serial(&[0]);
        assert_eq!(
            Certificate::from_der(&der),
            Err(Error::InvalidSerialNumber { reason: "zero" })
        );
        let anchor = TrustAnchor::from_der(&der).unwrap();
        let certificate = anchor.certificate().unwrap();
        assert_eq!(certificate.serial_number(), [0]);
        assert_eq!(anchor.subject(), certificate.subject());
    }

    #[test]
    fn a_chain_ending_at_a_root_with_serial_number_zero_verifies() {
        let root_key = rcgen::KeyPair::generate().unwrap();
        let mut root = rcgen::CertificateParams::new(Vec::new()).unwrap();
        root.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        root.serial_number = Some(rcgen::SerialNumber::from_slice(&[0]));
        let root = root.self_signed(&root_key).unwrap();
        let leaf_key = rcgen::KeyPair::generate().unwrap();
        let mut leaf = rcgen::CertificateParams::new(vec!["leaf.example".to_owned()]).unwrap();
        leaf.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
        leaf.use_authority_key_identifier_extension = true;
        let leaf = leaf.signed_by(&leaf_key, &root, &root_key).unwrap();

        let mut anchors = TrustAnchors::new();
        anchors.add(TrustAnchor::from_der(root.der()).unwrap());
        let name = crate::name::ServerName::try_from("leaf.example").unwrap();
        let options = crate::VerifyOptions::at(crate::UnixTime::from_secs(1_800_000_000));
        let path = anchors
            .verify_server(leaf.der(), &[], Some(&name), &options)
            .unwrap();
        assert_eq!(path.anchor().der(), root.der().as_ref());
    }

    #[test]
    fn still_refuses_an_anchor_that_is_not_a_certificate() {
        let der = with_serial(&[1]);
        assert!(TrustAnchor::from_der(&der[..der.len() - 1]).is_err());
        assert!(TrustAnchor::from_der(&[0x30, 0x00]).is_err());
    }

    #[test]
    fn adding_the_same_anchor_twice_keeps_one() {
        let anchor = TrustAnchor::from_der(&with_serial(&[1])).unwrap();
        let mut anchors = TrustAnchors::new();
        anchors.add(anchor.clone());
        anchors.add(anchor.clone());
        assert_eq!(anchors.len(), 1);
        assert_eq!(anchors.with_subject(anchor.subject()).count(), 1);
    }
}
