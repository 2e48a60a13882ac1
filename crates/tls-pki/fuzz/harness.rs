//! The tls-pki fuzz harnesses, in one copy: the cargo-fuzz targets (`fuzz_targets/*.rs`) and
//! the stable replay test (`tests/fuzz_corpus.rs`) all include this file with `#[path]`.
//!
//! `parse_certificate`: the whole input is one DER certificate.
//!
//! `verify_chain`: one configuration byte, then certificates, each framed by a two-octet
//! big-endian length (a frame whose length runs past the end takes what is left; at most
//! [`MAX_CERTIFICATES`] frames are read):
//!
//! ```text
//! byte 0, bit 7 6 5 4 3 2 1 0
//!              │ │ │ │ └┬┘ └┬┘
//!              │ │ │ │  │   └── server name: none, "localhost", "127.0.0.1",
//!              │ │ │ │  │       "example.ulfheim.net" (SERVER_NAMES)
//!              │ │ │ │  └────── verification time (TIMES)
//!              │ │ │ └───────── also run verify_client
//!              │ │ └─────────── max_depth 1 instead of the default
//!              │ └───────────── the last frame is a CRL to check revocation against (an
//!              │                unknown status then fails)
//!              └─────────────── unused
//! frame 0      the trust anchor: TrustAnchors holding it alone (none if it does not parse)
//! frame 1      the end-entity certificate
//! frames 2..   the intermediates, in the order given
//! ```
//!
//! Any error is fine: every byte is the peer's. What must hold on every input, and is asserted
//! here, is the crate's promise:
//! - nothing panics;
//! - a certificate that parses keeps its bytes (`der()` is the input, the TBS, subject and
//!   issuer lie inside it), every accessor answers, and it is accepted as a trust anchor with
//!   the same subject; a certificate refused for anything but its serial number is refused as a
//!   trust anchor too;
//! - a verified path starts at the end-entity given, holds only intermediates given (no more
//!   than `max_depth`), ends at an anchor of the set, chains by name (each issuer is the next
//!   subject) and every certificate on it is valid at the verification time;
//! - a rejection names a certificate that was given.

#![allow(
    dead_code,
    reason = "each fuzz target calls one harness; the replay test calls both"
)]

use tls_pki::cert::Certificate;
use tls_pki::name::ServerName;
use tls_pki::{Position, TrustAnchor, TrustAnchors, UnixTime, VerifyOptions};

/// At most this many frames are read: an anchor, an end-entity and eight intermediates, more
/// than `max_depth` allows, so that the depth limit is reached.
pub(crate) const MAX_CERTIFICATES: usize = 10;

/// The server names bits 0-1 choose from: none, and the names the seeds' leaves carry.
const SERVER_NAMES: [Option<&str>; 4] = [
    None,
    Some("localhost"),
    Some("127.0.0.1"),
    Some("example.ulfheim.net"),
];

/// The verification times bits 2-3 choose from, in seconds since the epoch: inside the OpenSSL
/// chain's validity (2027-01-01), inside illustrated-tls13's (2019-01-01), the epoch, and after
/// every seed expired (2200-01-01).
const TIMES: [i64; 4] = [1_798_761_600, 1_546_300_800, 0, 7_258_118_400];

/// The configuration byte, unpacked.
struct Config {
    server_name: Option<ServerName>,
    time: UnixTime,
    verify_client: bool,
    shallow: bool,
    crl: bool,
}

impl Config {
    fn from_byte(byte: u8) -> Self {
        let server_name = SERVER_NAMES[usize::from(byte & 0b11)]
            .map(|name| ServerName::try_from(name).expect("the table holds valid names"));
        Self {
            server_name,
            time: UnixTime::from_secs(TIMES[usize::from((byte >> 2) & 0b11)]),
            verify_client: byte & 0x10 != 0,
            shallow: byte & 0x20 != 0,
            crl: byte & 0x40 != 0,
        }
    }
}

/// What one certificate went through.
#[derive(Debug, Default)]
pub(crate) struct ParseOutcome {
    /// `Certificate::from_der` accepted it.
    pub(crate) parsed: bool,
    /// `TrustAnchor::from_der` accepted it.
    pub(crate) anchor: bool,
}

