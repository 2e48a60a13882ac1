//! DNS names: matching a reference name against a presented `dNSName` (RFC 9525 §6.3), and the
//! `dNSName` name-constraint subtree test (RFC 5280 §4.2.1.10).
//!
//! Every comparison is case-insensitive ASCII over whole labels; nothing here allocates.

use psl::Psl;

use super::{DnsName, MAX_DNS_NAME_LEN, is_valid_dns_name};
use crate::error::Error;

/// The only wildcard label we accept, as the whole left-most label.
const WILDCARD_PREFIX: &[u8] = b"*.";

/// Whether the presented identifier `presented` (a SAN `dNSName`'s contents) matches the
/// reference name `reference` (RFC 9525 §6.3).
///
/// A presented identifier that is not a valid name is ignored (never matches): bytes outside
/// letters, digits and hyphens, empty labels, a trailing dot, or a `*` anywhere but as the whole
/// left-most label. `*.example.com` matches `www.example.com` but neither `example.com` nor
/// `a.b.example.com`. A wildcard directly over a single label (`*.com`) is ignored too: it would
/// vouch for a whole top-level domain; and so is one directly over any public suffix
/// ([`is_public_suffix`]).
pub fn presented_dns_id_matches(reference: &DnsName, presented: &[u8]) -> bool {
    let reference = reference.as_str().as_bytes();
    //= https://www.rfc-editor.org/rfc/rfc9525#section-6.3
    //# If the requirements are not met, the presented identifier is invalid and MUST be ignored.
    if presented.len() > MAX_DNS_NAME_LEN {
        return false;
    }
    match presented.strip_prefix(WILDCARD_PREFIX) {
        //= https://www.rfc-editor.org/rfc/rfc9525#section-6.3
        //# 1. There is only one wildcard character.
        //# 2. The wildcard character appears only as the complete content of the left-most label.
        Some(parent) => {
            //= https://www.rfc-editor.org/rfc/rfc9525#section-6.3
            //# A wildcard in a presented identifier can only match one label in a reference identifier.
            // The rest of a valid reference name is a valid name, so a parent equal to it (up
            // to case) is valid too; it must hold a dot, as `*.com` would vouch for a whole
            // top-level domain.
            let rest = reference
                .iter()
                .position(|b| *b == b'.')
                .and_then(|dot| reference.get(dot.saturating_add(1)..));
            rest.is_some_and(|rest| {
                rest.eq_ignore_ascii_case(parent)
                    && rest.contains(&b'.')
                    && !is_public_suffix(parent)
            })
        }
        //= https://www.rfc-editor.org/rfc/rfc9525#section-6.3
        //# If the DNS domain name portion of a reference identifier is not an internationalized domain name (i.e., an FQDN that conforms to "preferred name syntax" as described in Section 3.5 of [DNS-CONCEPTS]), then the matching of the reference identifier against the presented identifier MUST be performed by comparing the set of domain name labels using a case-insensitive ASCII comparison, as clarified by [DNS-CASE].
        // The reference is a valid name, so a presented name equal to it up to case is valid.
        None => presented.eq_ignore_ascii_case(reference),
    }
}

/// Whether `name`, a valid DNS name, is a public suffix: listed as one (or covered by a
/// wildcard rule) in the ICANN or private section of the Public Suffix List, which the `psl`
/// crate compiles in.
///
/// A wildcard directly over a public suffix (`*.co.uk`, `*.s3.amazonaws.com`) would vouch for
/// names that different parties register, and CA/Browser Forum BR §3.2.2.6 forbids issuing
/// one: "If a Wildcard would fall within the label immediately to the left of a registry-
/// controlled or public suffix, CAs MUST refuse issuance". Such a wildcard matches nothing here.
pub fn is_public_suffix(name: &[u8]) -> bool {
    // The list is lower case; a name of at most 253 octets is lowered on the stack.
    let mut lower = [0u8; MAX_DNS_NAME_LEN];
    let Some(lower) = lower.get_mut(..name.len()) else {
        return false;
    };
    lower.copy_from_slice(name);
    lower.make_ascii_lowercase();
    psl::List
        .suffix(lower)
        .is_some_and(|suffix| suffix.is_known() && suffix.as_bytes().len() == lower.len())
}

