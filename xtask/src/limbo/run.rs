//! Runs one limbo testcase through tls-pki's public API.
//!
//! The mapping from a case to a call (see `../shared/limbo/README.md`): trust anchors that do
//! not parse are dropped and noted; a leaf that does not parse is a `FAILURE`;
//! `validation_time: null` is the current clock; `max_chain_depth` is `max_depth`; the key usage
//! and extended key usage lists become the options' single `KeyUsage` and OID; `SERVER` cases
//! call `verify_server` with `expected_peer_name`, `CLIENT` cases `verify_client`. `crls` become
//! the options' `Revocation`, accepting certificates no CRL covers (the suite gives CRLs for
//! the certificates it revokes or clears); a CRL that does not load fails the case, as a
//! relying party that cannot read the CRLs it was given cannot vouch for the chain. A case over
//! the path-building budget is a `FAILURE` whose context starts with `budget`. Wall time is
//! measured and reported, never enforced: the budget is the guard, and it is deterministic.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use der::oid::ObjectIdentifier;
use tls_pki::cert::KeyUsage;
use tls_pki::name::ServerName;
use tls_pki::{Crl, Error, Revocation, TrustAnchor, TrustAnchors, UnixTime, VerifyOptions};

use super::exceptions::Exceptions;
use super::model::{PeerKind, PeerName, Testcase, ValidationKind, Verdict, parse_time};

/// `id-kp-serverAuth` (RFC 5280 §4.2.1.12).
const SERVER_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.1");
/// `id-kp-clientAuth` (RFC 5280 §4.2.1.12).
const CLIENT_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.2");
/// `anyExtendedKeyUsage` (RFC 5280 §4.2.1.12).
const ANY_EXTENDED_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37.0");

/// What the harness answered for a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Actual {
    /// The validator's verdict.
    Verdict(Verdict),
    /// Not run: a skip rule, or a constraint the API cannot express.
    Skipped,
}

impl Actual {
    /// The spelling of limbo's result format.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Verdict(verdict) => verdict.as_str(),
            Self::Skipped => "SKIPPED",
        }
    }
}

/// How a result scores against the case's `expected_result`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Score {
    /// The verdict equals the expected result.
    Right,
    /// The verdict differs from it.
    Wrong,
    /// No verdict.
    Skipped,
}

/// One case's result.
#[derive(Clone, Debug)]
pub(crate) struct CaseResult {
    /// The testcase id.
    pub(crate) id: String,
    /// The case's `expected_result`.
    pub(crate) expected: Verdict,
    /// What we answered.
    pub(crate) actual: Actual,
    /// The error (for `FAILURE`), the skip reason, or notes on dropped inputs.
    pub(crate) context: Option<String>,
    /// Wall time of the whole case, PEM decoding included.
    pub(crate) elapsed: Duration,
    /// The validator panicked (the verdict is then `FAILURE`).
    pub(crate) panicked: bool,
    /// The reason of the exceptions rule that skipped the case, if one did.
    pub(crate) skip_rule: Option<String>,
}

impl CaseResult {
    /// Right, wrong or skipped.
    pub(crate) fn score(&self) -> Score {
        match self.actual {
            Actual::Skipped => Score::Skipped,
            Actual::Verdict(v) if v == self.expected => Score::Right,
            Actual::Verdict(_) => Score::Wrong,
        }
    }
}

/// Runs every case whose id contains `filter`, skipping those `exceptions` lists (none with
/// `--no-exceptions`). `now` stands in for `validation_time: null`.
pub(crate) fn run_all(
    cases: &[Testcase],
    exceptions: Option<&Exceptions>,
    filter: Option<&str>,
    now: UnixTime,
) -> Vec<CaseResult> {
    // A panic is reported as that case's result; the default hook would also print it in the
    // middle of the report.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let results = cases
        .iter()
        .filter(|case| filter.is_none_or(|f| case.id.contains(f)))
        .map(|case| run_one(case, exceptions, now))
        .collect();
    std::panic::set_hook(hook);
    results
}

fn run_one(case: &Testcase, exceptions: Option<&Exceptions>, now: UnixTime) -> CaseResult {
    let mut result = CaseResult {
        id: case.id.clone(),
        expected: case.expected_result,
        actual: Actual::Skipped,
        context: None,
        elapsed: Duration::ZERO,
        panicked: false,
        skip_rule: None,
    };
    if let Some(reason) = exceptions.and_then(|e| e.skip_reason(case)) {
        result.context = Some(reason.to_owned());
        result.skip_rule = Some(reason.to_owned());
        return result;
    }
    let started = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| verify(case, now)));
    result.elapsed = started.elapsed();
    match outcome {
        Ok((actual, context)) => {
            result.actual = actual;
            result.context = context;
        }
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            result.actual = Actual::Verdict(Verdict::Failure);
            result.context = Some(format!("panic: {message}"));
            result.panicked = true;
        }
    }
    result
}

