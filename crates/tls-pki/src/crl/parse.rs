//! Parsing a CRL (RFC 5280 §5) once, when the caller loads it.
//!
//! ```text
//! CertificateList  ::=  SEQUENCE  {
//!      tbsCertList          TBSCertList,
//!      signatureAlgorithm   AlgorithmIdentifier,
//!      signatureValue       BIT STRING  }
//!
//! TBSCertList  ::=  SEQUENCE  {
//!      version                 Version OPTIONAL,
//!                                   -- if present, MUST be v2
//!      signature               AlgorithmIdentifier,
//!      issuer                  Name,
//!      thisUpdate              Time,
//!      nextUpdate              Time OPTIONAL,
//!      revokedCertificates     SEQUENCE OF SEQUENCE  {
//!           userCertificate         CertificateSerialNumber,
//!           revocationDate          Time,
//!           crlEntryExtensions      Extensions OPTIONAL
//!                                    -- if present, version MUST be v2
//!                                }  OPTIONAL,
//!      crlExtensions           [0]  EXPLICIT Extensions OPTIONAL }
//!                                    -- if present, version MUST be v2
//!
//! IssuingDistributionPoint ::= SEQUENCE {
//!      distributionPoint          [0] DistributionPointName OPTIONAL,
//!      onlyContainsUserCerts      [1] BOOLEAN DEFAULT FALSE,
//!      onlyContainsCACerts        [2] BOOLEAN DEFAULT FALSE,
//!      onlySomeReasons            [3] ReasonFlags OPTIONAL,
//!      indirectCRL                [4] BOOLEAN DEFAULT FALSE,
//!      onlyContainsAttributeCerts [5] BOOLEAN DEFAULT FALSE }
//! ```
//!
//! The CRL keeps its DER and where each field lies in it; entries are walked again when a
//! serial number is looked up, so a CRL of any size costs one allocation (its copy).

use core::fmt;
use core::ops::Range;

use super::extensions::{Entry, crl_extensions};
use crate::cert::ReasonFlags;
use crate::cert::time::decode_time;
use crate::der::{
    TAG_INTEGER, TAG_SEQUENCE, Walker, integer, octet_aligned_bit_string, single, subrange,
};
use crate::error::Error;
use crate::signature::SignatureAlgorithm;

/// A CRL, parsed and checked when loaded.
#[derive(Clone, PartialEq, Eq)]
pub struct Crl {
    der: Box<[u8]>,
    tbs: Range<usize>,
    signature: Range<usize>,
    algorithm: SignatureAlgorithm,
    issuer: Range<usize>,
    this_update: i64,
    next_update: i64,
    /// The contents of `revokedCertificates`, if present.
    revoked: Option<Range<usize>>,
    /// The issuing distribution point's scope.
    scope: Scope,
}

/// What an issuing distribution point limits a CRL to (nothing, without one).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Scope {
    /// `distributionPoint`: a `fullName`'s GeneralName TLVs or a relative name's RDN contents.
    pub(crate) distribution_point: Option<(NameForm, Range<usize>)>,
    /// `onlyContainsUserCerts`.
    pub(crate) only_user_certs: bool,
    /// `onlyContainsCACerts`.
    pub(crate) only_ca_certs: bool,
    /// `onlySomeReasons`, or every reason.
    pub(crate) reasons: Option<ReasonFlags>,
}

/// Which form a distribution point name takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NameForm {
    /// `fullName`.
    Full,
    /// `nameRelativeToCRLIssuer`.
    RelativeToCrlIssuer,
}

/// A CRL entry's reason code (RFC 5280 §5.3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RevocationReason {
    /// `unspecified (0)`.
    Unspecified,
    /// `keyCompromise (1)`.
    KeyCompromise,
    /// `cACompromise (2)`.
    CaCompromise,
    /// `affiliationChanged (3)`.
    AffiliationChanged,
    /// `superseded (4)`.
    Superseded,
    /// `cessationOfOperation (5)`.
    CessationOfOperation,
    /// `certificateHold (6)`.
    CertificateHold,
    /// `privilegeWithdrawn (9)`.
    PrivilegeWithdrawn,
    /// `aACompromise (10)`.
    AaCompromise,
}

impl RevocationReason {
    /// The reason of an `ENUMERATED` value, if it is one a complete CRL may carry.
    ///
    /// `removeFromCRL (8)` appears only in delta CRLs, which we do not load, and 7 is unused.
    pub(super) fn from_value(value: u8) -> Option<Self> {
        Some(match value {
            0 => Self::Unspecified,
            1 => Self::KeyCompromise,
            2 => Self::CaCompromise,
            3 => Self::AffiliationChanged,
            4 => Self::Superseded,
            5 => Self::CessationOfOperation,
            6 => Self::CertificateHold,
            9 => Self::PrivilegeWithdrawn,
            10 => Self::AaCompromise,
            _ => return None,
        })
    }
}

