//! `directoryName` names and constraints (RFC 5280 §4.2.1.10), and the subject attributes other
//! forms read (`emailAddress`, `commonName`).
//!
//! ```text
//! Name ::= CHOICE { rdnSequence  RDNSequence }
//! RDNSequence ::= SEQUENCE OF RelativeDistinguishedName
//! RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue
//! AttributeTypeAndValue ::= SEQUENCE { type AttributeType, value AttributeValue }
//! ```
//!
//! A name is within a constraint when the constraint's RDNs are the first RDNs of the name.
//! Two RDNs are equal when their DER is, or else when they hold the same attributes with equal
//! values; string values (`PrintableString`, `UTF8String`, `IA5String`) are compared the way
//! RFC 5280 §7.1 asks at a minimum, ignoring ASCII case and insignificant spaces, so that a
//! re-encoded or re-cased subject does not slip past an excluded subtree.

use super::{TAG_SEQUENCE, Tlv, Tlvs};
use crate::error::Error;

/// DER of the `id-at-commonName` arc (2.5.4.3).
pub(super) const OID_COMMON_NAME: &[u8] = &[0x55, 0x04, 0x03];
/// DER of the `id-emailAddress` arc (1.2.840.113549.1.9.1, RFC 5280 Appendix A).
pub(super) const OID_EMAIL_ADDRESS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01];

/// DER tag of a constructed `SET`.
const TAG_SET: u8 = 0x31;
/// DER tag of an `OBJECT IDENTIFIER`.
const TAG_OID: u8 = 0x06;
/// The string types whose values we compare by the RFC 5280 §7.1 rules.
const COMPARABLE_STRINGS: [u8; 3] = [
    0x0c, // UTF8String
    0x13, // PrintableString
    0x16, // IA5String
];
/// Beyond this many attributes in one RDN, two RDNs are equal only when their DER is: it bounds
/// the attribute-by-attribute comparison, which is quadratic.
const MAX_COMPARED_ATTRIBUTES: usize = 8;

/// The error for a `Name` that does not follow its syntax.
fn malformed_name() -> Error {
    Error::MalformedCertificate {
        reason: "Name is not an RDNSequence",
    }
}

/// The contents of the `Name` TLV `name` (its RDNs), which must fill `name` exactly.
pub(super) fn name_contents(name: &[u8]) -> Result<&[u8], Error> {
    let mut outer = Tlvs::new(name);
    let sequence = outer
        .expect(TAG_SEQUENCE, "Name")
        .map_err(|_| malformed_name())?;
    outer.finish("Name").map_err(|_| malformed_name())?;
    Ok(sequence.value)
}

/// One `AttributeTypeAndValue`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Attribute<'a> {
    /// The contents of `type`, an OID.
    pub(super) oid: &'a [u8],
    /// The tag of `value`.
    pub(super) tag: u8,
    /// The contents of `value`.
    pub(super) value: &'a [u8],
}

impl<'a> Attribute<'a> {
    fn parse(tlv: Tlv<'a>) -> Result<Self, Error> {
        if tlv.tag != TAG_SEQUENCE {
            return Err(malformed_name());
        }
        let mut fields = Tlvs::new(tlv.value);
        let oid = fields
            .expect(TAG_OID, "AttributeType")
            .map_err(|_| malformed_name())?;
        let value = fields
            .next_tlv("AttributeValue")
            .map_err(|_| malformed_name())?;
        fields
            .finish("AttributeTypeAndValue")
            .map_err(|_| malformed_name())?;
        Ok(Self {
            oid: oid.value,
            tag: value.tag,
            value: value.value,
        })
    }

    /// Whether two attributes have the same type and, by RFC 5280 §7.1, the same value.
    fn matches(&self, other: &Self) -> bool {
        if self.oid != other.oid {
            return false;
        }
        if self.tag == other.tag && self.value == other.value {
            return true;
        }
        COMPARABLE_STRINGS.contains(&self.tag)
            && COMPARABLE_STRINGS.contains(&other.tag)
            && folded(self.value).eq(folded(other.value))
    }
}