/// Whether the DNS name `name` lies within the `dNSName` subtree `constraint`
/// (RFC 5280 §4.2.1.10).
///
/// `name` is a reference name or a presented `dNSName`, which may start with a wildcard label
/// (`*.example.com` is within `example.com`). `constraint` is `example.com` (the name itself and
/// every name below it), `.example.com` (only names below it) or empty (every name). Neither
/// matches `badexample.com`. Case is ignored.
///
/// Either value not being a DNS name is [`Error::MalformedCertificate`]: a constraint we cannot
/// read must not be taken as "not within", which would let a name slip past an exclusion.
pub fn dns_name_within(name: &[u8], constraint: &[u8]) -> Result<bool, Error> {
    let bare_name = name.strip_prefix(WILDCARD_PREFIX).unwrap_or(name);
    if !is_valid_dns_name(bare_name) {
        return Err(Error::MalformedCertificate { reason: "dNSName" });
    }
    if constraint.is_empty() {
        return Ok(true);
    }
    let malformed_constraint = Error::MalformedCertificate {
        reason: "nameConstraints dNSName",
    };
    match constraint.strip_prefix(b".") {
        // RFC 5280 defines the leading-period form for URI constraints only ("the constraint
        // ".example.com" is not satisfied by "example.com""); many CAs write dNSName
        // constraints the same way, and we read them with the URI meaning: one or more labels.
        Some(domain) => {
            if !is_valid_dns_name(domain) {
                return Err(malformed_constraint);
            }
            Ok(has_label_suffix(name, domain))
        }
        //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.10
        //# Any DNS
        //# name that can be constructed by simply adding zero or more labels to
        //# the left-hand side of the name satisfies the name constraint.
        None => {
            if !is_valid_dns_name(constraint) {
                return Err(malformed_constraint);
            }
            Ok(name.eq_ignore_ascii_case(constraint) || has_label_suffix(name, constraint))
        }
    }
}

