//! `tls serve`, `tls connect` and `tls demo` end to end: the binary, over real sockets on
//! 127.0.0.1, with tls-tests' certificates (valid until 9999) in a temporary directory. Every
//! child has piped stdin, a deadline, and is killed and reaped when its guard drops.

mod common;

use std::path::Path;
use std::time::Instant;

use common::{deadline, start};
use tls_tests::{ChainBuilder, ChainFiles, ChildGuard, KeyType, Stream};

/// Writes `root.pem` (named `root_name`), and `chain.pem` + `key.pem` for a leaf for
/// `localhost` signed by it, into `dir`.
fn write_pki(dir: &Path, root_name: &str) -> ChainFiles {
    ChainBuilder::new(KeyType::EcdsaP256)
        .dns_name("localhost")
        .root_name(root_name)
        .build()
        .unwrap()
        .write_to(dir)
        .unwrap()
}

/// `tls serve --port 0` with the certificate in `pki`, plus `extra` flags; and its address.
fn serve(pki: &ChainFiles, extra: &[&str], deadline: Instant) -> (ChildGuard, String) {
    let mut args = vec![
        "serve",
        "--cert",
        pki.chain.to_str().unwrap(),
        "--key",
        pki.key.to_str().unwrap(),
        "--port",
        "0",
    ];
    args.extend_from_slice(extra);
    let server = start(&args);
    let line = server
        .wait_for(Stream::Stderr, "listening on ", deadline)
        .unwrap();
    let address = line.rsplit(' ').next().unwrap().to_owned();
    assert!(address.starts_with("127.0.0.1:"), "{line}");
    assert_ne!(address, "127.0.0.1:0", "{line}");
    (server, address)
}

fn connect(address: &str, ca: &Path) -> ChildGuard {
    start(&[
        "connect",
        address,
        "--ca",
        ca.to_str().unwrap(),
        "--servername",
        "localhost",
    ])
}

#[test]
fn serve_prints_its_address_and_connect_exchanges_bytes_both_ways() {
    let deadline = deadline();
    let dir = tempfile::tempdir().unwrap();
    let pki = write_pki(dir.path(), "Test Root");
    let (mut server, address) = serve(&pki, &[], deadline);
    let mut client = connect(&address, &pki.root);

    let on_client = client
        .wait_for(Stream::Stderr, "connected: ", deadline)
        .unwrap();
    assert!(on_client.contains("TLSv1.3, TLS_"), "{on_client}");
    let on_server = server
        .wait_for(Stream::Stderr, "connected: ", deadline)
        .unwrap();
    assert!(on_server.contains("server name localhost"), "{on_server}");

    client.write(b"hello from the client\n").unwrap();
    server
        .wait_for(Stream::Stdout, "hello from the client\n", deadline)
        .unwrap();
    server.write(b"hello from the server\n").unwrap();
    client
        .wait_for(Stream::Stdout, "hello from the server\n", deadline)
        .unwrap();

    // The end of stdin sends close_notify; the server answers with its own.
    client.close_stdin();
    let status = client.wait_exit(deadline).unwrap();
    assert!(status.success(), "{}", client.stderr());
    assert!(
        client.stderr().contains("the server closed the connection"),
        "{}",
        client.stderr()
    );
    server
        .wait_for(Stream::Stderr, "closed by the client", deadline)
        .unwrap();
}

#[test]
fn serve_http_answers_a_request_with_a_page_and_closes() {
    let deadline = deadline();
    let dir = tempfile::tempdir().unwrap();
    let pki = write_pki(dir.path(), "Test Root");
    let (_server, address) = serve(&pki, &["--http", "--alpn", "http/1.1"], deadline);
    let mut client = start(&[
        "connect",
        &address,
        "--ca",
        pki.root.to_str().unwrap(),
        "--servername",
        "localhost",
        "--alpn",
        "http/1.1",
    ]);
    client
        .write(b"GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    client.wait_for(Stream::Stdout, "</p>", deadline).unwrap();
    // The server closes with close_notify, and the client ends cleanly.
    client.close_stdin();
    let status = client.wait_exit(deadline).unwrap();
    assert!(status.success(), "{}", client.stderr());
    let page = client.stdout();
    assert!(page.starts_with("HTTP/1.1 200 OK\r\n"), "{page}");
    assert!(page.contains("GET /hello over TLSv1.3"), "{page}");
    assert!(
        client.stderr().contains("alpn http/1.1"),
        "{}",
        client.stderr()
    );
}

#[test]
fn connect_refuses_a_server_it_does_not_trust() {
    let deadline = deadline();
    let dir = tempfile::tempdir().unwrap();
    let pki = write_pki(dir.path(), "Test Root");
    let other = tempfile::tempdir().unwrap();
    let other_pki = write_pki(other.path(), "Other Root");
    let (server, address) = serve(&pki, &[], deadline);
    let mut client = connect(&address, &other_pki.root);
    client.close_stdin();
    let status = client.wait_exit(deadline).unwrap();
    assert!(!status.success(), "{}", client.stderr());
    assert!(
        !client.stderr().contains("connected: "),
        "{}",
        client.stderr()
    );
    // The client's alert reaches the server, which reports the failed connection.
    let line = server.wait_for(Stream::Stderr, "alert", deadline).unwrap();
    assert!(!line.contains("connected: "), "{line}");
}

#[test]
fn demo_runs_a_handshake_and_prints_the_suite() {
    let mut demo = start(&["demo"]);
    demo.close_stdin();
    let status = demo.wait_exit(deadline()).unwrap();
    assert!(status.success(), "{}", demo.stderr());
    let out = demo.stdout();
    assert!(out.contains("    client_hello"), "{out}");
    assert!(out.contains("    finished"), "{out}");
    assert!(out.contains("version:    TLSv1.3"), "{out}");
    assert!(out.contains("suite:      TLS_AES_128_GCM_SHA256"), "{out}");
    assert!(out.contains("\"pong from our server\""), "{out}");
}
