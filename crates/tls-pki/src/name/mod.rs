//! Peer names: the [`ServerName`] a client expects, and how it is matched against a
//! certificate's subjectAltName entries (RFC 9525), never against the subject's common name.
//!
//! ```text
//! "www.example.com" ──▶ ServerName::Dns ──▶ dns::presented_dns_id_matches(SAN dNSName)
//! "192.0.2.1"       ──▶ ServerName::Ip  ──▶ ip::presented_ip_id_matches(SAN iPAddress)
//! ```
//!
//! The name-constraint primitives of RFC 5280 §4.2.1.10 live beside them:
//! [`dns::dns_name_within`] and [`ip::ip_within`], and the whole extension they serve,
//! [`constraints::NameConstraints`].

pub mod constraints;
pub mod dns;
pub mod ip;

use core::fmt;
use std::net::IpAddr;

use crate::error::Error;

/// The longest DNS name in its text form, in octets (RFC 1035 §2.3.4 allows 255 octets on the
/// wire, which is 253 characters of text without the root label).
pub const MAX_DNS_NAME_LEN: usize = 253;
/// The longest DNS label, in octets (RFC 1035 §2.3.4).
pub const MAX_DNS_LABEL_LEN: usize = 63;

/// The name of the server a client expects to reach.
///
/// `ServerName::try_from("...")` reads an IP address if the text is one (`192.0.2.1`, `2001:db8::1`)
/// and a DNS name otherwise.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ServerName {
    /// A DNS host name, matched against SAN `dNSName` entries.
    Dns(DnsName),
    /// An IP address, matched against SAN `iPAddress` entries.
    Ip(IpAddr),
}

/// A DNS host name in the RFC 1123 "preferred name syntax", as the text was given.
///
/// Letters, digits and hyphens; labels of 1 to 63 octets that neither start nor end with a
/// hyphen; at most 253 octets in all. Internationalized names must be given as A-labels
/// (`xn--…`): RFC 9525 §6.3 matches A-labels only. A trailing dot (the root label) is refused
/// rather than stripped, so one name has one spelling; callers holding an absolute name strip it
/// themselves. Case is kept as given and ignored when matching.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DnsName(String);

/// The text given for a [`ServerName`] or [`DnsName`] is neither an IP address nor a valid DNS
/// name.
///
/// A local construction error, like tls-wire's `LengthError`: it is about the caller's input,
/// not a certificate, so it is not a variant of [`Error`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidServerName;

impl fmt::Display for InvalidServerName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a valid DNS name or IP address")
    }
}

impl core::error::Error for InvalidServerName {}

impl DnsName {
    /// The name as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<&str> for DnsName {
    type Error = InvalidServerName;

    fn try_from(text: &str) -> Result<Self, Self::Error> {
        if is_valid_dns_name(text.as_bytes()) {
            Ok(Self(text.to_owned()))
        } else {
            Err(InvalidServerName)
        }
    }
}

impl TryFrom<&str> for ServerName {
    type Error = InvalidServerName;

    fn try_from(text: &str) -> Result<Self, Self::Error> {
        match text.parse::<IpAddr>() {
            Ok(ip) => Ok(Self::Ip(ip)),
            Err(_) => DnsName::try_from(text).map(Self::Dns),
        }
    }
}

impl fmt::Display for ServerName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Dns(name) => f.write_str(name.as_str()),
            Self::Ip(ip) => write!(f, "{ip}"),
        }
    }
}

