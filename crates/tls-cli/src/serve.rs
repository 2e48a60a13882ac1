//! `tls serve --cert CHAIN.pem --key KEY.pem`: a TLS server on blocking sockets, one thread per
//! connection.
//!
//! Two modes:
//! - default, as `openssl s_server -quiet`: what each client sends is copied to stdout, and
//!   stdin is copied to every client connected at the time (each line goes to the connections
//!   whose handshake is done). At the end of stdin, those connections get close_notify; later
//!   ones stay open until the client closes.
//! - `--http`: each connection's HTTP/1.x request is answered with a small page naming the
//!   negotiated parameters, then closed with close_notify.
//!
//! The bound address (useful with `--port 0`) and one line per connection go to stderr.

use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::Duration;

use tls::handshake::config::{ClientAuth, SupportedVersion};
use tls::handshake::verifier::WebPkiClientVerifier;
use tls::{CertifiedKey, Connection, Negotiated, ServerConfig};

use crate::session::{self, End, Handler, Session};

/// The longest HTTP request head `--http` reads before answering 431.
const MAX_REQUEST_HEAD: usize = 16 * 1024;
/// How long an `--http` connection may stay silent.
const HTTP_IDLE: Duration = Duration::from_secs(10);
/// The most connections served at once (a thread each); more are closed at once.
const MAX_CONNECTIONS: usize = 256;

/// The command's arguments.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// PEM file: our certificate, then its intermediates.
    #[arg(long)]
    cert: PathBuf,
    /// PEM file: the certificate's private key (PKCS#8, SEC1 or PKCS#1).
    #[arg(long)]
    key: PathBuf,
    /// The port to listen on; 0 picks a free one (printed on stderr).
    #[arg(long, default_value_t = 4433)]
    port: u16,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Application protocols we accept, in our order of preference: `h2,http/1.1`.
    #[arg(long)]
    alpn: Option<String>,
    /// Answer each connection's HTTP/1.x request with a small page, then close.
    #[arg(long)]
    http: bool,
    /// PEM file of the roots client certificates must chain to (repeatable): clients are asked
    /// for a certificate, checked for id-kp-clientAuth. Without --require-client-cert a client
    /// may decline.
    #[arg(long, value_name = "FILE")]
    client_ca: Vec<PathBuf>,
    /// Refuse clients without a certificate (TLS 1.3: certificate_required; TLS 1.2:
    /// handshake_failure); needs --client-ca.
    #[arg(long, requires = "client_ca")]
    require_client_cert: bool,
    /// Once this many bytes of stdin went out on a connection, ask for fresh keys both ways
    /// (a TLS 1.3 KeyUpdate with update_requested). Key updates are reported on stderr.
    #[arg(long, value_name = "BYTES")]
    key_update_after: Option<u64>,
    /// Accept TLS 1.2 only.
    #[arg(long, conflicts_with = "tls13")]
    tls12: bool,
    /// Accept TLS 1.3 only.
    #[arg(long)]
    tls13: bool,
    /// NewSessionTickets sent after each TLS 1.3 handshake (default 2). 0: no tickets at
    /// all, so TLS 1.2 clients resume by session id, TLS 1.3 clients not at all.
    #[arg(long, value_name = "N")]
    tickets: Option<u8>,
    /// Accept early data (0-RTT) from TLS 1.3 clients resuming our tickets, up to BYTES per
    /// connection (default 16384). It is printed like other data, after a line on stderr
    /// saying it came early: an attacker may replay it.
    #[arg(long, value_name = "BYTES", num_args = 0..=1, default_missing_value = "16384")]
    early_data: Option<u32>,
}

/// The connections that stdin goes to.
type Clients = Arc<Mutex<Vec<Weak<Session>>>>;

