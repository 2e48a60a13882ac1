//! Properties of peer-name matching: nothing panics on arbitrary input, and a valid name always
//! matches itself.

use std::net::IpAddr;

use proptest::prelude::*;
use tls_pki::name::dns::{dns_name_within, is_public_suffix, presented_dns_id_matches};
use tls_pki::name::ip::{ip_within, presented_ip_id_matches};
use tls_pki::name::{DnsName, PresentedId, ServerName};

/// Valid DNS names: 1 to 5 LDH labels of 1 to 12 octets, mixed case.
fn dns_name() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9]([a-zA-Z0-9-]{0,10}[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,10}[a-zA-Z0-9])?){0,4}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parsing_never_panics(text in any::<String>()) {
        let _ = ServerName::try_from(text.as_str());
    }

    #[test]
    fn dns_matching_never_panics(reference in dns_name(), presented in proptest::collection::vec(any::<u8>(), 0..300)) {
        let reference = DnsName::try_from(reference.as_str()).unwrap();
        let _ = presented_dns_id_matches(&reference, &presented);
        let mut wildcard = b"*.".to_vec();
        wildcard.extend(&presented);
        let _ = presented_dns_id_matches(&reference, &wildcard);
    }

    #[test]
    fn dns_constraints_never_panic(
        name in proptest::collection::vec(any::<u8>(), 0..300),
        constraint in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        let _ = dns_name_within(&name, &constraint);
    }

    #[test]
    fn ip_matching_and_constraints_never_panic(
        addr in proptest::collection::vec(any::<u8>(), 0..40),
        constraint in proptest::collection::vec(any::<u8>(), 0..40),
        v6 in any::<[u8; 16]>(),
    ) {
        let _ = ip_within(&addr, &constraint);
        let _ = presented_ip_id_matches(IpAddr::from(v6), &addr);
    }

    #[test]
    fn a_valid_name_matches_itself_in_any_case(text in dns_name()) {
        let name = DnsName::try_from(text.as_str()).unwrap();
        prop_assert!(presented_dns_id_matches(&name, text.as_bytes()));
        prop_assert!(presented_dns_id_matches(&name, text.to_ascii_uppercase().as_bytes()));
        prop_assert_eq!(dns_name_within(text.as_bytes(), text.to_ascii_lowercase().as_bytes()), Ok(true));
        let server = ServerName::Dns(name);
        prop_assert!(server.matches(PresentedId::Dns(text.as_bytes())));
    }

    #[test]
    fn a_name_is_within_its_parent_and_matches_its_wildcard_unless_that_is_a_public_suffix(label in "[a-z0-9]{1,8}", parent in dns_name()) {
        prop_assume!(parent.contains('.'));
        let child = format!("{label}.{parent}");
        let name = DnsName::try_from(child.as_str()).unwrap();
        let wildcard = format!("*.{parent}");
        // A wildcard directly over a public suffix ("*.4.at" happens) matches nothing.
        prop_assert_eq!(
            presented_dns_id_matches(&name, wildcard.as_bytes()),
            !is_public_suffix(parent.as_bytes())
        );
        prop_assert_eq!(dns_name_within(child.as_bytes(), parent.as_bytes()), Ok(true));
        prop_assert_eq!(dns_name_within(child.as_bytes(), format!(".{parent}").as_bytes()), Ok(true));
        prop_assert_eq!(dns_name_within(parent.as_bytes(), format!(".{parent}").as_bytes()), Ok(false));
    }

    #[test]
    fn an_address_matches_itself(v6 in any::<[u8; 16]>(), v4 in any::<[u8; 4]>()) {
        prop_assert!(presented_ip_id_matches(IpAddr::from(v6), &v6));
        prop_assert!(presented_ip_id_matches(IpAddr::from(v4), &v4));
        let mut host_v4 = v4.to_vec();
        host_v4.extend([0xff; 4]);
        prop_assert_eq!(ip_within(&v4, &host_v4), Ok(true));
    }
}
