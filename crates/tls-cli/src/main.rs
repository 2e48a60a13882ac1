//! The `tls` command.
//!
//! `tls demo` is the main job: our client and our server complete a TLS 1.3 handshake in memory
//! and print what they exchanged. `tls connect` and `tls serve` are a client and a server on
//! blocking sockets (enough to talk to OpenSSL), `tls verify` validates a certificate chain with
//! tls-pki. `tls dissect` arrives with the crate it needs.
#![forbid(unsafe_code)]

mod connect;
mod demo;
mod serve;
mod session;
mod verify;

use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser, Subcommand};

/// A TLS 1.2 / 1.3 toolkit.
#[derive(Parser)]
#[command(name = "tls", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a TLS 1.3 handshake between our client and our server in memory, and print it.
    Demo,
    /// Connect to a TLS server: stdin to the server, its bytes to stdout.
    Connect(connect::Args),
    /// Serve TLS: clients' bytes to stdout, stdin to the clients (or, with --http, a page).
    Serve(serve::Args),
    /// Validate a PEM certificate chain against trust anchors, as a TLS client (or server) would.
    Verify(verify::Args),
}

/// Exit codes: 0 success, 1 a TLS or network failure (or any other failure at run time), 2 a
/// usage error (clap's own, and [`check_usage`]'s).
fn main() -> ExitCode {
    let cli = Cli::parse();
    check_usage(&cli.command);
    let result = match cli.command {
        Command::Demo => demo::run(&mut std::io::stdout().lock()),
        Command::Connect(args) => connect::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Verify(args) => verify::run(&args, &mut std::io::stdout().lock()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("tls: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Refuses, as clap refuses a bad argument (a line on stderr, exit code 2), what clap cannot
/// check itself, before anything starts.
fn check_usage(command: &Command) {
    let checked = match command {
        Command::Connect(args) => connect::check_usage(args),
        Command::Serve(args) => serve::check_usage(args),
        Command::Demo | Command::Verify(_) => Ok(()),
    };
    if let Err(message) = checked {
        Cli::command()
            .error(ErrorKind::ValueValidation, message)
            .exit();
    }
}
