//! The nameConstraints extension (RFC 5280 §4.2.1.10): parsing it, and checking the names of a
//! certificate below the constrained CA against it.
//!
//! ```text
//! NameConstraints ::= SEQUENCE {
//!      permittedSubtrees       [0]     GeneralSubtrees OPTIONAL,
//!      excludedSubtrees        [1]     GeneralSubtrees OPTIONAL }
//!
//! GeneralSubtrees ::= SEQUENCE SIZE (1..MAX) OF GeneralSubtree
//!
//! GeneralSubtree ::= SEQUENCE {
//!      base                    GeneralName,
//!      minimum         [0]     BaseDistance DEFAULT 0,
//!      maximum         [1]     BaseDistance OPTIONAL }
//! ```
//!
//! [`NameConstraints::from_der`] checks the whole value up front, every constraint included, so a
//! constraint we cannot read refuses the CA instead of being skipped. `NameConstraints::check`
//! then walks the certificate's names:
//!
//! ```text
//! subjectAltName entries ─┐
//! subject DN (non-empty) ─┼─▶ one name of a form ─▶ excluded subtrees of that form: none within
//! subject emailAddress ───┤                        permitted subtrees of that form: one within
//! subject CN (no SAN, EE) ┘                        (each pair charged to the Meter first)
//! ```
//!
//! Forms and their subtrees: `dNSName` ([`dns_name_within`]), `iPAddress` ([`ip_within`]),
//! `rfc822Name` (`email`), `uniformResourceIdentifier` (`uri`) and `directoryName`
//! (`directory`). `otherName`, `x400Address`, `ediPartyName` and `registeredID` constraints are
//! parsed but never evaluated: one that meets a name of its own form is
//! [`Error::UnsupportedNameConstraint`].
//!
//! Two readings go beyond the letter of RFC 5280, both defensive:
//! - a wildcard `dNSName` (`*.example.com`) stands for every name it could match in RFC 9525, so
//!   it is within a permitted subtree only if all of them are, and it meets an excluded subtree
//!   if any of them would (x509-limbo `cve::cve-2025-61727`);
//! - a certificate with no subjectAltName extension that is not a CA has each subject
//!   `commonName` that is a valid DNS name checked as a `dNSName`, because legacy clients read
//!   host names there (rustls-webpki does the same; BetterTLS `nameconstraints` agrees).

mod directory;
mod email;
mod uri;

use super::dns::{dns_name_within, has_label_suffix};
use super::ip::ip_within;
use super::is_valid_dns_name;
use crate::budget::Meter;
use crate::cert::{Certificate, GeneralName, ID_CE_NAME_CONSTRAINTS, ID_CE_SUBJECT_ALT_NAME};
use crate::der::{Tlv, split_tlv};
use crate::error::Error;

/// The `GeneralName` tag numbers (RFC 5280 §4.2.1.6).
mod form {
    /// `otherName [0] AnotherName`.
    pub(super) const OTHER_NAME: u8 = 0;
    /// `rfc822Name [1] IA5String`.
    pub(super) const RFC822_NAME: u8 = 1;
    /// `dNSName [2] IA5String`.
    pub(super) const DNS_NAME: u8 = 2;
    /// `x400Address [3] ORAddress`.
    pub(super) const X400_ADDRESS: u8 = 3;
    /// `directoryName [4] Name`.
    pub(super) const DIRECTORY_NAME: u8 = 4;
    /// `ediPartyName [5] EDIPartyName`.
    pub(super) const EDI_PARTY_NAME: u8 = 5;
    /// `uniformResourceIdentifier [6] IA5String`.
    pub(super) const URI: u8 = 6;
    /// `iPAddress [7] OCTET STRING`.
    pub(super) const IP_ADDRESS: u8 = 7;
    /// `registeredID [8] OBJECT IDENTIFIER`.
    pub(super) const REGISTERED_ID: u8 = 8;
}

/// Context-specific class bits of an identifier octet.
const CONTEXT_SPECIFIC: u8 = 0x80;
/// Constructed bit of an identifier octet.
const CONSTRUCTED: u8 = 0x20;
/// DER tag of a constructed `SEQUENCE`.
const TAG_SEQUENCE: u8 = 0x30;
/// The wildcard label of a presented `dNSName`.
const WILDCARD_PREFIX: &[u8] = b"*.";

