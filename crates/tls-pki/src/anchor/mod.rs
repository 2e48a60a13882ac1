//! Trust anchors: the certificates a verification ends at.
//!
//! An anchor is kept as its DER bytes with its subject located inside them, so that looking up
//! the anchors that may have issued a certificate compares names without parsing every anchor.
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
use crate::cert::Certificate;
use crate::error::Error;

/// One trust anchor: a certificate we trust without verifying its signature.
#[derive(Clone, PartialEq, Eq)]
pub struct TrustAnchor {
    der: Box<[u8]>,
    subject: core::ops::Range<usize>,
    /// The subjectKeyIdentifier octets, located once so that the path builder can order
    /// anchors by it without parsing each one.
    subject_key_identifier: Option<core::ops::Range<usize>>,
}

impl TrustAnchor {
    /// Accepts one DER certificate as a trust anchor, if it parses.
    ///
    /// It is parsed as any certificate is, except that its serial number may be any INTEGER:
    /// roots in use have serial number zero, and an anchor's serial number plays no part in
    /// verification.
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        let certificate = Certificate::from_der_trust_anchor(der)?;
        let subject = subrange(der, certificate.subject()).ok_or(Error::MalformedCertificate {
            reason: "tbsCertificate.subject",
        })?;
        // As the path builder's ordering wants it: an identifier that does not parse names
        // nothing (the path checks refuse it when the anchor is tried).
        let subject_key_identifier = certificate
            .subject_key_identifier()
            .ok()
            .flatten()
            .and_then(|identifier| subrange(der, identifier));
        Ok(Self {
            der: der.into(),
            subject,
            subject_key_identifier,
        })
    }

    /// The certificate's DER bytes.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The subject Name's DER encoding (tag and length included), as in the certificate.
    pub fn subject(&self) -> &[u8] {
        self.der.get(self.subject.clone()).unwrap_or_default()
    }

    /// The octets of the anchor's subjectKeyIdentifier, if it has one that parses.
    pub(crate) fn subject_key_identifier(&self) -> Option<&[u8]> {
        self.der.get(self.subject_key_identifier.clone()?)
    }

    /// The anchor, parsed (with the leniency of [`from_der`](Self::from_der): parse an anchor's
    /// DER through here, not with [`Certificate::from_der`]).
    ///
    /// It parsed when it was added, so this cannot fail on the same bytes; it still returns the
    /// `Result` rather than panic.
    pub fn certificate(&self) -> Result<Certificate<'_>, Error> {
        Certificate::from_der_trust_anchor(&self.der)
    }
}

impl core::fmt::Debug for TrustAnchor {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("TrustAnchor")
            .field("der_len", &self.der.len())
            .finish_non_exhaustive()
    }
}

/// Where `inner` lies inside `outer`, if it is a sub-slice of it.
fn subrange(outer: &[u8], inner: &[u8]) -> Option<core::ops::Range<usize>> {
    let start = inner.as_ptr().addr().checked_sub(outer.as_ptr().addr())?;
    let end = start.checked_add(inner.len())?;
    (end <= outer.len()).then_some(start..end)
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
