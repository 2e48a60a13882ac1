//! A blocking HTTPS server: answers every request with a small page, a thread per
//! connection.
//!
//! ```text
//! cargo run -p tls --example serve_page -- chain.pem key.pem 8443
//! curl --cacert ca.pem https://localhost:8443/
//! ```

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use tls::{CertifiedKey, Connection, ServerConfig, StreamOwned};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [chain, key, port] = args.as_slice() else {
        return Err("usage: serve_page CHAIN.pem KEY.pem PORT".into());
    };
    let key = CertifiedKey::from_pem_files(chain, key)?;
    let config = ServerConfig::builder(Arc::new(key))
        .alpn_protocols(&["http/1.1"])
        .build()?;
    let config = Arc::new(config);
    let listener = TcpListener::bind(("127.0.0.1", port.parse::<u16>()?))?;
    eprintln!("listening on {}", listener.local_addr()?);
    for socket in listener.incoming() {
        let conn = Connection::server(Arc::clone(&config));
        let socket = socket?;
        std::thread::spawn(move || {
            if let Err(error) = serve(StreamOwned::new(conn, socket)) {
                eprintln!("connection: {error}");
            }
        });
    }
    Ok(())
}

/// Reads one request head, answers it, closes with close_notify.
fn serve(mut tls: StreamOwned<TcpStream>) -> std::io::Result<()> {
    // A client that sends nothing does not hold the thread for ever.
    tls.sock.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut head = Vec::new();
    let mut buf = [0; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
        let n = tls.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        head.extend_from_slice(&buf[..n]);
    }
    let body = match tls.conn.negotiated() {
        Some(negotiated) => format!(
            "hello over {:?}, {:?}\n",
            negotiated.version, negotiated.cipher_suite
        ),
        None => "hello\n".to_owned(),
    };
    write!(
        tls,
        "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )?;
    tls.send_close_notify()
}
