//! `cargo xtask`: the project's automation.
//!
//! - `cargo xtask ci`: every check CI runs, each stage under a wall-clock limit.
//! - `cargo xtask gen-iana [--check]`: regenerates tls-wire's IANA registry tables from the CSVs
//!   in `testdata/iana/` (`--check` fails if the checked-in tables differ).
//! - `cargo xtask bench [--quick] [FILTER]`: ours against rustls and the crypto floor, one table
//!   and `target/bench/results.json`; `--criterion [FILTER]`: the criterion benchmarks.
//! - `cargo xtask limbo [PATH] [FLAGS]`: the x509-limbo suite through tls-pki (exit code 0 when
//!   the results agree with `xtask/limbo-exceptions.toml`, 1 when they differ, 2 on bad input).
//! - `cargo xtask interop --smoke`: OpenSSL's `s_client` against `tls serve` and `tls connect`
//!   against OpenSSL's `s_server`, TLS 1.3, every suite.
#![forbid(unsafe_code)]

mod bench;
mod ci;
mod iana;
mod interop;
mod limbo;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => ("help", &[][..]),
    };
    let result = match command {
        "ci" => ci::run(rest),
        "gen-iana" => iana::run(rest),
        "bench" => bench::run(rest),
        "interop" => interop::run(rest),
        // Its own exit codes: 1 for results that differ from the exceptions file, 2 for inputs
        // it cannot use.
        "limbo" => return limbo::main(rest),
        _ => {
            eprintln!(
                "usage: cargo xtask <ci | gen-iana [--check] | bench [--quick | --criterion] [FILTER] | \
                 limbo [PATH] [--json FILE] [--verbose] [--filter SUBSTRING] [--no-exceptions] \
                 [--write-known-wrong] | interop --smoke>"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask {command}: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (xtask lives one level below it).
pub(crate) fn workspace_root() -> std::path::PathBuf {
    let manifest = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or(manifest)
}
