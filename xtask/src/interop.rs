//! `cargo xtask interop --smoke`: OpenSSL's command-line client and server against ours, TLS 1.3
//! and TLS 1.2.
//!
//! For each TLS 1.3 cipher suite, paired with one of the key-exchange groups (both forced on the
//! OpenSSL side with `-ciphersuites` and `-groups`), two cases:
//! - `openssl s_client` → `tls serve`: both report TLSv1.3 and the suite, a line goes each way.
//! - `tls connect` → `openssl s_server`: the same, seen from the other ends.
//!
//! Then KeyUpdate in the middle of a transfer, each way and with each tool as client, with the
//! first suite: OpenSSL's `K` command (update_requested; `s_client` runs without `-nocommands`
//! for it, and no data line starts with a command letter) must get exactly one KeyUpdate from
//! us before our next data, and ours (`--key-update-after`) must get OpenSSL's answer, the data
//! flowing on under the new keys. `s_server -msg` shows what OpenSSL received.
//!
//! Then client authentication, in TLS 1.3 and TLS 1.2, each way: `s_client -cert` against
//! `tls serve --client-ca` and `tls connect --cert` against `s_server -Verify 1`, with a
//! client certificate (required), and without one (required: certificate_required in TLS 1.3,
//! handshake_failure in TLS 1.2; optional: the connection goes on).
//!
//! Then TLS 1.2 each way (an ECDSA and an RSA suite), the downgrade sentinel, resumption each
//! way in both versions (session ids in TLS 1.2, tickets in TLS 1.3: `s_client -sess_out`
//! then `-sess_in` against `tls serve`; `tls connect --resume` against `s_server -naccept 2`;
//! each checked as resumed by both ends), 0-RTT each way in TLS 1.3 (`early_data.rs`), the
//! `tls` crate's examples (`examples.rs`), and the refusals (TLS 1.1 only, an inappropriate
//! fallback, no common version either way).
//!
//! The certificates (a root, an intermediate and a leaf for `localhost` and 127.0.0.1, ECDSA
//! P-256, valid until 9999) are made by tls-tests' chain builder into a temporary directory.
//! Every child process runs in tls-tests' guard: piped stdin (held open: `s_server` drops its
//! connection when its stdin ends) and output, a deadline, and killed and reaped when dropped.
//! Ports come from binding 127.0.0.1:0: `tls serve --port 0` prints its address, and `s_server
//! -accept 127.0.0.1:0` prints it on its `ACCEPT` line, which is why `s_server` runs without
//! `-quiet` (and is sent no line that starts with a command letter). The last line is
//! `N passed, M failed`; the exit code is non-zero if M > 0.

mod early_data;
mod examples;

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use der::Decode;
use tls_tests::{ChainBuilder, ChainFiles, ChildGuard, ExtendedKeyUsage, KeyType, Stream};

/// How long one case may take, start to finish (the handshakes take milliseconds).
const CASE_DEADLINE: Duration = Duration::from_secs(20);
/// How long building the `tls` binary may take (cold cache, 2 cores).
const BUILD_DEADLINE: Duration = Duration::from_secs(15 * 60);
/// The name on the server certificate.
const SERVER_NAME: &str = "localhost";
/// The TLS 1.3 suites, in OpenSSL's and our spelling (both IANA's).
const SUITES: [&str; 3] = [
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
];

/// The groups, in OpenSSL's spelling and ours (IANA's), one per suite.
const GROUPS: [Group; 3] = [
    Group {
        openssl: "X25519",
        ours: "x25519",
    },
    Group {
        openssl: "P-256",
        ours: "secp256r1",
    },
    Group {
        openssl: "P-384",
        ours: "secp384r1",
    },
];

/// A key-exchange group, as each side names it.
#[derive(Clone, Copy)]
struct Group {
    openssl: &'static str,
    ours: &'static str,
}

