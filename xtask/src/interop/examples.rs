//! The `tls` crate's examples against OpenSSL: `https_get` and `tokio_https_get` fetch
//! `openssl s_server -www`'s page; `openssl s_client` fetches `serve_page`'s and
//! `tokio_serve_page`'s.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use tls_tests::{ChainFiles, ChildGuard, Stream};

use super::{BUILD_DEADLINE, CASE_DEADLINE, SERVER_NAME, start_s_server};

/// The examples run against OpenSSL here: the blocking two, and their tokio twins.
const NAMES: [&str; 4] = [
    "https_get",
    "serve_page",
    "tokio_https_get",
    "tokio_serve_page",
];

/// The examples that need no peer (each plays both sides), and a line each must print.
const STANDALONE: [(&str, &str); 3] = [
    ("mutual_tls", "hello, authenticated client"),
    ("sans_io", "server read \"ping\""),
    ("fleet_resumption", "server B: resumed"),
];

/// The example binaries, built.
pub(super) struct Examples {
    https_get: PathBuf,
    serve_page: PathBuf,
    tokio_https_get: PathBuf,
    tokio_serve_page: PathBuf,
    /// [`STANDALONE`]'s binaries, in its order.
    standalone: Vec<PathBuf>,
}

/// Builds the examples in one cargo run, with the `tokio` feature the tokio two require (it
/// only adds `tls::tokio`, which the blocking two do not use, and `tls` is compiled once);
/// their paths from cargo's JSON messages.
pub(super) fn build() -> Result<Examples, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut build = ChildGuard::spawn(
        "cargo build --example",
        Command::new(cargo)
            .current_dir(crate::workspace_root())
            .args(["build", "--quiet", "-p", "tls", "--features", "tokio"])
            .args(
                NAMES
                    .iter()
                    .chain(STANDALONE.iter().map(|(name, _)| name))
                    .flat_map(|name| ["--example", name]),
            )
            .arg("--message-format=json-render-diagnostics"),
    )?;
    build.close_stdin();
    if !build.wait_exit(Instant::now() + BUILD_DEADLINE)?.success() {
        return Err(format!(
            "building the examples failed: {}",
            build.text(Stream::Stderr)
        ));
    }
    let messages: Vec<serde_json::Value> = build
        .text(Stream::Stdout)
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    let executable = |name: &str| {
        messages
            .iter()
            .filter(|message| message["target"]["name"] == name)
            .find_map(|message| message["executable"].as_str().map(PathBuf::from))
            .ok_or_else(|| format!("cargo did not name the {name} executable"))
    };
    Ok(Examples {
        https_get: executable("https_get")?,
        serve_page: executable("serve_page")?,
        tokio_https_get: executable("tokio_https_get")?,
        tokio_serve_page: executable("tokio_serve_page")?,
        standalone: STANDALONE
            .iter()
            .map(|(name, _)| executable(name))
            .collect::<Result<_, _>>()?,
    })
}

/// Runs each example that needs no peer: (its row's name, whether it printed its line and
/// exited 0).
pub(super) fn standalone(examples: &Examples) -> Vec<(String, Result<(), String>)> {
    STANDALONE
        .iter()
        .zip(&examples.standalone)
        .map(|((name, expected), binary)| {
            let result = (|| {
                let deadline = Instant::now() + CASE_DEADLINE;
                let mut child = ChildGuard::spawn(*name, &mut Command::new(binary))?;
                child.close_stdin();
                child.wait_for(Stream::Stdout, expected, deadline)?;
                if child.wait_exit(deadline)?.success() {
                    Ok(())
                } else {
                    Err(format!("{name} failed: {}", child.text(Stream::Stderr)))
                }
            })();
            (format!("example {name} runs"), result)
        })
        .collect()
}

/// `https_get https://localhost:PORT/ --ca root.pem` against `openssl s_server -www`.
pub(super) fn https_get_to_s_server(examples: &Examples, pki: &ChainFiles) -> Result<(), String> {
    get_from_s_server("https_get", &examples.https_get, pki)
}

/// `tokio_https_get`, likewise.
pub(super) fn tokio_https_get_to_s_server(
    examples: &Examples,
    pki: &ChainFiles,
) -> Result<(), String> {
    get_from_s_server("tokio_https_get", &examples.tokio_https_get, pki)
}

/// `openssl s_client` sends a request to `serve_page`.
pub(super) fn s_client_to_serve_page(examples: &Examples, pki: &ChainFiles) -> Result<(), String> {
    s_client_to_server("serve_page", &examples.serve_page, pki)
}

/// `openssl s_client` sends a request to `tokio_serve_page`.
pub(super) fn s_client_to_tokio_serve_page(
    examples: &Examples,
    pki: &ChainFiles,
) -> Result<(), String> {
    s_client_to_server("tokio_serve_page", &examples.tokio_serve_page, pki)
}

/// The client example `name` at `program`, given `https://localhost:PORT/ --ca root.pem`,
/// against `openssl s_server -www`: the page arrives, and the example exits 0 (the server's
/// close_notify ended the response).
fn get_from_s_server(name: &str, program: &Path, pki: &ChainFiles) -> Result<(), String> {
    let deadline = Instant::now() + CASE_DEADLINE;
    let (_server, address) = start_s_server(pki, &["-www"], deadline)?;
    let port = address.rsplit(':').next().unwrap_or_default();
    let mut client = ChildGuard::spawn(
        name,
        Command::new(program)
            .arg(format!("https://{SERVER_NAME}:{port}/"))
            .arg("--ca")
            .arg(&pki.root),
    )?;
    client.close_stdin();
    client.wait_for(Stream::Stdout, "200 ok", deadline)?;
    let status = client.wait_exit(deadline)?;
    if !status.success() {
        return Err(format!("{name} failed: {}", client.text(Stream::Stderr)));
    }
    Ok(())
}

/// `openssl s_client` sends a request to the server example `name` at `program`, on a free
/// port: the page names the negotiated version.
fn s_client_to_server(name: &str, program: &Path, pki: &ChainFiles) -> Result<(), String> {
    let deadline = Instant::now() + CASE_DEADLINE;
    let (_server, address) = super::spawn_listening(
        name,
        Command::new(program).arg(&pki.chain).arg(&pki.key).arg("0"),
        deadline,
    )?;
    let mut client = ChildGuard::spawn(
        "openssl s_client",
        Command::new("openssl")
            .args([
                "s_client",
                "-connect",
                address.as_str(),
                "-servername",
                SERVER_NAME,
            ])
            .arg("-CAfile")
            .arg(&pki.root)
            .args(["-verify_return_error", "-quiet"]),
    )?;
    client.write(b"GET / HTTP/1.0\r\n\r\n")?;
    client.wait_for(Stream::Stdout, "hello over TLSv1.3", deadline)?;
    client.close_stdin();
    client.wait_exit(deadline)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    /// The example names the builder looks for are the files in crates/tls/examples.
    #[test]
    fn the_examples_exist() {
        let dir = crate::workspace_root().join("crates/tls/examples");
        let standalone = super::STANDALONE.iter().map(|(name, _)| name);
        for name in super::NAMES.iter().chain(standalone) {
            assert!(dir.join(format!("{name}.rs")).exists(), "{name}");
        }
    }
}
