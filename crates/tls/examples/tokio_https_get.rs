//! An async HTTPS client on tokio: fetches a URL and prints the response, as the blocking
//! `https_get` does, through a [`TlsConnector`].
//!
//! ```text
//! cargo run -p tls --features tokio --example tokio_https_get -- https://example.com/
//! cargo run -p tls --features tokio --example tokio_https_get -- https://localhost:8443/ --ca ca.pem
//! ```
//!
//! Trust anchors: the system's, or the PEM file given with `--ca`.

use std::io::Write;
use std::sync::Arc;

use tls::tokio::TlsConnector;
use tls::{ClientConfig, ServerName, TrustAnchors, WebPkiServerVerifier};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let url = args
        .first()
        .ok_or("usage: tokio_https_get URL [--ca FILE]")?;
    let rest = url
        .strip_prefix("https://")
        .ok_or("the URL must start with https://")?;
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let host = authority
        .rsplit_once(':')
        .map_or(authority, |(host, _)| host);
    let address = if authority.contains(':') {
        authority.to_owned()
    } else {
        format!("{authority}:443")
    };

    let roots = match args.iter().position(|arg| arg == "--ca") {
        Some(at) => TrustAnchors::from_pem_file(args.get(at + 1).ok_or("--ca needs a file")?)?,
        None => TrustAnchors::system()?.0,
    };
    let config = ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(roots)))
        .alpn_protocols(&["http/1.1"])
        .build()?;
    let connector = TlsConnector::new(Arc::new(config));
    let tcp = TcpStream::connect(&address).await?;
    let mut tls = connector.connect(ServerName::try_from(host)?, tcp).await?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    tls.write_all(request.as_bytes()).await?;
    let mut response = Vec::new();
    // The server's close_notify ends the response; a connection cut without it is an error.
    tls.read_to_end(&mut response).await?;
    if let Some(negotiated) = tls.connection().negotiated() {
        eprintln!("{:?}, {:?}", negotiated.version, negotiated.cipher_suite);
    }
    // std's blocking stdout: the connection is done and nothing else runs on this runtime.
    std::io::stdout().write_all(&response)?;
    Ok(())
}
