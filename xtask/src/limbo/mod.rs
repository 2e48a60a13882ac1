//! `cargo xtask limbo [PATH]`: the x509-limbo suite through tls-pki's public API.
//!
//! Runs every testcase of a limbo file (default: the checked-in gzip copy of
//! `../shared/limbo/limbo-dev.json`), prints agreement per id family, the slowest cases, the wrong
//! ones, and closes with `N passed, M failed, K skipped`, counted against each case's
//! `expected_result` only. `xtask/limbo-exceptions.toml` lists skip rules and known-wrong ids
//! with reasons; it never changes the counts, only the exit code.
//!
//! Flags: `--json FILE` (per-case results in limbo's result format), `--verbose` (descriptions
//! of wrong cases, reasons of known-wrong ones), `--filter SUBSTRING` (only ids containing it),
//! `--no-exceptions` (no skip rules; the exit code then says whether anything is wrong),
//! `--write-known-wrong` (prints the `[[known_wrong]]` entries that would match this run on
//! stdout, the report going to stderr; new entries carry the error context marked
//! `TODO review:`, for a human to edit into the file — the harness never rewrites it).
//!
//! Exit code: 0 when the run agrees with the exceptions file, 1 when it differs in either
//! direction, 2 when the limbo file, the exceptions file or the arguments are unusable.

mod exceptions;
mod model;
mod report;
mod run;

use std::path::PathBuf;
use std::process::ExitCode;

use tls_pki::UnixTime;

use self::exceptions::Exceptions;
use self::report::Counts;

/// The checked-in suite, relative to the workspace root.
pub(crate) const DEFAULT_FILE: &str = "testdata/limbo/limbo-dev.json.gz";

/// The exceptions file, relative to the workspace root.
const EXCEPTIONS_FILE: &str = "xtask/limbo-exceptions.toml";

const USAGE: &str = "usage: cargo xtask limbo [PATH] [--json FILE] [--verbose] \
                     [--filter SUBSTRING] [--no-exceptions] [--write-known-wrong]";

/// The prefix of the line that counts differences from the exceptions file; `cargo xtask ci`
/// reads it.
pub(crate) const DIFFERENCES_LINE: &str = "limbo differences from the exceptions file: ";

/// Parsed command line.
#[derive(Debug, Default, PartialEq, Eq)]
struct Args {
    path: Option<PathBuf>,
    json: Option<PathBuf>,
    verbose: bool,
    filter: Option<String>,
    no_exceptions: bool,
    write_known_wrong: bool,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut parsed = Args::default();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--json" => {
                let file = iter.next().ok_or("--json needs a FILE")?;
                parsed.json = Some(PathBuf::from(file));
            }
            "--filter" => {
                let filter = iter.next().ok_or("--filter needs a SUBSTRING")?;
                parsed.filter = Some(filter.clone());
            }
            "--verbose" => parsed.verbose = true,
            "--no-exceptions" => parsed.no_exceptions = true,
            "--write-known-wrong" => parsed.write_known_wrong = true,
            flag if flag.starts_with("--") => return Err(format!("unknown flag {flag}")),
            path if parsed.path.is_none() => parsed.path = Some(PathBuf::from(path)),
            extra => return Err(format!("unexpected argument {extra:?}")),
        }
    }
    Ok(parsed)
}

/// Entry point of `cargo xtask limbo`.
pub(crate) fn main(args: &[String]) -> ExitCode {
    match run(args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("xtask limbo: {message}");
            ExitCode::from(2)
        }
    }
}

/// Runs the suite; `Ok(agrees)`, or `Err` when an input is unusable.
fn run(args: &[String]) -> Result<bool, String> {
    let args = parse_args(args).map_err(|e| format!("{e}\n{USAGE}"))?;
    let root = crate::workspace_root();
    let path = args.path.clone().unwrap_or_else(|| root.join(DEFAULT_FILE));
    let limbo = model::load(&path)?;
    let exceptions = if args.no_exceptions {
        None
    } else {
        let file = root.join(EXCEPTIONS_FILE);
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        Some(Exceptions::parse(&text).map_err(|e| format!("{}: {e}", file.display()))?)
    };

    let results = run::run_all(
        &limbo.testcases,
        exceptions.as_ref(),
        args.filter.as_deref(),
        UnixTime::now(),
    );
    let differences = exceptions
        .as_ref()
        .map(|e| e.differences(&results))
        .unwrap_or_default();
    let counts = Counts::of(&results);

    if let Some(json) = &args.json {
        std::fs::write(json, report::result_json(&results))
            .map_err(|e| format!("{}: {e}", json.display()))?;
    }
    let mut text = format!(
        "x509-limbo: {} ({} cases, {} run)\n\n",
        path.display(),
        limbo.testcases.len(),
        results.len()
    );
    text.push_str(&report::render(
        &results,
        &limbo.testcases,
        exceptions.as_ref(),
        &differences,
        args.verbose,
    ));
    if exceptions.is_some() {
        text.push_str(&format!("{DIFFERENCES_LINE}{}\n", differences.len()));
    }
    text.push_str(&counts.closing_line());
    if args.write_known_wrong {
        let empty = Exceptions::default();
        print!(
            "{}",
            exceptions
                .as_ref()
                .unwrap_or(&empty)
                .proposed_known_wrong(&results)
        );
        eprintln!("{text}");
    } else {
        println!("{text}");
    }
    Ok(if args.no_exceptions {
        counts.wrong == 0
    } else {
        differences.is_empty()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn parses_every_flag() {
        let args = parse_args(&strings(&[
            "x.json",
            "--json",
            "out.json",
            "--verbose",
            "--filter",
            "rfc5280::",
            "--no-exceptions",
            "--write-known-wrong",
        ]))
        .unwrap();
        assert_eq!(
            args,
            Args {
                path: Some(PathBuf::from("x.json")),
                json: Some(PathBuf::from("out.json")),
                verbose: true,
                filter: Some("rfc5280::".to_owned()),
                no_exceptions: true,
                write_known_wrong: true,
            }
        );
    }

    #[test]
    fn refuses_bad_arguments() {
        assert!(parse_args(&strings(&["--json"])).is_err());
        assert!(parse_args(&strings(&["--bogus"])).is_err());
        assert!(parse_args(&strings(&["a", "b"])).is_err());
    }

    #[test]
    fn an_unreadable_file_is_reported_not_a_panic() {
        assert!(run(&strings(&["/nonexistent/limbo.json"])).is_err());
        let dir = std::env::temp_dir().join(format!("xtask-limbo-{}.json", std::process::id()));
        std::fs::write(&dir, b"{\"version\":1,\"testcases\":[{\"id\":3}]}").unwrap();
        assert!(run(&strings(&[dir.to_str().unwrap()])).is_err());
        std::fs::write(&dir, [0x1f, 0x8b, 0, 1, 2]).unwrap();
        assert!(run(&strings(&[dir.to_str().unwrap()])).is_err());
        let _ = std::fs::remove_file(&dir);
    }

    #[test]
    fn the_exceptions_file_parses() {
        let text = std::fs::read_to_string(crate::workspace_root().join(EXCEPTIONS_FILE)).unwrap();
        Exceptions::parse(&text).unwrap();
    }
}
