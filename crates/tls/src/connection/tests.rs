//! Rules that need records no public API sends: a peer's zero-length application_data.

use tls_handshake::config::CertifiedKey;
use tls_handshake::verifier::WebPkiServerVerifier;
use tls_pki::TrustAnchor;
use tls_tests::{ChainBuilder, KeyType};
use tls_wire::ids::AlertDescription;

use super::*;

/// A client and a server with their handshake done and every byte delivered.
fn connected() -> (Connection, Connection) {
    let chain = ChainBuilder::new(KeyType::EcdsaP256)
        .dns_name("name.example")
        .build()
        .unwrap();
    let mut anchors = tls_pki::TrustAnchors::new();
    anchors.add(TrustAnchor::from_der(&chain.root.der).unwrap());
    let certified = CertifiedKey::from_pem(
        chain.chain_pem().as_bytes(),
        chain.leaf_key.pkcs8_pem.as_bytes(),
    )
    .unwrap();
    let client_config = ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(anchors)))
        .build()
        .unwrap();
    let server_config = ServerConfig::builder(Arc::new(certified)).build().unwrap();
    let name = ServerName::try_from("name.example").unwrap();
    let mut client = Connection::client(Arc::new(client_config), name).unwrap();
    let mut server = Connection::server(Arc::new(server_config));
    for _ in 0..4 {
        deliver(&mut client, &mut server).unwrap();
        deliver(&mut server, &mut client).unwrap();
    }
    assert!(!client.is_handshaking() && !server.is_handshaking());
    (client, server)
}

/// Moves everything `from` has to send into `to`.
fn deliver(from: &mut Connection, to: &mut Connection) -> Result<(), Error> {
    let bytes = from.pending_output().to_vec();
    let taken = to.receive(&bytes)?;
    from.consume_output(taken);
    Ok(())
}

/// `n` zero-length application_data records from `conn`, sealed under its write key.
fn send_empty_records(conn: &mut Connection, n: usize) {
    for _ in 0..n {
        conn.writer
            .send_empty_record(ContentType::APPLICATION_DATA)
            .unwrap();
    }
}

#[test]
fn zero_length_application_data_is_fine_up_to_its_limit() {
    let (mut client, mut server) = connected();
    send_empty_records(&mut client, MAX_CONSECUTIVE_EMPTY_APPLICATION_DATA);
    deliver(&mut client, &mut server).unwrap();
    // Data resets the count: as many again are fine.
    assert_eq!(client.write(b"data").unwrap(), 4);
    send_empty_records(&mut client, MAX_CONSECUTIVE_EMPTY_APPLICATION_DATA);
    deliver(&mut client, &mut server).unwrap();
    let mut out = [0; 8];
    assert_eq!(server.read(&mut out), Ok(4));
    assert_eq!(&out[..4], b"data");
}

#[test]
fn more_consecutive_zero_length_application_data_than_the_limit_is_unexpected_message() {
    let (mut client, mut server) = connected();
    send_empty_records(&mut client, MAX_CONSECUTIVE_EMPTY_APPLICATION_DATA + 1);
    let error = deliver(&mut client, &mut server).unwrap_err();
    assert_eq!(error, Error::TooManyEmptyApplicationData);
    assert_eq!(error.alert(), Some(AlertDescription::UNEXPECTED_MESSAGE));
    assert_eq!(
        deliver(&mut server, &mut client),
        Err(Error::AlertReceived(AlertDescription::UNEXPECTED_MESSAGE))
    );
}
