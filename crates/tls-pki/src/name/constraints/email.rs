//! `rfc822Name` names and constraints (RFC 5280 §4.2.1.10): a mailbox, a host, or a domain.
//!
//! A name is an RFC 5321 `Mailbox` with a domain (not an address literal): a dot-atom local
//! part, or a quoted string, then `@` and a DNS name. Every character of a local part is literal,
//! `*` included (x509-limbo `nc-permits-email-literal-*`).

use super::host_matches;
use crate::name::is_valid_dns_name;

/// A mailbox, split at its last `@`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Mailbox<'a> {
    /// The local part, as written (quotes included).
    local: &'a [u8],
    /// The domain, a DNS name.
    domain: &'a [u8],
}

impl<'a> Mailbox<'a> {
    /// Reads `text` as `local-part "@" domain`; `None` if it is not one.
    pub(super) fn parse(text: &'a [u8]) -> Option<Self> {
        let at = text.iter().rposition(|byte| *byte == b'@')?;
        let (local, at_domain) = text.split_at_checked(at)?;
        let domain = at_domain.get(1..)?;
        if is_valid_local_part(local) && is_valid_dns_name(domain) {
            Some(Self { local, domain })
        } else {
            None
        }
    }
}

/// Whether `constraint` is a mailbox, a host name, or `.` and a domain name.
pub(super) fn is_valid_constraint(constraint: &[u8]) -> bool {
    if constraint.contains(&b'@') {
        Mailbox::parse(constraint).is_some()
    } else {
        is_valid_dns_name(constraint.strip_prefix(b".").unwrap_or(constraint))
    }
}

/// Whether `mailbox` is within the rfc822Name subtree `constraint` (already validated).
pub(super) fn within(mailbox: Mailbox<'_>, constraint: &[u8]) -> bool {
    //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.10
    //# To indicate a particular mailbox, the
    //# constraint is the complete mail address.
    if let Some(wanted) = Mailbox::parse(constraint) {
        // The local part is case-sensitive (RFC 5321 §2.4), the domain is not.
        return mailbox.local == wanted.local && mailbox.domain.eq_ignore_ascii_case(wanted.domain);
    }
    //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.10
    //# To specify any address within a
    //# domain, the constraint is specified with a leading period (as with
    //# URIs).
    host_matches(mailbox.domain, constraint)
}

/// Whether `local` is an RFC 5321 `Dot-string` or `Quoted-string`.
fn is_valid_local_part(local: &[u8]) -> bool {
    match local {
        [b'"', inner @ .., b'"'] => is_valid_quoted_content(inner),
        _ => !local.is_empty() && local.split(|byte| *byte == b'.').all(is_valid_atom),
    }
}

/// Whether `atom` is one or more RFC 5322 `atext` characters.
fn is_valid_atom(atom: &[u8]) -> bool {
    !atom.is_empty()
        && atom
            .iter()
            .all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(byte))
}

/// Whether `inner` is what RFC 5321 allows between the quotes of a `Quoted-string`: printable
/// ASCII and spaces except `"` and `\`, or `\` before any printable ASCII character or space.
fn is_valid_quoted_content(inner: &[u8]) -> bool {
    let mut bytes = inner.iter();
    while let Some(byte) = bytes.next() {
        match byte {
            b'\\' => {
                if !bytes
                    .next()
                    .is_some_and(|next| (b' '..=b'~').contains(next))
                {
                    return false;
                }
            }
            b'"' => return false,
            b' '..=b'~' => {}
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mailbox(text: &str) -> Mailbox<'_> {
        Mailbox::parse(text.as_bytes()).unwrap()
    }

    #[test]
    fn reads_dot_atom_and_quoted_mailboxes() {
        assert_eq!(
            mailbox("first.last@example.com"),
            Mailbox {
                local: b"first.last",
                domain: b"example.com"
            }
        );
        assert!(Mailbox::parse(br#""a@b"@example.com"#).is_some());
        assert!(Mailbox::parse(b"*@example.com").is_some());
    }

    #[test]
    fn rejects_malformed_mailboxes() {
        for bad in [
            &b"invalid@address@example.com"[..],
            b"@example.com",
            b"user@",
            b"user",
            b"a..b@example.com",
            b".a@example.com",
            b"user@[192.0.2.1]",
            b"us er@example.com",
            b"user@example..com",
            br#""a"b"@example.com"#,
        ] {
            assert!(
                Mailbox::parse(bad).is_none(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn matches_a_particular_mailbox_only() {
        assert!(within(mailbox("root@Example.com"), b"root@example.com"));
        assert!(!within(mailbox("Root@example.com"), b"root@example.com"));
        assert!(!within(mailbox("user@example.com"), b"*@example.com"));
        assert!(within(mailbox("*@example.com"), b"*@example.com"));
        assert!(!within(mailbox("*@example.com"), b"**@example.com"));
    }

    #[test]
    fn matches_every_mailbox_on_a_host() {
        assert!(within(mailbox("a@example.com"), b"example.com"));
        assert!(!within(mailbox("a@mail.example.com"), b"example.com"));
    }

    #[test]
    fn matches_mailboxes_below_a_domain_but_not_on_it() {
        assert!(within(mailbox("a@mail.example.com"), b".example.com"));
        assert!(!within(mailbox("a@example.com"), b".example.com"));
        assert!(!within(mailbox("a@badexample.com"), b".example.com"));
    }

    #[test]
    fn rejects_malformed_constraints() {
        assert!(is_valid_constraint(b"example.com"));
        assert!(is_valid_constraint(b".example.com"));
        assert!(is_valid_constraint(b"**@example.com"));
        assert!(!is_valid_constraint(b""));
        assert!(!is_valid_constraint(b"..example.com"));
        assert!(!is_valid_constraint(b"a@b@example.com"));
    }
}
