//! `xtask/limbo-exceptions.toml`: the cases we skip on purpose and the ones we know we get wrong,
//! each with its reason.
//!
//! ```toml
//! [[skip]]
//! feature = "has-crl"          # every case carrying this feature tag ...
//! reason = "CRLs come in part 2"
//!
//! [[skip]]
//! id = "webpki::eku::ee-without-eku"   # ... or this one case
//! reason = "..."
//!
//! [[known_wrong]]
//! id = "rfc5280::..."
//! reason = "one line: what we do and why it is wrong"
//! ```
//!
//! The exceptions never change the counts; they decide the exit code. Any difference between a
//! run and the file fails it, in either direction (HOUSE-STYLE §8): a wrong case that is not
//! listed, a listed one that is now right, a case the harness had to skip without a rule, a
//! listed one that a skip rule hides, and any panic.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Deserialize;

use super::model::Testcase;
use super::run::{CaseResult, Score};

/// The parsed exceptions file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Exceptions {
    /// Skip rules, by feature tag or by id.
    #[serde(default)]
    skip: Vec<Skip>,
    /// Cases we answer wrongly today.
    #[serde(default)]
    known_wrong: Vec<KnownWrong>,
}

/// One `[[skip]]` entry: exactly one of `feature` and `id`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Skip {
    feature: Option<String>,
    id: Option<String>,
    reason: String,
}

/// One `[[known_wrong]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KnownWrong {
    id: String,
    reason: String,
}

/// How one case's result differs from what the exceptions file says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Difference {
    /// Wrong, and not listed as known wrong.
    NewWrong(String),
    /// Listed as known wrong, and now right.
    NowRight(String),
    /// The harness could not run the case (an unsupported constraint), and no rule skips it.
    UnlistedSkip(String),
    /// Listed as known wrong, but a skip rule hides it: the file contradicts itself.
    KnownWrongSkipped(String),
    /// The validator panicked: always a bug, whatever the verdict.
    Panicked(String),
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NewWrong(id) => write!(f, "{id}: wrong, and not listed in known_wrong"),
            Self::NowRight(id) => {
                write!(
                    f,
                    "{id}: listed in known_wrong, but now right (remove the entry)"
                )
            }
            Self::UnlistedSkip(id) => {
                write!(
                    f,
                    "{id}: the harness could not run it, and no skip rule lists it"
                )
            }
            Self::KnownWrongSkipped(id) => {
                write!(f, "{id}: listed in known_wrong, but a skip rule skips it")
            }
            Self::Panicked(id) => write!(f, "{id}: the validator panicked"),
        }
    }
}

