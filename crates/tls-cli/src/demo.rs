//! `tls demo`: our client and our server complete a real TLS 1.3 handshake in one process, in
//! memory, and exchange a few bytes of application data, then close_notify both ways.
//!
//! Both sides are [`Connection`]s: every byte between them is a TLS record, moved from one's
//! `pending_output` to the other's `receive`, exactly what a socket would carry. The certificates
//! (an ECDSA P-256 root and a leaf for `demo.example`, valid until 9999) are made at run time with
//! tls-tests' chain builder (rcgen; the leaf key is compiled in), so the demo needs no files and no
//! network.

use std::io::Write;
use std::sync::Arc;

use tls::handshake::verifier::WebPkiServerVerifier;
use tls::wire::record::{RecordHeader, RecordLimit};
use tls::{
    CertifiedKey, ClientConfig, Connection, Direction, ServerConfig, ServerName, TrustAnchor,
    TrustAnchors,
};
use tls_tests::{ChainBuilder, KeyType};

/// The name the server's certificate is for, and the client asks for.
const SERVER_NAME: &str = "demo.example";
/// More flights than any TLS 1.3 handshake needs: past this the handshake is stuck.
const MAX_FLIGHTS: usize = 16;

/// One side of the in-memory connection.
struct Side {
    name: &'static str,
    conn: Connection,
    /// How much of the handshake log has been printed.
    logged: usize,
}

pub(crate) fn run(out: &mut impl Write) -> Result<(), String> {
    let (anchors, certified_key) = certificates()?;
    let client_config = ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(anchors)))
        .build()
        .map_err(|e| e.to_string())?;
    let server_config = ServerConfig::builder(Arc::new(certified_key))
        .build()
        .map_err(|e| e.to_string())?;
    let server_name = ServerName::try_from(SERVER_NAME).map_err(|e| e.to_string())?;
    let mut client = Side {
        name: "client",
        conn: Connection::client(Arc::new(client_config), server_name)
            .map_err(|e| format!("client: {e}"))?,
        logged: 0,
    };
    let mut server = Side {
        name: "server",
        conn: Connection::server(Arc::new(server_config)),
        logged: 0,
    };
    let w = |out: &mut dyn Write, line: String| writeln!(out, "{line}").map_err(|e| e.to_string());

    w(
        out,
        "tls demo: our client and our server, a TLS 1.3 handshake in memory.".into(),
    )?;
    w(
        out,
        format!(
            "  certificate: ECDSA P-256 leaf for {SERVER_NAME}, from a root made just now (rcgen)"
        ),
    )?;
    w(out, String::new())?;

    let mut flights = 0;
    while client.conn.is_handshaking() || server.conn.is_handshaking() {
        flights += 1;
        if flights > MAX_FLIGHTS {
            return Err("the handshake did not finish".into());
        }
        let moved = flight(&mut client, &mut server, out)?.saturating_add(flight(
            &mut server,
            &mut client,
            out,
        )?);
        if moved == 0 {
            return Err("the handshake stalled: neither side has anything to send".into());
        }
    }
    // What is still queued (a NewSessionTicket, say) goes now, so the data below is alone.
    flight(&mut server, &mut client, out)?;

    let negotiated = client
        .conn
        .negotiated()
        .ok_or("the client finished without negotiated parameters")?
        .clone();
    if server.conn.negotiated() != Some(&negotiated) {
        return Err("the client and the server disagree on what they negotiated".into());
    }
    w(out, String::new())?;
    w(out, format!("version:    {}", negotiated.version))?;
    w(out, format!("suite:      {}", negotiated.cipher_suite))?;
    let none = || "none".to_owned();
    let group = negotiated
        .group
        .map_or_else(none, |group| group.to_string());
    let scheme = negotiated
        .signature_scheme
        .map_or_else(none, |scheme| scheme.to_string());
    w(out, format!("group:      {group}"))?;
    w(out, format!("signature:  {scheme}"))?;
    w(out, String::new())?;

    exchange(&mut client, &mut server, b"ping from our client", out)?;
    exchange(&mut server, &mut client, b"pong from our server", out)?;

    client.conn.send_close_notify();
    flight(&mut client, &mut server, out)?;
    server.conn.send_close_notify();
    flight(&mut server, &mut client, out)?;
    if !(client.conn.peer_closed() && server.conn.peer_closed()) {
        return Err("close_notify did not arrive both ways".into());
    }
    w(out, "close_notify sent and received both ways.".into())?;
    Ok(())
}

