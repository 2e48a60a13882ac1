//! The x509-limbo file format (`../shared/limbo/README.md`, upstream's `limbo-schema.json`), read
//! with serde.
//!
//! Fields are read as loosely as the README allows: unknown fields are ignored, optional ones
//! default to empty or `null`, and enumerations we only report on (`features`, `importance`) stay
//! strings, so a file from a newer upstream still loads. What the harness acts on
//! (`validation_kind`, `expected_result`, peer-name kinds) is typed: a value we do not know there
//! would make the verdict meaningless, so the file is refused.

use std::io::Read;
use std::path::Path;

use serde::Deserialize;

/// Largest decompressed (or plain) file we read. Upstream's full `limbo.json` is ~40 MB; this
/// keeps a hostile or corrupt gzip from filling memory.
const MAX_FILE_BYTES: u64 = 1 << 30;

/// The top level: `{ "version": 1, "testcases": [...] }`.
#[derive(Debug, Deserialize)]
pub(crate) struct Limbo {
    /// Always 1 in the current schema.
    pub(crate) version: u32,
    /// Every case of the file, ids unique.
    pub(crate) testcases: Vec<Testcase>,
}

/// One testcase (`$defs.Testcase`).
#[derive(Debug, Deserialize)]
pub(crate) struct Testcase {
    /// `family::[subfamily::]name`.
    pub(crate) id: String,
    /// Feature tags the case needs; a consumer that does not implement one skips the case.
    #[serde(default)]
    pub(crate) features: Vec<String>,
    /// Human explanation (Markdown), printed for wrong cases with `--verbose`.
    #[serde(default)]
    pub(crate) description: String,
    /// Server or client certificate validation.
    pub(crate) validation_kind: ValidationKind,
    /// PEM trust anchors; malformed ones are dropped.
    #[serde(default)]
    pub(crate) trusted_certs: Vec<String>,
    /// PEM candidate intermediates, in arbitrary order.
    #[serde(default)]
    pub(crate) untrusted_intermediates: Vec<String>,
    /// PEM end-entity certificate.
    pub(crate) peer_certificate: String,
    /// RFC 3339 time, or `null` for the current clock.
    #[serde(default)]
    pub(crate) validation_time: Option<String>,
    /// Acceptable signature algorithms; empty means the validator's default set.
    #[serde(default)]
    pub(crate) signature_algorithms: Vec<String>,
    /// Key usages the leaf must allow.
    #[serde(default)]
    pub(crate) key_usage: Vec<String>,
    /// Extended key usages the leaf must allow; empty means the kind's default.
    #[serde(default)]
    pub(crate) extended_key_usage: Vec<String>,
    /// The verdict a correct validator returns.
    pub(crate) expected_result: Verdict,
    /// `SERVER`: the name the leaf must be valid for.
    #[serde(default)]
    pub(crate) expected_peer_name: Option<PeerName>,
    /// Maximum number of intermediates between leaf and anchor.
    #[serde(default)]
    pub(crate) max_chain_depth: Option<u64>,
    /// PEM CRLs to check every certificate of the chain against (`has-crl` cases).
    #[serde(default)]
    pub(crate) crls: Vec<String>,
}

/// `$defs.ValidationKind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub(crate) enum ValidationKind {
    /// Verify a TLS server certificate.
    #[serde(rename = "SERVER")]
    Server,
    /// Verify a TLS client certificate.
    #[serde(rename = "CLIENT")]
    Client,
}

/// `$defs.ExpectedResult`, also the verdict part of an actual result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub(crate) enum Verdict {
    /// The chain validates.
    #[serde(rename = "SUCCESS")]
    Success,
    /// The chain is refused.
    #[serde(rename = "FAILURE")]
    Failure,
}

impl Verdict {
    /// The spelling limbo uses.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Success => "SUCCESS",
            Self::Failure => "FAILURE",
        }
    }
}

/// `$defs.PeerName`.
#[derive(Debug, Deserialize)]
pub(crate) struct PeerName {
    /// What kind of name `value` is.
    pub(crate) kind: PeerKind,
    /// The name as text.
    pub(crate) value: String,
}

