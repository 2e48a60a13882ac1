//! The `tls` binary as a child process for the end-to-end tests, in tls-tests' guard: piped
//! stdin, output collected, a deadline on every wait, killed and reaped when dropped.

use std::process::Command;
use std::time::{Duration, Instant};

use tls_tests::ChildGuard;

/// How long one test may take, start to finish (the handshakes take milliseconds).
const DEADLINE: Duration = Duration::from_secs(30);

/// The deadline of a test that starts now.
pub(crate) fn deadline() -> Instant {
    Instant::now() + DEADLINE
}

/// Starts `tls` with `args`.
pub(crate) fn start(args: &[&str]) -> ChildGuard {
    let name = format!("tls {}", args.first().copied().unwrap_or_default());
    ChildGuard::spawn(name, Command::new(env!("CARGO_BIN_EXE_tls")).args(args)).unwrap()
}