/// The verdict and its context for one case.
fn verify(case: &Testcase, now: UnixTime) -> (Actual, Option<String>) {
    let mut options = match options(case, now) {
        Ok(options) => options,
        Err(why) => return (Actual::Skipped, Some(why)),
    };
    let mut notes = Vec::new();
    if !case.crls.is_empty() {
        let mut crls = Vec::with_capacity(case.crls.len());
        for (index, pem) in case.crls.iter().enumerate() {
            match crl_der_of(pem).and_then(|der| Crl::from_der(&der).map_err(|e| e.to_string())) {
                Ok(crl) => crls.push(crl),
                Err(e) => return failure(format!("CRL {index}: {e}"), notes),
            }
        }
        options.revocation = Some(Revocation::new(crls));
    }
    let mut anchors = TrustAnchors::new();
    for (index, pem) in case.trusted_certs.iter().enumerate() {
        match der_of(pem).and_then(|der| TrustAnchor::from_der(&der).map_err(|e| e.to_string())) {
            Ok(anchor) => anchors.add(anchor),
            Err(e) => notes.push(format!("trusted cert {index} dropped: {e}")),
        }
    }
    let mut intermediates = Vec::new();
    for (index, pem) in case.untrusted_intermediates.iter().enumerate() {
        match der_of(pem) {
            Ok(der) => intermediates.push(der),
            Err(e) => notes.push(format!("intermediate {index} dropped: {e}")),
        }
    }
    let intermediates: Vec<&[u8]> = intermediates.iter().map(Vec::as_slice).collect();
    let name = match (
        case.validation_kind,
        server_name(case.expected_peer_name.as_ref()),
    ) {
        (ValidationKind::Client, _) => None,
        (ValidationKind::Server, Ok(name)) => name,
        (ValidationKind::Server, Err(NameProblem::Invalid(why))) => return failure(why, notes),
        (ValidationKind::Server, Err(NameProblem::Unsupported(why))) => {
            return (Actual::Skipped, Some(why));
        }
    };
    let leaf = match der_of(&case.peer_certificate) {
        Ok(leaf) => leaf,
        Err(e) => return failure(format!("leaf: {e}"), notes),
    };
    let verdict = match case.validation_kind {
        ValidationKind::Server => anchors
            .verify_server(&leaf, &intermediates, name.as_ref(), &options)
            .map(|_| ()),
        ValidationKind::Client => anchors
            .verify_client(&leaf, &intermediates, &options)
            .map(|_| ()),
    };
    match verdict {
        Ok(()) => {
            let context = (!notes.is_empty()).then(|| notes.join("; "));
            (Actual::Verdict(Verdict::Success), context)
        }
        Err(rejection) => {
            let text = match rejection.error {
                Error::BudgetExceeded { .. } => format!("budget: {rejection}"),
                _ => rejection.to_string(),
            };
            failure(text, notes)
        }
    }
}

/// A `FAILURE` whose context is `why`, followed by the notes on dropped inputs.
fn failure(why: String, notes: Vec<String>) -> (Actual, Option<String>) {
    let context = std::iter::once(why).chain(notes).collect::<Vec<_>>();
    (Actual::Verdict(Verdict::Failure), Some(context.join("; ")))
}

/// The options a case asks for, or why the API cannot express them (the case is then skipped).
fn options(case: &Testcase, now: UnixTime) -> Result<VerifyOptions, String> {
    if !case.signature_algorithms.is_empty() {
        return Err(
            "signature_algorithms constraint: VerifyOptions has no set of acceptable algorithms"
                .to_owned(),
        );
    }
    let time = match &case.validation_time {
        Some(text) => UnixTime::from_secs(parse_time(text)?),
        None => now,
    };
    let mut options = VerifyOptions::at(time);
    if let Some(depth) = case.max_chain_depth {
        options.max_depth = usize::try_from(depth).unwrap_or(usize::MAX);
    }
    options.key_usage = match case.key_usage.as_slice() {
        [] => None,
        [one] => Some(key_usage(one)?),
        _ => {
            return Err(
                "key_usage with several bits: KeyUsage has no public way to combine them"
                    .to_owned(),
            );
        }
    };
    options.extended_key_usage = match case.extended_key_usage.as_slice() {
        [] => None,
        [one] => Some(extended_key_usage(one)?),
        _ => {
            return Err(
                "extended_key_usage with several purposes: VerifyOptions takes one".to_owned(),
            );
        }
    };
    Ok(options)
}

/// `$defs.KeyUsage` names to the crate's constants.
fn key_usage(name: &str) -> Result<KeyUsage, String> {
    Ok(match name {
        "digitalSignature" => KeyUsage::DIGITAL_SIGNATURE,
        "contentCommitment" | "nonRepudiation" => KeyUsage::NON_REPUDIATION,
        "keyEncipherment" => KeyUsage::KEY_ENCIPHERMENT,
        "dataEncipherment" => KeyUsage::DATA_ENCIPHERMENT,
        "keyAgreement" => KeyUsage::KEY_AGREEMENT,
        "keyCertSign" => KeyUsage::KEY_CERT_SIGN,
        "cRLSign" => KeyUsage::CRL_SIGN,
        "encipherOnly" => KeyUsage::ENCIPHER_ONLY,
        "decipherOnly" => KeyUsage::DECIPHER_ONLY,
        _ => return Err(format!("unknown key_usage {name:?}")),
    })
}

