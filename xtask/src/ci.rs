//! `cargo xtask ci`: every check CI runs, in order, each under a wall-clock limit.
//!
//! Stages: `cargo fmt --check`; the IANA tables against their generator (`gen-iana --check`);
//! `cargo clippy --workspace --all-targets --all-features -- -D warnings`;
//! `cargo test --workspace --all-features`; the OpenSSL interop smoke (`cargo run -p xtask --
//! interop --smoke`, needing `openssl` 3 on the PATH) and the x509-limbo suite (`cargo run -p
//! xtask -- limbo`), each a process of its own so that its limit can be enforced; every criterion
//! benchmark once in `--test` mode (`cargo bench --workspace --bench '*' -- --test`: they build
//! and run, nothing is measured); the comparison against rustls and the crypto floor in its
//! quick mode (`cargo xtask bench --quick`: its table is printed, no figure asserted). Suites
//! join the list as they land.
//!
//! The run ends with one line, `N passed, M failed`, over everything it ran: each test cargo
//! reports counts once, each limbo case answered right counts as passed and each difference from
//! `xtask/limbo-exceptions.toml` as failed (a known-wrong case is expected, so it is neither;
//! the stage prints limbo's own `N passed, M failed, K skipped`), each interop case counts once
//! (from its closing `N passed, M failed`), and each other stage counts as one check. "Failed"
//! means unexpected (a stage that overran its limit or exited non-zero without reporting failures
//! counts as one failure), so M is 0 on a green run; the exit code is non-zero if M > 0.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// One stage of the run.
struct Stage {
    name: &'static str,
    /// The stage overruns (and fails, naming itself) past this. Chosen for the 2-core CI machine
    /// with a cold cache; the whole run must stay well under CI's 90 minutes.
    limit: Duration,
    kind: StageKind,
}

enum StageKind {
    /// A cargo command, and what its output reports.
    Cargo {
        args: &'static [&'static str],
        output: Output,
    },
    /// A check run inside xtask itself.
    InProcess(fn() -> Result<(), String>),
}

/// What a cargo stage's output carries, beyond its exit status.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
    /// Nothing to count: the stage is one check.
    Plain,
    /// cargo test summaries (`test result: ...`).
    CargoTest,
    /// `cargo xtask limbo`'s closing lines.
    Limbo,
    /// `cargo xtask interop`'s closing `N passed, M failed`.
    Interop,
}

/// What a stage contributed to the closing line.
#[derive(Default, Clone, Copy)]
struct Tally {
    passed: u64,
    failed: u64,
}

const MINUTE: Duration = Duration::from_secs(60);

fn stages() -> Vec<Stage> {
    vec![
        Stage {
            name: "fmt",
            limit: 2 * MINUTE,
            kind: StageKind::Cargo {
                args: &["fmt", "--all", "--", "--check"],
                output: Output::Plain,
            },
        },
        Stage {
            name: "iana-tables",
            limit: MINUTE,
            kind: StageKind::InProcess(|| crate::iana::run(&["--check".to_owned()])),
        },
        Stage {
            name: "clippy",
            limit: 20 * MINUTE,
            kind: StageKind::Cargo {
                args: &[
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--all-features",
                    "--",
                    "-D",
                    "warnings",
                ],
                output: Output::Plain,
            },
        },
        Stage {
            name: "test",
            limit: 25 * MINUTE,
            kind: StageKind::Cargo {
                args: &["test", "--workspace", "--all-features"],
                output: Output::CargoTest,
            },
        },
        Stage {
            name: "interop",
            // Six handshakes take about a second once `tls` is built; building it (already done
            // by the test stage in the same target directory) is what the limit leaves room for.
            limit: 10 * MINUTE,
            kind: StageKind::Cargo {
                args: &["run", "--quiet", "-p", "xtask", "--", "interop", "--smoke"],
                output: Output::Interop,
            },
        },
        Stage {
            name: "limbo",
            // The whole dev file takes about 2 s in this (debug) build; xtask is already built,
            // since it is what runs ci. The limit leaves room for a slow machine, not for a hang:
            // the path-building budget is what stops pathological cases.
            limit: 5 * MINUTE,
            kind: StageKind::Cargo {
                args: &["run", "--quiet", "-p", "xtask", "--", "limbo"],
                output: Output::Limbo,
            },
        },
        Stage {
            name: "bench-smoke",
            limit: 15 * MINUTE,
            kind: StageKind::Cargo {
                args: &["bench", "--workspace", "--bench", "*", "--", "--test"],
                output: Output::Plain,
            },
        },
        Stage {
            // The comparison against rustls and the crypto floor, in its quick mode: the
            // table is printed, no figure is asserted (timings on a shared machine drift).
            name: "bench-quick",
            limit: 10 * MINUTE,
            kind: StageKind::Cargo {
                args: &["run", "--quiet", "-p", "xtask", "--", "bench", "--quick"],
                output: Output::Plain,
            },
        },
    ]
}

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    if let Some(arg) = args.first() {
        return Err(format!(
            "unexpected argument {arg:?}; usage: cargo xtask ci"
        ));
    }
    let root = crate::workspace_root();
    let started = Instant::now();
    let mut total = Tally::default();
    for stage in stages() {
        println!(
            "==> xtask ci: stage {} (limit {}s)",
            stage.name,
            stage.limit.as_secs()
        );
        let stage_start = Instant::now();
        let tally = match stage.kind {
            StageKind::Cargo { args, output } => {
                run_cargo(&root, stage.name, args, output, stage.limit)
            }
            StageKind::InProcess(check) => match check() {
                Ok(()) => Tally {
                    passed: 1,
                    failed: 0,
                },
                Err(message) => {
                    println!("xtask ci: stage {} failed: {message}", stage.name);
                    Tally {
                        passed: 0,
                        failed: 1,
                    }
                }
            },
        };
        println!(
            "==> xtask ci: stage {} done in {:.1}s: {} passed, {} failed",
            stage.name,
            stage_start.elapsed().as_secs_f64(),
            tally.passed,
            tally.failed
        );
        total.passed = total.passed.saturating_add(tally.passed);
        total.failed = total.failed.saturating_add(tally.failed);
    }
    println!(
        "xtask ci: finished in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    println!("{} passed, {} failed", total.passed, total.failed);
    if total.failed > 0 {
        Err(format!("{} unexpected failures", total.failed))
    } else {
        Ok(())
    }
}

