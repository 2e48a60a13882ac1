//! Replays the fuzz target's checked-in seeds and every kept crash reproducer through the
//! same harness the fuzzer runs (`fuzz/harness.rs`), so that stable CI catches a regression
//! without cargo-fuzz or nightly.
//!
//! Seeds: `fuzz/corpus/deframe_join_decode/` (see `fuzz/README.md` for how they were made).
//! Reproducers: `fuzz/artifacts/deframe_join_decode/`, one file per crash found and fixed.

use std::fs;
use std::panic;
use std::path::{Path, PathBuf};

#[path = "../fuzz/harness.rs"]
mod harness;

/// The inputs in `dir` (relative to the fuzz crate): every file but dotfiles and Markdown
/// notes, sorted by name. A missing directory has none.
fn inputs(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz").join(dir);
    let Ok(entries) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            !name.starts_with('.') && !name.ends_with(".md")
        })
        .collect();
    files.sort();
    files
}

/// Runs every file through the harness, collecting each one that panics, and fails naming
/// them all.
fn replay(files: &[PathBuf]) -> Vec<(PathBuf, harness::Outcome)> {
    let mut outcomes = Vec::new();
    let mut failed = Vec::new();
    for path in files {
        let bytes = fs::read(path).unwrap();
        match panic::catch_unwind(|| harness::deframe_join_decode(&bytes)) {
            Ok(outcome) => outcomes.push((path.clone(), outcome)),
            Err(_) => failed.push(path.display().to_string()),
        }
    }
    assert!(failed.is_empty(), "the harness panicked on {failed:#?}");
    outcomes
}

#[test]
fn every_seed_replays_and_reaches_the_decoders() {
    let seeds = inputs("corpus/deframe_join_decode");
    assert!(
        seeds.len() >= 20,
        "only {} seeds: the replay would test next to nothing",
        seeds.len()
    );
    let outcomes = replay(&seeds);
    for (path, outcome) in &outcomes {
        // Every seed is a real stream: it must deframe whole and join at least one message,
        // or it exercises only the first header check.
        assert!(
            !outcome.stream_rejected && outcome.records > 0 && outcome.messages > 0,
            "{} does not reach the joiner: {outcome:?}",
            path.display()
        );
    }
    let decoded: usize = outcomes.iter().map(|(_, o)| o.messages_decoded).sum();
    // 345 when written; a drop means the seeds or the decoders stopped matching.
    assert!(decoded >= 300, "the seeds decode only {decoded} messages");
}

#[test]
fn every_kept_crash_reproducer_replays_cleanly() {
    // Usually empty: a reproducer is kept only once its crash is fixed.
    replay(&inputs("artifacts/deframe_join_decode"));
}
