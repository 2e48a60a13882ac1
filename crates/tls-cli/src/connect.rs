//! `tls connect HOST:PORT`: a TLS client on the terminal, as `openssl s_client -quiet` is.
//!
//! Stdin goes to the server, the server's bytes go to stdout, and the negotiated parameters go to
//! stderr once the handshake ends. At the end of stdin the client sends close_notify and keeps
//! reading until the server closes too; the exit code is non-zero if the connection failed (a bad
//! certificate, an alert, a connection cut without close_notify). `--timeout` bounds the TCP
//! connect and the handshake together; once connected, a quiet server is waited for.
//!
//! With `--resume`, a first connection completes its handshake and closes (close_notify, then
//! the server's close), and the session runs on a second one, which says whether it resumed
//! the first one's session (TLS 1.2 session ids, kept in the config's session store).

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tls::handshake::config::{SingleClientCertificate, SupportedVersion};
use tls::handshake::verifier::WebPkiServerVerifier;
use tls::{CertifiedKey, ClientConfig, Connection, Negotiated, ServerName, TrustAnchors};

use crate::session::{self, End, Handler, Limits, Session};

/// The command's arguments.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The server, `HOST:PORT` (`[::1]:443` for an IPv6 address).
    address: String,
    /// A PEM file of trust anchors (repeatable). Without --ca, the system store.
    #[arg(long)]
    ca: Vec<PathBuf>,
    /// The name to send (SNI) and to check the certificate against. Default: HOST.
    #[arg(long)]
    servername: Option<String>,
    /// Application protocols to offer, most preferred first: `h2,http/1.1`.
    #[arg(long)]
    alpn: Option<String>,
    /// PEM file: our client certificate, then its intermediates, presented when the server
    /// asks for one (with --key).
    #[arg(long, requires = "key")]
    cert: Option<PathBuf>,
    /// PEM file: the client certificate's private key (PKCS#8, SEC1 or PKCS#1).
    #[arg(long, requires = "cert")]
    key: Option<PathBuf>,
    /// Once this many bytes of stdin went out, ask for fresh keys both ways (a TLS 1.3
    /// KeyUpdate with update_requested). Key updates are reported on stderr.
    #[arg(long, value_name = "BYTES")]
    key_update_after: Option<u64>,
    /// Offer TLS 1.2 only.
    #[arg(long, conflicts_with = "tls13")]
    tls12: bool,
    /// Offer TLS 1.3 only.
    #[arg(long)]
    tls13: bool,
    /// Connect once to make a session, close, then connect again offering it, and say whether
    /// the server resumed it.
    #[arg(long)]
    resume: bool,
    /// With --resume: send this file's bytes as early data (TLS 1.3 0-RTT) on the second
    /// connection, before the handshake completes, and say whether the server accepted them.
    /// Rejected (or beyond what the ticket allows), they are sent again after the handshake,
    /// before stdin. Early data may be replayed by an attacker: only what is safe to repeat.
    #[arg(long, value_name = "FILE", requires = "resume")]
    early_data: Option<PathBuf>,
    /// Give up (exit 1) unless connected and through the handshake within SECS seconds.
    #[arg(long, value_name = "SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..))]
    timeout: u64,
}

