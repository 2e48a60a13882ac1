//! `tls serve`, `tls connect` and `tls demo` end to end: the binary, over real sockets on
//! 127.0.0.1, with tls-tests' certificates (valid until 9999) in a temporary directory. Every
//! child has piped stdin, a deadline, and is killed and reaped when its guard drops.

mod common;
// Only the tests that run servers need it, so it is not part of `common` (tests/verify.rs
// would see it unused).
#[path = "common/network.rs"]
mod network;

use std::process::Command;
use std::time::{Duration, Instant};

use common::{deadline, start};
use network::{connect, serve, write_pki};
use tls_tests::{ChildGuard, Stream};

#[test]
fn serve_prints_its_address_and_connect_exchanges_bytes_both_ways() {
    let deadline = deadline();
    let dir = tempfile::tempdir().unwrap();
    let pki = write_pki(dir.path(), "Test Root");
    let (mut server, address) = serve(&pki, &[], deadline);
    let mut client = connect(&address, &pki.root, &[]);

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

/// `printf 'GET / HTTP/1.0\r\n\r\n' | tls connect`: stdin ends before the handshake does, and
/// the request must still go out (then close_notify), and the answer be read to the end.
const PIPED_REQUEST: &[u8] = b"GET / HTTP/1.0\r\n\r\n";

#[test]
fn connect_sends_a_piped_request_to_openssl_s_server_www_and_prints_the_page() {
    let deadline = deadline();
    let dir = tempfile::tempdir().unwrap();
    let pki = write_pki(dir.path(), "Test Root");
    let mut command = Command::new("openssl");
    command
        .args([
            "s_server",
            "-accept",
            "127.0.0.1:0",
            "-naccept",
            "1",
            "-www",
        ])
        .arg("-cert")
        .arg(&pki.leaf)
        .arg("-key")
        .arg(&pki.key);
    let server = ChildGuard::spawn("openssl s_server", &mut command).unwrap();
    let accept = server
        .wait_for(Stream::Stdout, "ACCEPT ", deadline)
        .unwrap();
    let address = accept.split_whitespace().last().unwrap().to_owned();

    let mut client = connect(&address, &pki.root, &[]);
    client.write(PIPED_REQUEST).unwrap();
    client.close_stdin();
    let status = client.wait_exit(deadline).unwrap();
    assert_eq!(status.code(), Some(0), "{}", client.stderr());
    let page = client.stdout();
    assert!(page.starts_with("HTTP/1.0 200 ok\r\n"), "{page}");
    assert!(page.contains("</HTML>"), "{page}");
    drop(server);
}

#[test]
fn serve_http_answers_a_piped_request_over_http_1_1_only() {
    let deadline = deadline();
    let dir = tempfile::tempdir().unwrap();
    let pki = write_pki(dir.path(), "Test Root");
    // No --alpn: --http negotiates http/1.1 alone, even for a client that prefers h2.
    let (_server, address) = serve(&pki, &["--http"], deadline);
    let mut client = connect(&address, &pki.root, &["--alpn", "h2,http/1.1"]);
    client.write(PIPED_REQUEST).unwrap();
    client.close_stdin();
    let status = client.wait_exit(deadline).unwrap();
    assert_eq!(status.code(), Some(0), "{}", client.stderr());
    let page = client.stdout();
    assert!(page.starts_with("HTTP/1.1 200 OK\r\n"), "{page}");
    assert!(page.contains("GET / over TLSv1.3"), "{page}");
    assert!(
        client.stderr().contains("alpn http/1.1"),
        "{}",
        client.stderr()
    );
}

#[test]
fn serve_http_refuses_an_alpn_list_without_http_1_1_at_start_up() {
    // At once: before it reads its certificate or binds a port.
    let deadline = Instant::now() + Duration::from_secs(5);
    let dir = tempfile::tempdir().unwrap();
    let pki = write_pki(dir.path(), "Test Root");
    let mut server = start(&[
        "serve",
        "--cert",
        pki.chain.to_str().unwrap(),
        "--key",
        pki.key.to_str().unwrap(),
        "--port",
        "0",
        "--http",
        "--alpn",
        "h2",
    ]);
    server.close_stdin();
    let status = server.wait_exit(deadline).unwrap();
    assert_eq!(status.code(), Some(2), "{}", server.stderr());
    let stderr = server.stderr();
    assert!(stderr.contains("--http speaks http/1.1 only"), "{stderr}");
    assert!(!stderr.contains("listening on"), "{stderr}");
}

/// A certificate, key or CA file that cannot be used is a usage error (exit 2) naming the
/// file and what is wrong, before anything listens or connects; so is a contradictory flag
/// pair.
#[test]
fn unusable_files_are_usage_errors_naming_them() {
    let deadline = Instant::now() + Duration::from_secs(5);
    let dir = tempfile::tempdir().unwrap();
    let pki = write_pki(dir.path(), "Test Root");
    let empty = dir.path().join("empty.pem");
    std::fs::write(&empty, "no PEM here\n").unwrap();
    let missing = dir.path().join("missing-key.pem");
    let (chain, empty, missing) = (
        pki.chain.to_str().unwrap(),
        empty.to_str().unwrap(),
        missing.to_str().unwrap(),
    );
    for (args, named) in [
        (
            vec!["serve", "--cert", chain, "--key", missing, "--port", "0"],
            "missing-key.pem",
        ),
        (
            vec![
                "serve",
                "--cert",
                empty,
                "--key",
                pki.key.to_str().unwrap(),
                "--port",
                "0",
            ],
            "empty.pem",
        ),
        (vec!["connect", "127.0.0.1:9", "--ca", empty], "empty.pem"),
        (
            vec![
                "serve",
                "--cert",
                chain,
                "--key",
                pki.key.to_str().unwrap(),
                "--port",
                "0",
                "--tickets",
                "0",
                "--early-data",
                "100",
            ],
            "--early-data needs tickets",
        ),
    ] {
        let mut child = start(&args);
        child.close_stdin();
        let status = child.wait_exit(deadline).unwrap();
        let stderr = child.stderr();
        assert_eq!(status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(named), "{args:?}: {stderr}");
        assert!(!stderr.contains("listening on"), "{stderr}");
    }
}

#[test]
fn connect_refuses_a_server_it_does_not_trust() {
    let deadline = deadline();
    let dir = tempfile::tempdir().unwrap();
    let pki = write_pki(dir.path(), "Test Root");
    let other = tempfile::tempdir().unwrap();
    let other_pki = write_pki(other.path(), "Other Root");
    let (server, address) = serve(&pki, &[], deadline);
    let mut client = connect(&address, &other_pki.root, &[]);
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
