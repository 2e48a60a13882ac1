//! Mutual TLS: a server that requires a client certificate from its own root, and a client
//! that presents one, over TCP on 127.0.0.1, in one process.
//!
//! ```text
//! cargo run -p tls --example mutual_tls
//! ```

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

use tls::pki::{TrustAnchor, TrustAnchors};
use tls::{
    CertifiedKey, ClientAuth, ClientConfig, Connection, ServerConfig, ServerName,
    SingleClientCertificate, StreamOwned, WebPkiClientVerifier, WebPkiServerVerifier,
};
use tls_tests::{ChainBuilder, ExtendedKeyUsage, KeyType};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The server's chain and the clients' chain, each under its own root.
    let server_chain = ChainBuilder::new(KeyType::EcdsaP256)
        .dns_name("localhost")
        .build()?;
    let client_chain = ChainBuilder::new(KeyType::EcdsaP256)
        .common_name("example client")
        .root_name("Client Root")
        .extended_key_usages(&[ExtendedKeyUsage::ClientAuth])
        .build()?;
    let anchors = |der: &[u8]| -> Result<TrustAnchors, tls::pki::Error> {
        let mut anchors = TrustAnchors::new();
        anchors.add(TrustAnchor::from_der(der)?);
        Ok(anchors)
    };
    let server_key = CertifiedKey::from_pem(
        server_chain.chain_pem().as_bytes(),
        server_chain.leaf_key.pkcs8_pem.as_bytes(),
    )?;
    let client_key = CertifiedKey::from_pem(
        client_chain.chain_pem().as_bytes(),
        client_chain.leaf_key.pkcs8_pem.as_bytes(),
    )?;

    let server_config = ServerConfig::builder(Arc::new(server_key))
        .client_auth(ClientAuth::Required(Arc::new(WebPkiClientVerifier::new(
            anchors(&client_chain.root.der)?,
        ))))
        .build()?;
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let address = listener.local_addr()?;
    let server = std::thread::spawn(move || -> std::io::Result<usize> {
        let (socket, _) = listener.accept()?;
        let mut tls = StreamOwned::new(Connection::server(Arc::new(server_config)), socket);
        tls.complete_handshake()?;
        let certificates = tls.conn.peer_certificates().len();
        tls.write_all(b"hello, authenticated client\n")?;
        tls.send_close_notify()?;
        Ok(certificates)
    });

    let client_config = ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(anchors(
        &server_chain.root.der,
    )?)))
    .client_certificate(Arc::new(SingleClientCertificate(Arc::new(client_key))))
    .build()?;
    let conn = Connection::client(Arc::new(client_config), ServerName::try_from("localhost")?)?;
    let mut tls = StreamOwned::new(conn, TcpStream::connect(address)?);
    let mut greeting = String::new();
    tls.read_to_string(&mut greeting)?;
    print!("{greeting}");
    let certificates = server.join().map_err(|_| "the server thread panicked")??;
    println!("the server saw a chain of {certificates} certificate(s)");
    Ok(())
}