/// One interop case: given the `tls` binary, the certificate files, the suite and group.
type Case = fn(&Path, &ChainFiles, &str, Group) -> Result<(), String>;

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    match args {
        [flag] if flag == "--smoke" => {}
        _ => return Err("usage: cargo xtask interop --smoke".to_owned()),
    }
    let openssl = ChildGuard::output(
        "openssl",
        Command::new("openssl").arg("version"),
        Instant::now() + CASE_DEADLINE,
    )?;
    println!("interop: {}", openssl.trim());
    let tls = build_tls()?;
    let dir = tempfile::Builder::new()
        .prefix("tls-interop-")
        .tempdir()
        .map_err(|e| format!("making a temporary directory: {e}"))?;
    let pki = write_certificates(dir.path())?;
    let client_pki = write_client_certificates(&dir.path().join("client"))?;

    let mut tally = Tally::default();
    for (suite, group) in SUITES.into_iter().zip(GROUPS) {
        let cases: [(&str, Case); 2] = [
            ("openssl s_client -> tls serve", s_client_to_serve),
            ("tls connect -> openssl s_server", connect_to_s_server),
        ];
        for (name, case) in cases {
            let name = format!("{name}, TLSv1.3 {suite} {}", group.openssl);
            tally.record(&name, case(&tls, &pki, suite, group));
        }
    }
    let key_updates: [(&str, KeyUpdateCase, Initiator); 4] = [
        (
            "tls connect -> openssl s_server, KeyUpdate from openssl",
            key_update_connect,
            Initiator::OpenSsl,
        ),
        (
            "tls connect -> openssl s_server, KeyUpdate from tls",
            key_update_connect,
            Initiator::Ours,
        ),
        (
            "openssl s_client -> tls serve, KeyUpdate from openssl",
            key_update_serve,
            Initiator::OpenSsl,
        ),
        (
            "openssl s_client -> tls serve, KeyUpdate from tls",
            key_update_serve,
            Initiator::Ours,
        ),
    ];
    for (name, case, initiator) in key_updates {
        tally.record(name, case(&tls, &pki, initiator));
    }
    let client_auth: [(&str, ClientCertCase); 3] = [
        (
            "openssl s_client -cert -> tls serve --require-client-cert",
            ClientCertCase::Presented,
        ),
        (
            "openssl s_client (no certificate) -> tls serve --require-client-cert",
            ClientCertCase::MissingRequired,
        ),
        (
            "openssl s_client (no certificate) -> tls serve --client-ca (optional)",
            ClientCertCase::MissingOptional,
        ),
    ];
    let connect_cases = [
        (
            "tls connect --cert -> openssl s_server -Verify 1",
            ClientCertCase::Presented,
        ),
        (
            "tls connect (no certificate) -> openssl s_server -Verify 1",
            ClientCertCase::MissingRequired,
        ),
        (
            "tls connect (no certificate) -> openssl s_server -verify 1 (optional)",
            ClientCertCase::MissingOptional,
        ),
    ];
    let client_auth = client_auth
        .into_iter()
        .map(|(name, case)| (name, case, client_auth_serve as ClientAuthCase))
        .chain(
            connect_cases
                .into_iter()
                .map(|(name, case)| (name, case, client_auth_connect as ClientAuthCase)),
        );
    for (name, case, run) in client_auth {
        for version in [Version::Tls13, Version::Tls12] {
            let name = format!("{name}, {}", version.name());
            tally.record(&name, run(&tls, &pki, &client_pki, case, version));
        }
    }
    let rsa_pki = write_rsa_certificates(&dir.path().join("rsa"))?;
    for (name, case) in TLS12_CONNECT {
        let pki = match case.key {
            Tls12Key::Ecdsa => &pki,
            Tls12Key::Rsa => &rsa_pki,
        };
        tally.record(name, tls12_connect_to_s_server(&tls, pki, &case));
    }
    for (name, case) in TLS12_SERVE {
        let pki = match case.key {
            Tls12Key::Ecdsa => &pki,
            Tls12Key::Rsa => &rsa_pki,
        };
        tally.record(name, tls12_s_client_to_serve(&tls, pki, &case));
    }
    // OpenSSL's -no_ticket keeps TLS 1.2 to session ids; without it, TLS 1.2 resumes by
    // ticket (RFC 5077) both ways.
    for (version, how, no_ticket) in [
        (Version::Tls12, "session id", &["-no_ticket"][..]),
        (Version::Tls12, "ticket", &[][..]),
        (Version::Tls13, "ticket", &[][..]),
    ] {
        let flags: String = no_ticket.iter().map(|flag| format!(" {flag}")).collect();
        tally.record(
            &format!(
                "openssl s_client{flags} -sess_out, then -sess_in -> tls serve, {} {how} resumed",
                version.name()
            ),
            resumption_s_client_to_serve(&tls, &pki, version, no_ticket),
        );
        tally.record(
            &format!(
                "tls connect --resume -> openssl s_server{flags} -naccept 2, {} {how} resumed",
                version.name()
            ),
            resumption_connect_to_s_server(&tls, &pki, version, no_ticket),
        );
    }
    tally.record(
        "openssl s_client -sess_in -early_data -> tls serve --early-data, 0-RTT accepted",
        early_data::s_client_to_serve(&tls, &pki),
    );
    tally.record(
        "tls connect --resume --early-data -> openssl s_server -early_data, 0-RTT accepted",
        early_data::connect_to_s_server(&tls, &pki),
    );
    match examples::build() {
        Ok(built) => {
            tally.record(
                "example https_get -> openssl s_server -www",
                examples::https_get_to_s_server(&built, &pki),
            );
            tally.record(
                "openssl s_client -> example serve_page",
                examples::s_client_to_serve_page(&built, &pki),
            );
            tally.record(
                "example tokio_https_get -> openssl s_server -www",
                examples::tokio_https_get_to_s_server(&built, &pki),
            );
            tally.record(
                "openssl s_client -> example tokio_serve_page",
                examples::s_client_to_tokio_serve_page(&built, &pki),
            );
            for (name, result) in examples::standalone(&built) {
                tally.record(&name, result);
            }
        }
        Err(error) => tally.record("the tls crate's examples build", Err(error)),
    }
    for (name, case) in REFUSALS {
        tally.record(name, refused(&tls, &pki, &case));
    }
    tally.finish()
}

/// The cases run so far: each reported on its own line as it ends, then the summary line.
#[derive(Default)]
struct Tally {
    passed: u32,
    failed: u32,
}

impl Tally {
    fn record(&mut self, name: &str, result: Result<(), String>) {
        match result {
            Ok(()) => {
                self.passed += 1;
                println!("ok    {name}");
            }
            Err(e) => {
                self.failed += 1;
                println!("FAIL  {name}: {e}");
            }
        }
    }

    fn finish(self) -> Result<(), String> {
        let Self { passed, failed } = self;
        println!("{passed} passed, {failed} failed");
        if failed > 0 {
            Err(format!("{failed} interop cases failed"))
        } else {
            Ok(())
        }
    }
}

/// `openssl s_client` connects to `tls serve`.
fn s_client_to_serve(
    tls: &Path,
    pki: &ChainFiles,
    suite: &str,
    group: Group,
) -> Result<(), String> {
    let deadline = Instant::now() + CASE_DEADLINE;
    let (mut server, address) = start_tls_serve(tls, pki, &[], deadline)?;
    let address = address.as_str();
    let mut client = ChildGuard::spawn(
        "openssl s_client",
        Command::new("openssl")
            .args([
                "s_client",
                "-connect",
                address,
                "-tls1_3",
                "-ciphersuites",
                suite,
                "-groups",
                group.openssl,
            ])
            .arg("-CAfile")
            .arg(&pki.root)
            .args(["-servername", SERVER_NAME, "-verify_hostname", SERVER_NAME])
            // -brief: a summary on stderr, and stdin is data, never commands.
            .args(["-verify_return_error", "-brief", "-nocommands"]),
    )?;

    let connected = server.wait_for(Stream::Stderr, "connected: ", deadline)?;
    let agreed = format!("TLSv1.3, {suite}, group {},", group.ours);
    expect(&connected, &agreed, "tls serve")?;
    client.wait_for(Stream::Stderr, "Verification: OK", deadline)?;
    let summary = client.text(Stream::Stderr);
    expect(&summary, "Protocol version: TLSv1.3", "s_client")?;
    expect(&summary, &format!("Ciphersuite: {suite}"), "s_client")?;

    let ping = format!("ping from openssl s_client, {suite}\n");
    client.write(ping.as_bytes())?;
    server.wait_for(Stream::Stdout, &ping, deadline)?;
    let pong = format!("pong from tls serve, {suite}\n");
    server.write(pong.as_bytes())?;
    client.wait_for(Stream::Stdout, &pong, deadline)?;

    // At the end of its stdin s_client sends close_notify; our server answers with its own.
    client.close_stdin();
    server.wait_for(Stream::Stderr, "closed by the client", deadline)?;
    client.wait_exit(deadline)?;
    Ok(())
}