/// One subjectAltName entry that can identify a server (RFC 9525 §6: DNS-ID and IP-ID).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PresentedId<'a> {
    /// The contents of a `dNSName` (an `IA5String`).
    Dns(&'a [u8]),
    /// The contents of an `iPAddress` (an `OCTET STRING` of 4 or 16 octets).
    Ip(&'a [u8]),
}

impl ServerName {
    /// Whether one presented identifier matches this name (RFC 9525 §6.3 and §6.4).
    ///
    /// A DNS name never matches an `iPAddress` entry, and an IP address never matches a
    /// `dNSName` entry, even one that spells the address.
    pub fn matches(&self, presented: PresentedId<'_>) -> bool {
        match (self, presented) {
            (Self::Dns(name), PresentedId::Dns(id)) => dns::presented_dns_id_matches(name, id),
            (Self::Ip(ip), PresentedId::Ip(id)) => ip::presented_ip_id_matches(*ip, id),
            (Self::Dns(_), PresentedId::Ip(_)) | (Self::Ip(_), PresentedId::Dns(_)) => false,
        }
    }

    /// Checks that at least one presented identifier matches this name.
    ///
    /// The caller passes the subjectAltName entries only: the subject's common name is never a
    /// presented identifier.
    pub fn check_presented<'a>(
        &self,
        presented: impl IntoIterator<Item = PresentedId<'a>>,
    ) -> Result<(), Error> {
        //= https://www.rfc-editor.org/rfc/rfc9525#section-6.2
        //# The search succeeds if any presented identifier matches one of the reference identifiers, at which point the client SHOULD stop the search.
        if presented.into_iter().any(|id| self.matches(id)) {
            Ok(())
        } else {
            Err(Error::NameMismatch)
        }
    }
}

/// Whether `name` is a DNS name in the preferred name syntax: LDH labels, at most 253 octets,
/// no empty label (so no trailing dot).
pub(crate) fn is_valid_dns_name(name: &[u8]) -> bool {
    !name.is_empty()
        && name.len() <= MAX_DNS_NAME_LEN
        && name.split(|b| *b == b'.').all(is_valid_label)
}

/// Whether `label` is an RFC 1123 label: 1 to 63 letters, digits and hyphens, with no hyphen at
/// either end.
pub(crate) fn is_valid_label(label: &[u8]) -> bool {
    (1..=MAX_DNS_LABEL_LEN).contains(&label.len())
        && label
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && label.first() != Some(&b'-')
        && label.last() != Some(&b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dns_names_and_ip_addresses() {
        assert_eq!(
            ServerName::try_from("192.0.2.1"),
            Ok(ServerName::Ip("192.0.2.1".parse().unwrap()))
        );
        assert_eq!(
            ServerName::try_from("2001:db8::1"),
            Ok(ServerName::Ip("2001:db8::1".parse().unwrap()))
        );
        assert!(matches!(
            ServerName::try_from("WWW.Example.com"),
            Ok(ServerName::Dns(name)) if name.as_str() == "WWW.Example.com"
        ));
        assert!(DnsName::try_from("xn--bcher-kva.example").is_ok());
    }

    #[test]
    fn rejects_invalid_dns_names() {
        for bad in [
            "",
            ".",
            "example.com.",
            ".example.com",
            "a..b",
            "-a.com",
            "a-.com",
            "a_b.com",
            "*.example.com",
            "exa mple.com",
            "bücher.example",
        ] {
            assert_eq!(DnsName::try_from(bad), Err(InvalidServerName), "{bad:?}");
        }
    }

    #[test]
    fn rejects_overlong_labels_and_names() {
        assert!(DnsName::try_from("a".repeat(63).as_str()).is_ok());
        assert!(DnsName::try_from("a".repeat(64).as_str()).is_err());
        let name_253 = ["a".repeat(63).as_str(); 4]
            .join(".")
            .chars()
            .skip(2)
            .collect::<String>();
        assert_eq!(name_253.len(), 253);
        assert!(DnsName::try_from(name_253.as_str()).is_ok());
        let name_254 = format!("a{name_253}");
        assert!(DnsName::try_from(name_254.as_str()).is_err());
    }

    #[test]
    fn rejects_cross_type_matches() {
        let dns = ServerName::try_from("192.0.2.1.example").unwrap();
        assert!(!dns.matches(PresentedId::Ip(&[192, 0, 2, 1])));
        let ip = ServerName::try_from("192.0.2.1").unwrap();
        assert!(!ip.matches(PresentedId::Dns(b"192.0.2.1")));
        assert_eq!(
            ip.check_presented([PresentedId::Dns(b"192.0.2.1")]),
            Err(Error::NameMismatch)
        );
        assert_eq!(
            ip.check_presented([PresentedId::Ip(&[192, 0, 2, 1])]),
            Ok(())
        );
    }
}