/// What one chain went through, for the replay test to check that its seeds reach the path
/// builder rather than being refused at the framing.
#[derive(Debug, Default)]
pub(crate) struct ChainOutcome {
    /// Frames read (anchor included).
    pub(crate) certificates: usize,
    /// Frames that parsed as certificates.
    pub(crate) parsed: usize,
    /// Whether frame 0 became a trust anchor.
    pub(crate) anchor: bool,
    /// Verifications (server, and client if configured) that returned a path.
    pub(crate) verified: usize,
    /// Verifications that returned a rejection.
    pub(crate) rejected: usize,
}

/// Parses one certificate and calls every accessor; panics on a broken promise (see the module
/// docs), never on a parse error.
pub(crate) fn parse_certificate(data: &[u8]) -> ParseOutcome {
    // The same bytes as a CRL: it loads, or says why not, and what it keeps lies in them.
    match tls_pki::Crl::from_der(data) {
        Ok(crl) => {
            assert_eq!(crl.der(), data);
            assert!(crl.issuer().len() <= data.len());
        }
        Err(error) => assert!(matches!(error, tls_pki::Error::UnusableCrl { .. })),
    }
    let anchor = TrustAnchor::from_der(data);
    let outcome = ParseOutcome {
        parsed: false,
        anchor: anchor.is_ok(),
    };
    let certificate = match Certificate::from_der(data) {
        Ok(certificate) => certificate,
        Err(error) => {
            let _ = (error.class(), error.to_string());
            // The anchor rules are the certificate rules but for the serial number.
            if !matches!(error, tls_pki::Error::InvalidSerialNumber { .. }) {
                assert!(
                    anchor.is_err(),
                    "an anchor parsed where a certificate did not: {error}"
                );
            }
            return outcome;
        }
    };
    exercise(&certificate, data);
    let anchor = anchor.expect("a certificate that parses is a valid anchor");
    assert_eq!(anchor.der(), data);
    assert_eq!(anchor.subject(), certificate.subject());
    assert_eq!(anchor.certificate().as_ref(), Ok(&certificate));
    ParseOutcome {
        parsed: true,
        ..outcome
    }
}

/// Calls every accessor of a parsed certificate and checks that what it borrows lies in `der`.
fn exercise(certificate: &Certificate<'_>, der: &[u8]) {
    assert_eq!(certificate.der(), der);
    for part in [
        certificate.tbs_bytes(),
        certificate.subject(),
        certificate.issuer(),
        certificate.serial_number(),
        certificate.signature(),
        certificate.subject_public_key_info().raw,
        certificate.signature_algorithm().raw,
    ] {
        assert!(
            inside(der, part),
            "a field does not borrow from the certificate"
        );
    }
    let _ = (certificate.version(), certificate.validity());
    let _ = certificate.basic_constraints();
    let _ = certificate.key_usage();
    if let Ok(Some(usage)) = certificate.extended_key_usage() {
        let _ = usage.purposes().count();
    }
    if let Ok(Some(names)) = certificate.subject_alt_name() {
        let _ = names.names().count();
    }
    let _ = certificate.name_constraints();
    let _ = certificate.authority_key_identifier();
    let _ = certificate.subject_key_identifier();
    if let Ok(Some(points)) = certificate.crl_distribution_points() {
        let _ = points.points().count();
    }
    let _ = certificate.extensions().unknown_critical().count();
    let extensions = certificate.extensions();
    for extension in extensions.iter() {
        assert!(inside(der, extension.value));
        assert_eq!(extensions.find(extension.oid), Some(extension));
    }
}

/// Whether `part` is a sub-slice of `whole` (by address, not by value).
fn inside(whole: &[u8], part: &[u8]) -> bool {
    let start = whole.as_ptr().addr();
    let at = part.as_ptr().addr();
    at >= start && at + part.len() <= start + whole.len()
}

/// Cuts the frames after the configuration byte.
pub(crate) fn frames(mut rest: &[u8]) -> Vec<&[u8]> {
    let mut frames = Vec::new();
    while frames.len() < MAX_CERTIFICATES {
        let Some((len, after)) = rest.split_first_chunk::<2>() else {
            break;
        };
        let len = usize::from(u16::from_be_bytes(*len)).min(after.len());
        let (frame, after) = after.split_at(len);
        frames.push(frame);
        rest = after;
    }
    frames
}

