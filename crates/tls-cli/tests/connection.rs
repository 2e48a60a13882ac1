//! `tls serve`, `tls connect` and `tls demo` end to end: the binary, over real sockets on
//! 127.0.0.1, with certificates made by rcgen (valid until 9999) in a temporary directory. Every
//! child has piped stdin, a deadline, and is killed and reaped when its guard drops.

mod common;

use std::path::Path;

use common::Tls;

/// Writes `root.pem` (named `root_name`), and `chain.pem` + `key.pem` for a leaf for
/// `localhost` signed by it, into `dir`.
fn write_pki(dir: &Path, root_name: &str) {
    let mut root_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    root_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, root_name);
    root_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    root_params.key_usages = vec![rcgen::KeyUsagePurpose::KeyCertSign];
    root_params.not_before = rcgen::date_time_ymd(2020, 1, 1);
    root_params.not_after = rcgen::date_time_ymd(9999, 12, 31);
    let root_key = rcgen::KeyPair::generate().unwrap();
    let root = root_params.self_signed(&root_key).unwrap();
    let mut leaf_params = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    leaf_params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    leaf_params.use_authority_key_identifier_extension = true;
    leaf_params.not_before = rcgen::date_time_ymd(2020, 1, 1);
    leaf_params.not_after = rcgen::date_time_ymd(9999, 12, 31);
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let leaf = leaf_params.signed_by(&leaf_key, &root, &root_key).unwrap();
    std::fs::write(dir.join("root.pem"), root.pem()).unwrap();
    std::fs::write(dir.join("chain.pem"), leaf.pem()).unwrap();
    std::fs::write(dir.join("key.pem"), leaf_key.serialize_pem()).unwrap();
}

/// `tls serve --port 0` with the certificate in `dir`, plus `extra` flags; and its address.
fn serve(dir: &Path, extra: &[&str]) -> (Tls, String) {
    let chain = dir.join("chain.pem");
    let key = dir.join("key.pem");
    let mut args = vec![
        "serve",
        "--cert",
        chain.to_str().unwrap(),
        "--key",
        key.to_str().unwrap(),
        "--port",
        "0",
    ];
    args.extend_from_slice(extra);
    let server = Tls::start(&args);
    let line = server.wait_for(Tls::stderr, "listening on ");
    let address = line.rsplit(' ').next().unwrap().to_owned();
    assert!(address.starts_with("127.0.0.1:"), "{line}");
    assert_ne!(address, "127.0.0.1:0", "{line}");
    (server, address)
}

fn connect(address: &str, ca: &Path) -> Tls {
    Tls::start(&[
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
    let dir = tempfile::tempdir().unwrap();
    write_pki(dir.path(), "Test Root");
    let (mut server, address) = serve(dir.path(), &[]);
    let mut client = connect(&address, &dir.path().join("root.pem"));

    let on_client = client.wait_for(Tls::stderr, "connected: ");
    assert!(on_client.contains("TLSv1.3, TLS_"), "{on_client}");
    let on_server = server.wait_for(Tls::stderr, "connected: ");
    assert!(on_server.contains("server name localhost"), "{on_server}");

    client.write(b"hello from the client\n");
    server.wait_for(Tls::stdout, "hello from the client\n");
    server.write(b"hello from the server\n");
    client.wait_for(Tls::stdout, "hello from the server\n");

    // The end of stdin sends close_notify; the server answers with its own.
    let status = client.wait_exit();
    assert!(status.success(), "{}", client.stderr());
    assert!(
        client.stderr().contains("the server closed the connection"),
        "{}",
        client.stderr()
    );
    server.wait_for(Tls::stderr, "closed by the client");
}

#[test]
fn serve_http_answers_a_request_with_a_page_and_closes() {
    let dir = tempfile::tempdir().unwrap();
    write_pki(dir.path(), "Test Root");
    let (_server, address) = serve(dir.path(), &["--http", "--alpn", "http/1.1"]);
    let mut client = Tls::start(&[
        "connect",
        &address,
        "--ca",
        dir.path().join("root.pem").to_str().unwrap(),
        "--servername",
        "localhost",
        "--alpn",
        "http/1.1",
    ]);
    client.write(b"GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
    client.wait_for(Tls::stdout, "</p>");
    // The server closes with close_notify, and the client ends cleanly.
    let status = client.wait_exit();
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
    let dir = tempfile::tempdir().unwrap();
    write_pki(dir.path(), "Test Root");
    let other = tempfile::tempdir().unwrap();
    write_pki(other.path(), "Other Root");
    let (server, address) = serve(dir.path(), &[]);
    let mut client = connect(&address, &other.path().join("root.pem"));
    let status = client.wait_exit();
    assert!(!status.success(), "{}", client.stderr());
    assert!(
        !client.stderr().contains("connected: "),
        "{}",
        client.stderr()
    );
    // The client's alert reaches the server, which reports the failed connection.
    let line = server.wait_for(Tls::stderr, "alert");
    assert!(!line.contains("connected: "), "{line}");
}

#[test]
fn demo_runs_a_handshake_and_prints_the_suite() {
    let mut demo = Tls::start(&["demo"]);
    let status = demo.wait_exit();
    assert!(status.success(), "{}", demo.stderr());
    let out = demo.stdout();
    assert!(out.contains("    client_hello"), "{out}");
    assert!(out.contains("    finished"), "{out}");
    assert!(out.contains("version:    TLSv1.3"), "{out}");
    assert!(out.contains("suite:      TLS_AES_128_GCM_SHA256"), "{out}");
    assert!(out.contains("\"pong from our server\""), "{out}");
}