/// Moves everything `from` has queued to `to`; prints the size, and the handshake messages `to`
/// took in. Returns the number of bytes moved.
fn flight(from: &mut Side, to: &mut Side, out: &mut dyn Write) -> Result<usize, String> {
    let bytes = from.conn.pending_output().to_vec();
    if bytes.is_empty() {
        return Ok(0);
    }
    from.conn.consume_output(bytes.len());
    let was_closed = to.conn.peer_closed();
    let received = to.conn.receive(&bytes);
    writeln!(
        out,
        "{} -> {}  {} bytes: {}",
        from.name,
        to.name,
        bytes.len(),
        record_types(&bytes)
    )
    .map_err(|e| e.to_string())?;
    for (direction, typ) in to.conn.handshake_log().get(to.logged..).unwrap_or_default() {
        if *direction == Direction::Received {
            writeln!(out, "    {typ}").map_err(|e| e.to_string())?;
        }
    }
    to.logged = to.conn.handshake_log().len();
    if !was_closed && to.conn.peer_closed() {
        writeln!(out, "    alert close_notify").map_err(|e| e.to_string())?;
    }
    let taken =
        received.map_err(|e| format!("{} refused the {}'s bytes: {e}", to.name, from.name))?;
    // A demo flight is far below the received-plaintext limit: all of it fits.
    if taken != bytes.len() {
        return Err(format!(
            "{} took {taken} of the {}'s {} bytes",
            to.name,
            from.name,
            bytes.len()
        ));
    }
    Ok(bytes.len())
}

/// The outer content type of each record in `bytes` (whole records, as a connection emits them).
/// Protected records all say application_data: what they carry shows once the peer opens them.
fn record_types(bytes: &[u8]) -> String {
    let mut types = Vec::new();
    let mut rest = bytes;
    while let Ok(Some(header)) = RecordHeader::check_prefix(rest, RecordLimit::Tls13) {
        types.push(header.typ.to_string());
        let record_len = RecordHeader::LEN.saturating_add(header.fragment_len());
        rest = rest.get(record_len..).unwrap_or_default();
    }
    match types.len() {
        1 => format!("1 record ({})", types.join(", ")),
        n => format!("{n} records ({})", types.join(", ")),
    }
}

/// `from` sends `data`; `to` must read back exactly it.
fn exchange(
    from: &mut Side,
    to: &mut Side,
    data: &[u8],
    out: &mut dyn Write,
) -> Result<(), String> {
    let taken = from.conn.write(data).map_err(|e| e.to_string())?;
    if taken != data.len() {
        return Err(format!(
            "{} took {taken} of {} bytes",
            from.name,
            data.len()
        ));
    }
    let wire = flight(from, to, out)?;
    let mut buf = vec![0u8; data.len().saturating_add(1)];
    let n = to.conn.read(&mut buf).map_err(|e| e.to_string())?;
    let got = buf.get(..n).unwrap_or_default();
    if got != data {
        return Err(format!("{} read {got:?}, not what was sent", to.name));
    }
    writeln!(
        out,
        "    application data: {:?} ({} bytes of plaintext in {wire} bytes of record)",
        String::from_utf8_lossy(got),
        data.len()
    )
    .map_err(|e| e.to_string())
}

/// A root and a leaf for [`SERVER_NAME`] signed by it, both ECDSA P-256 and valid until 9999:
/// the root's key is made now, the leaf's is tls-tests' checked-in test key.
fn certificates() -> Result<(TrustAnchors, CertifiedKey), String> {
    let chain = ChainBuilder::new(KeyType::EcdsaP256)
        .dns_name(SERVER_NAME)
        .root_name("tls demo root")
        .build()
        .map_err(|e| format!("making the demo certificates: {e}"))?;
    let mut anchors = TrustAnchors::new();
    anchors.add(TrustAnchor::from_der(&chain.root.der).map_err(|e| format!("demo root: {e}"))?);
    let certified_key = CertifiedKey::from_pem(
        chain.chain_pem().as_bytes(),
        chain.leaf_key.pkcs8_pem.as_bytes(),
    )
    .map_err(|e| format!("demo leaf: {e}"))?;
    Ok((anchors, certified_key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_completes_a_handshake_and_exchanges_data() {
        let mut out = Vec::new();
        run(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("version:    TLSv1.3"), "{text}");
        assert!(text.contains("suite:      TLS_"), "{text}");
        assert!(text.contains("    client_hello"), "{text}");
        assert!(text.contains("    certificate_verify"), "{text}");
        assert!(text.contains("    alert close_notify"), "{text}");
        assert!(text.contains("\"pong from our server\""), "{text}");
        assert!(
            text.contains("close_notify sent and received both ways"),
            "{text}"
        );
    }
}
