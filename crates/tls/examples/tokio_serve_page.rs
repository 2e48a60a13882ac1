//! An async HTTPS server on tokio: answers every request with a small page, as the blocking
//! `serve_page` does, through a [`TlsAcceptor`] and a task per connection.
//!
//! ```text
//! cargo run -p tls --features tokio --example tokio_serve_page -- chain.pem key.pem 8443
//! curl --cacert ca.pem https://localhost:8443/
//! ```

use std::io;
use std::sync::Arc;
use std::time::Duration;

use tls::tokio::{TlsAcceptor, TlsStream};
use tls::{CertifiedKey, ServerConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;

/// How long a client has for its handshake and its request head.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The longest request head read before answering anyway.
const MAX_HEAD: usize = 16 * 1024;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [chain, key, port] = args.as_slice() else {
        return Err("usage: tokio_serve_page CHAIN.pem KEY.pem PORT".into());
    };
    let key = CertifiedKey::from_pem_files(chain, key)?;
    let config = ServerConfig::builder(Arc::new(key))
        .alpn_protocols(&["http/1.1"])
        .build()?;
    let acceptor = TlsAcceptor::new(Arc::new(config));
    let listener = TcpListener::bind(("127.0.0.1", port.parse::<u16>()?)).await?;
    eprintln!("listening on {}", listener.local_addr()?);
    loop {
        let (tcp, _) = listener.accept().await?;
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            if let Err(error) = serve(&acceptor, tcp).await {
                eprintln!("connection: {error}");
            }
        });
    }
}

/// Reads one request head, answers it, closes with close_notify.
async fn serve(acceptor: &TlsAcceptor, tcp: TcpStream) -> io::Result<()> {
    // A client that sends nothing, or trickles its request, does not hold the task for ever:
    // one deadline for the handshake and the request head together.
    let Some(mut tls) = timeout(READ_TIMEOUT, handshake_and_head(acceptor, tcp)).await?? else {
        return Ok(());
    };
    let body = match tls.connection().negotiated() {
        Some(negotiated) => format!(
            "hello over {:?}, {:?}\n",
            negotiated.version, negotiated.cipher_suite
        ),
        None => "hello\n".to_owned(),
    };
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    tls.write_all(response.as_bytes()).await?;
    // Sends close_notify and flushes it before the TCP write side closes.
    tls.shutdown().await
}

/// The handshake, then the request head read (and dropped); `None` if the client closed
/// before sending one.
async fn handshake_and_head(
    acceptor: &TlsAcceptor,
    tcp: TcpStream,
) -> io::Result<Option<TlsStream<TcpStream>>> {
    let mut tls = acceptor.accept(tcp).await?;
    let mut head = Vec::new();
    let mut buf = [0; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < MAX_HEAD {
        let n = tls.read(&mut buf).await?;
        if n == 0 {
            return Ok(None);
        }
        head.extend_from_slice(&buf[..n]);
    }
    Ok(Some(tls))
}
