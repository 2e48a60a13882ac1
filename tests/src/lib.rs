//! Cross-crate tests of the workspace live in `tests/tests/`; this library only holds helpers
//! they share: loading the vector files checked into `testdata/`.
#![forbid(unsafe_code)]

use std::path::PathBuf;

/// Path of a file in the repository's `testdata/` folder.
pub fn testdata(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("testdata")
        .join(name)
}