/// A nameConstraints extension value, checked when made; iterating its subtrees does not
/// allocate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameConstraints<'a> {
    /// The contents of `permittedSubtrees` (GeneralSubtree TLVs), if present.
    permitted: Option<&'a [u8]>,
    /// The contents of `excludedSubtrees`, if present.
    excluded: Option<&'a [u8]>,
    /// Bit `n` is set when some subtree (permitted or excluded) has a base of tag number `n`.
    forms: u16,
}

impl<'a> NameConstraints<'a> {
    /// Parses the extension value (the DER of `NameConstraints`), checking every subtree.
    ///
    /// Refused, as [`Error::MalformedExtension`]: a value that is not the RFC 5280 syntax, one
    /// with neither field or an empty `GeneralSubtrees`, a subtree with `minimum` or `maximum`,
    /// and a `dNSName`, `iPAddress`, `rfc822Name`, `uniformResourceIdentifier` or `directoryName`
    /// base whose contents are not a constraint of that form.
    pub fn from_der(extension_value: &'a [u8]) -> Result<Self, Error> {
        let mut outer = Tlvs::new(extension_value);
        let sequence = outer.expect(TAG_SEQUENCE, "not a SEQUENCE")?;
        outer.finish("trailing data after the SEQUENCE")?;
        let mut fields = Tlvs::new(sequence.value);
        let permitted = fields.optional(CONTEXT_SPECIFIC | CONSTRUCTED, "permittedSubtrees")?;
        let excluded = fields.optional(CONTEXT_SPECIFIC | CONSTRUCTED | 1, "excludedSubtrees")?;
        fields.finish("unexpected field in NameConstraints")?;
        //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.10
        //# Conforming CAs MUST NOT
        //# issue certificates where name constraints is an empty sequence.  That
        //# is, either the permittedSubtrees field or the excludedSubtrees MUST
        //# be present.
        if permitted.is_none() && excluded.is_none() {
            return Err(malformed("neither permittedSubtrees nor excludedSubtrees"));
        }
        let mut forms = 0u16;
        for subtrees in [permitted, excluded].into_iter().flatten() {
            // `GeneralSubtrees ::= SEQUENCE SIZE (1..MAX) OF GeneralSubtree`.
            if subtrees.value.is_empty() {
                return Err(malformed("empty GeneralSubtrees"));
            }
            for base in Bases::new(subtrees.value) {
                let base = base?;
                validate_base(base)?;
                forms |= 1 << base.form;
            }
        }
        Ok(Self {
            permitted: permitted.map(|tlv| tlv.value),
            excluded: excluded.map(|tlv| tlv.value),
            forms,
        })
    }

    /// Checks every name of `certificate` against these constraints (RFC 5280 §4.2.1.10).
    ///
    /// The caller applies this to each certificate below the constrained CA in the path,
    /// skipping self-issued intermediates as RFC 5280 §6.1.3 (b) says. Errors:
    /// [`Error::NameConstraintViolation`], [`Error::UnsupportedNameConstraint`],
    /// [`Error::MalformedExtension`] for a constrained subjectAltName entry that is not a name of
    /// its form, and [`Error::BudgetExceeded`] when `meter` runs out.
    pub(crate) fn check(
        &self,
        certificate: &Certificate<'_>,
        meter: &mut Meter,
    ) -> Result<(), Error> {
        let subject_alt_name = certificate.subject_alt_name()?;
        if let Some(names) = &subject_alt_name {
            for name in names.names() {
                self.check_name(name, meter)?;
            }
        }
        let subject = directory::name_contents(certificate.subject())?;
        //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.10
        //# Restrictions of the form directoryName MUST be applied to the subject
        //# field in the certificate (when the certificate includes a non-empty
        //# subject field) and to any names of type directoryName in the
        //# subjectAltName extension.
        if !subject.is_empty() && self.constrains(form::DIRECTORY_NAME) {
            self.check_form(Name::Directory(subject), meter)?;
        }
        // RFC 5280 asks for this only when the certificate has no subjectAltName; we check the
        // emailAddress attributes always, since a mail client may read them either way.
        //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.10
        //# When constraints are imposed on the
        //# rfc822Name name form, but the certificate does not include a subject
        //# alternative name, the rfc822Name constraint MUST be applied to the
        //# attribute of type emailAddress in the subject distinguished name.
        if self.constrains(form::RFC822_NAME) {
            for attribute in directory::Attributes::new(subject) {
                let attribute = attribute?;
                if attribute.oid == directory::OID_EMAIL_ADDRESS {
                    let mailbox = email::Mailbox::parse(attribute.value)
                        .ok_or(Error::NameConstraintViolation)?;
                    self.check_form(Name::Email(mailbox), meter)?;
                }
            }
        }
        let is_ca = certificate
            .basic_constraints()?
            .is_some_and(|constraints| constraints.ca);
        if subject_alt_name.is_none() && !is_ca && self.constrains(form::DNS_NAME) {
            for attribute in directory::Attributes::new(subject) {
                let attribute = attribute?;
                if attribute.oid == directory::OID_COMMON_NAME && is_valid_dns_name(attribute.value)
                {
                    self.check_form(Name::Dns(attribute.value), meter)?;
                }
            }
        }
        Ok(())
    }

