//! Session stores for a fleet: two servers (two configs, as two machines behind one name
//! would have) share one ticketer, so a client that got its ticket from one resumes on the
//! other. The client keeps its tickets in its config's session store (bounded, in memory by
//! default; any `SessionStore` may replace it). In memory, no sockets.
//!
//! ```text
//! cargo run -p tls --example fleet_resumption
//! ```

use std::sync::Arc;

use tls::handshake::ticketer::{RotatingTicketer, Ticketer};
use tls::pki::{TrustAnchor, TrustAnchors};
use tls::{
    CertifiedKey, ClientConfig, Connection, Error, ServerConfig, ServerName, WebPkiServerVerifier,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let chain = tls_tests::ChainBuilder::new(tls_tests::KeyType::EcdsaP256)
        .dns_name("fleet.example")
        .build()?;
    let mut roots = TrustAnchors::new();
    roots.add(TrustAnchor::from_der(&chain.root.der)?);
    let key = Arc::new(CertifiedKey::from_pem(
        chain.chain_pem().as_bytes(),
        chain.leaf_key.pkcs8_pem.as_bytes(),
    )?);

    // One ticketer for the fleet: its keys rotate, and every server opens every ticket.
    let ticketer: Arc<dyn Ticketer> =
        Arc::new(RotatingTicketer::new().ok_or("no system randomness")?);
    let server = |ticketer: &Arc<dyn Ticketer>| {
        ServerConfig::builder(Arc::clone(&key))
            .ticketer(Some(Arc::clone(ticketer)))
            .build()
            .map(Arc::new)
    };
    let (server_a, server_b) = (server(&ticketer)?, server(&ticketer)?);
    let client =
        Arc::new(ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(roots))).build()?);

    for (name, server) in [("server A", &server_a), ("server B", &server_b)] {
        let resumed = handshake(&client, server)?;
        println!(
            "{name}: {}",
            if resumed { "resumed" } else { "full handshake" }
        );
    }
    Ok(())
}

/// A handshake between `client` and `server` in memory, the server's tickets delivered;
/// whether it resumed a session.
fn handshake(
    client: &Arc<ClientConfig>,
    server: &Arc<ServerConfig>,
) -> Result<bool, Box<dyn std::error::Error>> {
    let name = ServerName::try_from("fleet.example")?;
    let mut client = Connection::client(Arc::clone(client), name)?;
    let mut server = Connection::server(Arc::clone(server));
    while shuttle(&mut client, &mut server)? + shuttle(&mut server, &mut client)? > 0 {}
    Ok(client
        .negotiated()
        .is_some_and(|negotiated| negotiated.resumed))
}

/// Hands what `from` has to send to `to`; returns how many bytes moved.
fn shuttle(from: &mut Connection, to: &mut Connection) -> Result<usize, Error> {
    let bytes = from.pending_output().to_vec();
    let taken = to.receive(&bytes)?;
    from.consume_output(taken);
    Ok(taken)
}