/// Checks what clap cannot, before anything starts: an error here is a usage error.
pub(crate) fn check_usage(args: &Args) -> Result<(), String> {
    session::parse_alpn(args.alpn.as_deref())?;
    // Files that cannot be used are the caller's to fix, named here (the system store is
    // looked at when connecting).
    if !args.ca.is_empty() {
        load_anchors(&args.ca)?;
    }
    if let (Some(cert), Some(key)) = (&args.cert, &args.key) {
        CertifiedKey::from_pem_files(cert, key).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Runs `tls connect` until the server closes.
pub(crate) fn run(args: &Args) -> Result<(), String> {
    let timeout = Duration::from_secs(args.timeout);
    let name_text = match &args.servername {
        Some(name) => name.as_str(),
        None => host_of(&args.address)?,
    };
    let server_name =
        ServerName::try_from(name_text).map_err(|e| format!("server name {name_text:?}: {e}"))?;

    let mut builder =
        ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(load_anchors(&args.ca)?)))
            .alpn_protocols(&session::parse_alpn(args.alpn.as_deref())?)
            .versions(match (args.tls12, args.tls13) {
                (true, _) => &[SupportedVersion::Tls12],
                (_, true) => &[SupportedVersion::Tls13],
                _ => SupportedVersion::ALL,
            });
    if let (Some(cert), Some(key)) = (&args.cert, &args.key) {
        let read =
            |path: &PathBuf| std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()));
        let certified = CertifiedKey::from_pem(&read(cert)?, &read(key)?)
            .map_err(|e| format!("--cert/--key: {e}"))?;
        builder =
            builder.client_certificate(Arc::new(SingleClientCertificate(Arc::new(certified))));
    }
    let early = match &args.early_data {
        Some(path) => {
            builder = builder.early_data(true);
            Some(std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?)
        }
        None => None,
    };
    let config = Arc::new(builder.build().map_err(|e| format!("configuration: {e}"))?);
    if args.resume {
        first_connection(&config, &server_name, &args.address, timeout)?;
    }
    let mut conn = Connection::client(config, server_name).map_err(|e| e.to_string())?;
    let early = match early {
        Some(data) => {
            // As much as the ticket allows (none without a ticket that allows it).
            let sent = match conn.write_early_data(&data) {
                Ok(sent) => sent,
                Err(tls::Error::EarlyDataUnavailable) => {
                    eprintln!("tls connect: no early data possible (no ticket allowing it)");
                    0
                }
                Err(e) => return Err(e.to_string()),
            };
            Some(EarlyData { data, sent })
        }
        None => None,
    };

    let started = Instant::now();
    let socket = dial(&args.address, timeout)?;
    // Small records (a typed line) should leave at once.
    socket.set_nodelay(true).map_err(|e| e.to_string())?;
    let limits = Limits {
        handshake: Some(timeout),
        handshake_option: "--timeout",
        ..Limits::default()
    };
    let session = Arc::new(Session::start(
        conn,
        socket,
        "tls connect".to_owned(),
        args.key_update_after,
        limits,
        started,
    )?);

    // Not joined: at the end it may still be blocked reading a terminal, with nothing left to
    // do, and the process ends without it. With early data, stdin waits for the handshake, so
    // that what must be sent again goes first.
    let stdin = if early.is_some() {
        Some(Arc::clone(&session))
    } else {
        let writer = Arc::clone(&session);
        std::thread::spawn(move || copy_stdin(&writer));
        None
    };
    let result = session.run(&mut Terminal {
        resume: args.resume,
        early,
        stdin,
    });
    // Either way we are done: our close_notify (if not sent yet) ends the connection.
    session.close();
    match result? {
        End::PeerClosed => eprintln!("tls connect: the server closed the connection"),
        End::Stopped => {}
    }
    Ok(())
}

/// `--resume`'s first connection: the handshake, then close_notify and the server's close, so
/// that the server keeps the session (OpenSSL drops a session whose connection was cut).
fn first_connection(
    config: &Arc<ClientConfig>,
    server_name: &ServerName,
    address: &str,
    timeout: Duration,
) -> Result<(), String> {
    let mut conn =
        Connection::client(Arc::clone(config), server_name.clone()).map_err(|e| e.to_string())?;
    let mut socket = dial(address, timeout)?;
    socket
        .set_read_timeout(Some(FIRST_CONNECTION_TIMEOUT))
        .map_err(|e| e.to_string())?;
    let mut tls = tls::Stream::new(&mut conn, &mut socket);
    tls.complete_handshake()
        .map_err(|e| format!("first connection: {e}"))?;
    if let Some(negotiated) = tls.conn.negotiated() {
        eprintln!(
            "tls connect: first connection: {}",
            session::describe(negotiated)
        );
    }
    tls.send_close_notify()
        .map_err(|e| format!("first connection: {e}"))?;
    // The server's close_notify and EOF (or the deadline): what it sends meanwhile (its
    // tickets, any data) is read and dropped.
    let mut buf = [0u8; 4096];
    while let Ok(1..) = tls.read(&mut buf) {}
    Ok(())
}

