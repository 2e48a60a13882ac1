//! 0-RTT each way with OpenSSL (RFC 8446 §2.3): `openssl s_client -sess_in -early_data`
//! against `tls serve --early-data`, and `tls connect --resume --early-data` against
//! `openssl s_server -early_data`; each checked as accepted by both ends, and the early data
//! received.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use tls_tests::{ChainFiles, ChildGuard, Stream};

use super::{CASE_DEADLINE, SERVER_NAME, start_s_server, start_tls_serve};

/// The early data both cases send: an HTTP request, the kind of idempotent request 0-RTT is
/// meant for.
const REQUEST: &str = "GET /early HTTP/1.0";

/// Writes the request in `dir`; returns its path.
fn request_file(dir: &Path) -> Result<std::path::PathBuf, String> {
    let path = dir.join("early.txt");
    std::fs::write(&path, format!("{REQUEST}\r\n"))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// `openssl s_client` saves a TLS 1.3 session from `tls serve --early-data`, then offers it
/// with early data: s_client reports it accepted, `tls serve` reports early data and prints
/// it.
pub(super) fn s_client_to_serve(tls: &Path, pki: &ChainFiles) -> Result<(), String> {
    let deadline = Instant::now() + CASE_DEADLINE;
    let dir = tempfile::tempdir().map_err(|e| format!("temporary directory: {e}"))?;
    let session = dir.path().join("session.pem");
    let early = request_file(dir.path())?;
    let (server, address) = start_tls_serve(tls, pki, &["--early-data"], deadline)?;
    let s_client = |extra: &[&std::ffi::OsStr]| {
        ChildGuard::spawn(
            "openssl s_client",
            Command::new("openssl")
                .args(["s_client", "-connect", address.as_str(), "-tls1_3"])
                .arg("-CAfile")
                .arg(&pki.root)
                .args([
                    "-servername",
                    SERVER_NAME,
                    "-verify_return_error",
                    "-nocommands",
                ])
                .args(extra),
        )
    };
    let mut first = s_client(&["-sess_out".as_ref(), session.as_os_str()])?;
    first.wait_for(Stream::Stdout, "New, TLSv1.3", deadline)?;
    while !std::fs::metadata(&session).is_ok_and(|file| file.len() > 0) {
        if Instant::now() >= deadline {
            return Err("openssl s_client saved no session in time".to_owned());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    first.close_stdin();
    first.wait_exit(deadline)?;

    let mut second = s_client(&[
        "-sess_in".as_ref(),
        session.as_os_str(),
        "-early_data".as_ref(),
        early.as_os_str(),
    ])?;
    second.wait_for(Stream::Stdout, "Early data was accepted", deadline)?;
    server.wait_for(Stream::Stderr, "bytes of early data", deadline)?;
    server.wait_for(Stream::Stdout, REQUEST, deadline)?;
    server.wait_for(Stream::Stderr, "resumed session", deadline)?;
    second.close_stdin();
    second.wait_exit(deadline)?;
    Ok(())
}

/// `tls connect --resume --early-data` against `openssl s_server -early_data -naccept 2`: we
/// report the early data accepted, s_server prints it as early data.
pub(super) fn connect_to_s_server(tls: &Path, pki: &ChainFiles) -> Result<(), String> {
    let deadline = Instant::now() + CASE_DEADLINE;
    let dir = tempfile::tempdir().map_err(|e| format!("temporary directory: {e}"))?;
    let early = request_file(dir.path())?;
    let (server, address) =
        start_s_server(pki, &["-tls1_3", "-naccept", "2", "-early_data"], deadline)?;
    let mut client = ChildGuard::spawn(
        "tls connect",
        Command::new(tls)
            .args([
                "connect",
                address.as_str(),
                "--servername",
                SERVER_NAME,
                "--resume",
            ])
            .arg("--ca")
            .arg(&pki.root)
            .arg("--early-data")
            .arg(&early),
    )?;
    client.wait_for(Stream::Stderr, "early data accepted", deadline)?;
    server.wait_for(Stream::Stdout, "Early data received", deadline)?;
    server.wait_for(Stream::Stdout, REQUEST, deadline)?;
    server.wait_for(Stream::Stdout, "Reused session-id", deadline)?;
    client.close_stdin();
    client.wait_exit(deadline)?;
    Ok(())
}
