//! The sans-IO `Connection` driven by hand: a client and a server in one process, the bytes
//! each produces handed to the other, no sockets. This is the loop an event loop or a poller
//! runs around `receive`/`pending_output` (or `read_tls`/`write_tls` on sockets).
//!
//! ```text
//! cargo run -p tls --example sans_io
//! ```

use std::sync::Arc;

use tls::pki::{TrustAnchor, TrustAnchors};
use tls::{
    CertifiedKey, ClientConfig, Connection, Error, ServerConfig, ServerName, WebPkiServerVerifier,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A throwaway root and server certificate, made here (rcgen, through tls-tests).
    let chain = tls_tests::ChainBuilder::new(tls_tests::KeyType::EcdsaP256)
        .dns_name("sans-io.example")
        .build()?;
    let mut roots = TrustAnchors::new();
    roots.add(TrustAnchor::from_der(&chain.root.der)?);
    let key = CertifiedKey::from_pem(
        chain.chain_pem().as_bytes(),
        chain.leaf_key.pkcs8_pem.as_bytes(),
    )?;

    let client_config =
        ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(roots))).build()?;
    let server_config = ServerConfig::builder(Arc::new(key)).build()?;
    let mut client = Connection::client(
        Arc::new(client_config),
        ServerName::try_from("sans-io.example")?,
    )?;
    let mut server = Connection::server(Arc::new(server_config));

    client.write(b"ping")?; // queued until the handshake completes
    // Move bytes until neither side has anything to say.
    loop {
        let moved = shuttle(&mut client, &mut server)? + shuttle(&mut server, &mut client)?;
        if moved == 0 {
            break;
        }
    }
    let mut buf = [0; 16];
    let n = server.read(&mut buf)?;
    println!(
        "server read {:?} over {:?}",
        String::from_utf8_lossy(&buf[..n]),
        server.negotiated().map(|n| n.version)
    );
    Ok(())
}

/// Hands what `from` has to send to `to`; returns how many bytes moved.
fn shuttle(from: &mut Connection, to: &mut Connection) -> Result<usize, Error> {
    let bytes = from.pending_output().to_vec();
    let taken = to.receive(&bytes)?;
    from.consume_output(taken);
    Ok(taken)
}