/// `tls connect` connects to `openssl s_server`.
fn connect_to_s_server(
    tls: &Path,
    pki: &ChainFiles,
    suite: &str,
    group: Group,
) -> Result<(), String> {
    let deadline = Instant::now() + CASE_DEADLINE;
    let intermediate = pki
        .intermediate
        .as_ref()
        .ok_or("the interop chain has no intermediate")?;
    let mut server = ChildGuard::spawn(
        "openssl s_server",
        Command::new("openssl")
            .args(["s_server", "-accept", "127.0.0.1:0", "-naccept", "1"])
            .args(["-tls1_3", "-ciphersuites", suite, "-groups", group.openssl])
            .arg("-cert")
            .arg(&pki.leaf)
            .arg("-cert_chain")
            .arg(intermediate)
            .arg("-key")
            .arg(&pki.key),
    )?;
    let accept = server.wait_for(Stream::Stdout, "ACCEPT ", deadline)?;
    let address = accept.split_whitespace().last().unwrap_or_default();
    let mut client = ChildGuard::spawn(
        "tls connect",
        Command::new(tls)
            .args(["connect", address, "--servername", SERVER_NAME])
            .arg("--ca")
            .arg(&pki.root),
    )?;

    let connected = client.wait_for(Stream::Stderr, "connected: ", deadline)?;
    let agreed = format!("TLSv1.3, {suite}, group {},", group.ours);
    expect(&connected, &agreed, "tls connect")?;
    let cipher = server.wait_for(Stream::Stdout, "CIPHER is ", deadline)?;
    expect(&cipher, &format!("CIPHER is {suite}"), "s_server")?;
    session_version_is_tls13(&server.text(Stream::Stdout))?;

    let ping = format!("ping from tls connect, {suite}\n");
    client.write(ping.as_bytes())?;
    server.wait_for(Stream::Stdout, &ping, deadline)?;
    // Starts with no s_server command letter.
    let pong = format!("pong from openssl s_server, {suite}\n");
    server.write(pong.as_bytes())?;
    client.wait_for(Stream::Stdout, &pong, deadline)?;

    // Our close_notify; s_server answers with its own and exits (-naccept 1).
    client.close_stdin();
    let status = client.wait_exit(deadline)?;
    if !status.success() {
        return Err(format!(
            "tls connect exited with {status}: {}",
            client.text(Stream::Stderr)
        ));
    }
    server.wait_exit(deadline)?;
    Ok(())
}

/// A client-authentication case against `tls serve --client-ca`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ClientCertCase {
    /// s_client presents a certificate for clientAuth; one is required.
    Presented,
    /// s_client presents none; one is required: certificate_required.
    MissingRequired,
    /// s_client presents none; one is optional: the connection goes on.
    MissingOptional,
}

/// A client-authentication case: given the `tls` binary, the server's and the client's
/// certificate files, what the client presents and the version OpenSSL is held to.
type ClientAuthCase =
    fn(&Path, &ChainFiles, &ChainFiles, ClientCertCase, Version) -> Result<(), String>;

/// The version a case holds OpenSSL to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Version {
    Tls13,
    Tls12,
}

impl Version {
    fn name(self) -> &'static str {
        match self {
            Self::Tls13 => "TLSv1.3",
            Self::Tls12 => "TLSv1.2",
        }
    }

    /// OpenSSL's flag for this version alone.
    fn openssl_flag(self) -> &'static str {
        match self {
            Self::Tls13 => "-tls1_3",
            Self::Tls12 => "-tls1_2",
        }
    }

    /// The alert a server that requires a client certificate sends for an empty one, as our
    /// CLI names it and as OpenSSL's error string does (RFC 8446 §4.4.2.4, RFC 5246 §7.4.6).
    fn refusal(self) -> (&'static str, &'static str) {
        match self {
            Self::Tls13 => ("certificate_required", "certificate required"),
            Self::Tls12 => ("handshake_failure", "handshake failure"),
        }
    }
}

/// `tls connect` (with or without `--cert`) to `openssl s_server -Verify 1` (required) or
/// `-verify 1` (optional), which checks our chain against the client root.
fn client_auth_connect(
    tls: &Path,
    pki: &ChainFiles,
    client_pki: &ChainFiles,
    case: ClientCertCase,
    version: Version,
) -> Result<(), String> {
    let deadline = Instant::now() + CASE_DEADLINE;
    let intermediate = pki
        .intermediate
        .as_ref()
        .ok_or("the interop chain has no intermediate")?;
    let verify = if case == ClientCertCase::MissingOptional {
        "-verify"
    } else {
        "-Verify"
    };
    let mut server = ChildGuard::spawn(
        "openssl s_server",
        Command::new("openssl")
            .args([
                "s_server",
                "-accept",
                "127.0.0.1:0",
                "-naccept",
                "1",
                version.openssl_flag(),
            ])
            .arg("-cert")
            .arg(&pki.leaf)
            .arg("-cert_chain")
            .arg(intermediate)
            .arg("-key")
            .arg(&pki.key)
            .args([verify, "1", "-verify_return_error", "-CAfile"])
            .arg(&client_pki.root),
    )?;
    let accept = server.wait_for(Stream::Stdout, "ACCEPT ", deadline)?;
    let address = accept.split_whitespace().last().unwrap_or_default();
    let mut command = Command::new(tls);
    command
        .args(["connect", address, "--servername", SERVER_NAME])
        .arg("--ca")
        .arg(&pki.root);
    if case == ClientCertCase::Presented {
        command
            .arg("--cert")
            .arg(&client_pki.chain)
            .arg("--key")
            .arg(&client_pki.key);
    }
    let mut client = ChildGuard::spawn("tls connect", &mut command)?;
    if case == ClientCertCase::MissingRequired {
        // OpenSSL refuses our empty Certificate with its alert.
        client.wait_for(Stream::Stderr, version.refusal().0, deadline)?;
        client.wait_exit(deadline)?;
        return Ok(());
    }
    let connected = client.wait_for(Stream::Stderr, "connected: ", deadline)?;
    expect(&connected, version.name(), "tls connect")?;
    client.write(b"ping with client auth\n")?;
    server.wait_for(Stream::Stdout, "ping with client auth", deadline)?;
    if case == ClientCertCase::Presented {
        expect(
            &server.text(Stream::Stdout),
            "Client certificate",
            "s_server",
        )?;
    }
    server.write(b"pong\n")?;
    client.wait_for(Stream::Stdout, "pong", deadline)?;
    client.close_stdin();
    client.wait_exit(deadline)?;
    server.wait_exit(deadline)?;
    Ok(())
}