    /// Checks one subjectAltName entry against these constraints.
    ///
    /// A name whose form no subtree constrains is accepted without being read.
    pub(crate) fn check_name(&self, name: GeneralName<'_>, meter: &mut Meter) -> Result<(), Error> {
        let (tag, value) = match name {
            GeneralName::Rfc822Name(value) => (CONTEXT_SPECIFIC | form::RFC822_NAME, value),
            GeneralName::DnsName(value) => (CONTEXT_SPECIFIC | form::DNS_NAME, value),
            GeneralName::IpAddress(value) => (CONTEXT_SPECIFIC | form::IP_ADDRESS, value),
            GeneralName::Other { tag, value } => (tag, value),
        };
        let form_number = tag & 0x1f;
        if !self.constrains(form_number) {
            return Ok(());
        }
        let bad_san = |reason| Error::MalformedExtension {
            oid: ID_CE_SUBJECT_ALT_NAME,
            reason,
        };
        let name = match form_number {
            form::RFC822_NAME => Name::Email(
                email::Mailbox::parse(value).ok_or(bad_san("rfc822Name is not a mailbox"))?,
            ),
            form::DNS_NAME => {
                let bare = value.strip_prefix(WILDCARD_PREFIX).unwrap_or(value);
                if !is_valid_dns_name(bare) {
                    return Err(bad_san("dNSName is not a DNS name"));
                }
                Name::Dns(value)
            }
            form::IP_ADDRESS => {
                if value.len() != 4 && value.len() != 16 {
                    return Err(bad_san("iPAddress is not 4 or 16 octets"));
                }
                Name::Ip(value)
            }
            //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.10
            //# If a constraint is applied to the
            //# uniformResourceIdentifier name form and a subsequent certificate
            //# includes a subjectAltName extension with a uniformResourceIdentifier
            //# that does not include an authority component with a host name
            //# specified as a fully qualified domain name (e.g., if the URI either
            //# does not include an authority component or includes an authority
            //# component in which the host name is specified as an IP address), then
            //# the application MUST reject the certificate.
            form::URI => Name::UriHost(uri::host(value).ok_or(Error::NameConstraintViolation)?),
            form::DIRECTORY_NAME => Name::Directory(
                directory::name_contents(value)
                    .map_err(|_| bad_san("directoryName is not a Name"))?,
            ),
            //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.10
            //# If a name constraints extension that is marked as critical
            //# imposes constraints on a particular name form, and an instance of
            //# that name form appears in the subject field or subjectAltName
            //# extension of a subsequent certificate, then the application MUST
            //# either process the constraint or reject the certificate.
            // We reject whether or not the extension is critical: CA/B Forum lets CAs mark it
            // non-critical, and a constraint we ignore is no constraint.
            _ => return Err(Error::UnsupportedNameConstraint),
        };
        self.check_form(name, meter)
    }

    /// Whether some subtree has a base of the form with tag number `form_number`.
    fn constrains(&self, form_number: u8) -> bool {
        1u16.checked_shl(u32::from(form_number))
            .is_some_and(|bit| self.forms & bit != 0)
    }

    /// Checks one name, already read as its form, against the subtrees of its form.
    fn check_form(&self, name: Name<'_>, meter: &mut Meter) -> Result<(), Error> {
        if let Some(excluded) = self.excluded {
            for base in Bases::new(excluded) {
                meter.charge_name_constraint_comparisons(1)?;
                let base = base?;
                //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.10
                //# Any name matching a restriction in the excludedSubtrees
                //# field is invalid regardless of information appearing in the
                //# permittedSubtrees.
                if base.form == name.form() && name.meets_excluded(base.value)? {
                    return Err(Error::NameConstraintViolation);
                }
            }
        }
        let Some(permitted) = self.permitted else {
            return Ok(());
        };
        let mut form_is_permitted_somewhere = false;
        for base in Bases::new(permitted) {
            meter.charge_name_constraint_comparisons(1)?;
            let base = base?;
            if base.form != name.form() {
                continue;
            }
            if name.within_permitted(base.value)? {
                return Ok(());
            }
            form_is_permitted_somewhere = true;
        }
        //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.10
        //# Restrictions apply only when the
        //# specified name form is present.  If no name of the type is in the
        //# certificate, the certificate is acceptable.
        if form_is_permitted_somewhere {
            Err(Error::NameConstraintViolation)
        } else {
            Ok(())
        }
    }
}