/// Runs one cargo command in its own process group, echoing its stdout, killing the whole group
/// if it overruns `limit`.
fn run_cargo(
    root: &std::path::Path,
    name: &str,
    args: &[&str],
    output: Output,
    limit: Duration,
) -> Tally {
    use std::os::unix::process::CommandExt;

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut child = match Command::new(cargo)
        .args(args)
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .process_group(0)
        .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            println!("xtask ci: stage {name} could not start cargo: {e}");
            return Tally {
                passed: 0,
                failed: 1,
            };
        }
    };
    let (lines_tx, lines_rx) = mpsc::channel::<String>();
    let reader = child.stdout.take().map(|stdout| {
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                println!("{line}");
                if lines_tx.send(line).is_err() {
                    break;
                }
            }
        })
    });
    let deadline = Instant::now() + limit;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() >= deadline => {
                println!(
                    "xtask ci: stage {name} overran its limit of {}s; killing it",
                    limit.as_secs()
                );
                // The group holds cargo and everything it spawned (rustc, test binaries).
                let _ = Command::new("kill")
                    .args(["-KILL", "--", &format!("-{}", child.id())])
                    .status();
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(200)),
            Err(e) => {
                println!("xtask ci: stage {name}: waiting for cargo failed: {e}");
                break None;
            }
        }
    };
    if let Some(reader) = reader {
        let _ = reader.join();
    }
    let mut tally = Tally::default();
    for line in lines_rx.try_iter() {
        let counts = match output {
            Output::Plain => None,
            Output::CargoTest => parse_test_result(&line),
            Output::Limbo => parse_limbo_line(&line),
            Output::Interop => parse_interop_line(&line),
        };
        if let Some(counts) = counts {
            tally.passed = tally.passed.saturating_add(counts.passed);
            tally.failed = tally.failed.saturating_add(counts.failed);
        }
    }
    let succeeded = status.is_some_and(|s| s.success());
    if output == Output::Plain {
        return if succeeded {
            Tally {
                passed: 1,
                failed: 0,
            }
        } else {
            Tally {
                passed: 0,
                failed: 1,
            }
        };
    }
    if !succeeded && tally.failed == 0 {
        // A build error, a crash or an overrun: no test reported failing, but the stage did.
        tally.failed = 1;
    }
    tally
}

/// What one line of `cargo xtask limbo` adds: its closing `N passed, M failed, K skipped` gives
/// the passed count (the failed ones are limbo's verdicts, expected or not, so they do not count
/// here), and the line counting differences from the exceptions file gives the failed count.
fn parse_limbo_line(line: &str) -> Option<Tally> {
    if let Some(n) = line.strip_prefix(crate::limbo::DIFFERENCES_LINE) {
        return Some(Tally {
            passed: 0,
            failed: n.trim().parse().ok()?,
        });
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        [n, "passed,", _, "failed,", _, "skipped"] => Some(Tally {
            passed: n.parse().ok()?,
            failed: 0,
        }),
        _ => None,
    }
}

/// Counts from interop's closing line, `N passed, M failed`.
fn parse_interop_line(line: &str) -> Option<Tally> {
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        [passed, "passed,", failed, "failed"] => Some(Tally {
            passed: passed.parse().ok()?,
            failed: failed.parse().ok()?,
        }),
        _ => None,
    }
}

/// Counts from a line `test result: ok. 12 passed; 0 failed; 1 ignored; ...`.
fn parse_test_result(line: &str) -> Option<Tally> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let mut tally = Tally::default();
    for part in rest.split(';') {
        let words: Vec<&str> = part.split_whitespace().collect();
        match words.as_slice() {
            [.., n, "passed"] => tally.passed = n.parse().ok()?,
            [n, "failed"] => tally.failed = n.parse().ok()?,
            _ => {}
        }
    }
    Some(tally)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cargo_test_summaries() {
        let t = parse_test_result(
            "test result: ok. 12 passed; 3 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s",
        )
        .unwrap();
        assert_eq!((t.passed, t.failed), (12, 3));
        assert!(parse_test_result("running 12 tests").is_none());
    }

    #[test]
    fn counts_limbo_right_answers_and_differences() {
        let closing = parse_limbo_line("7097 passed, 746 failed, 10 skipped").unwrap();
        assert_eq!((closing.passed, closing.failed), (7097, 0));
        let line = format!("{}3", crate::limbo::DIFFERENCES_LINE);
        let differences = parse_limbo_line(&line).unwrap();
        assert_eq!((differences.passed, differences.failed), (0, 3));
        assert!(parse_limbo_line("bettertls::*  6984  699  0").is_none());
    }

    #[test]
    fn counts_interop_cases() {
        let t = parse_interop_line("5 passed, 1 failed").unwrap();
        assert_eq!((t.passed, t.failed), (5, 1));
        assert!(parse_interop_line("ok    tls connect -> openssl s_server").is_none());
        assert!(parse_interop_line("7097 passed, 746 failed, 10 skipped").is_none());
    }
}