impl Exceptions {
    /// Parses the file's text and checks its consistency: every skip names exactly one of
    /// feature and id, reasons are not empty, and no id is listed twice.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let exceptions: Self = toml::from_str(text).map_err(|e| e.to_string())?;
        for skip in &exceptions.skip {
            match (&skip.feature, &skip.id) {
                (Some(_), None) | (None, Some(_)) => {}
                _ => {
                    return Err(format!(
                        "a [[skip]] entry must name exactly one of `feature` and `id` (reason {:?})",
                        skip.reason
                    ));
                }
            }
        }
        let reasons = exceptions
            .skip
            .iter()
            .map(|s| &s.reason)
            .chain(exceptions.known_wrong.iter().map(|k| &k.reason));
        if reasons.into_iter().any(|r| r.trim().is_empty()) {
            return Err("every entry needs a non-empty reason".to_owned());
        }
        let mut seen = HashSet::new();
        let ids = exceptions.skip.iter().filter_map(|s| s.id.as_deref());
        for id in ids.chain(exceptions.known_wrong.iter().map(|k| k.id.as_str())) {
            if !seen.insert(id) {
                return Err(format!("id {id:?} is listed twice"));
            }
        }
        Ok(exceptions)
    }

    /// The reason to skip `case`, if a rule lists its id or one of its features (an id rule
    /// wins, being the more specific).
    pub(crate) fn skip_reason(&self, case: &Testcase) -> Option<&str> {
        let by_id = self
            .skip
            .iter()
            .find(|s| s.id.as_deref() == Some(case.id.as_str()));
        let by_feature = || {
            self.skip.iter().find(|s| {
                s.feature
                    .as_ref()
                    .is_some_and(|f| case.features.iter().any(|g| g == f))
            })
        };
        by_id.or_else(by_feature).map(|s| s.reason.as_str())
    }

    /// The reason given for a known-wrong id.
    pub(crate) fn known_wrong_reason(&self, id: &str) -> Option<&str> {
        self.known_wrong
            .iter()
            .find(|k| k.id == id)
            .map(|k| k.reason.as_str())
    }

    /// Every difference between `results` and this file, in result order. Listed ids that did
    /// not run (another file, or `--filter`) are not differences.
    pub(crate) fn differences(&self, results: &[CaseResult]) -> Vec<Difference> {
        let known: HashMap<&str, &str> = self
            .known_wrong
            .iter()
            .map(|k| (k.id.as_str(), k.reason.as_str()))
            .collect();
        let mut differences = Vec::new();
        for result in results {
            let id = result.id.clone();
            let listed = known.contains_key(result.id.as_str());
            if result.panicked {
                differences.push(Difference::Panicked(id.clone()));
            }
            match (result.score(), listed) {
                (Score::Wrong, false) => differences.push(Difference::NewWrong(id)),
                (Score::Right, true) => differences.push(Difference::NowRight(id)),
                (Score::Skipped, true) => differences.push(Difference::KnownWrongSkipped(id)),
                (Score::Skipped, false) if result.skip_rule.is_none() => {
                    differences.push(Difference::UnlistedSkip(id));
                }
                (Score::Wrong, true) | (Score::Right, false) | (Score::Skipped, false) => {}
            }
        }
        differences
    }

    /// The `[[known_wrong]]` entries that would make `results` agree with this file: listed
    /// reasons are kept, new ones carry the error context marked for review. Printed by
    /// `--write-known-wrong` for a human to paste, never written to the file by the harness.
    pub(crate) fn proposed_known_wrong(&self, results: &[CaseResult]) -> String {
        let mut out = String::new();
        for result in results.iter().filter(|r| r.score() == Score::Wrong) {
            let reason = match self.known_wrong_reason(&result.id) {
                Some(reason) => reason.to_owned(),
                None => format!(
                    "TODO review: {}",
                    result.context.as_deref().unwrap_or("no context")
                ),
            };
            out.push_str("[[known_wrong]]\n");
            out.push_str(&format!("id = {}\n", toml_string(&result.id)));
            out.push_str(&format!("reason = {}\n\n", toml_string(&reason)));
        }
        out
    }
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::limbo::model::Verdict;
    use crate::limbo::run::Actual;

    const FILE: &str = r#"
        [[skip]]
        feature = "has-crl"
        reason = "CRLs come in part 2"

        [[skip]]
        id = "webpki::eku::ee-without-eku"
        reason = "pedantic"

        [[known_wrong]]
        id = "rfc5280::x"
        reason = "we accept it"
    "#;

    fn case(id: &str, features: &[&str]) -> Testcase {
        let features: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
        let json = format!(
            r#"{{"id":"{id}","features":[{}],"validation_kind":"SERVER","peer_certificate":"",
                "expected_result":"FAILURE"}}"#,
            features.join(",")
        );
        serde_json::from_str(&json).unwrap()
    }

    fn result(id: &str, expected: Verdict, actual: Actual) -> CaseResult {
        CaseResult {
            id: id.to_owned(),
            expected,
            actual,
            context: Some("end-entity certificate: unknown issuer".to_owned()),
            elapsed: Duration::ZERO,
            panicked: false,
            skip_rule: None,
        }
    }

    #[test]
    fn skips_by_feature_and_by_id() {
        let exceptions = Exceptions::parse(FILE).unwrap();
        let crl = case("crl::revoked", &["has-crl", "other"]);
        assert_eq!(exceptions.skip_reason(&crl), Some("CRLs come in part 2"));
        let pedantic = case("webpki::eku::ee-without-eku", &["pedantic-webpki-eku"]);
        assert_eq!(exceptions.skip_reason(&pedantic), Some("pedantic"));
        assert_eq!(exceptions.skip_reason(&case("a::b", &["other"])), None);
    }

    #[test]
    fn a_new_failure_is_a_difference() {
        let exceptions = Exceptions::parse(FILE).unwrap();
        let wrong = result("a::b", Verdict::Failure, Actual::Verdict(Verdict::Success));
        assert_eq!(
            exceptions.differences(&[wrong]),
            [Difference::NewWrong("a::b".to_owned())]
        );
    }

    #[test]
    fn a_listed_case_that_now_passes_is_a_difference() {
        let exceptions = Exceptions::parse(FILE).unwrap();
        let right = result(
            "rfc5280::x",
            Verdict::Failure,
            Actual::Verdict(Verdict::Failure),
        );
        assert_eq!(
            exceptions.differences(&[right]),
            [Difference::NowRight("rfc5280::x".to_owned())]
        );
    }

    #[test]
    fn listed_wrong_cases_and_ruled_skips_agree() {
        let exceptions = Exceptions::parse(FILE).unwrap();
        let listed = result(
            "rfc5280::x",
            Verdict::Failure,
            Actual::Verdict(Verdict::Success),
        );
        let mut ruled = result("crl::a", Verdict::Failure, Actual::Skipped);
        ruled.skip_rule = Some("CRLs come in part 2".to_owned());
        let right = result("a::b", Verdict::Success, Actual::Verdict(Verdict::Success));
        assert_eq!(exceptions.differences(&[listed, ruled, right]), []);
    }

    #[test]
    fn unlisted_skips_hidden_known_wrongs_and_panics_are_differences() {
        let exceptions = Exceptions::parse(FILE).unwrap();
        let unlisted = result("a::b", Verdict::Failure, Actual::Skipped);
        let mut hidden = result("rfc5280::x", Verdict::Failure, Actual::Skipped);
        hidden.skip_rule = Some("r".to_owned());
        let mut panicked = result("c::d", Verdict::Failure, Actual::Verdict(Verdict::Failure));
        panicked.panicked = true;
        assert_eq!(
            exceptions.differences(&[unlisted, hidden, panicked]),
            [
                Difference::UnlistedSkip("a::b".to_owned()),
                Difference::KnownWrongSkipped("rfc5280::x".to_owned()),
                Difference::Panicked("c::d".to_owned()),
            ]
        );
    }

    #[test]
    fn refuses_inconsistent_files() {
        assert!(Exceptions::parse("[[skip]]\nreason = \"x\"\n").is_err());
        assert!(
            Exceptions::parse("[[skip]]\nid = \"a\"\nfeature = \"b\"\nreason = \"x\"\n").is_err()
        );
        assert!(Exceptions::parse("[[known_wrong]]\nid = \"a\"\nreason = \" \"\n").is_err());
        let twice =
            "[[known_wrong]]\nid = \"a\"\nreason = \"x\"\n[[skip]]\nid = \"a\"\nreason = \"y\"\n";
        assert!(Exceptions::parse(twice).is_err());
        assert!(Exceptions::parse("[[known_wrong]]\nid = \"a\"\nwhy = \"x\"\n").is_err());
    }

    #[test]
    fn proposes_known_wrong_entries_marked_for_review() {
        let exceptions = Exceptions::parse(FILE).unwrap();
        let results = [
            result(
                "rfc5280::x",
                Verdict::Failure,
                Actual::Verdict(Verdict::Success),
            ),
            result(
                "a::\"b",
                Verdict::Success,
                Actual::Verdict(Verdict::Failure),
            ),
        ];
        let proposed = exceptions.proposed_known_wrong(&results);
        assert!(proposed.contains("id = \"rfc5280::x\"\nreason = \"we accept it\""));
        assert!(
            proposed.contains("reason = \"TODO review: end-entity certificate: unknown issuer\"")
        );
        assert!(Exceptions::parse(&proposed).is_ok());
    }
}