/// `openssl s_client` (with or without `-cert`) to `tls serve --client-ca`.
fn client_auth_serve(
    tls: &Path,
    pki: &ChainFiles,
    client_pki: &ChainFiles,
    case: ClientCertCase,
    version: Version,
) -> Result<(), String> {
    let deadline = Instant::now() + CASE_DEADLINE;
    let mut command = Command::new(tls);
    command
        .arg("serve")
        .arg("--cert")
        .arg(&pki.chain)
        .arg("--key")
        .arg(&pki.key)
        .args(["--port", "0", "--client-ca"])
        .arg(&client_pki.root);
    if case != ClientCertCase::MissingOptional {
        command.arg("--require-client-cert");
    }
    let (mut server, address) = spawn_listening("tls serve", &mut command, deadline)?;
    let address = address.as_str();
    let mut client_command = Command::new("openssl");
    client_command
        .args(["s_client", "-connect", address, version.openssl_flag()])
        .arg("-CAfile")
        .arg(&pki.root)
        .args(["-servername", SERVER_NAME, "-verify_return_error"])
        .args(["-brief", "-nocommands"]);
    if case == ClientCertCase::Presented {
        client_command
            .arg("-cert")
            .arg(&client_pki.chain)
            .arg("-key")
            .arg(&client_pki.key);
    }
    let mut client = ChildGuard::spawn("openssl s_client", &mut client_command)?;
    if case == ClientCertCase::MissingRequired {
        // A TLS 1.3 client sees the refusal when it reads after its Finished; a TLS 1.2
        // client before its handshake ends.
        client.write(b"ping\n")?;
        server.wait_for(Stream::Stderr, "we require one", deadline)?;
        client.wait_for(Stream::Stderr, version.refusal().1, deadline)?;
        return Ok(());
    }
    let connected = server.wait_for(Stream::Stderr, "connected: ", deadline)?;
    expect(&connected, version.name(), "tls serve")?;
    client.write(b"ping with client auth\n")?;
    server.wait_for(Stream::Stdout, "ping with client auth", deadline)?;
    server.write(b"pong\n")?;
    client.wait_for(Stream::Stdout, "pong", deadline)?;
    client.close_stdin();
    server.wait_for(Stream::Stderr, "closed by the client", deadline)?;
    client.wait_exit(deadline)?;
    Ok(())
}

/// Starts `command`, a server that prints "listening on ADDRESS" on stderr; returns it and the
/// address.
pub(crate) fn spawn_listening(
    name: &str,
    command: &mut Command,
    deadline: Instant,
) -> Result<(ChildGuard, String), String> {
    let server = ChildGuard::spawn(name, command)?;
    let listening = server.wait_for(Stream::Stderr, "listening on ", deadline)?;
    let address = listening
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .to_owned();
    Ok((server, address))
}

/// Starts `tls serve` on a free port with `pki`'s chain and `extra` arguments; returns it and
/// the address it listens on.
fn start_tls_serve(
    tls: &Path,
    pki: &ChainFiles,
    extra: &[&str],
    deadline: Instant,
) -> Result<(ChildGuard, String), String> {
    spawn_listening(
        "tls serve",
        Command::new(tls)
            .arg("serve")
            .arg("--cert")
            .arg(&pki.chain)
            .arg("--key")
            .arg(&pki.key)
            .args(["--port", "0"])
            .args(extra),
        deadline,
    )
}

/// Starts `openssl s_server` for one connection on a free port with `pki`'s leaf, key and
/// intermediate (s_server's -cert takes the leaf alone; the rest goes in -cert_chain) and
/// `args`; returns it and the address it accepts on.
fn start_s_server(
    pki: &ChainFiles,
    args: &[&str],
    deadline: Instant,
) -> Result<(ChildGuard, String), String> {
    let mut command = Command::new("openssl");
    command
        .args(["s_server", "-accept", "127.0.0.1:0", "-naccept", "1"])
        .args(args)
        .arg("-cert")
        .arg(&pki.leaf)
        .arg("-key")
        .arg(&pki.key);
    if let Some(intermediate) = &pki.intermediate {
        command.arg("-cert_chain").arg(intermediate);
    }
    let server = ChildGuard::spawn("openssl s_server", &mut command)?;
    let accept = server.wait_for(Stream::Stdout, "ACCEPT ", deadline)?;
    let address = accept
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .to_owned();
    Ok((server, address))
}

/// Which of the interop chains a TLS 1.2 case's server presents.
#[derive(Clone, Copy)]
enum Tls12Key {
    Ecdsa,
    Rsa,
}

/// `tls connect` to `openssl s_server` for TLS 1.2: the server's arguments, our client's, and
/// the version and suite both must report.
struct Tls12Case {
    key: Tls12Key,
    s_server_args: &'static [&'static str],
    connect_args: &'static [&'static str],
    /// What `tls connect` prints after `connected: `.
    ours: &'static str,
    /// What `s_server` prints after `CIPHER is `.
    theirs: &'static str,
}

