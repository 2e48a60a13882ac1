//! The RFC 5280 and CA/Browser Forum profile rules we hold every path to, beyond the ones the
//! path algorithm of RFC 5280 §6.1 needs: version, non-empty names, where nameConstraints and
//! subjectAltName may appear and how, the subscriber's common name, and issuer key sizes.
//!
//! These are rules for CAs. We enforce the ones x509-limbo tests and pyca/cryptography enforces,
//! because a certificate that breaks them was not issued under the profile the Web PKI relies on.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::cert::{Certificate, GeneralName, Known, Version};
use crate::der::{TAG_OID, TAG_SEQUENCE, Walker, single};
use crate::error::{Error, ProfileRule};

/// DER contents of `id-at-commonName` (2.5.4.3, X.520).
const ID_AT_COMMON_NAME: &[u8] = &[0x55, 0x04, 0x03];
/// DER of an empty `Name` (an `RDNSequence` with no RDN).
const EMPTY_NAME: &[u8] = &[TAG_SEQUENCE, 0x00];
/// `SET OF`, the tag of a `RelativeDistinguishedName`.
const TAG_SET: u8 = 0x31;

/// Rules for every certificate on the path.
pub(crate) fn check_every_certificate(certificate: &Certificate<'_>) -> Result<(), Error> {
    // CABF BR §7.1.1: "Certificates MUST be of type X.509 v3." (x509-limbo `webpki::v1-cert`.)
    match certificate.version() {
        Version::V3 => {}
        Version::V1 => return Err(Error::UnsupportedVersion { version: Some(0) }),
        Version::V2 => return Err(Error::UnsupportedVersion { version: Some(1) }),
    }
    //= https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.4
    //# The issuer field MUST contain a non-empty distinguished
    //# name (DN).
    if certificate.issuer() == EMPTY_NAME {
        return Err(violation(ProfileRule::EmptyIssuer));
    }
    Ok(())
}

/// Rules for a CA certificate (an intermediate or the anchor).
pub(crate) fn check_ca(certificate: &Certificate<'_>) -> Result<(), Error> {
    //= https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.6
    //# If
    //# the subject is a CA (e.g., the basic constraints extension, as
    //# discussed in Section 4.2.1.9, is present and the value of cA is
    //# TRUE), then the subject field MUST be populated with a non-empty
    //# distinguished name
    if certificate.subject() == EMPTY_NAME {
        return Err(violation(ProfileRule::EmptyCaSubject));
    }
    check_rsa_modulus_octets(certificate)
}

/// Rules for the end-entity certificate. `server` applies the CABF rules for TLS server
/// (subscriber) certificates as well.
pub(crate) fn check_end_entity(certificate: &Certificate<'_>, server: bool) -> Result<(), Error> {
    // The names we match and constrain come from here, so it must parse even when the caller
    // names no peer (x509-limbo `rfc5280::san::malformed`).
    certificate.subject_alt_name()?;
    //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.10
    //# The name constraints extension, which MUST be used only in a CA
    //# certificate, indicates a name space within which all subject names in
    //# subsequent certificates in a certification path MUST be located.
    let extensions = certificate.extensions();
    if extensions.has(Known::NameConstraints) {
        return Err(violation(ProfileRule::EndEntityNameConstraints));
    }
    let san_critical = extensions
        .has(Known::SubjectAltName)
        .then(|| extensions.is_critical(Known::SubjectAltName));
    let empty_subject = certificate.subject() == EMPTY_NAME;
    match (empty_subject, san_critical) {
        //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.6
        //# If the subject field
        //# contains an empty sequence, then the issuing CA MUST include a
        //# subjectAltName extension that is marked as critical.
        (true, None | Some(false)) => Err(violation(
            ProfileRule::EmptySubjectWithoutCriticalSubjectAltName,
        )),
        // CABF BR §7.1.2.7.12: "If the subject field of the certificate is an empty SEQUENCE,
        // this extension MUST be marked critical [...]. Otherwise, this extension MUST NOT be
        // marked critical." (x509-limbo `webpki::san::san-critical-with-nonempty-subject`.)
        (false, Some(true)) if server => {
            Err(violation(ProfileRule::CriticalSubjectAltNameWithSubject))
        }
        (true, Some(true)) | (false, None | Some(false) | Some(true)) => Ok(()),
    }?;
    if server {
        check_common_names(certificate)?;
    }
    // CABF BR §6.1.5 holds subscriber keys to the same sizes as CA keys (x509-limbo
    // `webpki::forbidden-*-leaf`); beyond the profile, the leaf's key signs the handshake, so a
    // key we cannot verify with is refused here, naming the certificate.
    certificate.public_key().info.check_usable()?;
    check_rsa_modulus_octets(certificate)
}