/// `value` as RFC 4518 would compare it, for ASCII: no leading or trailing spaces, each inner
/// run of spaces as one, letters in lower case. Other octets are kept as they are.
fn folded(value: &[u8]) -> impl Iterator<Item = u8> + '_ {
    let trimmed = value.trim_ascii_start();
    let trimmed = trimmed
        .get(..trimmed.len().saturating_sub(trailing_spaces(trimmed)))
        .unwrap_or_default();
    let mut previous_space = false;
    trimmed.iter().filter_map(move |byte| {
        let space = *byte == b' ';
        let keep = !(space && previous_space);
        previous_space = space;
        keep.then_some(byte.to_ascii_lowercase())
    })
}

/// How many ASCII whitespace octets end `value`.
fn trailing_spaces(value: &[u8]) -> usize {
    value
        .iter()
        .rev()
        .take_while(|byte| byte.is_ascii_whitespace())
        .count()
}

/// The attributes of a name's RDNs (the contents of its `Name` SEQUENCE), in order, each
/// checked as it is read; iteration stops after the first error.
pub(super) struct Attributes<'a> {
    rdns: Tlvs<'a>,
    current: Tlvs<'a>,
}

impl<'a> Attributes<'a> {
    pub(super) fn new(rdns: &'a [u8]) -> Self {
        Self {
            rdns: Tlvs::new(rdns),
            current: Tlvs::new(&[]),
        }
    }

    fn read(&mut self) -> Result<Attribute<'a>, Error> {
        if self.current.is_empty() {
            self.current = Tlvs::new(rdn_contents(&mut self.rdns)?);
        }
        let tlv = self
            .current
            .next_tlv("AttributeTypeAndValue")
            .map_err(|_| malformed_name())?;
        Attribute::parse(tlv)
    }
}

impl<'a> Iterator for Attributes<'a> {
    type Item = Result<Attribute<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.current.is_empty() && self.rdns.is_empty() {
            return None;
        }
        let attribute = self.read();
        if attribute.is_err() {
            self.rdns = Tlvs::new(&[]);
            self.current = Tlvs::new(&[]);
        }
        Some(attribute)
    }
}

/// Reads the next RDN: the contents of a non-empty `SET`.
fn rdn_contents<'a>(rdns: &mut Tlvs<'a>) -> Result<&'a [u8], Error> {
    let set = rdns
        .expect(TAG_SET, "RelativeDistinguishedName")
        .map_err(|_| malformed_name())?;
    if set.value.is_empty() {
        return Err(malformed_name());
    }
    Ok(set.value)
}

