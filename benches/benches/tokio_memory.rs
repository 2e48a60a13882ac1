//! Live heap of the tokio streams across rounds of connections, counted with dhat: one
//! `TlsAcceptor` on 127.0.0.1 and one `TlsConnector`, both kept for the whole run, then two
//! rounds of [`CONNECTIONS`] concurrent connections, each echoing [`ECHO`] bytes (the client
//! writes while it reads the echo back, then closes; the server echoes until the client's
//! close_notify, then closes with its own). TLS 1.3 (TLS_AES_128_GCM_SHA256, X25519, an ECDSA
//! P-256 leaf and intermediate under a trusted root) with the tickets a server sends by default,
//! kept in the connector's default session store: a few of the second round's connections
//! resume with tickets the first round left there.
//!
//! Three figures: the heap live before the first round, and after each round, once every
//! connection's tasks are joined and its sockets closed. The first round may leave what is
//! built once and kept (the runtime's task and IO structures grown to a round's concurrency,
//! the client's session store filled); the second must leave no more:
//! whatever a finished connection leaves behind would show up as growth. The bench fails if
//! it does.
//!
//! Not a criterion bench: a counting global allocator would distort timings. It ignores
//! criterion's arguments, so the `--test` run of `cargo xtask ci` (bench-smoke) runs it whole,
//! which takes about a tenth of a second once built. `cargo bench -p tls-benches --bench
//! tokio_memory`.
#![forbid(unsafe_code)]

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tls::handshake::config::{SupportedCipherSuite, SupportedGroup};
use tls::handshake::verifier::WebPkiServerVerifier;
use tls::tokio::{TlsAcceptor, TlsConnector, TlsStream};
use tls::{CertifiedKey, ClientConfig, ServerConfig, ServerName, TrustAnchor, TrustAnchors};
use tls_tests::{ChainBuilder, KeyType};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

/// Connections per round, all at once: 100 sockets in this process.
const CONNECTIONS: usize = 50;

/// Bytes each connection echoes.
const ECHO: usize = 64 * 1024;

/// How long the whole run may take, whatever goes wrong (it takes a tenth of a second).
const DEADLINE: Duration = Duration::from_secs(60);

/// The name on the server's certificate, which every client connects to.
const SERVER_NAME: &str = "pair.example";

fn main() {
    let _profiler = dhat::Profiler::builder().testing().build();
    // One thread: with no workers racing, the runtime's structures grow alike in both rounds,
    // so what it keeps between them is what a round needs, not what a race made.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .expect("runtime");
    let (acceptor, connector) = endpoints();
    let [before, first, second] = runtime
        .block_on(async { tokio::time::timeout(DEADLINE, measure(&acceptor, &connector)).await })
        .expect("the bench passed its deadline");
    println!(
        "live heap of the tokio streams, {CONNECTIONS} connections per round each echoing {} KiB over TLS_AES_128_GCM_SHA256 (one acceptor, one connector):",
        ECHO / 1024
    );
    println!("  before the first round    {before:>9} bytes");
    println!("  after the first round     {first:>9} bytes");
    println!("  after the second round    {second:>9} bytes (≤ after the first round)");
    // Exact, with no allowance: on one thread both rounds grow the runtime's structures alike
    // (96 runs, twelve at a time on two cores, all differed by 0 bytes), while an allowance
    // would hide a leak of a few bytes per connection.
    assert!(
        second <= first,
        "the second round left {} bytes more live heap than the first: finished connections leak",
        second - first
    );
    println!("  the second round left no more than the first: ok");
}

/// The acceptor and the connector, with configs shared by every connection.
fn endpoints() -> (TlsAcceptor, TlsConnector) {
    let suite = SupportedCipherSuite::Tls13Aes128GcmSha256;
    let chain = ChainBuilder::new(KeyType::EcdsaP256)
        .dns_name(SERVER_NAME)
        .intermediate("Memory Intermediate")
        .build()
        .expect("chain");
    let mut anchors = TrustAnchors::new();
    anchors.add(TrustAnchor::from_der(&chain.root.der).expect("root"));
    let certified = CertifiedKey::from_pem(
        chain.chain_pem().as_bytes(),
        chain.leaf_key.pkcs8_pem.as_bytes(),
    )
    .expect("key");
    let server = ServerConfig::builder(Arc::new(certified))
        .cipher_suites(&[suite])
        .groups(&[SupportedGroup::X25519])
        .build()
        .expect("server config");
    let client = ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(anchors)))
        .cipher_suites(&[suite])
        .groups(&[SupportedGroup::X25519])
        .build()
        .expect("client config");
    (
        TlsAcceptor::new(Arc::new(server)),
        TlsConnector::new(Arc::new(client)),
    )
}

/// The live heap before the first round and after each of the two.
async fn measure(acceptor: &TlsAcceptor, connector: &TlsConnector) -> [usize; 3] {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let before = live_heap().await;
    round(&listener, acceptor, connector).await;
    let first = live_heap().await;
    round(&listener, acceptor, connector).await;
    let second = live_heap().await;
    [before, first, second]
}

/// The heap live now, once the runtime has released what closed sockets left it.
async fn live_heap() -> usize {
    // The IO driver frees a closed socket's registration on its next turn, not at the close;
    // yielding lets it turn, so that no figure depends on how many were still waiting.
    tokio::task::yield_now().await;
    dhat::HeapStats::get().curr_bytes
}

/// [`CONNECTIONS`] connections at once, each a client task (with its sender) and a server
/// task; returns when every one of them has finished.
async fn round(listener: &TcpListener, acceptor: &TlsAcceptor, connector: &TlsConnector) {
    let address = listener.local_addr().expect("address");
    let clients: Vec<_> = (0..CONNECTIONS)
        .map(|index| tokio::spawn(client(connector.clone(), address, index)))
        .collect();
    let mut servers = Vec::with_capacity(CONNECTIONS);
    for _ in 0..CONNECTIONS {
        let (tcp, _) = listener.accept().await.expect("accept");
        let acceptor = acceptor.clone();
        servers.push(tokio::spawn(async move {
            echo(acceptor.accept(tcp).await?).await
        }));
    }
    for task in clients.into_iter().chain(servers) {
        task.await.expect("task").expect("connection");
    }
}

/// Sends [`ECHO`] bytes from a task of its own while reading them back, then checks them.
async fn client(connector: TlsConnector, address: SocketAddr, index: usize) -> io::Result<()> {
    let tcp = TcpStream::connect(address).await?;
    let name = ServerName::try_from(SERVER_NAME).expect("name");
    let stream = connector.connect(name, tcp).await?;
    let (mut reader, mut writer) = tokio::io::split(stream);
    // Writing while reading: the echo comes back while we still send.
    let sender = tokio::spawn(async move {
        writer.write_all(&pattern(index)).await?;
        writer.shutdown().await
    });
    let mut echoed = Vec::with_capacity(ECHO);
    reader.read_to_end(&mut echoed).await?;
    sender.await.expect("sender task")?;
    assert!(
        echoed == pattern(index),
        "connection {index}: the echo differs"
    );
    Ok(())
}

/// What connection `index` sends: [`ECHO`] bytes, different for each connection.
fn pattern(index: usize) -> Vec<u8> {
    (0..ECHO).map(|at| (at + index) as u8).collect()
}

/// Writes back what it reads until the client's close_notify, then closes.
async fn echo(mut stream: TlsStream<TcpStream>) -> io::Result<()> {
    let mut buf = vec![0; 16 * 1024];
    loop {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            return stream.shutdown().await;
        }
        stream.write_all(&buf[..n]).await?;
        stream.flush().await?;
    }
}