/// One name of a certificate, read as its form and checked for syntax.
#[derive(Clone, Copy, Debug)]
enum Name<'a> {
    /// A `dNSName` (possibly `*.` and a name) or a subject common name that is a DNS name.
    Dns(&'a [u8]),
    /// An `iPAddress` of 4 or 16 octets.
    Ip(&'a [u8]),
    /// An `rfc822Name` or a subject emailAddress.
    Email(email::Mailbox<'a>),
    /// The host of a `uniformResourceIdentifier`.
    UriHost(&'a [u8]),
    /// The contents of a `Name` (its RDNSequence).
    Directory(&'a [u8]),
}

impl Name<'_> {
    /// The `GeneralName` tag number of this name's form.
    fn form(&self) -> u8 {
        match self {
            Self::Dns(_) => form::DNS_NAME,
            Self::Ip(_) => form::IP_ADDRESS,
            Self::Email(_) => form::RFC822_NAME,
            Self::UriHost(_) => form::URI,
            Self::Directory(_) => form::DIRECTORY_NAME,
        }
    }

    /// Whether every name this one stands for is within the subtree `base` of the same form.
    fn within_permitted(&self, base: &[u8]) -> Result<bool, Error> {
        match *self {
            // `dns_name_within` reads `*.example.com` as within exactly the subtrees holding
            // `example.com`, which hold every name the wildcard can match.
            Self::Dns(name) => dns_name_within(name, base).map_err(|_| malformed_constraint()),
            Self::Ip(address) => ip_within(address, base).map_err(|_| malformed_constraint()),
            Self::Email(mailbox) => Ok(email::within(mailbox, base)),
            Self::UriHost(host) => Ok(uri::host_within(host, base)),
            Self::Directory(name) => directory::within(name, base),
        }
    }

    /// Whether some name this one stands for is within the subtree `base` of the same form.
    fn meets_excluded(&self, base: &[u8]) -> Result<bool, Error> {
        if self.within_permitted(base)? {
            return Ok(true);
        }
        // `*.example.com` also matches `bar.example.com` in RFC 9525, so it meets an excluded
        // subtree that is one label below its parent domain.
        if let Self::Dns(name) = *self
            && let Some(parent) = name.strip_prefix(WILDCARD_PREFIX)
            && let Some(dot) = base.iter().position(|byte| *byte == b'.')
        {
            let below = base.get(dot.saturating_add(1)..).unwrap_or_default();
            return Ok(below.eq_ignore_ascii_case(parent));
        }
        Ok(false)
    }
}

/// Checks that a subtree's base is a constraint we can read, for the forms we evaluate.
fn validate_base(base: Base<'_>) -> Result<(), Error> {
    let ok = match base.form {
        form::RFC822_NAME => email::is_valid_constraint(base.value),
        // Neither `.example.com` nor `*.example.com`: RFC 5280 gives the leading period a
        // meaning for URI and rfc822Name constraints only, and x509-limbo expects both refused
        // (`rfc5280::nc::invalid-dnsname-leading-period`, `::invalid-dnsname-wildcard`). Empty
        // means every name.
        //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.10
        //# DNS name restrictions are expressed as host.example.com.
        form::DNS_NAME => base.value.is_empty() || is_valid_dns_name(base.value),
        //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.10
        //# For URIs, the constraint applies to the host part of the name.  The
        //# constraint MUST be specified as a fully qualified domain name and MAY
        //# specify a host or a domain.
        form::URI => is_valid_dns_name(base.value.strip_prefix(b".").unwrap_or(base.value)),
        // `ip_within` checks the length (8 or 32 octets) and that the mask is a CIDR prefix.
        form::IP_ADDRESS => ip_within(&[0; 4], base.value).is_ok(),
        form::DIRECTORY_NAME => directory::name_contents(base.value)
            .and_then(|rdns| directory::Attributes::new(rdns).try_for_each(|a| a.map(|_| ())))
            .is_ok(),
        form::OTHER_NAME | form::X400_ADDRESS | form::EDI_PARTY_NAME | form::REGISTERED_ID => true,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(malformed_constraint())
    }
}

/// The base of one `GeneralSubtree`.
#[derive(Clone, Copy, Debug)]
struct Base<'a> {
    /// The `GeneralName` tag number.
    form: u8,
    /// The contents octets of the `GeneralName`.
    value: &'a [u8],
}

/// The bases of a `GeneralSubtrees`' contents, in order; each subtree is checked as it is read.
struct Bases<'a> {
    subtrees: Tlvs<'a>,
}

impl<'a> Bases<'a> {
    fn new(contents: &'a [u8]) -> Self {
        Self {
            subtrees: Tlvs::new(contents),
        }
    }
}

impl<'a> Iterator for Bases<'a> {
    type Item = Result<Base<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.subtrees.is_empty() {
            return None;
        }
        let base = self.read();
        if base.is_err() {
            // Stop after the first error rather than read on from an unknown position.
            self.subtrees = Tlvs::new(&[]);
        }
        Some(base)
    }
}