const TLS12_CONNECT: [(&str, Tls12Case); 3] = [
    (
        "tls connect -> openssl s_server -tls1_2, ECDHE-ECDSA-AES128-GCM-SHA256",
        Tls12Case {
            key: Tls12Key::Ecdsa,
            s_server_args: &["-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"],
            connect_args: &[],
            ours: "TLSv1.2, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,",
            theirs: "ECDHE-ECDSA-AES128-GCM-SHA256",
        },
    ),
    (
        "tls connect -> openssl s_server -tls1_2, ECDHE-RSA-CHACHA20-POLY1305",
        Tls12Case {
            key: Tls12Key::Rsa,
            s_server_args: &["-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305"],
            connect_args: &[],
            ours: "TLSv1.2, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,",
            theirs: "ECDHE-RSA-CHACHA20-POLY1305",
        },
    ),
    (
        "tls connect --tls12 -> openssl s_server (TLS 1.3-capable, DOWNGRD sentinel), ECDHE-RSA-AES256-GCM-SHA384",
        Tls12Case {
            key: Tls12Key::Rsa,
            s_server_args: &["-cipher", "ECDHE-RSA-AES256-GCM-SHA384"],
            connect_args: &["--tls12"],
            ours: "TLSv1.2, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,",
            theirs: "ECDHE-RSA-AES256-GCM-SHA384",
        },
    ),
];

const TLS12_SERVE: [(&str, Tls12Case); 2] = [
    (
        "openssl s_client -tls1_2 -> tls serve, ECDHE-ECDSA-CHACHA20-POLY1305",
        Tls12Case {
            key: Tls12Key::Ecdsa,
            s_server_args: &["-tls1_2", "-cipher", "ECDHE-ECDSA-CHACHA20-POLY1305"],
            connect_args: &[],
            ours: "TLSv1.2, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,",
            theirs: "ECDHE-ECDSA-CHACHA20-POLY1305",
        },
    ),
    (
        "openssl s_client -tls1_2 -> tls serve, ECDHE-RSA-AES256-GCM-SHA384",
        Tls12Case {
            key: Tls12Key::Rsa,
            s_server_args: &["-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384"],
            connect_args: &[],
            ours: "TLSv1.2, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,",
            theirs: "ECDHE-RSA-AES256-GCM-SHA384",
        },
    ),
];

/// `openssl s_client` (its arguments in the case's `s_server_args` slot) to `tls serve` over
/// TLS 1.2: both report the version and suite, a line goes each way, and s_client's
/// close_notify ends it.
fn tls12_s_client_to_serve(tls: &Path, pki: &ChainFiles, case: &Tls12Case) -> Result<(), String> {
    let deadline = Instant::now() + CASE_DEADLINE;
    let (mut server, address) = start_tls_serve(tls, pki, &[], deadline)?;
    let address = address.as_str();
    let mut client = ChildGuard::spawn(
        "openssl s_client",
        Command::new("openssl")
            .args(["s_client", "-connect", address])
            .args(case.s_server_args)
            .arg("-CAfile")
            .arg(&pki.root)
            .args(["-servername", SERVER_NAME, "-verify_hostname", SERVER_NAME])
            .args(["-verify_return_error", "-brief", "-nocommands"]),
    )?;
    let connected = server.wait_for(Stream::Stderr, "connected: ", deadline)?;
    expect(&connected, case.ours, "tls serve")?;
    client.wait_for(Stream::Stderr, "Verification: OK", deadline)?;
    let summary = client.text(Stream::Stderr);
    expect(&summary, "Protocol version: TLSv1.2", "s_client")?;
    expect(
        &summary,
        &format!("Ciphersuite: {}", case.theirs),
        "s_client",
    )?;
    client.write(b"ping from openssl s_client over TLS 1.2\n")?;
    server.wait_for(
        Stream::Stdout,
        "ping from openssl s_client over TLS 1.2",
        deadline,
    )?;
    server.write(b"pong from tls serve over TLS 1.2\n")?;
    client.wait_for(Stream::Stdout, "pong from tls serve over TLS 1.2", deadline)?;
    client.close_stdin();
    server.wait_for(Stream::Stderr, "closed by the client", deadline)?;
    client.wait_exit(deadline)?;
    Ok(())
}

