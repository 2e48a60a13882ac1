//! The public entry points of path validation: [`TrustAnchors::verify_server`] and
//! [`TrustAnchors::verify_client`], their [`VerifyOptions`], and what they return.

use core::fmt;

use der::oid::ObjectIdentifier;

use crate::anchor::{TrustAnchor, TrustAnchors};
use crate::budget::{Budget, Meter};
use crate::cert::{Certificate, GeneralName, KeyUsage};
use crate::checks::eku::{ID_KP_CLIENT_AUTH, ID_KP_SERVER_AUTH};
use crate::checks::{Policy, Role, check_certificate};
use crate::crl::Revocation;
use crate::error::{CertificateFault, Error};
use crate::name::{PresentedId, ServerName};
use crate::path::{Candidates, MAX_PATH_INTERMEDIATES, PathBuilder};

/// A point in time, in seconds since the Unix epoch (1970-01-01T00:00:00Z), ignoring leap seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime(i64);

impl UnixTime {
    /// The time `secs` seconds after the epoch (before it, if negative).
    pub fn from_secs(secs: i64) -> Self {
        Self(secs)
    }

    /// The system clock's current time. Verification itself never reads a clock: callers
    /// choose this or an injected time in [`VerifyOptions::time`].
    pub fn now() -> Self {
        let secs = match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
            Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
        };
        Self(secs)
    }

    /// Seconds since the epoch.
    pub fn as_secs(self) -> i64 {
        self.0
    }
}

/// What a verification checks beyond the path itself, and how much work it may do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyOptions {
    /// The time every certificate of the path must be valid at.
    pub time: UnixTime,
    /// The most intermediates a path may hold between the end-entity and the anchor.
    /// Self-issued intermediates (key rollover) are not counted, as RFC 5280 §4.2.1.9 does not
    /// count them against `pathLenConstraint`; the builder never goes beyond 32 intermediates
    /// in all, whatever this says.
    pub max_depth: usize,
    /// Bits the end-entity's keyUsage must allow, if it has a keyUsage extension.
    pub key_usage: Option<KeyUsage>,
    /// The purpose the end-entity's extKeyUsage must allow; `None` means `id-kp-serverAuth`
    /// for [`TrustAnchors::verify_server`] and `id-kp-clientAuth` for
    /// [`TrustAnchors::verify_client`].
    pub extended_key_usage: Option<ObjectIdentifier>,
    /// The work the path builder may do.
    pub budget: Budget,
    /// The CRLs to check every certificate of the path (but the anchor) against; `None`
    /// checks no revocation.
    pub revocation: Option<Revocation>,
}

/// The default for [`VerifyOptions::max_depth`]: mozilla::pkix's `MAX_SUBCA_COUNT`
/// (pkixbuild.cpp), which rustls-webpki also uses. Web PKI paths hold one or two intermediates.
pub const DEFAULT_MAX_DEPTH: usize = 6;

/// Only the first this many intermediates a caller supplies are considered; the rest are
/// ignored.
///
/// A TLS Certificate message may be 16 MiB long and carry tens of thousands of certificates,
/// each of which we would parse and keep (about 500 bytes apiece). No path holds more than 32
/// intermediates, Web PKI servers send one to three, and x509-limbo's path-building cases
/// (BetterTLS) send 35; its `pathological::*` cases send 100 and must fail, which they still
/// do on the first 64.
pub const MAX_SUPPLIED_INTERMEDIATES: usize = 64;

impl VerifyOptions {
    /// Options that verify at `time`, with the defaults for everything else.
    pub fn at(time: UnixTime) -> Self {
        Self {
            time,
            max_depth: DEFAULT_MAX_DEPTH,
            key_usage: None,
            extended_key_usage: None,
            budget: Budget::default(),
            revocation: None,
        }
    }
}

/// Which certificate a [`Rejection`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Position {
    /// The end-entity certificate.
    EndEntity,
    /// The intermediate at this index in the list the caller supplied.
    Intermediate(usize),
    /// A trust anchor.
    TrustAnchor,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EndEntity => f.write_str("end-entity certificate"),
            Self::Intermediate(index) => write!(f, "intermediate certificate {index}"),
            Self::TrustAnchor => f.write_str("trust anchor"),
        }
    }
}

/// Why a verification failed, and about which certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// The certificate the error is about.
    pub certificate: Position,
    /// What is wrong with it.
    pub error: Error,
}

impl Rejection {
    /// The RFC 8446 §6.2 certificate alert class of the error.
    pub fn class(&self) -> CertificateFault {
        self.error.class()
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.certificate, self.error)
    }
}

impl core::error::Error for Rejection {}

/// A path that passed every check: end-entity, intermediates in path order, then the anchor.
///
/// Held without allocating: the certificates are the caller's DER slices, in a fixed array.
#[derive(Clone, Debug)]
pub struct VerifiedPath<'a> {
    end_entity: &'a [u8],
    intermediates: [&'a [u8]; MAX_PATH_INTERMEDIATES],
    len: usize,
    anchor: &'a TrustAnchor,
}

