//! Replays the fuzz targets' checked-in seeds and every kept crash reproducer through the same
//! harnesses the fuzzer runs (`fuzz/harness.rs`), so that stable CI catches a regression
//! without cargo-fuzz or nightly.
//!
//! Seeds: `fuzz/corpus/{parse_certificate,verify_chain}/` (see `fuzz/README.md` for how they
//! were made). Reproducers: `fuzz/artifacts/{parse_certificate,verify_chain}/`, one file per
//! crash found and fixed.

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

/// Runs every file through `harness`, collecting each one that panics, and fails naming them
/// all.
fn replay<T>(files: &[PathBuf], harness: fn(&[u8]) -> T) -> Vec<(String, T)> {
    let mut outcomes = Vec::new();
    let mut failed = Vec::new();
    for path in files {
        let bytes = fs::read(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        match panic::catch_unwind(|| harness(&bytes)) {
            Ok(outcome) => outcomes.push((name, outcome)),
            Err(_) => failed.push(path.display().to_string()),
        }
    }
    assert!(failed.is_empty(), "the harness panicked on {failed:#?}");
    outcomes
}

#[test]
fn every_certificate_seed_parses() {
    let seeds = inputs("corpus/parse_certificate");
    assert!(seeds.len() >= 5, "only {} seeds", seeds.len());
    for (name, outcome) in replay(&seeds, harness::parse_certificate) {
        // Every seed is a real certificate: refusing one means the parser changed.
        assert!(outcome.parsed && outcome.anchor, "{name}: {outcome:?}");
    }
}

#[test]
fn every_chain_seed_replays_and_reaches_the_path_builder() {
    let seeds = inputs("corpus/verify_chain");
    assert!(seeds.len() >= 10, "only {} seeds", seeds.len());
    let outcomes = replay(&seeds, harness::verify_chain);
    for (name, outcome) in &outcomes {
        // Every frame of every seed is a real certificate, the first an anchor.
        assert!(
            outcome.certificates >= 2
                && outcome.parsed == outcome.certificates
                && outcome.anchor
                && outcome.verified + outcome.rejected > 0,
            "{name} does not reach the path builder: {outcome:?}"
        );
    }
    let outcome = |name: &str| &outcomes.iter().find(|(seed, _)| seed == name).unwrap().1;
    // The chains as the servers sent them verify; the seeds named for a fault do not.
    for name in [
        "ecdsa-leaf-as-sent",
        "rsa-leaf-as-sent",
        "ecdsa-leaf-no-name",
        "intermediate-as-anchor",
        "extra-and-repeated-intermediates",
    ] {
        assert!(outcome(name).verified > 0, "{name}: {:?}", outcome(name));
    }
    for name in [
        "missing-intermediate",
        "wrong-name",
        "before-validity",
        "after-validity",
        "unrelated-anchor",
        "ca-as-end-entity",
    ] {
        assert_eq!(outcome(name).verified, 0, "{name}: {:?}", outcome(name));
    }
}

#[test]
fn every_kept_crash_reproducer_replays_cleanly() {
    // Usually empty: a reproducer is kept only once its crash is fixed.
    replay(
        &inputs("artifacts/parse_certificate"),
        harness::parse_certificate,
    );
    replay(&inputs("artifacts/verify_chain"), harness::verify_chain);
}

#[test]
fn frames_take_what_is_left_and_stop_at_the_limit() {
    assert_eq!(harness::frames(&[]), Vec::<&[u8]>::new());
    assert_eq!(harness::frames(&[0x00]), Vec::<&[u8]>::new());
    assert_eq!(
        harness::frames(&[0x00, 0x01, 0xaa, 0x00, 0x05, 0xbb]),
        [&[0xaa][..], &[0xbb]]
    );
    let many = [0x00, 0x00].repeat(harness::MAX_CERTIFICATES + 3);
    assert_eq!(harness::frames(&many).len(), harness::MAX_CERTIFICATES);
}
