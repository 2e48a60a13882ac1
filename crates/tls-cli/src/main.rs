//! The `tls` command.
//!
//! `tls demo` is the main job. Until connections exist it decodes a recorded TLS 1.3 handshake
//! with `tls-wire` and prints it. `tls verify` validates a certificate chain with tls-pki. The
//! other subcommands (connect, serve, dissect) arrive with the crates they need.
#![forbid(unsafe_code)]

mod demo;
mod verify;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// A TLS 1.2 / 1.3 toolkit.
#[derive(Parser)]
#[command(name = "tls", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decode and print a recorded TLS 1.3 handshake (live connections come later).
    Demo,
    /// Validate a PEM certificate chain against trust anchors, as a TLS client (or server) would.
    Verify(verify::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo => demo::run(&mut std::io::stdout().lock()),
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
