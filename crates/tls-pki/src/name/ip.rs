//! IP addresses: matching a reference address against a presented `iPAddress` (RFC 9525 §6.4),
//! and the `iPAddress` name-constraint range test (RFC 5280 §4.2.1.10).

use std::net::IpAddr;

use crate::error::Error;

/// Octets of an IPv4 address.
const V4_LEN: usize = 4;
/// Octets of an IPv6 address.
const V6_LEN: usize = 16;

/// Whether the presented `iPAddress` octets `presented` are the reference address `reference`.
///
/// Octet for octet, so an IPv4 reference matches only a 4-octet entry and an IPv6 reference only
/// a 16-octet entry: `192.0.2.1` does not match the IPv4-mapped `::ffff:192.0.2.1`. Entries of
/// any other length never match.
pub fn presented_ip_id_matches(reference: IpAddr, presented: &[u8]) -> bool {
    //= https://www.rfc-editor.org/rfc/rfc9525#section-6.4
    //# Matching of an IP-ID is based on an octet-for-octet comparison of the bytes of the reference identity with the bytes contained in the iPAddress subjectAltName.
    match reference {
        IpAddr::V4(v4) => presented == v4.octets(),
        IpAddr::V6(v6) => presented == v6.octets(),
    }
}

/// Whether the address `addr` (4 or 16 octets) lies in the `iPAddress` name-constraint range
/// `constraint` (8 or 32 octets: address, then mask).
///
/// An address of the other family is not within (`Ok(false)`). Errors
/// ([`Error::MalformedCertificate`]): an address that is not 4 or 16 octets, a constraint that is
/// not 8 or 32 octets, or a mask whose ones are not contiguous from the top (not a CIDR prefix).
/// Address bits under the mask's zeros are ignored on both sides.
pub fn ip_within(addr: &[u8], constraint: &[u8]) -> Result<bool, Error> {
    if addr.len() != V4_LEN && addr.len() != V6_LEN {
        return Err(Error::MalformedCertificate {
            reason: "iPAddress",
        });
    }
    let malformed = Error::MalformedCertificate {
        reason: "nameConstraints iPAddress",
    };
    //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.10
    //# For IPv4
    //# addresses, the iPAddress field of GeneralName MUST contain eight (8)
    //# octets, encoded in the style of RFC 4632 (CIDR) to represent an
    //# address range [RFC4632].  For IPv6 addresses, the iPAddress field
    //# MUST contain 32 octets similarly encoded.
    if constraint.len() != 2 * V4_LEN && constraint.len() != 2 * V6_LEN {
        return Err(malformed);
    }
    let (network, mask) = constraint
        .split_at_checked(constraint.len() / 2)
        .ok_or(malformed)?;
    if !is_cidr_mask(mask) {
        return Err(malformed);
    }
    if addr.len() != network.len() {
        return Ok(false);
    }
    Ok(addr
        .iter()
        .zip(network)
        .zip(mask)
        .all(|((a, n), m)| a & m == n & m))
}

/// Whether `mask` is ones followed by zeros, reading its bits from the most significant.
fn is_cidr_mask(mask: &[u8]) -> bool {
    let mut seen_zero = false;
    mask.iter().all(|byte| {
        let ok = if seen_zero {
            *byte == 0
        } else {
            byte.leading_ones() + byte.trailing_zeros() >= 8
        };
        seen_zero |= *byte != 0xff;
        ok
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_same_address_octet_for_octet() {
        assert!(presented_ip_id_matches(
            "192.0.2.1".parse().unwrap(),
            &[192, 0, 2, 1]
        ));
        let v6: IpAddr = "2001:db8::1".parse().unwrap();
        let IpAddr::V6(octets) = v6 else {
            unreachable!()
        };
        assert!(presented_ip_id_matches(v6, &octets.octets()));
    }

    #[test]
    fn rejects_other_addresses_and_lengths() {
        let v4: IpAddr = "192.0.2.1".parse().unwrap();
        assert!(!presented_ip_id_matches(v4, &[192, 0, 2, 2]));
        assert!(!presented_ip_id_matches(v4, &[192, 0, 2]));
        assert!(!presented_ip_id_matches(v4, &[192, 0, 2, 1, 0]));
        assert!(!presented_ip_id_matches(v4, b"192.0.2.1"));
    }

    #[test]
    fn rejects_ipv4_reference_against_ipv4_mapped_ipv6_entry() {
        let mapped = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1];
        assert!(!presented_ip_id_matches(
            "192.0.2.1".parse().unwrap(),
            &mapped
        ));
    }

    #[test]
    fn finds_addresses_within_a_cidr_range() {
        // RFC 5280 §4.2.1.10's example: 192.0.2.0/24.
        let class_c = [0xc0, 0x00, 0x02, 0x00, 0xff, 0xff, 0xff, 0x00];
        assert_eq!(ip_within(&[192, 0, 2, 77], &class_c), Ok(true));
        assert_eq!(ip_within(&[192, 0, 3, 77], &class_c), Ok(false));
        assert_eq!(ip_within(&[1, 2, 3, 4], &[0; 8]), Ok(true));
        let mut v6 = [0u8; 32];
        v6[0] = 0x20;
        v6[1] = 0x01;
        v6[16] = 0xff;
        v6[17] = 0xff;
        let mut addr = [0u8; 16];
        addr[0] = 0x20;
        addr[1] = 0x01;
        addr[15] = 1;
        assert_eq!(ip_within(&addr, &v6), Ok(true));
    }

    #[test]
    fn rejects_addresses_of_the_other_family() {
        let class_c = [0xc0, 0x00, 0x02, 0x00, 0xff, 0xff, 0xff, 0x00];
        assert_eq!(ip_within(&[0; 16], &class_c), Ok(false));
        assert_eq!(ip_within(&[192, 0, 2, 1], &[0; 32]), Ok(false));
    }

    #[test]
    fn rejects_malformed_masks_and_lengths() {
        assert!(ip_within(&[192, 0, 2, 1], &[192, 0, 2, 0, 0xff, 0x00, 0xff, 0x00]).is_err());
        assert!(ip_within(&[192, 0, 2, 1], &[192, 0, 2, 0, 0xff, 0xfe, 0x01, 0x00]).is_err());
        assert!(ip_within(&[192, 0, 2, 1], &[192, 0, 2, 0, 0xff, 0xff, 0xff]).is_err());
        assert!(ip_within(&[192, 0, 2], &[192, 0, 2, 0, 0xff, 0xff, 0xff, 0x00]).is_err());
        assert!(ip_within(&[192, 0, 2, 1], &[0; 16]).is_err());
    }

    #[test]
    fn accepts_every_cidr_prefix_length() {
        for prefix in 0..=32u32 {
            let mask = u32::MAX.checked_shl(32 - prefix).unwrap_or(0).to_be_bytes();
            let mut constraint = [10, 0, 0, 0, 0, 0, 0, 0];
            constraint[4..].copy_from_slice(&mask);
            assert!(ip_within(&[10, 0, 0, 1], &constraint).is_ok(), "/{prefix}");
        }
    }
}