impl fmt::Display for RevocationReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Unspecified => "unspecified",
            Self::KeyCompromise => "keyCompromise",
            Self::CaCompromise => "cACompromise",
            Self::AffiliationChanged => "affiliationChanged",
            Self::Superseded => "superseded",
            Self::CessationOfOperation => "cessationOfOperation",
            Self::CertificateHold => "certificateHold",
            Self::PrivilegeWithdrawn => "privilegeWithdrawn",
            Self::AaCompromise => "aACompromise",
        })
    }
}

impl fmt::Debug for Crl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Crl")
            .field("der_len", &self.der.len())
            .field("this_update", &self.this_update)
            .field("next_update", &self.next_update)
            .finish_non_exhaustive()
    }
}

/// The error for a CRL we refuse to load.
pub(super) fn unusable(reason: &'static str) -> Error {
    Error::UnusableCrl { reason }
}

impl Crl {
    /// Parses one DER CRL that fills `der` exactly, and keeps a copy.
    ///
    /// Refused ([`Error::UnusableCrl`]): anything that is not RFC 5280's syntax; a v1 CRL or
    /// one without `nextUpdate` or `cRLNumber`, which conforming issuers always include; delta
    /// and indirect CRLs, which we do not support; CRLs of attribute certificates; critical
    /// extensions we do not process, in the CRL or an entry; and a signature algorithm we do
    /// not verify.
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        let parsed = Parsed::parse(der)?;
        let range = |inner: &[u8]| subrange(der, inner).ok_or(unusable("internal range"));
        let scope = match parsed.scope {
            Some(idp) => Scope {
                distribution_point: idp
                    .distribution_point
                    .map(|(form, names)| range(names).map(|names| (form, names)))
                    .transpose()?,
                only_user_certs: idp.only_user_certs,
                only_ca_certs: idp.only_ca_certs,
                reasons: idp.reasons,
            },
            None => Scope::default(),
        };
        Ok(Self {
            tbs: range(parsed.tbs)?,
            signature: range(parsed.signature)?,
            algorithm: parsed.algorithm,
            issuer: range(parsed.issuer)?,
            this_update: parsed.this_update,
            next_update: parsed.next_update,
            revoked: parsed.revoked.map(range).transpose()?,
            scope,
            der: der.into(),
        })
    }

    /// The CRL's DER.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// `issuer`, the whole Name TLV.
    pub fn issuer(&self) -> &[u8] {
        self.slice(&self.issuer)
    }

    /// `thisUpdate`, in seconds since the Unix epoch.
    pub fn this_update(&self) -> i64 {
        self.this_update
    }

    /// `nextUpdate`, in seconds since the Unix epoch.
    pub fn next_update(&self) -> i64 {
        self.next_update
    }

    /// The TBS bytes the issuer signed.
    pub(crate) fn tbs(&self) -> &[u8] {
        self.slice(&self.tbs)
    }

    /// The signature octets.
    pub(crate) fn signature(&self) -> &[u8] {
        self.slice(&self.signature)
    }

    /// The signature algorithm.
    pub(crate) fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    /// The issuing distribution point's scope.
    pub(crate) fn scope(&self) -> &Scope {
        &self.scope
    }

    /// The bytes at `range` of the CRL.
    pub(crate) fn slice(&self, range: &Range<usize>) -> &[u8] {
        self.der.get(range.clone()).unwrap_or_default()
    }

    /// Whether the serial number whose INTEGER contents are `serial` is listed, and with which
    /// reason code.
    pub(crate) fn lookup(&self, serial: &[u8]) -> Option<Option<RevocationReason>> {
        let revoked = self.revoked.as_ref().map(|range| self.slice(range))?;
        let mut entries = Walker::new(revoked, "revokedCertificates").ok()?;
        while !entries.is_empty() {
            // Every entry was checked when the CRL was loaded.
            let entry = Entry::parse(entries.expect(TAG_SEQUENCE, "entry").ok()?).ok()?;
            if entry.serial == serial {
                return Some(entry.reason);
            }
        }
        None
    }
}

/// A CRL's fields, borrowed from its DER, as [`Crl::from_der`] checks them.
struct Parsed<'a> {
    tbs: &'a [u8],
    signature: &'a [u8],
    algorithm: SignatureAlgorithm,
    issuer: &'a [u8],
    this_update: i64,
    next_update: i64,
    revoked: Option<&'a [u8]>,
    scope: Option<IssuingDistributionPoint<'a>>,
}