impl<'a> VerifiedPath<'a> {
    /// The end-entity certificate's DER.
    pub fn end_entity_der(&self) -> &'a [u8] {
        self.end_entity
    }

    /// The end-entity certificate, parsed (again: the path keeps only its DER, so that
    /// returning it copies little).
    pub fn end_entity(&self) -> Certificate<'a> {
        #[expect(
            clippy::expect_used,
            reason = "these bytes parsed as a certificate when the path was verified"
        )]
        Certificate::from_der(self.end_entity).expect("the end-entity parsed before")
    }

    /// The intermediates' DER, from the one that issued the end-entity up to the one the
    /// anchor issued (each parses with [`Certificate::from_der`]).
    pub fn intermediates(&self) -> &[&'a [u8]] {
        self.intermediates.get(..self.len).unwrap_or_default()
    }

    /// The trust anchor the path ends at.
    pub fn anchor(&self) -> &'a TrustAnchor {
        self.anchor
    }
}

impl TrustAnchors {
    /// Verifies a TLS server's certificate chain: a path from `end_entity` through any of
    /// `intermediates` (in any order; unused, unparsable or duplicate ones are fine; only the
    /// first [`MAX_SUPPLIED_INTERMEDIATES`] are considered) to one of
    /// these anchors, valid at `options.time` for `id-kp-serverAuth` (or
    /// `options.extended_key_usage`), and, if `server_name` is given, a subjectAltName entry
    /// that matches it (RFC 9525; never the common name).
    pub fn verify_server<'a>(
        &'a self,
        end_entity: &'a [u8],
        intermediates: &[&'a [u8]],
        server_name: Option<&ServerName>,
        options: &VerifyOptions,
    ) -> Result<VerifiedPath<'a>, Rejection> {
        let policy = Policy {
            time: options.time,
            purpose: options.extended_key_usage.unwrap_or(ID_KP_SERVER_AUTH),
            key_usage: options.key_usage,
            server: true,
            revocation: options.revocation.as_ref(),
        };
        self.verify(end_entity, intermediates, server_name, options, &policy)
    }

    /// Verifies a TLS client's certificate chain, as [`Self::verify_server`] does but for
    /// `id-kp-clientAuth` (or `options.extended_key_usage`) and without a name to match.
    pub fn verify_client<'a>(
        &'a self,
        end_entity: &'a [u8],
        intermediates: &[&'a [u8]],
        options: &VerifyOptions,
    ) -> Result<VerifiedPath<'a>, Rejection> {
        let policy = Policy {
            time: options.time,
            purpose: options.extended_key_usage.unwrap_or(ID_KP_CLIENT_AUTH),
            key_usage: options.key_usage,
            server: false,
            revocation: options.revocation.as_ref(),
        };
        self.verify(end_entity, intermediates, None, options, &policy)
    }

    /// The end-entity's own checks, which no choice of path can mend, then the search.
    fn verify<'a>(
        &'a self,
        end_entity: &'a [u8],
        intermediates: &[&'a [u8]],
        server_name: Option<&ServerName>,
        options: &VerifyOptions,
        policy: &Policy<'_>,
    ) -> Result<VerifiedPath<'a>, Rejection> {
        let at_end_entity = |error| Rejection {
            certificate: Position::EndEntity,
            error,
        };
        let end_entity = Certificate::from_der(end_entity).map_err(at_end_entity)?;
        check_certificate(&end_entity, Role::EndEntity, policy).map_err(at_end_entity)?;
        if let Some(server_name) = server_name {
            check_server_name(&end_entity, server_name).map_err(at_end_entity)?;
        }

        // An intermediate that does not parse cannot be a candidate; the peer may send
        // certificates we do not need, so it is no reason to fail. Each is parsed when tried.
        let supplied = intermediates
            .get(..MAX_SUPPLIED_INTERMEDIATES)
            .unwrap_or(intermediates);
        let mut candidates = Candidates::new();
        candidates.locate(supplied);
        let candidates = candidates.as_slice();
        let found = PathBuilder::new(
            self,
            candidates,
            policy,
            options.max_depth,
            Meter::new(options.budget),
        )
        .build(&end_entity)?;
        let mut path = VerifiedPath {
            end_entity: end_entity.der(),
            intermediates: [&[]; MAX_PATH_INTERMEDIATES],
            len: 0,
            anchor: found.anchor,
        };
        let on_path = found
            .path
            .as_slice()
            .iter()
            .filter_map(|at| candidates.get(usize::from(*at)));
        for (slot, candidate) in path.intermediates.iter_mut().zip(on_path) {
            *slot = candidate.der;
            path.len += 1;
        }
        Ok(path)
    }
}

/// Checks that one of the end-entity's subjectAltName dNSName or iPAddress entries matches
/// `server_name`.
fn check_server_name(end_entity: &Certificate<'_>, server_name: &ServerName) -> Result<(), Error> {
    //= https://www.rfc-editor.org/rfc/rfc9525#section-2
    //# The Common Name RDN MUST NOT be used to identify a service because it is not strongly typed (it is essentially free-form text) and therefore suffers from ambiguities in interpretation.
    let san = end_entity.subject_alt_name()?;
    let presented = san
        .iter()
        .flat_map(|san| san.names())
        .filter_map(|name| match name {
            GeneralName::DnsName(dns) => Some(PresentedId::Dns(dns)),
            GeneralName::IpAddress(ip) => Some(PresentedId::Ip(ip)),
            GeneralName::Rfc822Name(_) | GeneralName::Other { .. } => None,
        });
    server_name.check_presented(presented)
}