/// How long `--resume`'s first connection waits for each of the server's flights and its
/// close.
const FIRST_CONNECTION_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Connects to `address` (each of its addresses in turn) within `timeout` all told.
fn dial(address: &str, timeout: Duration) -> Result<TcpStream, String> {
    let deadline = Instant::now() + timeout;
    let addresses = address
        .to_socket_addrs()
        .map_err(|e| format!("{address}: {e}"))?;
    let mut last = format!("{address}: no address");
    for candidate in addresses {
        let Some(left) = deadline
            .checked_duration_since(Instant::now())
            .filter(|left| !left.is_zero())
        else {
            last = timed_out(address, timeout);
            break;
        };
        match TcpStream::connect_timeout(&candidate, left) {
            Ok(socket) => return Ok(socket),
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                last = timed_out(address, timeout);
            }
            Err(e) => last = format!("{address} ({candidate}): {e}"),
        }
    }
    Err(last)
}

fn timed_out(address: &str, timeout: Duration) -> String {
    format!(
        "{address}: not connected within {} s (--timeout): gave up",
        timeout.as_secs()
    )
}

/// Copies stdin to the server; at its end, sends close_notify.
fn copy_stdin(session: &Session) {
    let mut stdin = std::io::stdin().lock();
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        match stdin.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                let Some(bytes) = buf.get(..n) else { break };
                // The reader reports why the connection failed.
                if session.send(bytes).is_err() {
                    break;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                eprintln!("tls connect: stdin: {e}");
                break;
            }
        }
    }
    session.close();
}

/// `--early-data`: the file's bytes, and how many went out as early data.
struct EarlyData {
    data: Vec<u8>,
    sent: usize,
}

/// Prints the parameters on stderr and the server's bytes on stdout.
struct Terminal {
    /// Whether to say if the session was resumed (`--resume`).
    resume: bool,
    /// `--early-data`, until the handshake says what became of it.
    early: Option<EarlyData>,
    /// With early data: the session whose stdin copy starts once the handshake is done.
    stdin: Option<Arc<Session>>,
}

impl Handler for Terminal {
    fn established(&mut self, session: &Session, negotiated: &Negotiated) {
        eprintln!("tls connect: connected: {}", session::describe(negotiated));
        if self.resume {
            let verdict = if negotiated.resumed {
                "resumed"
            } else {
                "not resumed (a full handshake)"
            };
            eprintln!("tls connect: session {verdict}");
        }
        if let Some(EarlyData { data, sent }) = self.early.take() {
            // What the server did not take as early data goes now, as ordinary data.
            let again = match (sent, session.early_data_accepted()) {
                (1.., Some(true)) => {
                    eprintln!("tls connect: early data accepted ({sent} bytes)");
                    data.get(sent..).unwrap_or_default()
                }
                (1.., _) => {
                    eprintln!("tls connect: early data rejected: sending it after the handshake");
                    &data[..]
                }
                (0, _) => &data[..],
            };
            if let Err(e) = session.send(again) {
                eprintln!("tls connect: {e}");
            }
        }
        if let Some(writer) = self.stdin.take() {
            std::thread::spawn(move || copy_stdin(&writer));
        }
    }

    fn data(&mut self, _session: &Session, bytes: &[u8]) -> Result<bool, String> {
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(bytes)
            .and_then(|()| stdout.flush())
            .map_err(|e| format!("stdout: {e}"))?;
        Ok(true)
    }
}

/// The host part of `HOST:PORT` (brackets of an IPv6 address removed).
fn host_of(address: &str) -> Result<&str, String> {
    let (host, _port) = address
        .rsplit_once(':')
        .ok_or_else(|| format!("{address}: expected HOST:PORT"))?;
    Ok(host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host))
}

/// The trust anchors of `files` (PEM), or the system store when there are none.
pub(crate) fn load_anchors(files: &[PathBuf]) -> Result<TrustAnchors, String> {
    if files.is_empty() {
        let (anchors, _report) =
            TrustAnchors::system().map_err(|e| format!("system store: {e}"))?;
        return Ok(anchors);
    }
    let mut anchors = TrustAnchors::new();
    for file in files {
        let report = anchors
            .add_pem_file(file)
            .map_err(|e| format!("{}: {e}", file.display()))?;
        if report.added == 0 && report.duplicates == 0 {
            return Err(format!("{}: no usable certificate", file.display()));
        }
    }
    Ok(anchors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_host_from_the_address() {
        assert_eq!(host_of("example.com:443").unwrap(), "example.com");
        assert_eq!(host_of("[::1]:4433").unwrap(), "::1");
        assert!(host_of("example.com").is_err());
    }
}
