//! `cargo xtask bench [--quick] [FILTER]`: every criterion benchmark of the workspace.
//!
//! Figures come from here, never from timed tests. `--quick` uses criterion's quick mode (a few
//! seconds per benchmark, rougher numbers) for a fast look; without it criterion runs its full
//! statistics. In `cargo xtask ci` the benchmarks run in criterion's `--test` mode: each once,
//! to prove they build and still run, with no measurement.

use std::process::Command;

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let mut criterion_args: Vec<&str> = Vec::new();
    for arg in args {
        match arg.as_str() {
            "--quick" => criterion_args.push("--quick"),
            filter if !filter.starts_with('-') => criterion_args.push(filter),
            other => {
                return Err(format!(
                    "unknown option {other}; usage: cargo xtask bench [--quick] [FILTER]"
                ));
            }
        }
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(["bench", "--workspace", "--bench", "*", "--"])
        .args(&criterion_args)
        .current_dir(crate::workspace_root())
        .status()
        .map_err(|e| format!("could not start cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo bench failed: {status}"))
    }
}
