//! Replays the state-machine fuzz target's checked-in seeds and every kept crash reproducer
//! through the harness the fuzzer runs (`fuzz/harness.rs`), so that stable CI catches a
//! regression without cargo-fuzz or nightly; and a proptest feeding arbitrary messages after
//! each seed's prefix, so every state meets inputs no peer of ours sends.
//!
//! Seeds: `fuzz/corpus/state_machines/`, written by `harness::seed_inputs` (real flights with
//! fixed generators); `write_seeds` below rewrites them, and checks they are current.
//! Reproducers: `fuzz/artifacts/state_machines/`, one file per crash found and fixed.

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;

#[path = "../fuzz/harness.rs"]
mod harness;

fn fuzz_dir(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz").join(dir)
}

/// The files in `dir` (relative to the fuzz crate), sorted; none if it is missing.
fn inputs(dir: &str) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(fuzz_dir(dir)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .filter(|path| !path.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    files.sort();
    files
}

/// The seeds in the corpus are the ones the harness makes now: a change to the machines that
/// changes a flight shows here, and `UPDATE_SEEDS=1` rewrites them.
#[test]
fn the_checked_in_seeds_are_the_current_flights() {
    let dir = fuzz_dir("corpus/state_machines");
    for (name, bytes) in harness::seed_inputs() {
        let path = dir.join(name);
        if std::env::var_os("UPDATE_SEEDS").is_some() {
            fs::create_dir_all(&dir).unwrap();
            fs::write(&path, &bytes).unwrap();
        }
        let kept = fs::read(&path).unwrap_or_else(|_| panic!("no seed {}", path.display()));
        assert_eq!(
            kept, bytes,
            "seed {name} is stale: rerun with UPDATE_SEEDS=1"
        );
    }
}

#[test]
fn every_seed_replays_and_takes_its_machine_through_the_handshake() {
    let seeds = inputs("corpus/state_machines");
    assert!(seeds.len() >= 3, "only {} seeds", seeds.len());
    for path in &seeds {
        let outcome = harness::drive(&fs::read(path).unwrap());
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(outcome.fed > 0, "{name}: {outcome:?}");
        assert!(!outcome.refused, "{name} was refused: {outcome:?}");
        if name.ends_with("full-handshake") {
            assert!(outcome.completed, "{name} did not complete: {outcome:?}");
        }
    }
}

#[test]
fn every_kept_reproducer_replays_without_panicking() {
    for path in inputs("artifacts/state_machines") {
        harness::drive(&fs::read(path).unwrap());
    }
}

/// The full-handshake seed of `side`, cut after `keep` of its messages.
fn prefix(side: usize, keep: usize) -> Vec<u8> {
    let (_, seed) = &harness::seed_inputs()[side];
    let mut cut = vec![seed[0]];
    let mut rest = &seed[1..];
    for _ in 0..keep {
        let len = match rest {
            [harness::CHANGE_CIPHER_SPEC, ..] => 1,
            [_, l0, l1, l2, ..] => {
                4 + (usize::from(*l0) << 16 | usize::from(*l1) << 8 | usize::from(*l2))
            }
            _ => break,
        };
        cut.extend_from_slice(&rest[..len.min(rest.len())]);
        rest = &rest[len.min(rest.len())..];
    }
    cut
}

/// One arbitrary handshake message: a type (mostly real ones) and a short body.
fn message() -> impl Strategy<Value = Vec<u8>> {
    let typ = prop_oneof![
        4 => prop::sample::select(vec![1u8, 2, 4, 5, 8, 11, 13, 15, 20, 24, 254]),
        1 => any::<u8>(),
    ];
    (typ, prop::collection::vec(any::<u8>(), 0..48)).prop_map(|(typ, body)| {
        let len = u32::try_from(body.len()).unwrap().to_be_bytes();
        let mut message = vec![typ, len[1], len[2], len[3]];
        message.extend(body);
        message
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// After any prefix of a real handshake, arbitrary messages make the machine refuse with
    /// an alert or go on; never panic.
    #[test]
    fn arbitrary_messages_in_each_state_never_panic(
        side in 0usize..2,
        keep in 0usize..8,
        extra in prop::collection::vec(message(), 1..4),
    ) {
        let mut data = prefix(side, keep);
        for message in extra {
            data.extend(message);
        }
        harness::drive(&data);
    }
}
