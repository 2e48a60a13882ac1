//! What a run prints, and the per-case JSON in limbo's own result format.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use serde::Serialize;

use super::exceptions::{Difference, Exceptions};
use super::model::Testcase;
use super::run::{CaseResult, Score};

/// How many of the slowest cases the report lists.
const SLOWEST_SHOWN: usize = 5;

/// Right, wrong and skipped counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    /// The verdict equals `expected_result`.
    pub(crate) right: u64,
    /// It does not.
    pub(crate) wrong: u64,
    /// No verdict.
    pub(crate) skipped: u64,
}

impl Counts {
    fn add(&mut self, score: Score) {
        let slot = match score {
            Score::Right => &mut self.right,
            Score::Wrong => &mut self.wrong,
            Score::Skipped => &mut self.skipped,
        };
        *slot = slot.saturating_add(1);
    }

    /// Counts over every result.
    pub(crate) fn of(results: &[CaseResult]) -> Self {
        let mut counts = Self::default();
        for result in results {
            counts.add(result.score());
        }
        counts
    }

    /// The closing line: `N passed, M failed, K skipped`.
    pub(crate) fn closing_line(self) -> String {
        format!(
            "{} passed, {} failed, {} skipped",
            self.right, self.wrong, self.skipped
        )
    }
}

/// The family an id is scored under: the first two components for BetterTLS
/// (`bettertls::nameconstraints`), whose thousands of cases would otherwise hide everything
/// else, and the first component otherwise (`rfc5280`).
pub(crate) fn family(id: &str) -> &str {
    let first_end = id.find("::").unwrap_or(id.len());
    let first = id.get(..first_end).unwrap_or(id);
    if first != "bettertls" {
        return first;
    }
    let rest_start = first_end.saturating_add(2);
    match id.get(rest_start..).and_then(|rest| rest.find("::")) {
        Some(second_len) => id
            .get(..rest_start.saturating_add(second_len))
            .unwrap_or(id),
        None => first,
    }
}

/// Per-family counts, in name order.
pub(crate) fn by_family(results: &[CaseResult]) -> BTreeMap<&str, Counts> {
    let mut families: BTreeMap<&str, Counts> = BTreeMap::new();
    for result in results {
        families
            .entry(family(&result.id))
            .or_default()
            .add(result.score());
    }
    families
}

/// The human report, up to (not including) the closing line.
pub(crate) fn render(
    results: &[CaseResult],
    cases: &[Testcase],
    exceptions: Option<&Exceptions>,
    differences: &[Difference],
    verbose: bool,
) -> String {
    let mut out = String::new();
    let families = by_family(results);
    let _ = writeln!(
        out,
        "{:<28} {:>7} {:>7} {:>7}",
        "family", "right", "wrong", "skipped"
    );
    let row = |out: &mut String, name: &str, c: Counts| {
        let _ = writeln!(
            out,
            "{name:<28} {:>7} {:>7} {:>7}",
            c.right, c.wrong, c.skipped
        );
    };
    let (mut better, mut rest) = (Counts::default(), Counts::default());
    for (name, counts) in &families {
        row(&mut out, name, *counts);
        let total = if name.starts_with("bettertls") {
            &mut better
        } else {
            &mut rest
        };
        total.right = total.right.saturating_add(counts.right);
        total.wrong = total.wrong.saturating_add(counts.wrong);
        total.skipped = total.skipped.saturating_add(counts.skipped);
    }
    let _ = writeln!(out, "{}", "-".repeat(52));
    row(&mut out, "bettertls::*", better);
    row(&mut out, "everything else", rest);
    row(&mut out, "total", Counts::of(results));

    let mut slowest: Vec<&CaseResult> = results.iter().collect();
    slowest.sort_by_key(|r| std::cmp::Reverse(r.elapsed));
    let total_time: f64 = results.iter().map(|r| r.elapsed.as_secs_f64()).sum();
    let _ = writeln!(
        out,
        "\nwall time over all cases: {total_time:.3}s; slowest cases:"
    );
    for result in slowest.iter().take(SLOWEST_SHOWN) {
        let _ = writeln!(
            out,
            "  {:>9.3}ms  {}",
            result.elapsed.as_secs_f64() * 1000.0,
            result.id
        );
    }

    let descriptions: HashMap<&str, &str> = cases
        .iter()
        .map(|c| (c.id.as_str(), c.description.as_str()))
        .collect();
    let is_listed = |id: &str| exceptions.and_then(|e| e.known_wrong_reason(id)).is_some();
    let wrong = results
        .iter()
        .filter(|r| r.score() == Score::Wrong && !is_listed(&r.id));
    let mut header = false;
    for result in wrong {
        if !header {
            let _ = writeln!(out, "\nwrong, and not in known_wrong:");
            header = true;
        }
        let _ = writeln!(
            out,
            "  {}: expected {}, got {}: {}",
            result.id,
            result.expected.as_str(),
            result.actual.as_str(),
            result.context.as_deref().unwrap_or("-")
        );
        if verbose {
            let description = descriptions.get(result.id.as_str()).copied().unwrap_or("");
            for line in description.lines() {
                let _ = writeln!(out, "      | {line}");
            }
        }
    }
    let known_wrong: Vec<(&CaseResult, &str)> = results
        .iter()
        .filter(|r| r.score() == Score::Wrong)
        .filter_map(|r| Some((r, exceptions?.known_wrong_reason(&r.id)?)))
        .collect();
    if !known_wrong.is_empty() {
        let more = if verbose {
            ":"
        } else {
            " (--verbose lists them)"
        };
        let _ = writeln!(out, "\n{} known wrong{more}", known_wrong.len());
    }
    if verbose {
        for (result, reason) in &known_wrong {
            let _ = writeln!(out, "  {}: {reason}", result.id);
        }
    }
    match exceptions {
        None => {
            let _ = writeln!(out, "\nexceptions not applied (--no-exceptions)");
        }
        Some(_) if differences.is_empty() => {
            let _ = writeln!(out, "\nresults agree with xtask/limbo-exceptions.toml");
        }
        Some(_) => {
            let _ = writeln!(
                out,
                "\n{} differences from xtask/limbo-exceptions.toml:",
                differences.len()
            );
            // New wrong cases are detailed above; list the other kinds.
            let new_wrong = differences
                .iter()
                .filter(|d| matches!(d, Difference::NewWrong(_)))
                .count();
            if new_wrong > 0 {
                let _ = writeln!(out, "  {new_wrong} wrong cases not in known_wrong (above)");
            }
            for difference in differences {
                if !matches!(difference, Difference::NewWrong(_)) {
                    let _ = writeln!(out, "  {difference}");
                }
            }
        }
    }
    out
}