/// An issuing distribution point, borrowed.
pub(super) struct IssuingDistributionPoint<'a> {
    pub(super) distribution_point: Option<(NameForm, &'a [u8])>,
    pub(super) only_user_certs: bool,
    pub(super) only_ca_certs: bool,
    pub(super) reasons: Option<ReasonFlags>,
}

impl<'a> Parsed<'a> {
    fn parse(der: &'a [u8]) -> Result<Self, Error> {
        let bad = |_| unusable("not a DER CertificateList");
        let list = single(der, TAG_SEQUENCE, "CertificateList").map_err(bad)?;
        let mut fields = Walker::new(list, "CertificateList").map_err(bad)?;
        let tbs = fields.expect(TAG_SEQUENCE, "tbsCertList").map_err(bad)?;
        let outer_algorithm = fields
            .expect(TAG_SEQUENCE, "signatureAlgorithm")
            .map_err(bad)?;
        let signature =
            octet_aligned_bit_string(fields.any("signatureValue").map_err(bad)?, "signatureValue")
                .map_err(bad)?;
        fields.finish("CertificateList").map_err(bad)?;

        let mut fields = Walker::new(tbs.value, "tbsCertList").map_err(bad)?;
        //= https://www.rfc-editor.org/rfc/rfc5280#section-5.1.2.1
        //# This optional field describes the version of the encoded CRL.  When
        //# extensions are used, as required by this profile, this field MUST be
        //# present and MUST specify version 2 (the integer value is 1).
        match fields.optional(TAG_INTEGER, "version").map_err(bad)? {
            Some(version) if integer(version, "version").map_err(bad)? == [1] => {}
            Some(_) | None => return Err(unusable("not a v2 CRL")),
        }
        let inner_algorithm = fields.expect(TAG_SEQUENCE, "signature").map_err(bad)?;
        //= https://www.rfc-editor.org/rfc/rfc5280#section-5.1.1.2
        //# This field MUST contain the same algorithm identifier as the
        //# signature field in the sequence tbsCertList (Section 5.1.2.2).
        if inner_algorithm.raw != outer_algorithm.raw {
            return Err(unusable(
                "signatureAlgorithm differs from tbsCertList.signature",
            ));
        }
        let algorithm = SignatureAlgorithm::from_algorithm_identifier(outer_algorithm.raw)
            .map_err(|_| unusable("signature algorithm we do not verify"))?;
        let issuer = fields.expect(TAG_SEQUENCE, "issuer").map_err(bad)?.raw;
        //= https://www.rfc-editor.org/rfc/rfc5280#section-5.1.2.3
        //# The issuer field MUST contain a non-empty X.500 distinguished name
        //# (DN).
        if issuer == [TAG_SEQUENCE, 0] {
            return Err(unusable("empty issuer"));
        }
        let this_update = decode_time(fields.any("thisUpdate").map_err(bad)?, "thisUpdate")
            .map_err(|_| unusable("thisUpdate is not a Time"))?;
        //= https://www.rfc-editor.org/rfc/rfc5280#section-5.1.2.5
        //# Conforming CRL issuers MUST include the nextUpdate field in all CRLs.
        let next_update = match fields.peek_tag() {
            Some(0x17 | 0x18) => decode_time(fields.any("nextUpdate").map_err(bad)?, "nextUpdate")
                .map_err(|_| unusable("nextUpdate is not a Time"))?,
            _ => return Err(unusable("no nextUpdate")),
        };
        let revoked = fields
            .optional(TAG_SEQUENCE, "revokedCertificates")
            .map_err(bad)?;
        if let Some(revoked) = revoked {
            //= https://www.rfc-editor.org/rfc/rfc5280#section-5.1.2.6
            //# When there are no revoked certificates, the revoked certificates list
            //# MUST be absent.
            if revoked.value.is_empty() {
                return Err(unusable("empty revokedCertificates"));
            }
            let mut entries = Walker::new(revoked.value, "revokedCertificates").map_err(bad)?;
            while !entries.is_empty() {
                Entry::parse(entries.expect(TAG_SEQUENCE, "entry").map_err(bad)?)?;
            }
        }
        let extensions = fields
            .expect(0xa0, "crlExtensions")
            .map_err(|_| unusable("no crlExtensions (cRLNumber is required)"))?;
        fields.finish("tbsCertList").map_err(bad)?;
        let scope = crl_extensions(extensions.value)?;
        Ok(Self {
            tbs: tbs.raw,
            signature,
            algorithm,
            issuer,
            this_update,
            next_update,
            revoked: revoked.map(|revoked| revoked.value),
            scope,
        })
    }
}