/// CABF BR §7.1.4.3: a subscriber's `commonName`, "If present, this attribute MUST contain
/// exactly one entry that is one of the values contained in the Certificate's subjectAltName
/// extension", as "a character-for-character copy of the dNSName entry value", or for an IP
/// address its RFC 3986 (IPv4) or RFC 5952 §4 (IPv6) text.
///
/// We never match the peer name against the common name, so a common name unrelated to the
/// subjectAltName misleads no one and is left alone (x509-limbo's generated leaves carry one).
/// We refuse a common name that is recognizably meant as one of the values but is not a copy:
/// one that is an IP address, looks like a numeric IPv4 address, holds an internationalized
/// name (where a different name that displays alike is the spoofing risk), or equals a dNSName
/// up to case (x509-limbo `webpki::cn::*`); and more than one common name.
fn check_common_names(certificate: &Certificate<'_>) -> Result<(), Error> {
    let mut common_names = 0usize;
    let rdns = single(certificate.subject(), TAG_SEQUENCE, "Name")?;
    let mut rdns = Walker::new(rdns, "Name")?;
    while !rdns.is_empty() {
        let rdn = rdns.expect(TAG_SET, "RelativeDistinguishedName")?;
        let mut attributes = Walker::new(rdn.value, "RelativeDistinguishedName")?;
        while !attributes.is_empty() {
            let attribute = attributes.expect(TAG_SEQUENCE, "AttributeTypeAndValue")?;
            let mut fields = Walker::new(attribute.value, "AttributeTypeAndValue")?;
            // Compared as encoded: the attribute type is an OID, and DER gives it one encoding.
            let typ = fields.expect(TAG_OID, "AttributeTypeAndValue.type")?;
            let value = fields.any("AttributeTypeAndValue.value")?;
            fields.finish("AttributeTypeAndValue")?;
            if typ.value != ID_AT_COMMON_NAME {
                continue;
            }
            common_names = common_names.saturating_add(1);
            if common_names > 1 || !common_name_fits(certificate, value.value)? {
                return Err(violation(ProfileRule::CommonNameNotFromSubjectAltName));
            }
        }
    }
    Ok(())
}

/// Whether one common name passes the rule of [`check_common_names`].
fn common_name_fits(certificate: &Certificate<'_>, common_name: &[u8]) -> Result<bool, Error> {
    let san = certificate.subject_alt_name()?;
    let names = || san.iter().flat_map(|san| san.names());
    // A copy of a dNSName is the common case and decides at once.
    let copied = names().any(|name| match name {
        GeneralName::DnsName(dns) => dns == common_name,
        GeneralName::IpAddress(octets) => {
            canonical_ip_text(octets).is_some_and(|text| text.as_bytes() == common_name)
        }
        GeneralName::Rfc822Name(_) | GeneralName::Other { .. } => false,
    });
    if copied {
        return Ok(true);
    }
    let meant_as_san_value = is_internationalized(common_name)
        || names().any(|name| match name {
            GeneralName::DnsName(dns) => dns.eq_ignore_ascii_case(common_name),
            GeneralName::IpAddress(octets) => denotes_address(common_name, octets),
            GeneralName::Rfc822Name(_) | GeneralName::Other { .. } => false,
        });
    Ok(!meant_as_san_value)
}

/// Whether `text` denotes the address `octets` in some spelling: any IPv6 text `std` reads, or
/// for IPv4 any form BSD `inet_aton` reads (`0xC0A80101`, `0300.0250.1.1`, `192.168.257`).
fn denotes_address(text: &[u8], octets: &[u8]) -> bool {
    let Ok(text) = core::str::from_utf8(text) else {
        return false;
    };
    match octets.len() {
        4 => inet_aton(text).is_some_and(|v4| v4.octets() == octets),
        16 => text
            .parse::<Ipv6Addr>()
            .is_ok_and(|v6| v6.octets() == octets),
        _ => false,
    }
}

