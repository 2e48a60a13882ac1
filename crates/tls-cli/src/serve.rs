//! `tls serve --cert CHAIN.pem --key KEY.pem`: a TLS server on blocking sockets, one thread per
//! connection.
//!
//! Two modes:
//! - default, as `openssl s_server -quiet`: what each client sends is copied to stdout, and
//!   stdin is copied to every client connected at the time (each line goes to the connections
//!   whose handshake is done). At the end of stdin, those connections get close_notify; later
//!   ones stay open until the client closes.
//! - `--http`: each connection's HTTP/1.x request is answered with a small page naming the
//!   negotiated parameters, then closed with close_notify. Only http/1.1 is negotiated (ALPN),
//!   since that is all the page speaks.
//!
//! A client must complete its handshake within `--handshake-timeout` and then send something at
//! least every `--idle-timeout`; one that takes nothing we write for [`WRITE_TIMEOUT`] is
//! dropped, so that a client that stops reading holds up stdin's data to the others for that
//! long once, not for ever. At most [`MAX_CONNECTIONS`] are served at once.
//!
//! The bound address (useful with `--port 0`) and one line per connection go to stderr.

use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::{Duration, Instant};

use tls::handshake::config::{ClientAuth, SupportedVersion};
use tls::handshake::verifier::WebPkiClientVerifier;
use tls::{CertifiedKey, Connection, Negotiated, ServerConfig};

use crate::session::{self, End, Handler, Limits, Session};

/// The longest HTTP request head `--http` reads before answering 431.
const MAX_REQUEST_HEAD: usize = 16 * 1024;
/// How long an `--http` connection may stay silent (or less, with `--idle-timeout`): a client
/// that connects for a page sends its request at once.
const HTTP_IDLE: Duration = Duration::from_secs(10);
/// The most connections served at once (a thread each); more are closed as soon as they are
/// accepted, with a line on stderr. Each holds a file descriptor: under the usual soft limit of
/// 1,024 descriptors, `accept` fails first (EMFILE, reported, and retried after
/// [`ACCEPT_BACKOFF`]) and new clients wait in the listen backlog until the handshake and idle
/// timeouts free descriptors.
const MAX_CONNECTIONS: usize = 1024;
/// How long to wait after a failed `accept` (out of descriptors, say) before the next one, so
/// that a lasting failure does not spin.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);
/// How long one write to a client may block before the client is dropped. Stdin goes to the
/// clients one after the other, so this is how long a client that stopped reading delays the
/// others (once: it is gone after).
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);
/// The protocol `--http` speaks, and the only one it negotiates.
const HTTP_1_1: &[u8] = b"http/1.1";

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
    /// Answer each connection's HTTP/1.x request with a small page, then close. Negotiates
    /// http/1.1 only: an --alpn list must include it, and its other protocols are not offered.
    #[arg(long)]
    http: bool,
    /// Drop a client whose handshake is not complete within SECS seconds of its connect.
    #[arg(long, value_name = "SECS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..))]
    handshake_timeout: u64,
    /// Close a connection that has sent nothing for SECS seconds (with --http: at most 10).
    #[arg(long, value_name = "SECS", default_value_t = 120,
          value_parser = clap::value_parser!(u64).range(1..))]
    idle_timeout: u64,
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

/// Checks what clap cannot, before anything starts: an error here is a usage error.
pub(crate) fn check_usage(args: &Args) -> Result<(), String> {
    alpn_protocols(args)?;
    if args.tickets == Some(0) && args.early_data.is_some() {
        return Err("--early-data needs tickets: it cannot go with --tickets 0".to_owned());
    }
    // A certificate or key file that cannot be used is the caller's to fix, named here.
    CertifiedKey::from_pem_files(&args.cert, &args.key).map_err(|e| e.to_string())?;
    if !args.client_ca.is_empty() {
        crate::connect::load_anchors(&args.client_ca)?;
    }
    Ok(())
}

/// The protocols we accept: `--alpn`'s; with `--http`, http/1.1 alone, and an `--alpn` list
/// without it is an error (the page cannot be served over anything else).
fn alpn_protocols(args: &Args) -> Result<Vec<Vec<u8>>, String> {
    let listed = session::parse_alpn(args.alpn.as_deref())?;
    if !args.http {
        return Ok(listed);
    }
    if args.alpn.is_some() && !listed.iter().any(|name| name == HTTP_1_1) {
        return Err(format!(
            "--http speaks http/1.1 only, and --alpn {} does not include it",
            args.alpn.as_deref().unwrap_or_default()
        ));
    }
    Ok(vec![HTTP_1_1.to_vec()])
}