/// `$defs.PeerKind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub(crate) enum PeerKind {
    /// A DNS name.
    #[serde(rename = "DNS")]
    Dns,
    /// A textual IPv4 or IPv6 address.
    #[serde(rename = "IP")]
    Ip,
    /// An e-mail address.
    #[serde(rename = "RFC822")]
    Rfc822,
}

/// Reads a limbo file, gzip-compressed (recognized by its magic bytes, whatever its name) or
/// plain JSON. Every failure is a message, never a panic.
pub(crate) fn load(path: &Path) -> Result<Limbo, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut raw = Vec::new();
    file.take(MAX_FILE_BYTES.saturating_add(1))
        .read_to_end(&mut raw)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let json = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut json = Vec::new();
        flate2::read::GzDecoder::new(raw.as_slice())
            .take(MAX_FILE_BYTES.saturating_add(1))
            .read_to_end(&mut json)
            .map_err(|e| format!("{}: not a readable gzip file: {e}", path.display()))?;
        json
    } else {
        raw
    };
    if u64::try_from(json.len()).unwrap_or(u64::MAX) > MAX_FILE_BYTES {
        return Err(format!(
            "{}: larger than {MAX_FILE_BYTES} bytes",
            path.display()
        ));
    }
    parse(&json).map_err(|e| format!("{}: {e}", path.display()))
}

/// Parses the JSON text of a limbo file and checks what serde cannot: the version and unique
/// ids.
pub(crate) fn parse(json: &[u8]) -> Result<Limbo, String> {
    let limbo: Limbo =
        serde_json::from_slice(json).map_err(|e| format!("not a limbo file: {e}"))?;
    if limbo.version != 1 {
        return Err(format!(
            "limbo version {} (this harness reads version 1)",
            limbo.version
        ));
    }
    let mut ids = std::collections::HashSet::new();
    for case in &limbo.testcases {
        if !ids.insert(case.id.as_str()) {
            return Err(format!("testcase id {:?} appears twice", case.id));
        }
    }
    Ok(limbo)
}

/// Seconds since the Unix epoch of an RFC 3339 time such as `2024-04-01T00:00:00.005+00:00`
/// (fractions of a second are dropped: certificate times have whole seconds).
pub(crate) fn parse_time(text: &str) -> Result<i64, String> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map(time::OffsetDateTime::unix_timestamp)
        .map_err(|e| format!("validation_time {text:?} is not RFC 3339: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_minimal_case_and_ignores_unknown_fields() {
        let limbo = parse(
            br#"{"version":1,"testcases":[{"id":"a::b","validation_kind":"SERVER",
                "peer_certificate":"x","expected_result":"FAILURE","future_field":3}]}"#,
        )
        .unwrap();
        let case = &limbo.testcases[0];
        assert_eq!(case.id, "a::b");
        assert!(case.features.is_empty() && case.validation_time.is_none());
        assert_eq!(case.expected_result, Verdict::Failure);
    }

    #[test]
    fn refuses_duplicate_ids_and_other_versions() {
        let case = r#"{"id":"a","validation_kind":"CLIENT","peer_certificate":"x","expected_result":"SUCCESS"}"#;
        assert!(
            parse(format!(r#"{{"version":1,"testcases":[{case},{case}]}}"#).as_bytes()).is_err()
        );
        assert!(parse(format!(r#"{{"version":2,"testcases":[{case}]}}"#).as_bytes()).is_err());
        assert!(parse(b"[1, 2").is_err());
    }

    #[test]
    fn parses_both_time_shapes_of_the_suite() {
        assert_eq!(parse_time("1970-01-01T00:00:00+00:00"), Ok(0));
        assert_eq!(
            parse_time("2024-04-01T00:00:00.005+00:00"),
            Ok(1_711_929_600)
        );
        assert!(parse_time("2024-04-01").is_err());
    }

    #[test]
    fn the_checked_in_suite_has_every_dev_case() {
        let path = crate::workspace_root().join(super::super::DEFAULT_FILE);
        let limbo = load(&path).unwrap();
        assert_eq!(limbo.testcases.len(), 7_853);
    }
}