impl<'a> Bases<'a> {
    fn read(&mut self) -> Result<Base<'a>, Error> {
        let subtree = self
            .subtrees
            .expect(TAG_SEQUENCE, "GeneralSubtree is not a SEQUENCE")?;
        let mut fields = Tlvs::new(subtree.value);
        let base = fields.next_tlv("GeneralSubtree has no base")?;
        //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.10
        //# Within this profile, the minimum and maximum fields are not used with
        //# any name forms, thus, the minimum MUST be zero, and maximum MUST be
        //# absent.
        // DER leaves out a minimum of zero (its DEFAULT), so nothing may follow the base.
        fields.finish("GeneralSubtree has minimum or maximum")?;
        let form = base.tag & 0x1f;
        let expected = match form {
            form::RFC822_NAME
            | form::DNS_NAME
            | form::URI
            | form::IP_ADDRESS
            | form::REGISTERED_ID => CONTEXT_SPECIFIC | form,
            form::OTHER_NAME | form::X400_ADDRESS | form::DIRECTORY_NAME | form::EDI_PARTY_NAME => {
                CONTEXT_SPECIFIC | CONSTRUCTED | form
            }
            _ => return Err(malformed("base is not a GeneralName")),
        };
        if base.tag != expected {
            return Err(malformed("base is not a GeneralName"));
        }
        Ok(Base {
            form,
            value: base.value,
        })
    }
}

/// The error for a nameConstraints value that does not follow its syntax.
fn malformed(reason: &'static str) -> Error {
    Error::MalformedExtension {
        oid: ID_CE_NAME_CONSTRAINTS,
        reason,
    }
}

/// The error for a subtree whose base is not a constraint of its form.
fn malformed_constraint() -> Error {
    malformed("base is not a valid constraint of its name form")
}

/// A forward-only walk over DER TLVs, framed by [`crate::der`] (definite, minimal lengths), whose
/// errors name the nameConstraints extension rather than the certificate.
#[derive(Clone, Copy, Debug)]
struct Tlvs<'a> {
    rest: &'a [u8],
}

impl<'a> Tlvs<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self { rest: bytes }
    }

    fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The next TLV, whatever its tag.
    fn next_tlv(&mut self, reason: &'static str) -> Result<Tlv<'a>, Error> {
        let (tlv, rest) = split_tlv(self.rest).ok_or(malformed(reason))?;
        self.rest = rest;
        Ok(tlv)
    }

    /// The next TLV, which must carry `tag`.
    fn expect(&mut self, tag: u8, reason: &'static str) -> Result<Tlv<'a>, Error> {
        let tlv = self.next_tlv(reason)?;
        if tlv.tag == tag {
            Ok(tlv)
        } else {
            Err(malformed(reason))
        }
    }

    /// The next TLV if it carries `tag`; nothing is consumed otherwise.
    fn optional(&mut self, tag: u8, reason: &'static str) -> Result<Option<Tlv<'a>>, Error> {
        if self.rest.first() == Some(&tag) {
            self.next_tlv(reason).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Checks that nothing is left.
    fn finish(self, reason: &'static str) -> Result<(), Error> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(malformed(reason))
        }
    }
}

/// Whether `name` is `domain` or lies below it, for the host and domain forms of URI and
/// rfc822Name constraints: `.example.com` means strictly below, `example.com` means exactly.
fn host_matches(name: &[u8], constraint: &[u8]) -> bool {
    match constraint.strip_prefix(b".") {
        Some(domain) => has_label_suffix(name, domain),
        None => name.eq_ignore_ascii_case(constraint),
    }
}

#[cfg(test)]
mod tests;