/// Verifies the framed chain; panics on a broken promise (see the module docs), never on a
/// rejection.
pub(crate) fn verify_chain(data: &[u8]) -> ChainOutcome {
    let mut outcome = ChainOutcome::default();
    let Some((&config, rest)) = data.split_first() else {
        return outcome;
    };
    let config = Config::from_byte(config);
    let mut frames = frames(rest);
    let crl = match (config.crl, frames.pop()) {
        (true, Some(last)) => tls_pki::Crl::from_der(last).ok(),
        (false, Some(last)) => {
            frames.push(last);
            None
        }
        (_, None) => None,
    };
    outcome.certificates = frames.len();
    for frame in &frames {
        if parse_certificate(frame).parsed {
            outcome.parsed += 1;
        }
    }
    let Some((anchor, chain)) = frames.split_first() else {
        return outcome;
    };
    let mut anchors = TrustAnchors::new();
    if let Ok(anchor) = TrustAnchor::from_der(anchor) {
        anchors.add(anchor);
        outcome.anchor = true;
    }
    let Some((end_entity, intermediates)) = chain.split_first() else {
        return outcome;
    };
    let mut options = VerifyOptions::at(config.time);
    if config.shallow {
        options.max_depth = 1;
    }
    if let Some(crl) = crl {
        options.revocation = Some(tls_pki::Revocation {
            crls: vec![crl].into(),
            unknown_status: tls_pki::UnknownStatus::Deny,
        });
    }
    let server = anchors.verify_server(
        end_entity,
        intermediates,
        config.server_name.as_ref(),
        &options,
    );
    check(
        &anchors,
        end_entity,
        intermediates,
        &options,
        server,
        &mut outcome,
    );
    if config.verify_client {
        let client = anchors.verify_client(end_entity, intermediates, &options);
        check(
            &anchors,
            end_entity,
            intermediates,
            &options,
            client,
            &mut outcome,
        );
    }
    outcome
}

/// Checks what a verification returned against the promises of the module docs.
fn check(
    anchors: &TrustAnchors,
    end_entity: &[u8],
    intermediates: &[&[u8]],
    options: &VerifyOptions,
    result: Result<tls_pki::VerifiedPath<'_>, tls_pki::Rejection>,
    outcome: &mut ChainOutcome,
) {
    match result {
        Ok(path) => {
            outcome.verified += 1;
            assert_eq!(path.end_entity().der(), end_entity);
            assert!(path.intermediates().len() <= options.max_depth);
            for intermediate in path.intermediates() {
                assert!(
                    intermediates.contains(intermediate),
                    "the path holds an intermediate that was not given"
                );
            }
            let anchor = path.anchor();
            assert!(
                anchors.iter().any(|held| held == anchor),
                "the path ends at an anchor outside the set"
            );
            let anchor = anchor.certificate().expect("an anchor parses");
            let parsed: Vec<Certificate<'_>> = path
                .intermediates()
                .iter()
                .map(|der| Certificate::from_der(der).expect("an intermediate of a path parses"))
                .collect();
            let end_entity = path.end_entity();
            let mut path_order: Vec<&Certificate<'_>> = vec![&end_entity];
            path_order.extend(&parsed);
            let time = options.time.as_secs();
            for (index, certificate) in path_order.iter().enumerate() {
                let issuer_subject = path_order
                    .get(index + 1)
                    .map_or(anchor.subject(), |issuer| issuer.subject());
                assert_eq!(
                    certificate.issuer(),
                    issuer_subject,
                    "the path does not chain"
                );
                let validity = certificate.validity();
                assert!(
                    validity.not_before <= time && time <= validity.not_after,
                    "the path holds a certificate that is not valid at the time"
                );
            }
        }
        Err(rejection) => {
            outcome.rejected += 1;
            let _ = (rejection.class(), rejection.to_string());
            if let Position::Intermediate(index) = rejection.certificate {
                assert!(
                    index < intermediates.len(),
                    "a rejection names a certificate not given"
                );
            }
        }
    }
}