/// limbo's result file: `{"version":1,"harness":"tls-pki-<version>","results":[...]}`.
#[derive(Serialize)]
struct ResultFile<'a> {
    version: u32,
    harness: String,
    results: Vec<ResultEntry<'a>>,
}

/// One entry of [`ResultFile`].
#[derive(Serialize)]
struct ResultEntry<'a> {
    id: &'a str,
    actual_result: &'static str,
    context: Option<&'a str>,
}

/// The per-case results as limbo's result JSON. The harness is named after tls-pki, whose
/// version is the workspace's, shared by xtask.
pub(crate) fn result_json(results: &[CaseResult]) -> String {
    let file = ResultFile {
        version: 1,
        harness: format!("tls-pki-{}", env!("CARGO_PKG_VERSION")),
        results: results
            .iter()
            .map(|r| ResultEntry {
                id: &r.id,
                actual_result: r.actual.as_str(),
                context: r.context.as_deref(),
            })
            .collect(),
    };
    // Serializing plain strings and integers into a String cannot fail.
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::limbo::model::Verdict;
    use crate::limbo::run::Actual;

    fn result(id: &str, actual: Actual, context: Option<&str>) -> CaseResult {
        CaseResult {
            id: id.to_owned(),
            expected: Verdict::Failure,
            actual,
            context: context.map(str::to_owned),
            elapsed: Duration::from_millis(3),
            panicked: false,
            skip_rule: None,
        }
    }

    #[test]
    fn groups_bettertls_by_two_components_and_the_rest_by_one() {
        assert_eq!(
            family("bettertls::nameconstraints::tc1"),
            "bettertls::nameconstraints"
        );
        assert_eq!(
            family("bettertls::pathbuilding::tc12"),
            "bettertls::pathbuilding"
        );
        assert_eq!(family("bettertls::odd"), "bettertls");
        assert_eq!(family("rfc5280::nc::permitted-dn-match"), "rfc5280");
        assert_eq!(family("invalid"), "invalid");
    }

    #[test]
    fn counts_per_family_against_the_expected_result() {
        let results = [
            result("rfc5280::a", Actual::Verdict(Verdict::Failure), None),
            result("rfc5280::b", Actual::Verdict(Verdict::Success), None),
            result("crl::c", Actual::Skipped, Some("CRLs")),
        ];
        let families = by_family(&results);
        let rfc = Counts {
            right: 1,
            wrong: 1,
            skipped: 0,
        };
        assert_eq!(families.get("rfc5280"), Some(&rfc));
        assert_eq!(families.get("crl").map(|c| c.skipped), Some(1));
        assert_eq!(
            Counts::of(&results).closing_line(),
            "1 passed, 1 failed, 1 skipped"
        );
    }

    #[test]
    fn reports_new_wrong_cases_with_their_context_and_counts_known_ones() {
        let exceptions =
            Exceptions::parse("[[known_wrong]]\nid = \"x::known\"\nreason = \"why\"\n").unwrap();
        let results = [
            result("x::known", Actual::Verdict(Verdict::Success), None),
            result("x::new", Actual::Verdict(Verdict::Success), Some("ctx")),
        ];
        let differences = exceptions.differences(&results);
        let text = render(&results, &[], Some(&exceptions), &differences, false);
        assert!(text.contains("  x::new: expected FAILURE, got SUCCESS: ctx\n"));
        assert!(!text.contains("x::known: expected"));
        assert!(text.contains("1 known wrong (--verbose lists them)"));
        assert!(text.contains("1 differences from xtask/limbo-exceptions.toml"));
    }

    #[test]
    fn writes_limbos_result_format() {
        let results = [
            result(
                "a::b",
                Actual::Verdict(Verdict::Failure),
                Some("unknown issuer"),
            ),
            result("c", Actual::Skipped, None),
        ];
        let json: serde_json::Value = serde_json::from_str(&result_json(&results)).unwrap();
        assert_eq!(json["version"], 1);
        assert!(json["harness"].as_str().unwrap().starts_with("tls-pki-"));
        let entries = json["results"].as_array().unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(
            entries[0],
            serde_json::json!({"id": "a::b", "actual_result": "FAILURE", "context": "unknown issuer"})
        );
        assert_eq!(
            entries[1],
            serde_json::json!({"id": "c", "actual_result": "SKIPPED", "context": null})
        );
    }
}