/// Whether the name with RDNs `name` is within the directoryName subtree `constraint` (the
/// contents of the `[4]`, a `Name` TLV).
//= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.10
//# When applying restrictions of the form directoryName, an
//# implementation MUST compare DN attributes.  At a minimum,
//# implementations MUST perform the DN comparison rules specified in
//# Section 7.1.
pub(super) fn within(name: &[u8], constraint: &[u8]) -> Result<bool, Error> {
    let mut wanted = Tlvs::new(name_contents(constraint)?);
    let mut names = Tlvs::new(name);
    while !wanted.is_empty() {
        let wanted_rdn = rdn_contents(&mut wanted)?;
        if names.is_empty() {
            return Ok(false);
        }
        if !rdns_match(wanted_rdn, rdn_contents(&mut names)?)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether two RDNs (the contents of their `SET`s) hold the same attributes.
fn rdns_match(left: &[u8], right: &[u8]) -> Result<bool, Error> {
    if left == right {
        return Ok(true);
    }
    let count = |rdn| attributes_of(rdn).count();
    let (left_count, right_count) = (count(left), count(right));
    if left_count != right_count || left_count > MAX_COMPARED_ATTRIBUTES {
        return Ok(false);
    }
    for wanted in attributes_of(left) {
        let wanted = wanted?;
        let mut found = false;
        for candidate in attributes_of(right) {
            if wanted.matches(&candidate?) {
                found = true;
                break;
            }
        }
        if !found {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The attributes of one RDN's `SET` contents.
fn attributes_of(rdn: &[u8]) -> impl Iterator<Item = Result<Attribute<'_>, Error>> {
    let mut tlvs = Tlvs::new(rdn);
    core::iter::from_fn(move || {
        if tlvs.is_empty() {
            return None;
        }
        let attribute = tlvs
            .next_tlv("AttributeTypeAndValue")
            .map_err(|_| malformed_name())
            .and_then(Attribute::parse);
        if attribute.is_err() {
            tlvs = Tlvs::new(&[]);
        }
        Some(attribute)
    })
}

#[cfg(test)]
#[allow(clippy::as_conversions, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// DER of a `Name` with one RDN per `(oid, tag, value)`.
    fn name(rdns: &[(&[u8], u8, &str)]) -> Vec<u8> {
        let mut contents = Vec::new();
        for (oid, tag, value) in rdns {
            let mut ava = vec![TAG_OID, oid.len() as u8];
            ava.extend_from_slice(oid);
            ava.extend_from_slice(&[*tag, value.len() as u8]);
            ava.extend_from_slice(value.as_bytes());
            let mut set = vec![TAG_SET, ava.len() as u8 + 2, TAG_SEQUENCE, ava.len() as u8];
            set.extend_from_slice(&ava);
            contents.extend_from_slice(&set);
        }
        let mut der = vec![TAG_SEQUENCE, contents.len() as u8];
        der.extend_from_slice(&contents);
        der
    }

    const O: &[u8] = &[0x55, 0x04, 0x0a];
    const UTF8: u8 = 0x0c;
    const PRINTABLE: u8 = 0x13;

    fn within_der(name_der: &[u8], constraint: &[u8]) -> bool {
        within(name_contents(name_der).unwrap(), constraint).unwrap()
    }

    #[test]
    fn finds_names_below_a_prefix() {
        let constraint = name(&[(O, UTF8, "Example")]);
        let subject = name(&[(O, UTF8, "Example"), (OID_COMMON_NAME, UTF8, "host")]);
        assert!(within_der(&subject, &constraint));
        assert!(within_der(&constraint, &constraint));
        assert!(within_der(&subject, &name(&[])));
    }

    #[test]
    fn rejects_names_outside_a_prefix() {
        let constraint = name(&[(O, UTF8, "Example"), (OID_COMMON_NAME, UTF8, "host")]);
        assert!(!within_der(&name(&[(O, UTF8, "Example")]), &constraint));
        assert!(!within_der(
            &name(&[(OID_COMMON_NAME, UTF8, "host"), (O, UTF8, "Example")]),
            &constraint
        ));
        assert!(!within_der(
            &name(&[(O, UTF8, "Other")]),
            &name(&[(O, UTF8, "Example")])
        ));
    }

    #[test]
    fn compares_strings_ignoring_case_spaces_and_encoding() {
        let constraint = name(&[(O, UTF8, "Example  Corp")]);
        assert!(within_der(
            &name(&[(O, PRINTABLE, " example corp ")]),
            &constraint
        ));
        assert!(!within_der(
            &name(&[(O, PRINTABLE, "examplecorp")]),
            &constraint
        ));
        assert!(!within_der(
            &name(&[(OID_COMMON_NAME, UTF8, "Example  Corp")]),
            &constraint
        ));
    }

    #[test]
    fn reads_the_attributes_of_every_rdn() {
        let der = name(&[
            (O, UTF8, "Example"),
            (OID_EMAIL_ADDRESS, 0x16, "a@example.com"),
        ]);
        let attributes: Vec<_> = Attributes::new(name_contents(&der).unwrap())
            .map(Result::unwrap)
            .collect();
        assert_eq!(attributes.len(), 2);
        assert_eq!(attributes[1].oid, OID_EMAIL_ADDRESS);
        assert_eq!(attributes[1].value, b"a@example.com");
    }

    #[test]
    fn rejects_malformed_names() {
        assert!(name_contents(&[0x31, 0x00]).is_err());
        assert!(name_contents(&[TAG_SEQUENCE, 0x00, 0x00]).is_err());
        // An empty RDN SET.
        let mut attributes = Attributes::new(&[TAG_SET, 0x00]);
        assert!(attributes.next().unwrap().is_err());
        assert!(attributes.next().is_none());
        // An attribute without a value.
        let mut attributes = Attributes::new(&[
            TAG_SET,
            0x07,
            TAG_SEQUENCE,
            0x05,
            TAG_OID,
            0x03,
            0x55,
            0x04,
            0x03,
        ]);
        assert!(attributes.next().unwrap().is_err());
    }
}
