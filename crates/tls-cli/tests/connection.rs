//! `tls serve`, `tls connect` and `tls demo` end to end: the binary, over real sockets on
//! 127.0.0.1, with certificates made by rcgen (valid until 9999) in a temporary directory. Every
//! child has piped stdin, a deadline, and is killed and reaped when its guard drops.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(30);

/// A running `tls` with its output collected; killed and reaped on drop.
struct Tls {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: Arc<Mutex<Vec<u8>>>,
    stderr: Arc<Mutex<Vec<u8>>>,
    readers: Vec<JoinHandle<()>>,
    started: Instant,
}

impl Tls {
    fn start(args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tls"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("tls starts");
        let stdin = child.stdin.take();
        let stdout = Arc::<Mutex<Vec<u8>>>::default();
        let stderr = Arc::<Mutex<Vec<u8>>>::default();
        let readers = vec![
            collect(child.stdout.take().expect("stdout"), Arc::clone(&stdout)),
            collect(child.stderr.take().expect("stderr"), Arc::clone(&stderr)),
        ];
        Self {
            child,
            stdin,
            stdout,
            stderr,
            readers,
            started: Instant::now(),
        }
    }

    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout.lock().unwrap()).into_owned()
    }

    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap()).into_owned()
    }

    /// Waits until `text()` holds `needle`; returns the line it is on.
    fn wait_for(&self, text: impl Fn(&Self) -> String, needle: &str) -> String {
        loop {
            let all = text(self);
            if let Some(at) = all.find(needle) {
                let start = all[..at].rfind('\n').map_or(0, |n| n + 1);
                return all[start..].lines().next().unwrap().to_owned();
            }
            assert!(
                self.started.elapsed() < DEADLINE,
                "no {needle:?} in time; stdout {:?}, stderr {:?}",
                self.stdout(),
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn write(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn wait_exit(&mut self) -> ExitStatus {
        self.stdin = None;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                for reader in self.readers.drain(..) {
                    reader.join().unwrap();
                }
                return status;
            }
            assert!(
                self.started.elapsed() < DEADLINE,
                "did not exit in time; stdout {:?}, stderr {:?}",
                self.stdout(),
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Tls {
    fn drop(&mut self) {
        self.stdin = None;
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn collect(mut pipe: impl Read + Send + 'static, into: Arc<Mutex<Vec<u8>>>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        while let Ok(n @ 1..) = pipe.read(&mut chunk) {
            into.lock().unwrap().extend_from_slice(&chunk[..n]);
        }
    })
}

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