/// Resumption (TLS 1.2 by session id, RFC 5246 §7.3; TLS 1.3 by ticket, RFC 8446 §2.2),
/// `openssl s_client` against `tls serve`: a first connection saves its session (`-sess_out`;
/// in TLS 1.3 once the ticket arrived) and ends with close_notify; a second offers it
/// (`-sess_in`), and both ends report it resumed.
fn resumption_s_client_to_serve(
    tls: &Path,
    pki: &ChainFiles,
    version: Version,
    openssl_args: &[&str],
) -> Result<(), String> {
    let deadline = Instant::now() + CASE_DEADLINE;
    let dir = tempfile::tempdir().map_err(|e| format!("temporary directory: {e}"))?;
    let session = dir.path().join("session.pem");
    let (server, address) = start_tls_serve(tls, pki, &[], deadline)?;
    let s_client = |flag: &str| {
        ChildGuard::spawn(
            "openssl s_client",
            Command::new("openssl")
                .args([
                    "s_client",
                    "-connect",
                    address.as_str(),
                    version.openssl_flag(),
                ])
                .args(openssl_args)
                .arg("-CAfile")
                .arg(&pki.root)
                .args([
                    "-servername",
                    SERVER_NAME,
                    "-verify_return_error",
                    "-nocommands",
                ])
                .arg(flag)
                .arg(&session),
        )
    };
    let mut first = s_client("-sess_out")?;
    first.wait_for(
        Stream::Stdout,
        &format!("New, {}", version.name()),
        deadline,
    )?;
    let connected = server.wait_for(Stream::Stderr, "connected: ", deadline)?;
    expect(&connected, "signature", "tls serve (a full handshake)")?;
    // s_client writes the session once it has one: in TLS 1.3, when a ticket arrives, after
    // the handshake.
    while !std::fs::metadata(&session).is_ok_and(|file| file.len() > 0) {
        if Instant::now() >= deadline {
            return Err("openssl s_client saved no session in time".to_owned());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    first.close_stdin();
    first.wait_exit(deadline)?;
    server.wait_for(Stream::Stderr, "closed by the client", deadline)?;

    let mut second = s_client("-sess_in")?;
    second.wait_for(
        Stream::Stdout,
        &format!("Reused, {}", version.name()),
        deadline,
    )?;
    let resumed = server.wait_for(Stream::Stderr, "resumed session", deadline)?;
    expect(&resumed, version.name(), "tls serve")?;
    second.close_stdin();
    second.wait_exit(deadline)?;
    Ok(())
}

/// Resumption, `tls connect --resume` against `openssl s_server -naccept 2`: our first
/// connection closes with close_notify (after the tickets, in TLS 1.3), our second offers its
/// session, and both ends report it resumed.
fn resumption_connect_to_s_server(
    tls: &Path,
    pki: &ChainFiles,
    version: Version,
    openssl_args: &[&str],
) -> Result<(), String> {
    let deadline = Instant::now() + CASE_DEADLINE;
    let mut args = vec![version.openssl_flag(), "-naccept", "2"];
    args.extend_from_slice(openssl_args);
    let (server, address) = start_s_server(pki, &args, deadline)?;
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
            .arg(&pki.root),
    )?;
    client.wait_for(Stream::Stderr, "session resumed", deadline)?;
    let connected = client.wait_for(Stream::Stderr, "connected: ", deadline)?;
    expect(&connected, "resumed session", "tls connect")?;
    expect(&connected, version.name(), "tls connect")?;
    server.wait_for(Stream::Stdout, "Reused session-id", deadline)?;
    client.close_stdin();
    client.wait_exit(deadline)?;
    Ok(())
}

/// `tls connect` to `openssl s_server` over TLS 1.2: both report the version and suite, a
/// line goes each way, and our close_notify ends it.
fn tls12_connect_to_s_server(tls: &Path, pki: &ChainFiles, case: &Tls12Case) -> Result<(), String> {
    let deadline = Instant::now() + CASE_DEADLINE;
    let (mut server, address) = start_s_server(pki, case.s_server_args, deadline)?;
    let address = address.as_str();
    let mut client = ChildGuard::spawn(
        "tls connect",
        Command::new(tls)
            .args(["connect", address, "--servername", SERVER_NAME])
            .args(case.connect_args)
            .arg("--ca")
            .arg(&pki.root),
    )?;
    let connected = client.wait_for(Stream::Stderr, "connected: ", deadline)?;
    expect(&connected, case.ours, "tls connect")?;
    let cipher = server.wait_for(Stream::Stdout, "CIPHER is ", deadline)?;
    expect(&cipher, case.theirs, "s_server")?;
    client.write(b"ping from tls connect over TLS 1.2\n")?;
    server.wait_for(
        Stream::Stdout,
        "ping from tls connect over TLS 1.2",
        deadline,
    )?;
    server.write(b"pong from openssl s_server over TLS 1.2\n")?;
    client.wait_for(
        Stream::Stdout,
        "pong from openssl s_server over TLS 1.2",
        deadline,
    )?;
    client.close_stdin();
    let status = client.wait_exit(deadline)?;
    if !status.success() {
        return Err(format!(
            "tls connect exited with {status}: {}",
            client.text(Stream::Stderr)
        ));
    }
    server.wait_exit(deadline)?;
    Ok(())
}

/// A handshake that must fail: who refuses whom, the reason our side gives, and what OpenSSL
/// reports.
struct Refusal {
    openssl: Refused,
    ours: &'static str,
    theirs: &'static str,
}

/// Which OpenSSL program meets ours, and its arguments.
enum Refused {
    /// `openssl s_client ARGS` against `tls serve SERVE_ARGS`.
    Client(&'static [&'static str], &'static [&'static str]),
    /// `tls connect CONNECT_ARGS` against `openssl s_server ARGS`.
    Server(&'static [&'static str], &'static [&'static str]),
}

const REFUSALS: [(&str, Refusal); 4] = [
    (
        "openssl s_client -> tls serve, TLS 1.1 only: protocol_version",
        Refusal {
            // OpenSSL 3 allows TLS 1.1 only at security level 0.
            openssl: Refused::Client(&["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"], &[]),
            ours: "peer speaks TLSv1.1 at most, which we refuse",
            theirs: "alert protocol version",
        },
    ),
    (
        "openssl s_client -> tls serve, TLS 1.2 with TLS_FALLBACK_SCSV: inappropriate_fallback",
        Refusal {
            openssl: Refused::Client(&["-tls1_2", "-fallback_scsv"], &[]),
            ours: "peer fell back to TLSv1.2 (TLS_FALLBACK_SCSV)",
            theirs: "alert inappropriate fallback",
        },
    ),
    (
        "openssl s_client (TLS 1.2 only) -> tls serve --tls13: protocol_version",
        Refusal {
            openssl: Refused::Client(&["-tls1_2"], &["--tls13"]),
            ours: "no protocol version that we enable",
            theirs: "alert protocol version",
        },
    ),
    (
        "tls connect --tls13 -> openssl s_server (TLS 1.2 only): protocol_version",
        Refusal {
            openssl: Refused::Server(&["-tls1_2"], &["--tls13"]),
            ours: "peer sent alert protocol_version",
            theirs: "unsupported protocol",
        },
    ),
];

/// Runs a refusal: both programs must report it, and the client must exit with a failure.
fn refused(tls: &Path, pki: &ChainFiles, case: &Refusal) -> Result<(), String> {
    let deadline = Instant::now() + CASE_DEADLINE;
    match case.openssl {
        Refused::Client(args, serve_args) => {
            let (server, address) = start_tls_serve(tls, pki, serve_args, deadline)?;
            let address = address.as_str();
            let mut client = ChildGuard::spawn(
                "openssl s_client",
                Command::new("openssl")
                    .args(["s_client", "-connect", address])
                    .args(args)
                    .args(["-servername", SERVER_NAME, "-brief", "-nocommands"]),
            )?;
            server.wait_for(Stream::Stderr, case.ours, deadline)?;
            client.wait_for(Stream::Stderr, case.theirs, deadline)?;
            failed_exit(&mut client, deadline)
        }
        Refused::Server(args, connect_args) => {
            let (server, address) = start_s_server(pki, args, deadline)?;
            let address = address.as_str();
            let mut client = ChildGuard::spawn(
                "tls connect",
                Command::new(tls)
                    .args(["connect", address, "--servername", SERVER_NAME])
                    .args(connect_args)
                    .arg("--ca")
                    .arg(&pki.root),
            )?;
            client.wait_for(Stream::Stderr, case.ours, deadline)?;
            server.wait_for(Stream::Stderr, case.theirs, deadline)?;
            failed_exit(&mut client, deadline)
        }
    }
}

