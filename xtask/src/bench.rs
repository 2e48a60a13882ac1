//! `cargo xtask bench [--quick] [FILTER]`: ours against rustls and the crypto floor, every
//! workload in one run (`benches/benches/compare.rs` for the timings, then
//! `benches/benches/connection_memory.rs` for memory, a binary of its own since it counts
//! allocations), printed as one table and written to `target/bench/results.json` (the rows,
//! with the commit, the time, the mode and the core count, for comparing runs).
//!
//! `--quick` takes shorter rounds (under 3 minutes on 2 cores; `cargo xtask ci` runs it without
//! asserting any figure); a FILTER keeps the timed workloads whose name contains it.
//! `cargo xtask bench --criterion [FILTER]` runs the criterion benches instead (the same
//! workloads, criterion's statistics and its HTML reports under `target/criterion`).
//!
//! Figures come from here, never from timed tests.

use std::path::Path;
use std::process::Command;

const USAGE: &str = "usage: cargo xtask bench [--quick] [FILTER] | bench --criterion [FILTER]";

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let mut quick = false;
    let mut criterion = false;
    let mut filter = None;
    for arg in args {
        match arg.as_str() {
            "--quick" => quick = true,
            "--criterion" => criterion = true,
            name if !name.starts_with('-') && filter.is_none() => filter = Some(name.to_owned()),
            other => return Err(format!("unexpected argument {other}; {USAGE}")),
        }
    }
    let root = crate::workspace_root();
    if criterion {
        let mut bench_args = vec!["bench", "--workspace", "--bench", "*", "--"];
        if quick {
            bench_args.push("--quick");
        }
        bench_args.extend(filter.as_deref());
        return cargo(&root, &bench_args, &[]);
    }

    let out_dir = root.join("target").join("bench");
    std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let memory = out_dir.join("memory.json");
    let results = out_dir.join("results.json");
    let mode: &[&str] = if quick { &["--quick"] } else { &[] };

    let mut memory_args = vec![
        "bench",
        "-p",
        "tls-benches",
        "--bench",
        "connection_memory",
        "--",
    ];
    memory_args.extend(mode);
    cargo(&root, &memory_args, &[("TLS_BENCH_JSON", &memory)])?;

    let mut compare_args = vec!["bench", "-p", "tls-benches", "--bench", "compare", "--"];
    compare_args.extend(mode);
    compare_args.extend(filter.as_deref());
    cargo(
        &root,
        &compare_args,
        &[("TLS_BENCH_JSON", &results), ("TLS_BENCH_MERGE", &memory)],
    )?;
    stamp(&root, &results, quick)?;
    println!("rows written to {}", results.display());
    Ok(())
}

/// Wraps the rows in `results` with what a later reader needs to compare runs: the commit, the
/// time, the mode and the machine's core count.
fn stamp(root: &Path, results: &Path, quick: bool) -> Result<(), String> {
    let text =
        std::fs::read_to_string(results).map_err(|e| format!("{}: {e}", results.display()))?;
    let rows: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", results.display()))?;
    let commit = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(root)
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned());
    let unix_time = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let stamped = serde_json::json!({
        "commit": commit,
        "unix_time": unix_time,
        "mode": if quick { "quick" } else { "full" },
        "cores": cores,
        "rows": rows,
    });
    let text = serde_json::to_string_pretty(&stamped).map_err(|e| e.to_string())?;
    std::fs::write(results, text + "\n").map_err(|e| format!("{}: {e}", results.display()))
}

/// Runs cargo with `args` in `root`, with `env` set.
fn cargo(root: &Path, args: &[&str], env: &[(&str, &Path)]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command.args(args).current_dir(root);
    for (key, value) in env {
        command.env(key, value);
    }
    let status = command
        .status()
        .map_err(|e| format!("could not start cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo {} failed: {status}", args.join(" ")))
    }
}
