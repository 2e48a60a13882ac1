//! Trust anchors: the certificates a verification ends at.
//!
//! An anchor is kept as its DER bytes with its subject located inside them, so that looking up
//! the anchors that may have issued a certificate compares names without parsing every anchor.

use crate::cert::Certificate;
use crate::error::Error;

/// One trust anchor: a certificate we trust without verifying its signature.
#[derive(Clone, PartialEq, Eq)]
pub struct TrustAnchor {
    der: Box<[u8]>,
    subject: core::ops::Range<usize>,
}

impl TrustAnchor {
    /// Accepts one DER certificate as a trust anchor, if it parses.
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        let certificate = Certificate::from_der(der)?;
        let subject = subrange(der, certificate.subject()).ok_or(Error::MalformedCertificate {
            reason: "tbsCertificate.subject",
        })?;
        Ok(Self {
            der: der.into(),
            subject,
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

    /// The anchor, parsed.
    ///
    /// It parsed when it was added, so this cannot fail on the same bytes; it still returns the
    /// `Result` rather than panic.
    pub fn certificate(&self) -> Result<Certificate<'_>, Error> {
        Certificate::from_der(&self.der)
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
        if !self.anchors.contains(&anchor) {
            self.anchors.push(anchor);
        }
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