/// The client of a refused handshake exits with a failure.
fn failed_exit(client: &mut ChildGuard, deadline: Instant) -> Result<(), String> {
    if client.wait_exit(deadline)?.success() {
        return Err("the client exited successfully after the refusal".to_owned());
    }
    Ok(())
}

/// Which side asks for the key update.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Initiator {
    /// OpenSSL, with its `K` command (update_requested).
    OpenSsl,
    /// Us, with `--key-update-after 1` (update_requested, after our first line).
    Ours,
}

/// A KeyUpdate case: given the `tls` binary, the certificate files and who asks.
type KeyUpdateCase = fn(&Path, &ChainFiles, Initiator) -> Result<(), String>;

/// OpenSSL's `s_server -msg` line for a KeyUpdate it received.
const OPENSSL_RECEIVED_KEY_UPDATE: &str = "<<< TLS 1.3, Handshake [length 0005], KeyUpdate";
/// And for one it sent.
const OPENSSL_SENT_KEY_UPDATE: &str = ">>> TLS 1.3, Handshake [length 0005], KeyUpdate";

/// `tls connect` to `openssl s_server -msg`, a KeyUpdate in the middle of the transfer.
fn key_update_connect(tls: &Path, pki: &ChainFiles, initiator: Initiator) -> Result<(), String> {
    let deadline = Instant::now() + CASE_DEADLINE;
    let intermediate = pki
        .intermediate
        .as_ref()
        .ok_or("the interop chain has no intermediate")?;
    let mut server = ChildGuard::spawn(
        "openssl s_server",
        Command::new("openssl")
            .args([
                "s_server",
                "-accept",
                "127.0.0.1:0",
                "-naccept",
                "1",
                "-tls1_3",
            ])
            .args(["-ciphersuites", SUITES[0], "-msg"])
            .arg("-cert")
            .arg(&pki.leaf)
            .arg("-cert_chain")
            .arg(intermediate)
            .arg("-key")
            .arg(&pki.key),
    )?;
    let accept = server.wait_for(Stream::Stdout, "ACCEPT ", deadline)?;
    let address = accept.split_whitespace().last().unwrap_or_default();
    let mut command = Command::new(tls);
    command
        .args(["connect", address, "--servername", SERVER_NAME])
        .arg("--ca")
        .arg(&pki.root);
    if initiator == Initiator::Ours {
        command.args(["--key-update-after", "1"]);
    }
    let mut client = ChildGuard::spawn("tls connect", &mut command)?;
    client.wait_for(Stream::Stderr, "connected: ", deadline)?;

    client.write(b"ping one\n")?;
    server.wait_for(Stream::Stdout, "ping one", deadline)?;
    if initiator == Initiator::OpenSsl {
        // s_server's command: a KeyUpdate with update_requested.
        server.write(b"K\n")?;
        server.wait_for(Stream::Stdout, OPENSSL_SENT_KEY_UPDATE, deadline)?;
    } else {
        server.wait_for(Stream::Stdout, OPENSSL_RECEIVED_KEY_UPDATE, deadline)?;
    }
    server.write(b"pong under new keys\n")?;
    client.wait_for(Stream::Stdout, "pong under new keys", deadline)?;
    client.wait_for(Stream::Stderr, "key update received (1)", deadline)?;
    client.write(b"ping two\n")?;
    server.wait_for(Stream::Stdout, "ping two", deadline)?;
    client.wait_for(Stream::Stderr, "key update sent (1)", deadline)?;
    check_one_key_update_each_way(&server.text(Stream::Stdout), &client.text(Stream::Stderr))?;

    client.close_stdin();
    client.wait_exit(deadline)?;
    server.wait_exit(deadline)?;
    Ok(())
}

/// `openssl s_client` to `tls serve`, a KeyUpdate in the middle of the transfer; `s_client`
/// runs with its commands on, for `K`.
fn key_update_serve(tls: &Path, pki: &ChainFiles, initiator: Initiator) -> Result<(), String> {
    let deadline = Instant::now() + CASE_DEADLINE;
    let mut command = Command::new(tls);
    command
        .arg("serve")
        .arg("--cert")
        .arg(&pki.chain)
        .arg("--key")
        .arg(&pki.key)
        .args(["--port", "0"]);
    if initiator == Initiator::Ours {
        command.args(["--key-update-after", "1"]);
    }
    let (mut server, address) = spawn_listening("tls serve", &mut command, deadline)?;
    let address = address.as_str();
    let mut client = ChildGuard::spawn(
        "openssl s_client",
        Command::new("openssl")
            .args(["s_client", "-connect", address, "-tls1_3"])
            .args(["-ciphersuites", SUITES[0], "-msg"])
            .arg("-CAfile")
            .arg(&pki.root)
            .args(["-servername", SERVER_NAME, "-verify_return_error"]),
    )?;
    server.wait_for(Stream::Stderr, "connected: ", deadline)?;

    client.write(b"ping one\n")?;
    server.wait_for(Stream::Stdout, "ping one", deadline)?;
    if initiator == Initiator::OpenSsl {
        client.write(b"K\n")?;
        client.wait_for(Stream::Stdout, OPENSSL_SENT_KEY_UPDATE, deadline)?;
        server.wait_for(Stream::Stderr, "key update received (1)", deadline)?;
        server.write(b"pong under new keys\n")?;
    } else {
        server.write(b"pong under new keys\n")?;
        client.wait_for(Stream::Stdout, OPENSSL_RECEIVED_KEY_UPDATE, deadline)?;
    }
    client.wait_for(Stream::Stdout, "pong under new keys", deadline)?;
    server.wait_for(Stream::Stderr, "key update sent (1)", deadline)?;
    client.write(b"ping two\n")?;
    server.wait_for(Stream::Stdout, "ping two", deadline)?;
    server.wait_for(Stream::Stderr, "key update received (1)", deadline)?;
    check_one_key_update_each_way(&client.text(Stream::Stdout), &server.text(Stream::Stderr))?;

    client.close_stdin();
    server.wait_for(Stream::Stderr, "closed by the client", deadline)?;
    client.wait_exit(deadline)?;
    Ok(())
}