/// `$defs.KnownEKUs` names to their OIDs; a dotted OID is taken as given.
fn extended_key_usage(name: &str) -> Result<ObjectIdentifier, String> {
    match name {
        "serverAuth" => Ok(SERVER_AUTH),
        "clientAuth" => Ok(CLIENT_AUTH),
        "anyExtendedKeyUsage" => Ok(ANY_EXTENDED_KEY_USAGE),
        _ => {
            ObjectIdentifier::new(name).map_err(|_| format!("unknown extended_key_usage {name:?}"))
        }
    }
}

/// Why `expected_peer_name` gives no [`ServerName`].
enum NameProblem {
    /// The name is not a valid one of its kind: the case is a `FAILURE`.
    Invalid(String),
    /// A kind `verify_server` cannot check: the case is skipped.
    Unsupported(String),
}

fn server_name(name: Option<&PeerName>) -> Result<Option<ServerName>, NameProblem> {
    let Some(name) = name else {
        return Ok(None);
    };
    let invalid = || {
        NameProblem::Invalid(format!(
            "expected_peer_name {:?} is not a valid {:?} ServerName",
            name.value, name.kind
        ))
    };
    let parsed = ServerName::try_from(name.value.as_str()).map_err(|_| invalid())?;
    match (name.kind, &parsed) {
        (PeerKind::Dns, ServerName::Dns(_)) | (PeerKind::Ip, ServerName::Ip(_)) => Ok(Some(parsed)),
        (PeerKind::Dns | PeerKind::Ip, _) => Err(invalid()),
        (PeerKind::Rfc822, _) => Err(NameProblem::Unsupported(
            "RFC822 expected_peer_name: verify_server matches DNS names and IP addresses only"
                .to_owned(),
        )),
    }
}

/// The DER inside one PEM `X509 CRL` block.
fn crl_der_of(pem: &str) -> Result<Vec<u8>, String> {
    let block = pem::parse(pem).map_err(|e| format!("not PEM: {e}"))?;
    if block.tag() != "X509 CRL" {
        return Err(format!("PEM block {:?}, not X509 CRL", block.tag()));
    }
    Ok(block.into_contents())
}

/// The DER inside one PEM `CERTIFICATE` block.
fn der_of(pem: &str) -> Result<Vec<u8>, String> {
    let block = pem::parse(pem).map_err(|e| format!("not PEM: {e}"))?;
    if block.tag() != "CERTIFICATE" {
        return Err(format!("PEM block {:?}, not CERTIFICATE", block.tag()));
    }
    Ok(block.into_contents())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(extra: &str) -> Testcase {
        let json = format!(
            r#"{{"id":"a::b","validation_kind":"SERVER","peer_certificate":"junk",
                "expected_result":"FAILURE"{extra}}}"#
        );
        serde_json::from_str(&json).unwrap()
    }

    #[test]
    fn a_leaf_that_is_not_pem_is_a_failure() {
        let result = run_one(&case(""), None, UnixTime::from_secs(0));
        assert_eq!(result.actual, Actual::Verdict(Verdict::Failure));
        assert_eq!(result.score(), Score::Right);
        assert!(result.context.unwrap().starts_with("leaf: not PEM"));
    }

    #[test]
    fn an_invalid_peer_name_is_a_failure() {
        let (actual, context) = verify(
            &case(r#","expected_peer_name":{"kind":"DNS","value":"1.2.3.4"}"#),
            UnixTime::from_secs(0),
        );
        assert_eq!(actual, Actual::Verdict(Verdict::Failure));
        assert!(context.unwrap().contains("not a valid Dns ServerName"));
    }

    #[test]
    fn constraints_the_api_cannot_express_skip_the_case() {
        let now = UnixTime::from_secs(0);
        for extra in [
            r#","signature_algorithms":["RSASSA_PKCS1V15_WITH_SHA256"]"#,
            r#","key_usage":["digitalSignature","keyCertSign"]"#,
            r#","extended_key_usage":["bogus"]"#,
            r#","validation_time":"yesterday""#,
        ] {
            assert_eq!(verify(&case(extra), now).0, Actual::Skipped, "{extra}");
        }
    }

    #[test]
    fn maps_options_from_the_case() {
        let mapped = options(
            &case(
                r#","validation_time":"2024-04-01T00:00:00+00:00","max_chain_depth":1,
                   "key_usage":["digitalSignature"],"extended_key_usage":["clientAuth"]"#,
            ),
            UnixTime::from_secs(0),
        )
        .unwrap();
        assert_eq!(mapped.time, UnixTime::from_secs(1_711_929_600));
        assert_eq!(mapped.max_depth, 1);
        assert_eq!(mapped.key_usage, Some(KeyUsage::DIGITAL_SIGNATURE));
        assert_eq!(mapped.extended_key_usage, Some(CLIENT_AUTH));
        let defaults = options(&case(""), UnixTime::from_secs(7)).unwrap();
        assert_eq!(defaults, VerifyOptions::at(UnixTime::from_secs(7)));
    }
}
