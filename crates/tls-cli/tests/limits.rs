//! How `tls connect` and `tls serve` bound slow and silent peers, end to end: the binary over
//! real sockets on 127.0.0.1. The peers that misbehave are plain sockets (or our own library)
//! in the test; every child has piped stdin, a deadline, and is killed when its guard drops.

mod common;
// Only the tests that run servers need it, so it is not part of `common` (tests/verify.rs
// would see it unused).
#[path = "common/network.rs"]
mod network;

use std::io::Read;
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::deadline;
use network::{connect, serve, write_pki};
use tls::{ClientConfig, Connection, ServerName, StreamOwned, TrustAnchors, WebPkiServerVerifier};
use tls_tests::Stream;

#[test]
fn connect_gives_up_on_a_server_that_accepts_and_never_answers() {
    let dir = tempfile::tempdir().unwrap();
    let pki = write_pki(dir.path(), "Test Root");
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    // Accepts one connection and holds it, silent, until the test ends (and drops `done`).
    let (done, finished) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        let held = listener.accept();
        let _ = finished.recv();
        drop(held);
    });

    let started = Instant::now();
    let mut client = connect(&address, &pki.root, &["--timeout", "1"]);
    client.close_stdin();
    let status = client.wait_exit(started + Duration::from_secs(3)).unwrap();
    assert_eq!(status.code(), Some(1), "{}", client.stderr());
    let stderr = client.stderr();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("no handshake within 1 s (--timeout)"),
        "{stderr}"
    );
    drop(done);
}

#[test]
fn serve_drops_a_client_that_never_completes_its_handshake() {
    let deadline = deadline();
    let dir = tempfile::tempdir().unwrap();
    let pki = write_pki(dir.path(), "Test Root");
    let (server, address) = serve(&pki, &["--handshake-timeout", "1"], deadline);
    let _silent = TcpStream::connect(&address).unwrap();
    let line = server
        .wait_for(Stream::Stderr, "no handshake within", deadline)
        .unwrap();
    assert!(
        line.ends_with("no handshake within 1 s (--handshake-timeout): gave up"),
        "{line}"
    );
}

#[test]
fn serve_closes_a_connection_idle_for_too_long() {
    let deadline = deadline();
    let dir = tempfile::tempdir().unwrap();
    let pki = write_pki(dir.path(), "Test Root");
    let (server, address) = serve(&pki, &["--idle-timeout", "1"], deadline);
    let mut client = connect(&address, &pki.root, &[]);
    client
        .wait_for(Stream::Stderr, "connected: ", deadline)
        .unwrap();
    let line = server
        .wait_for(Stream::Stderr, "nothing received", deadline)
        .unwrap();
    assert!(
        line.ends_with("nothing received for 1 s (--idle-timeout): closed"),
        "{line}"
    );
    // The server closed with close_notify: the client ends cleanly.
    client.close_stdin();
    let status = client.wait_exit(deadline).unwrap();
    assert_eq!(status.code(), Some(0), "{}", client.stderr());
}

/// More silent connections than the old cap of 256 threads.
const SILENT: usize = 300;

#[test]
fn serve_still_serves_a_client_behind_300_silent_connections() {
    let deadline = deadline();
    let dir = tempfile::tempdir().unwrap();
    let pki = write_pki(dir.path(), "Test Root");
    let (server, address) = serve(&pki, &[], deadline);
    let silent: Vec<TcpStream> = (0..SILENT)
        .map(|_| TcpStream::connect(&address).unwrap())
        .collect();
    // Within the silent connections' own handshake deadline (10 s): they still hold their
    // places while the real client is served.
    let by = Instant::now() + Duration::from_secs(8);
    let mut client = connect(&address, &pki.root, &[]);
    let line = client.wait_for(Stream::Stderr, "connected: ", by).unwrap();
    assert!(line.contains("TLSv1.3"), "{line}");
    client.close_stdin();
    let status = client.wait_exit(deadline).unwrap();
    assert_eq!(status.code(), Some(0), "{}", client.stderr());
    assert!(
        !server.stderr().contains("connections already"),
        "{}",
        server.stderr()
    );
    drop(silent);
}

/// What stdin sends in the stalled-reader test: far more than the kernel buffers of one
/// loopback connection (a few MiB) hold, so the client that does not read blocks the server.
const FLOOD: usize = 16 * 1024 * 1024;
/// The last line of the flood, which the reading client waits for.
const LAST_LINE: &[u8] = b"the end of the flood\n";

#[test]
fn a_client_that_stops_reading_does_not_stop_data_to_another() {
    let deadline = deadline();
    let dir = tempfile::tempdir().unwrap();
    let pki = write_pki(dir.path(), "Test Root");
    let (mut server, address) = serve(&pki, &[], deadline);
    let stalled = handshake(&address, &pki.root);
    let reading = handshake(&address, &pki.root);
    // Stdin goes only to established connections: wait for the server to count both.
    while server.stderr().matches("connected: ").count() < 2 {
        assert!(Instant::now() < deadline, "{}", server.stderr());
        std::thread::sleep(Duration::from_millis(10));
    }

    let total = FLOOD + LAST_LINE.len();
    let reader_socket = reading.sock.try_clone().unwrap();
    let received = std::thread::spawn(move || read_until_total(reading, total));
    // Writing to the server's stdin blocks while it is held up; should it be held up for good
    // (the bug under test), shutting both clients' sockets at the deadline frees it, and the
    // test fails on what was received rather than hanging.
    let stalled_socket = stalled.sock.try_clone().unwrap();
    let (stop, stopped) = mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        let left = deadline.saturating_duration_since(Instant::now());
        if stopped.recv_timeout(left).is_err() {
            let _ = stalled_socket.shutdown(Shutdown::Both);
            let _ = reader_socket.shutdown(Shutdown::Both);
        }
    });
    let chunk = vec![b'x'; 64 * 1024];
    for _ in 0..FLOOD / chunk.len() {
        server.write(&chunk).unwrap();
    }
    server.write(LAST_LINE).unwrap();
    let received = received.join().unwrap();
    drop(stop);
    watchdog.join().unwrap();

    assert_eq!(received.len(), total, "{}", server.stderr());
    assert!(received.ends_with(LAST_LINE));
    let line = server
        .wait_for(Stream::Stderr, "write timeout", deadline)
        .unwrap();
    assert!(
        line.contains("took nothing we sent for 5 s (write timeout): dropped"),
        "{line}"
    );
    drop(stalled);
}

/// A client of our library's, trusting `root`, through its handshake with `address`.
fn handshake(address: &str, root: &Path) -> StreamOwned<TcpStream> {
    let mut anchors = TrustAnchors::new();
    anchors.add_pem_file(root).unwrap();
    let config = ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(anchors)))
        .build()
        .unwrap();
    let name = ServerName::try_from("localhost").unwrap();
    let conn = Connection::client(Arc::new(config), name).unwrap();
    let mut stream = StreamOwned::new(conn, TcpStream::connect(address).unwrap());
    stream.complete_handshake().unwrap();
    stream
}

/// Reads from `stream` until `total` bytes came, or it ends or fails; returns what came.
fn read_until_total(mut stream: StreamOwned<TcpStream>, total: usize) -> Vec<u8> {
    let mut received = Vec::with_capacity(total);
    let mut buf = vec![0u8; 64 * 1024];
    while received.len() < total {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => received.extend_from_slice(&buf[..n]),
        }
    }
    received
}
