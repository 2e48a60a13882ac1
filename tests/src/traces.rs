//! The vector files checked into `testdata/`: where they are, and their contents as bytes or
//! JSON. These panic on a missing or malformed file, naming it: a test cannot run without its
//! vectors, and the panic is its failure message.

use std::path::PathBuf;

/// Path of a file in the repository's `testdata/` folder.
pub fn testdata(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("testdata")
        .join(name)
}

/// The bytes of `testdata/<name>`.
///
/// # Panics
///
/// If the file cannot be read.
pub fn bytes(name: &str) -> Vec<u8> {
    let path = testdata(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// `testdata/<name>` parsed as JSON.
///
/// # Panics
///
/// If the file cannot be read or is not JSON.
pub fn json(name: &str) -> serde_json::Value {
    let path = testdata(name);
    serde_json::from_slice(&bytes(name))
        .unwrap_or_else(|e| panic!("parsing {} as JSON: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn testdata_names_a_file_that_exists() {
        assert!(testdata("README.md").is_file());
    }

    #[test]
    fn bytes_reads_a_file_whole() {
        let key = bytes("keys/ed25519.pkcs8.pem");
        assert!(key.starts_with(b"-----BEGIN PRIVATE KEY-----\n"));
        assert!(key.ends_with(b"-----END PRIVATE KEY-----\n"));
    }

    #[test]
    fn json_parses_a_vector_file() {
        let captures = json("openssl-captures.json");
        assert!(!captures["connections"].as_array().unwrap().is_empty());
    }

    #[test]
    #[should_panic(expected = "no-such-file.json")]
    fn a_missing_file_panics_naming_it() {
        json("no-such-file.json");
    }
}