/// Runs `tls serve` until it is killed.
pub(crate) fn run(args: &Args) -> Result<(), String> {
    let read = |path: &PathBuf| std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()));
    let key = CertifiedKey::from_pem(&read(&args.cert)?, &read(&args.key)?)
        .map_err(|e| format!("--cert/--key: {e}"))?;
    let versions = match (args.tls12, args.tls13) {
        (true, _) => &[SupportedVersion::Tls12][..],
        (_, true) => &[SupportedVersion::Tls13],
        _ => SupportedVersion::ALL,
    };
    let client_auth = if args.client_ca.is_empty() {
        ClientAuth::None
    } else {
        let verifier = Arc::new(WebPkiClientVerifier::new(crate::connect::load_anchors(
            &args.client_ca,
        )?));
        if args.require_client_cert {
            ClientAuth::Required(verifier)
        } else {
            ClientAuth::Optional(verifier)
        }
    };
    let mut builder = ServerConfig::builder(Arc::new(key))
        .alpn_protocols(&session::parse_alpn(args.alpn.as_deref())?)
        .client_auth(client_auth)
        .versions(versions);
    if let Some(max) = args.early_data {
        builder = builder.max_early_data_size(max);
    }
    match args.tickets {
        Some(0) if args.early_data.is_some() => {
            return Err("--early-data needs tickets: it cannot go with --tickets 0".to_owned());
        }
        Some(0) => builder = builder.ticketer(None),
        Some(count) => builder = builder.session_tickets(count),
        None => {}
    }
    let config = builder.build().map_err(|e| format!("configuration: {e}"))?;
    let config = Arc::new(config);

    let listener = TcpListener::bind(SocketAddr::new(args.bind, args.port))
        .map_err(|e| format!("binding {}:{}: {e}", args.bind, args.port))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    eprintln!("tls serve: listening on {bound}");

    let clients: Clients = Arc::default();
    let active = Arc::new(AtomicUsize::new(0));
    if !args.http {
        let clients = Arc::clone(&clients);
        std::thread::spawn(move || copy_stdin(&clients));
    }
    for socket in listener.incoming() {
        let socket = match socket {
            Ok(socket) => socket,
            Err(e) => {
                // A client that gave up between SYN and accept: not our problem.
                eprintln!("tls serve: accept: {e}");
                continue;
            }
        };
        let Some(slot) = Slot::take(&active) else {
            eprintln!("tls serve: {MAX_CONNECTIONS} connections already; closing a new one");
            continue;
        };
        let config = Arc::clone(&config);
        let clients = Arc::clone(&clients);
        let mode = Mode {
            http: args.http,
            key_update_after: args.key_update_after,
        };
        std::thread::spawn(move || {
            serve_one(socket, config, clients, mode);
            drop(slot);
        });
    }
    Ok(())
}

/// One of the [`MAX_CONNECTIONS`] places, given back on drop.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(active: &Arc<AtomicUsize>) -> Option<Self> {
        active
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < MAX_CONNECTIONS).then(|| n.saturating_add(1))
            })
            .ok()
            .map(|_| Self(Arc::clone(active)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// How each connection is served.
#[derive(Clone, Copy)]
struct Mode {
    http: bool,
    key_update_after: Option<u64>,
}

/// Runs one connection to its end and says how it ended.
fn serve_one(socket: TcpStream, config: Arc<ServerConfig>, clients: Clients, mode: Mode) {
    let Mode {
        http,
        key_update_after,
    } = mode;
    let peer = socket
        .peer_addr()
        .map_or_else(|_| "(unknown peer)".to_owned(), |a| a.to_string());
    let prepared = socket.set_nodelay(true).and_then(|()| {
        if http {
            socket.set_read_timeout(Some(HTTP_IDLE))
        } else {
            Ok(())
        }
    });
    if let Err(e) = prepared {
        eprintln!("tls serve: {peer}: {e}");
        return;
    }
    let label = format!("tls serve: {peer}");
    let session = match Session::start(Connection::server(config), socket, label, key_update_after)
    {
        Ok(session) => Arc::new(session),
        Err(e) => {
            eprintln!("tls serve: {peer}: {e}");
            return;
        }
    };
    let result = if http {
        let mut handler = Http {
            peer: peer.clone(),
            negotiated: String::new(),
            request: Vec::new(),
            answered: false,
        };
        let result = session.run(&mut handler);
        // Once the page is out, how the client goes away is its business.
        if handler.answered {
            Ok(End::Stopped)
        } else {
            result
        }
    } else {
        session.run(&mut Stdio {
            peer: peer.clone(),
            me: Arc::downgrade(&session),
            clients,
        })
    };
    session.close();
    match result {
        Ok(End::PeerClosed) => eprintln!("tls serve: {peer}: closed by the client"),
        Ok(End::Stopped) => eprintln!("tls serve: {peer}: closed"),
        Err(e) => eprintln!("tls serve: {peer}: {e}"),
    }
}

/// Copies stdin to every established connection; at its end, closes them.
fn copy_stdin(clients: &Clients) {
    let live = || -> Vec<Arc<Session>> {
        let mut list = clients.lock().unwrap_or_else(PoisonError::into_inner);
        list.retain(|weak| weak.strong_count() > 0);
        list.iter().filter_map(Weak::upgrade).collect()
    };
    let mut stdin = std::io::stdin().lock();
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = match stdin.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                eprintln!("tls serve: stdin: {e}");
                break;
            }
        };
        let Some(bytes) = buf.get(..n) else { break };
        for session in live() {
            // A connection that fails here reports it from its own thread.
            let _ = session.send(bytes);
        }
    }
    for session in live() {
        session.close();
    }
}

/// The default mode: the client's bytes to stdout.
struct Stdio {
    peer: String,
    me: Weak<Session>,
    clients: Clients,
}