/// Runs `tls serve` until it is killed.
pub(crate) fn run(args: &Args) -> Result<(), String> {
    let key = CertifiedKey::from_pem_files(&args.cert, &args.key).map_err(|e| e.to_string())?;
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
        .alpn_protocols(&alpn_protocols(args)?)
        .client_auth(client_auth)
        .versions(versions);
    if let Some(max) = args.early_data {
        builder = builder.max_early_data_size(max);
    }
    match args.tickets {
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
                // A client that gave up between SYN and accept, or no descriptor left: the
                // next accept may do better.
                eprintln!("tls serve: accept: {e}");
                std::thread::sleep(ACCEPT_BACKOFF);
                continue;
            }
        };
        let started = Instant::now();
        let Some(slot) = Slot::take(&active) else {
            eprintln!("tls serve: {MAX_CONNECTIONS} connections already; closing a new one");
            continue;
        };
        let config = Arc::clone(&config);
        let clients = Arc::clone(&clients);
        let idle = Duration::from_secs(args.idle_timeout);
        let mode = Mode {
            http: args.http,
            key_update_after: args.key_update_after,
            limits: Limits {
                handshake: Some(Duration::from_secs(args.handshake_timeout)),
                handshake_option: "--handshake-timeout",
                idle: Some(if args.http { idle.min(HTTP_IDLE) } else { idle }),
                idle_option: "--idle-timeout",
                write: Some(WRITE_TIMEOUT),
            },
        };
        let spawned = std::thread::Builder::new().spawn(move || {
            serve_one(socket, started, config, clients, mode);
            drop(slot);
        });
        if let Err(e) = spawned {
            // The socket went with the closure: the client sees it closed.
            eprintln!("tls serve: no thread for a new connection ({e}): closed it");
        }
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
    limits: Limits,
}

/// Runs one connection, accepted at `started`, to its end and says how it ended.
fn serve_one(
    socket: TcpStream,
    started: Instant,
    config: Arc<ServerConfig>,
    clients: Clients,
    mode: Mode,
) {
    let Mode {
        http,
        key_update_after,
        limits,
    } = mode;
    let peer = socket
        .peer_addr()
        .map_or_else(|_| "(unknown peer)".to_owned(), |a| a.to_string());
    if let Err(e) = socket.set_nodelay(true) {
        eprintln!("tls serve: {peer}: {e}");
        return;
    }
    let label = format!("tls serve: {peer}");
    let conn = Connection::server(config);
    let session = match Session::start(conn, socket, label, key_update_after, limits, started) {
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
            scanned: 0,
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
    /// How much of `request` was searched for the end of the head already.
    scanned: usize,
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
        let end = head_end(&self.request, self.scanned);
        self.scanned = self.request.len();
        let response = match end {
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

/// Where the request head ends (after its blank line), if it has, given that the first
/// `scanned` bytes held no end. Only the new bytes are searched, and the 3 before them (a
/// `\r\n\r\n` split across reads), so a head read in many small pieces costs linear time.
fn head_end(request: &[u8], scanned: usize) -> Option<usize> {
    (scanned.saturating_sub(3)..request.len()).find_map(|i| {
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
        assert_eq!(
            head_end(b"GET / HTTP/1.1\r\nHost: x\r\n\r\nbody", 0),
            Some(27)
        );
        assert_eq!(head_end(b"GET / HTTP/1.0\n\n", 0), Some(16));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: x\r\n", 0), None);
    }

    /// Feeds `request` one byte at a time, as `Http::data` does, and returns where the head
    /// was found to end.
    fn head_end_byte_by_byte(request: &[u8]) -> Option<usize> {
        let mut buffer = Vec::new();
        let mut scanned = 0;
        for &byte in request {
            buffer.push(byte);
            if let Some(end) = head_end(&buffer, scanned) {
                return Some(end);
            }
            scanned = buffer.len();
        }
        None
    }

    #[test]
    fn finds_a_head_that_arrives_byte_by_byte() {
        let request = b"GET / HTTP/1.1\r\nHost: x\r\n\r\nbody";
        assert_eq!(head_end_byte_by_byte(request), Some(27));
        assert_eq!(
            head_end_byte_by_byte(b"GET / HTTP/1.1\r\nHost: x\r\n"),
            None
        );
    }

    #[test]
    fn finds_a_bare_newline_head_that_arrives_byte_by_byte() {
        assert_eq!(head_end_byte_by_byte(b"GET / HTTP/1.0\n\nrest"), Some(16));
    }

    #[test]
    fn finds_a_blank_line_split_across_two_reads() {
        let request = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        // The first read ended inside the blank line: "\r\n\r" then "\n".
        assert_eq!(head_end(request, request.len() - 1), Some(27));
    }

    #[test]
    fn http_negotiates_http_1_1_only() {
        use clap::Parser;
        #[derive(Parser)]
        struct Cli {
            #[command(flatten)]
            args: Args,
        }
        let args = |extra: &[&str]| {
            let base = ["tls", "--cert", "c.pem", "--key", "k.pem", "--http"];
            Cli::parse_from(base.iter().chain(extra)).args
        };
        assert_eq!(alpn_protocols(&args(&[])).unwrap(), vec![HTTP_1_1.to_vec()]);
        let both = args(&["--alpn", "h2,http/1.1"]);
        assert_eq!(alpn_protocols(&both).unwrap(), vec![HTTP_1_1.to_vec()]);
        let refused = alpn_protocols(&args(&["--alpn", "h2"])).unwrap_err();
        assert!(refused.contains("http/1.1"), "{refused}");
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
