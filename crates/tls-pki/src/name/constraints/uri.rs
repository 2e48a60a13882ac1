//! `uniformResourceIdentifier` names and constraints (RFC 5280 §4.2.1.10): the constraint
//! applies to the host of the URI's authority (RFC 3986 §3.2).

use std::net::Ipv4Addr;

use super::host_matches;
use crate::name::is_valid_dns_name;

/// The host of `uri` when it is a DNS name: `scheme "://" [userinfo "@"] host [":" port]`,
/// followed by a path, query or fragment or nothing.
///
/// `None` for a URI without an authority, with an IP-literal or IPv4 host, or whose host is not
/// a DNS name: RFC 5280 says to reject the certificate then.
pub(super) fn host(uri: &[u8]) -> Option<&[u8]> {
    let colon = uri.iter().position(|byte| *byte == b':')?;
    let (scheme, rest) = uri.split_at_checked(colon)?;
    let is_valid_scheme = scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme
            .iter()
            .all(|byte| byte.is_ascii_alphanumeric() || b"+-.".contains(byte));
    if !is_valid_scheme {
        return None;
    }
    let after_slashes = rest.strip_prefix(b"://")?;
    let end = after_slashes
        .iter()
        .position(|byte| b"/?#".contains(byte))
        .unwrap_or(after_slashes.len());
    let authority = after_slashes.get(..end)?;
    let host_port = match authority.iter().rposition(|byte| *byte == b'@') {
        Some(at) => authority.get(at.saturating_add(1)..)?,
        None => authority,
    };
    let host = match host_port.iter().position(|byte| *byte == b':') {
        Some(colon) => {
            let (host, port) = host_port.split_at_checked(colon)?;
            if !port.iter().skip(1).all(u8::is_ascii_digit) {
                return None;
            }
            host
        }
        None => host_port,
    };
    let is_ipv4 = core::str::from_utf8(host)
        .ok()
        .is_some_and(|text| text.parse::<Ipv4Addr>().is_ok());
    (is_valid_dns_name(host) && !is_ipv4).then_some(host)
}

/// Whether the URI host `host` is within the URI subtree `constraint` (already validated).
pub(super) fn host_within(host: &[u8], constraint: &[u8]) -> bool {
    //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.10
    //# When the constraint begins with a period, it MAY be
    //# expanded with one or more labels.  That is, the constraint
    //# ".example.com" is satisfied by both host.example.com and
    //# my.host.example.com.  However, the constraint ".example.com" is not
    //# satisfied by "example.com".  When the constraint does not begin with
    //# a period, it specifies a host.
    host_matches(host, constraint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_host_of_a_uri() {
        assert_eq!(
            host(b"https://www.example.com/path"),
            Some(&b"www.example.com"[..])
        );
        assert_eq!(
            host(b"ldap://user:pw@ldap.example.com:389?x"),
            Some(&b"ldap.example.com"[..])
        );
        assert_eq!(host(b"spiffe://trust.example"), Some(&b"trust.example"[..]));
        assert_eq!(host(b"http://example.com:#frag"), Some(&b"example.com"[..]));
    }

    #[test]
    fn rejects_uris_without_a_dns_host() {
        for bad in [
            &b"urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"[..],
            b"mailto:a@example.com",
            b"http://192.0.2.1/",
            b"http://[2001:db8::1]/",
            b"http:///path",
            b"test.localhost",
            b"http://bad.example.com, DNS:test.localhost",
            b"http://example.com:80x/",
            b"1http://example.com",
        ] {
            assert_eq!(host(bad), None, "{:?}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn matches_hosts_and_domains() {
        assert!(host_within(b"Host.example.com", b"host.example.com"));
        assert!(!host_within(b"www.host.example.com", b"host.example.com"));
        assert!(host_within(b"my.host.example.com", b".example.com"));
        assert!(!host_within(b"example.com", b".example.com"));
    }
}