/// BSD `inet_aton`: one to four dot-separated numbers, each decimal, `0x` hexadecimal or
/// `0`-prefixed octal; the last fills the octets the others leave.
fn inet_aton(text: &str) -> Option<Ipv4Addr> {
    let mut numbers = [0u32; 4];
    let mut count = 0;
    for part in text.split('.') {
        let slot = numbers.get_mut(count)?;
        let (digits, radix) = match part.as_bytes() {
            [b'0', b'x' | b'X', ..] => (part.get(2..)?, 16),
            [b'0', _, ..] => (part.get(1..)?, 8),
            _ => (part, 10),
        };
        if digits.is_empty() || !digits.bytes().all(|b| char::from(b).is_digit(radix)) {
            return None;
        }
        *slot = u32::from_str_radix(digits, radix).ok()?;
        count += 1;
    }
    let (last, leading) = numbers.get(..count)?.split_last()?;
    let mut value: u32 = 0;
    for (at, part) in leading.iter().enumerate() {
        let byte = u8::try_from(*part).ok()?;
        value |= u32::from(byte) << (24 - 8 * u32::try_from(at).ok()?);
    }
    let last_bits = 32 - 8 * u32::try_from(leading.len()).ok()?;
    if last_bits < 32 && *last >> last_bits != 0 {
        return None;
    }
    Some(Ipv4Addr::from(value | last))
}

/// Whether `text` holds an internationalized domain name: non-ASCII octets (a U-label) or a
/// label starting `xn--` (an A-label).
fn is_internationalized(text: &[u8]) -> bool {
    !text.is_ascii()
        || text.split(|b| *b == b'.').any(|label| {
            label
                .get(..4)
                .is_some_and(|p| p.eq_ignore_ascii_case(b"xn--"))
        })
}

/// The RFC 3986 text of a 4-octet address, or the RFC 5952 §4 text of a 16-octet one (which
/// is what `Ipv6Addr`'s `Display` writes: lowercase, no leading zeros, the longest run of zero
/// groups, the first on a tie, compressed).
fn canonical_ip_text(octets: &[u8]) -> Option<String> {
    if let Ok(v4) = <[u8; 4]>::try_from(octets) {
        return Some(Ipv4Addr::from(v4).to_string());
    }
    <[u8; 16]>::try_from(octets)
        .ok()
        .map(|v6| Ipv6Addr::from(v6).to_string())
}

/// CABF BR §6.1.5: an RSA modulus is at least 2048 bits "and the modulus size, in bits, is
/// evenly divisible by 8". ring enforces the minimum when it verifies; this adds the
/// divisibility rule for keys that sign certificates (x509-limbo
/// `webpki::forbidden-rsa-not-divisible-by-8-in-root`). A key that does not parse is left to
/// signature verification to refuse.
fn check_rsa_modulus_octets(certificate: &Certificate<'_>) -> Result<(), Error> {
    match certificate.public_key().info.rsa_bits() {
        Some(bits) if bits % 8 != 0 => Err(violation(ProfileRule::RsaModulusNotMultipleOf8)),
        Some(_) | None => Ok(()),
    }
}

fn violation(rule: ProfileRule) -> Error {
    Error::ProfileViolation { rule }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_ip_text_follows_rfc_5952() {
        assert_eq!(
            canonical_ip_text(&[192, 168, 1, 1]).as_deref(),
            Some("192.168.1.1")
        );
        let v6: Ipv6Addr = "2001:db8:0:0:1:0:0:1".parse().unwrap();
        assert_eq!(
            canonical_ip_text(&v6.octets()).as_deref(),
            Some("2001:db8::1:0:0:1")
        );
        assert_eq!(canonical_ip_text(&[1, 2, 3]), None);
    }

    #[test]
    fn recognizes_common_names_meant_as_addresses_or_idns() {
        assert!(denotes_address(b"0xC0A80101", &[192, 168, 1, 1]));
        assert!(denotes_address(b"0300.0250.257", &[192, 168, 1, 1]));
        assert!(denotes_address(b"192.168.1.1", &[192, 168, 1, 1]));
        assert!(!denotes_address(b"192.168.1.2", &[192, 168, 1, 1]));
        assert!(!denotes_address(b"192.168.1.1.1", &[192, 168, 1, 1]));
        assert!(!denotes_address(b"example.com", &[192, 168, 1, 1]));
        let v6: Ipv6Addr = "2001:db8::1".parse().unwrap();
        assert!(denotes_address(b"2001:DB8:0:0:0:0:0:1", &v6.octets()));
        assert!(is_internationalized(b"xn--n3h.com"));
        assert!(is_internationalized("t\u{e9}st.com".as_bytes()));
        assert!(!is_internationalized(b"example.com"));
    }
}