/// Exactly one KeyUpdate went each way: OpenSSL's `-msg` output and our stderr agree.
fn check_one_key_update_each_way(openssl: &str, ours: &str) -> Result<(), String> {
    let count = |text: &str, needle: &str| text.matches(needle).count();
    let seen = [
        count(openssl, OPENSSL_RECEIVED_KEY_UPDATE),
        count(openssl, OPENSSL_SENT_KEY_UPDATE),
        count(ours, "key update sent ("),
        count(ours, "key update received ("),
    ];
    if seen == [1, 1, 1, 1] {
        Ok(())
    } else {
        Err(format!(
            "KeyUpdates (openssl received, openssl sent, we sent, we received): {seen:?}"
        ))
    }
}

/// A client chain (ECDSA P-256, id-kp-clientAuth, under its own root) into `dir`.
/// An RSA-2048 server chain (for the ECDHE_RSA suites of TLS 1.2), under its own root.
fn write_rsa_certificates(dir: &Path) -> Result<ChainFiles, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let chain = ChainBuilder::new(KeyType::Rsa2048)
        .dns_name(SERVER_NAME)
        .root_name("Interop RSA Root")
        .build()?;
    Ok(chain.write_to(dir)?)
}

fn write_client_certificates(dir: &Path) -> Result<ChainFiles, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let chain = ChainBuilder::new(KeyType::EcdsaP256)
        .common_name("interop client")
        .root_name("Interop Client Root")
        .extended_key_usages(&[ExtendedKeyUsage::ClientAuth])
        .build()?;
    Ok(chain.write_to(dir)?)
}

/// Checks that `text` (a line or a summary) holds `needle`.
fn expect(text: &str, needle: &str, who: &str) -> Result<(), String> {
    if text.contains(needle) {
        Ok(())
    } else {
        Err(format!("{who} reported {text:?}, expected {needle:?}"))
    }
}

/// `s_server` (without `-brief`) names the suite but not the version; the session it prints
/// (`SSL SESSION PARAMETERS`, OpenSSL's SSL_SESSION_ASN1) does: its second field, after the
/// structure's own version 1, is the protocol version, 0x0304 for TLS 1.3.
fn session_version_is_tls13(stdout: &str) -> Result<(), String> {
    let begin = "-----BEGIN SSL SESSION PARAMETERS-----";
    let end = "-----END SSL SESSION PARAMETERS-----";
    let start = stdout
        .find(begin)
        .ok_or("s_server printed no SSL SESSION PARAMETERS")?;
    let stop = stdout
        .get(start..)
        .and_then(|rest| rest.find(end))
        .map(|n| start + n + end.len())
        .ok_or("s_server's SSL SESSION PARAMETERS block is cut")?;
    let block = pem::parse(stdout.get(start..stop).unwrap_or_default())
        .map_err(|e| format!("s_server's session: {e}"))?;
    let version = (|| -> der::Result<(u8, u16)> {
        let mut reader = der::SliceReader::new(block.contents())?;
        der::Header::decode(&mut reader)?
            .tag()
            .assert_eq(der::Tag::Sequence)?;
        Ok((u8::decode(&mut reader)?, u16::decode(&mut reader)?))
    })()
    .map_err(|e| format!("s_server's session is not an SSL_SESSION: {e}"))?;
    match version {
        (1, 0x0304) => Ok(()),
        (_, version) => Err(format!(
            "s_server's session is not TLS 1.3: version {version:#06x}"
        )),
    }
}

/// Builds `tls` (tls-cli's binary) and returns its path, as cargo reports it.
fn build_tls() -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut build = ChildGuard::spawn(
        "cargo build",
        Command::new(cargo)
            .current_dir(crate::workspace_root())
            .args(["build", "--quiet", "-p", "tls-cli", "--bin", "tls"])
            .arg("--message-format=json-render-diagnostics"),
    )?;
    build.close_stdin();
    let status = build.wait_exit(Instant::now() + BUILD_DEADLINE)?;
    if !status.success() {
        return Err(format!(
            "building tls failed: {}",
            build.text(Stream::Stderr)
        ));
    }
    build
        .text(Stream::Stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["target"]["name"] == "tls")
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| "cargo did not name the tls executable".to_owned())
}

/// root.pem, intermediate.pem, leaf.pem and key.pem (for `localhost` and 127.0.0.1), and
/// chain.pem (leaf then intermediate).
fn write_certificates(dir: &Path) -> Result<ChainFiles, String> {
    let chain = ChainBuilder::new(KeyType::EcdsaP256)
        .common_name(SERVER_NAME)
        .dns_name(SERVER_NAME)
        .ip_address(IpAddr::from([127, 0, 0, 1]))
        .root_name("Interop Root")
        .intermediate("Interop Intermediate")
        .build()?;
    Ok(chain.write_to(dir)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_version_of_an_openssl_session() {
        // From `openssl s_server` 3.0 after a TLS 1.3 handshake.
        let tls13 = "-----BEGIN SSL SESSION PARAMETERS-----\n\
            MIGBAgEBAgIDBAQCEwIEIOsyYhxX5fwET+g9xT86otWUEqphTXU8kvEig8eEqTJL\n\
            BDAYpqbuqFDRTiG/o5pBwhki/Q2irSbvUO0IOECuuaI7y8USbRqUba+FIISftDla\n\
            M1ShBgIEaxPNqaIEAgIcIKQGBAQBAAAArgUCAx4j2LMDAgEd\n\
            -----END SSL SESSION PARAMETERS-----\n";
        session_version_is_tls13(&format!("ACCEPT\n{tls13}CIPHER is X\n")).unwrap();
        assert!(session_version_is_tls13("ACCEPT\n").is_err());
        // The same structure, but a TLS 1.2 session.
        let tls12 = pem::encode(&pem::Pem::new(
            "SSL SESSION PARAMETERS",
            [0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x03, 0x03],
        ));
        let error = session_version_is_tls13(&tls12).unwrap_err();
        assert!(error.contains("0x0303"), "{error}");
    }
}