/// Whether `name` is `domain` with one or more labels added on the left.
pub(crate) fn has_label_suffix(name: &[u8], domain: &[u8]) -> bool {
    let Some(split) = name.len().checked_sub(domain.len()) else {
        return false;
    };
    match name.split_at_checked(split) {
        Some((head, tail)) => {
            head.ends_with(b".") && head.len() > 1 && tail.eq_ignore_ascii_case(domain)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> DnsName {
        DnsName::try_from(text).unwrap()
    }

    #[test]
    fn matches_exact_names_ignoring_ascii_case() {
        assert!(presented_dns_id_matches(
            &name("WWW.BigCompany.Example"),
            b"www.bigcompany.example"
        ));
        assert!(presented_dns_id_matches(
            &name("www.example.com"),
            b"WWW.EXAMPLE.COM"
        ));
        assert!(!presented_dns_id_matches(
            &name("www.example.com"),
            b"www.example.co"
        ));
    }

    #[test]
    fn matches_a_wildcard_against_exactly_one_label() {
        assert!(presented_dns_id_matches(
            &name("www.example.com"),
            b"*.example.com"
        ));
        assert!(presented_dns_id_matches(
            &name("xn--bcher-kva.example.com"),
            b"*.Example.com"
        ));
    }

    #[test]
    fn rejects_wildcard_against_bare_suffix() {
        assert!(!presented_dns_id_matches(
            &name("example.com"),
            b"*.example.com"
        ));
    }

    #[test]
    fn rejects_wildcards_over_a_public_suffix() {
        for (reference, presented) in [
            ("example.co.uk", &b"*.co.uk"[..]),
            ("bucket.s3.amazonaws.com", b"*.s3.amazonaws.com"),
            ("a.github.io", b"*.GitHub.io"),
            ("x.foo.ck", b"*.foo.ck"),
        ] {
            assert!(
                !presented_dns_id_matches(&name(reference), presented),
                "{reference}"
            );
        }
        assert!(is_public_suffix(b"CO.UK"));
        assert!(!is_public_suffix(b"example.co.uk"));
        // A registrable domain, and a private name the list does not know, take wildcards.
        assert!(presented_dns_id_matches(
            &name("www.example.co.uk"),
            b"*.example.co.uk"
        ));
        assert!(presented_dns_id_matches(
            &name("host.corp.internal"),
            b"*.corp.internal"
        ));
    }

    #[test]
    fn rejects_wildcard_matching_more_than_one_label() {
        assert!(!presented_dns_id_matches(
            &name("a.b.example.com"),
            b"*.example.com"
        ));
    }

    #[test]
    fn rejects_partial_label_wildcards() {
        for presented in [
            &b"f*.com"[..],
            b"*foo.example.com",
            b"w*w.example.com",
            b"xn--*.example.com",
            b"f*.example.com",
        ] {
            assert!(!presented_dns_id_matches(
                &name("foo.example.com"),
                presented
            ));
            assert!(!presented_dns_id_matches(&name("f.com"), presented));
        }
    }

    #[test]
    fn rejects_wildcards_outside_the_left_most_label() {
        assert!(!presented_dns_id_matches(
            &name("www.sub.example.com"),
            b"www.*.example.com"
        ));
        assert!(!presented_dns_id_matches(
            &name("a.b.example.com"),
            b"*.*.example.com"
        ));
    }

    #[test]
    fn rejects_wildcard_over_a_single_label() {
        assert!(!presented_dns_id_matches(&name("example.com"), b"*.com"));
    }

    #[test]
    fn rejects_invalid_presented_identifiers() {
        for presented in [
            &b""[..],
            b".",
            b"www.example.com.",
            b"www..example.com",
            b"*",
            b"*.",
            b"www.ex ample.com",
        ] {
            assert!(!presented_dns_id_matches(
                &name("www.example.com"),
                presented
            ));
        }
        assert!(!presented_dns_id_matches(
            &name("a-b.example.com"),
            "a\u{2010}b.example.com".as_bytes()
        ));
    }

    #[test]
    fn finds_names_within_a_host_constraint() {
        assert_eq!(dns_name_within(b"example.com", b"example.com"), Ok(true));
        assert_eq!(
            dns_name_within(b"host.Example.com", b"example.COM"),
            Ok(true)
        );
        assert_eq!(dns_name_within(b"*.example.com", b"example.com"), Ok(true));
        assert_eq!(dns_name_within(b"anything.org", b""), Ok(true));
    }

    #[test]
    fn rejects_names_outside_a_host_constraint() {
        assert_eq!(
            dns_name_within(b"badexample.com", b"example.com"),
            Ok(false)
        );
        assert_eq!(dns_name_within(b"com", b"example.com"), Ok(false));
        assert_eq!(
            dns_name_within(b"host1.example.com", b"host.example.com"),
            Ok(false)
        );
    }

    #[test]
    fn rejects_the_domain_itself_under_a_leading_dot_constraint() {
        assert_eq!(dns_name_within(b"example.com", b".example.com"), Ok(false));
        assert_eq!(
            dns_name_within(b"my.host.example.com", b".example.com"),
            Ok(true)
        );
        assert_eq!(
            dns_name_within(b"badexample.com", b".example.com"),
            Ok(false)
        );
    }

    #[test]
    fn finds_label_suffixes_only_below_the_domain() {
        assert!(has_label_suffix(b"my.host.example.com", b"example.com"));
        assert!(!has_label_suffix(b"example.com", b"example.com"));
        assert!(!has_label_suffix(b"badexample.com", b"example.com"));
    }

    #[test]
    fn rejects_malformed_constraints_and_names() {
        assert!(dns_name_within(b"example.com", b"..example.com").is_err());
        assert!(dns_name_within(b"example.com", b"exa mple.com").is_err());
        assert!(dns_name_within(b"example..com", b"example.com").is_err());
        assert!(dns_name_within(b"", b"example.com").is_err());
    }
}