impl Handler for Stdio {
    fn established(&mut self, _session: &Session, negotiated: &Negotiated) {
        eprintln!(
            "tls serve: {}: connected: {}",
            self.peer,
            session::describe(negotiated)
        );
        self.clients
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Weak::clone(&self.me));
    }

    fn data(&mut self, _session: &Session, bytes: &[u8]) -> Result<bool, String> {
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(bytes)
            .and_then(|()| stdout.flush())
            .map_err(|e| format!("stdout: {e}"))?;
        Ok(true)
    }

    fn early_data(&mut self, session: &Session, bytes: &[u8]) -> Result<(), String> {
        eprintln!(
            "tls serve: {}: {} bytes of early data (0-RTT, may be a replay)",
            self.peer,
            bytes.len()
        );
        self.data(session, bytes).map(drop)
    }
}

/// `--http`: reads one request head, answers it, closes.
struct Http {
    peer: String,
    negotiated: String,
    request: Vec<u8>,
    answered: bool,
}

impl Handler for Http {
    fn established(&mut self, _session: &Session, negotiated: &Negotiated) {
        self.negotiated = session::describe(negotiated);
        eprintln!("tls serve: {}: connected: {}", self.peer, self.negotiated);
    }

    fn data(&mut self, session: &Session, bytes: &[u8]) -> Result<bool, String> {
        if self.answered {
            // Whatever follows the request (a body, a second request) is not read.
            return Ok(true);
        }
        let room = MAX_REQUEST_HEAD.saturating_sub(self.request.len());
        self.request
            .extend_from_slice(bytes.get(..room.min(bytes.len())).unwrap_or_default());
        let response = match head_end(&self.request) {
            Some(end) => respond(
                self.request.get(..end).unwrap_or_default(),
                &self.negotiated,
            ),
            None if self.request.len() >= MAX_REQUEST_HEAD => status_page(
                "431 Request Header Fields Too Large",
                "request head too long",
            ),
            None => return Ok(true),
        };
        self.answered = true;
        session.send(&response)?;
        session.close();
        Ok(true)
    }

    /// A request sent as early data (a GET, idempotent, is what clients send so) is read as
    /// if it came after the handshake.
    fn early_data(&mut self, session: &Session, bytes: &[u8]) -> Result<(), String> {
        self.data(session, bytes).map(drop)
    }
}

/// Where the request head ends (after its blank line), if it has.
fn head_end(request: &[u8]) -> Option<usize> {
    (0..request.len()).find_map(|i| {
        let rest = request.get(i..)?;
        if rest.starts_with(b"\r\n\r\n") {
            Some(i.saturating_add(4))
        } else if rest.starts_with(b"\n\n") {
            Some(i.saturating_add(2))
        } else {
            None
        }
    })
}

/// The response to a request head: a page for an HTTP/1.x request line, 400 otherwise.
fn respond(head: &[u8], negotiated: &str) -> Vec<u8> {
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let line = String::from_utf8_lossy(line.strip_suffix(b"\r").unwrap_or(line));
    let words: Vec<&str> = line.split(' ').collect();
    let (method, target) = match words.as_slice() {
        [method, target, version] if version.starts_with("HTTP/1.") => (*method, *target),
        _ => return status_page("400 Bad Request", "expected an HTTP/1.x request line"),
    };
    let body = format!(
        "<!doctype html>\n<title>tls serve</title>\n<h1>Hello from tls serve</h1>\n\
         <p>{} {} over {}</p>\n",
        escape(method),
        escape(target),
        escape(negotiated)
    );
    response("200 OK", &body)
}

fn status_page(status: &str, reason: &str) -> Vec<u8> {
    response(status, &format!("{reason}\n"))
}

fn response(status: &str, body: &str) -> Vec<u8> {
    let content_type = if body.starts_with("<!doctype") {
        "text/html; charset=utf-8"
    } else {
        "text/plain; charset=utf-8"
    };
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// `text` made safe to put in HTML.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_end_of_a_request_head() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: x\r\n\r\nbody"), Some(27));
        assert_eq!(head_end(b"GET / HTTP/1.0\n\n"), Some(16));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: x\r\n"), None);
    }

    #[test]
    fn answers_an_http_request_line_with_a_page() {
        let page = String::from_utf8(respond(b"GET /<x> HTTP/1.1\r\n\r\n", "TLSv1.3")).unwrap();
        assert!(page.starts_with("HTTP/1.1 200 OK\r\n"), "{page}");
        assert!(page.contains("GET /&lt;x&gt; over TLSv1.3"), "{page}");
        let bad = String::from_utf8(respond(b"HELLO\r\n\r\n", "TLSv1.3")).unwrap();
        assert!(bad.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{bad}");
    }
}
