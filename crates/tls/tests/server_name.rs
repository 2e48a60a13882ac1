//! The server name a client connects to is required and checked: a DNS name is sent as SNI and
//! matched against the certificate's DNS names; an IP address is not sent and is matched
//! against its iPAddress names; skipping the check is an option named as dangerous, and a
//! handshake that skipped it says so.

mod common;

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use common::{Pair, transfer};
use tls::handshake::error::HandshakeError;
use tls::handshake::verifier::WebPkiServerVerifier;
use tls::{
    CertifiedKey, ClientConfig, Connection, Error, ServerConfig, ServerName, TrustAnchor,
    TrustAnchors,
};
use tls_tests::{ChainBuilder, KeyType};

/// A root, and a server certificate for `name.example` and 127.0.0.1.
fn configs() -> (tls::handshake::config::ClientConfigBuilder, ServerConfig) {
    let chain = ChainBuilder::new(KeyType::EcdsaP256)
        .dns_name("name.example")
        .ip_address(IpAddr::V4(Ipv4Addr::LOCALHOST))
        .build()
        .unwrap();
    let mut anchors = TrustAnchors::new();
    anchors.add(TrustAnchor::from_der(&chain.root.der).unwrap());
    let certified = CertifiedKey::from_pem(
        chain.chain_pem().as_bytes(),
        chain.leaf_key.pkcs8_pem.as_bytes(),
    )
    .unwrap();
    let client = ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(anchors)));
    let server = ServerConfig::builder(Arc::new(certified)).build().unwrap();
    (client, server)
}

/// Runs a handshake between `client` (connecting to `name`) and `server`; the client's error
/// if it refuses.
fn connect(client: ClientConfig, server: ServerConfig, name: &str) -> Result<Pair, Error> {
    let name = ServerName::try_from(name).unwrap();
    let mut pair = Pair {
        client: Connection::client(Arc::new(client), name).unwrap(),
        server: Connection::server(Arc::new(server)),
    };
    for _ in 0..4 {
        transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
        transfer(&mut pair.server, &mut pair.client, usize::MAX)?;
    }
    Ok(pair)
}

#[test]
fn a_dns_name_is_sent_as_sni_and_checked() {
    let (client, server) = configs();
    let pair = connect(client.build().unwrap(), server, "name.example").unwrap();
    let negotiated = pair.server.negotiated().unwrap();
    assert_eq!(negotiated.server_name.as_deref(), Some("name.example"));
    assert!(!pair.client.negotiated().unwrap().server_name_check_skipped);
}

#[test]
fn an_ip_address_is_checked_against_the_ip_names_and_not_sent() {
    let (client, server) = configs();
    let pair = connect(client.build().unwrap(), server, "127.0.0.1").unwrap();
    // No SNI: RFC 6066 §3 forbids literal addresses in it.
    assert_eq!(pair.server.negotiated().unwrap().server_name, None);
    assert!(!pair.client.is_handshaking());
}

#[test]
fn a_name_the_certificate_does_not_hold_is_refused() {
    for name in ["other.example", "10.0.0.1"] {
        let (client, server) = configs();
        let error = connect(client.build().unwrap(), server, name)
            .err()
            .unwrap_or_else(|| panic!("{name} was accepted"));
        assert!(
            matches!(error, Error::Handshake(HandshakeError::Certificate(_))),
            "{name}: {error}"
        );
        assert!(error.alert().is_some());
    }
}

#[test]
fn dangerous_skip_server_name_check_accepts_any_name_and_the_handshake_says_so() {
    let (client, server) = configs();
    let client = client.dangerous_skip_server_name_check().build().unwrap();
    assert!(client.server_name_check_skipped());
    let pair = connect(client, server, "other.example").unwrap();
    assert!(pair.client.negotiated().unwrap().server_name_check_skipped);
    // The server's record of it is always false: it checks no name.
    assert!(!pair.server.negotiated().unwrap().server_name_check_skipped);
}
