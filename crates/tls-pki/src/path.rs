//! The path builder: a depth-first search from the end-entity, through the intermediates the
//! peer sent, to any trust anchor (RFC 4158).
//!
//! ```text
//! child ──▶ candidates whose subject is child's issuer (anchors first, then intermediates;
//!           each group ordered so that an SKI matching child's AKI comes first)
//!       ──▶ per candidate: budget step ─ loop? ─ depth? ─ candidate's own checks ─ signature
//!       ──▶ anchor: whole-path checks ─▶ done          intermediate: recurse with it as child
//! ```
//!
//! Any failure of one candidate is [`Outcome::TryNext`]: the search backtracks and tries the
//! next, so a bad cross-sign, an expired duplicate or an algorithm we do not support cannot hide
//! a good path. Only running out of [`Budget`](crate::budget::Budget) is [`Outcome::Stop`]. When
//! nothing works, the highest-ranked error met ([`Error::rank`]) is reported.
//!
//! The search is deterministic: candidates are tried in the order the caller supplied them
//! (after the stable sort on key identifiers), and nothing depends on a clock or hash order.

use core::iter;

use crate::anchor::{TrustAnchor, TrustAnchors};
use crate::budget::Meter;
use crate::cert::Certificate;
use crate::checks::{self, Policy, Role, is_self_issued};
use crate::error::Error;
use crate::signature::{SignatureAlgorithm, verify_signature};
use crate::verify::{Position, Rejection};

/// However large `VerifyOptions::max_depth` is, a path holds at most this many intermediates,
/// self-issued ones included. Loop detection already bounds a path by the number of distinct
/// certificates supplied; this bounds the recursion whatever the caller supplies. Four times
/// mozilla::pkix's `MAX_SUBCA_COUNT` (6), rounded up to a power of two.
pub(crate) const MAX_PATH_INTERMEDIATES: usize = 32;

/// How one candidate issuer (or the whole search below it) ended, when it did not find a path.
///
/// Named in place of `ControlFlow<Rejection, Rejection>` (HOUSE-STYLE §7). Each carries a
/// [`Rejection`] rather than a bare [`Error`], so the certificate at fault survives the
/// backtracking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The search must end: the budget ran out.
    Stop(Rejection),
    /// This candidate failed; the next may not.
    TryNext(Rejection),
}

/// An intermediate the caller supplied, parsed, with its index in the caller's list.
#[derive(Clone, Debug)]
pub(crate) struct Intermediate<'a> {
    /// The index in the caller's list, for [`Position::Intermediate`].
    pub(crate) index: usize,
    /// The certificate.
    pub(crate) certificate: Certificate<'a>,
}

/// The intermediates of a path, end-entity side first, as indexes into the builder's
/// intermediates.
///
/// A fixed array rather than a `Vec`: no path holds more than [`MAX_PATH_INTERMEDIATES`], and the
/// search then allocates nothing.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PathIndexes {
    at: [usize; MAX_PATH_INTERMEDIATES],
    len: usize,
}

impl PathIndexes {
    /// An empty path: the end-entity alone.
    fn new() -> Self {
        Self {
            at: [0; MAX_PATH_INTERMEDIATES],
            len: 0,
        }
    }

    /// The indexes, end-entity side first.
    pub(crate) fn as_slice(&self) -> &[usize] {
        self.at.get(..self.len).unwrap_or_default()
    }

    /// Whether the path holds [`MAX_PATH_INTERMEDIATES`] already.
    fn is_full(&self) -> bool {
        self.len >= MAX_PATH_INTERMEDIATES
    }

    /// Appends `at`, unless the path is full.
    fn push(&mut self, at: usize) -> Result<(), Full> {
        let slot = self.at.get_mut(self.len).ok_or(Full)?;
        *slot = at;
        self.len = self.len.saturating_add(1);
        Ok(())
    }

    /// Removes the last index.
    fn pop(&mut self) {
        self.len = self.len.saturating_sub(1);
    }
}

/// [`PathIndexes`] holds [`MAX_PATH_INTERMEDIATES`] already.
struct Full;

/// A path the builder found: indexes into its intermediates, end-entity side first, and the
/// anchor.
#[derive(Debug)]
pub(crate) struct Found<'a> {
    /// Indexes into the `intermediates` the builder was given, in path order.
    pub(crate) path: PathIndexes,
    /// The anchor the path ends at.
    pub(crate) anchor: &'a TrustAnchor,
}

/// One search for a path from an end-entity to an anchor.
pub(crate) struct PathBuilder<'a, 'p> {
    anchors: &'a TrustAnchors,
    end_entity: &'p Certificate<'a>,
    intermediates: &'p [Intermediate<'a>],
    policy: &'p Policy,
    max_depth: usize,
    meter: Meter,
    best: Option<Rejection>,
}

impl<'a, 'p> PathBuilder<'a, 'p> {
    /// A builder for `end_entity`, whose own checks the caller has already run.
    pub(crate) fn new(
        anchors: &'a TrustAnchors,
        end_entity: &'p Certificate<'a>,
        intermediates: &'p [Intermediate<'a>],
        policy: &'p Policy,
        max_depth: usize,
        meter: Meter,
    ) -> Self {
        Self {
            anchors,
            end_entity,
            intermediates,
            policy,
            max_depth,
            meter,
            best: None,
        }
    }

    /// Searches for a path.
    pub(crate) fn build(mut self) -> Result<Found<'a>, Rejection> {
        let mut path = PathIndexes::new();
        match self.extend(&mut path) {
            Ok(anchor) => Ok(Found { path, anchor }),
            Err(Outcome::Stop(rejection)) => Err(rejection),
            Err(Outcome::TryNext(rejection)) => Err(self.best.unwrap_or(rejection)),
        }
    }

    /// Extends `path` (indexes into `intermediates`) upward from its top certificate until an
    /// anchor is reached; on failure `path` is as it was.
    fn extend(&mut self, path: &mut PathIndexes) -> Result<&'a TrustAnchor, Outcome> {
        let (child, child_position) = self.top(path.as_slice());
        let stop = |error| {
            Outcome::Stop(Rejection {
                certificate: child_position,
                error,
            })
        };

        // Each group is tried twice over rather than sorted into a list: first the candidates
        // whose key the child's authorityKeyIdentifier names, then the others, each in the
        // caller's order.
        let wanted = authority_key_identifier(child);
        let anchors = self.anchors;
        for key_named in [true, false] {
            for anchor in anchors.with_subject(child.issuer()) {
                if names_key(wanted, anchor.subject_key_identifier()) != key_named {
                    continue;
                }
                self.meter.charge_build_step().map_err(stop)?;
                let parsed = anchor.certificate();
                match self.try_anchor(path.as_slice(), child, child_position, parsed) {
                    Ok(()) => return Ok(anchor),
                    Err(Outcome::Stop(rejection)) => return Err(Outcome::Stop(rejection)),
                    Err(Outcome::TryNext(rejection)) => self.record(rejection),
                }
            }
        }

        let intermediates = self.intermediates;
        for key_named in [true, false] {
            for (at, candidate) in intermediates.iter().enumerate() {
                let certificate = &candidate.certificate;
                if certificate.subject() != child.issuer() {
                    continue;
                }
                let offered = certificate.subject_key_identifier().ok().flatten();
                if names_key(wanted, offered) != key_named {
                    continue;
                }
                self.meter.charge_build_step().map_err(stop)?;
                match self.try_intermediate(path, child, child_position, at, candidate) {
                    Ok(anchor) => return Ok(anchor),
                    Err(Outcome::Stop(rejection)) => return Err(Outcome::Stop(rejection)),
                    Err(Outcome::TryNext(rejection)) => self.record(rejection),
                }
            }
        }

        Err(Outcome::TryNext(Rejection {
            certificate: child_position,
            error: Error::UnknownIssuer,
        }))
    }

    /// Tries an anchor as the issuer of `child`, the top of `path`.
    fn try_anchor(
        &mut self,
        path: &[usize],
        child: &Certificate<'a>,
        child_position: Position,
        parsed: Result<Certificate<'a>, Error>,
    ) -> Result<(), Outcome> {
        let at_anchor = |error| {
            Outcome::TryNext(Rejection {
                certificate: Position::TrustAnchor,
                error,
            })
        };
        let anchor = parsed.map_err(at_anchor)?;
        checks::check_certificate(&anchor, Role::TrustAnchor, self.policy).map_err(at_anchor)?;
        self.check_signature(child, child_position, &anchor, Position::TrustAnchor)?;

        // The whole path on the stack: `path` holds at most MAX_PATH_INTERMEDIATES indexes, so
        // the array has room for all of it with the end-entity and the anchor.
        let on_path = path
            .iter()
            .filter_map(|at| self.intermediates.get(*at))
            .map(|intermediate| {
                (
                    &intermediate.certificate,
                    Position::Intermediate(intermediate.index),
                )
            });
        let entries = iter::once((self.end_entity, Position::EndEntity))
            .chain(on_path)
            .chain(iter::once((&anchor, Position::TrustAnchor)));
        let mut whole = [(self.end_entity, Position::EndEntity); MAX_PATH_INTERMEDIATES + 2];
        let mut len = 0;
        for (slot, entry) in whole.iter_mut().zip(entries) {
            *slot = entry;
            len += 1;
        }
        let whole = whole.get(..len).unwrap_or_default();
        checks::check_path(whole, &mut self.meter).map_err(|rejection| match rejection.error {
            Error::BudgetExceeded { .. } => Outcome::Stop(rejection),
            _ => Outcome::TryNext(rejection),
        })
    }

    /// Tries `candidate` (at index `at` of `intermediates`) as the issuer of `child`, the top
    /// of `path`, and searches on from it.
    fn try_intermediate(
        &mut self,
        path: &mut PathIndexes,
        child: &Certificate<'a>,
        child_position: Position,
        at: usize,
        candidate: &'p Intermediate<'a>,
    ) -> Result<&'a TrustAnchor, Outcome> {
        let position = Position::Intermediate(candidate.index);
        let here = |error| {
            Outcome::TryNext(Rejection {
                certificate: position,
                error,
            })
        };
        let certificate = &candidate.certificate;

        //= https://www.rfc-editor.org/rfc/rfc4158#section-5.2
        //# The authors of
        //# this document recommend that the loop detection not only detect the
        //# repetition of a certificate in the path, but also detect the presence
        //# of the same subject name / subject alternative name/ subject public
        //# key combination occurring twice in the path.
        // We compare subject and key: a repeated pair would only retrace part of the path.
        let repeats = |other: &Certificate<'_>| {
            other.subject() == certificate.subject()
                && other.subject_public_key_info().raw == certificate.subject_public_key_info().raw
        };
        if repeats(self.end_entity)
            || path
                .as_slice()
                .iter()
                .filter_map(|on_path| self.intermediates.get(*on_path))
                .any(|on_path| repeats(&on_path.certificate))
        {
            return Err(here(Error::UnknownIssuer));
        }

        // Self-issued intermediates (key rollover) are not counted against the depth, as
        // they are not against pathLenConstraint (x509-limbo `pathlen::max-chain-depth-1-self-issued`).
        let counted = path
            .as_slice()
            .iter()
            .filter_map(|on_path| self.intermediates.get(*on_path))
            .filter(|on_path| !is_self_issued(&on_path.certificate))
            .count()
            .saturating_add(usize::from(!is_self_issued(certificate)));
        let too_deep = Error::MaxDepthExceeded {
            max_depth: self.max_depth.min(MAX_PATH_INTERMEDIATES),
        };
        if counted > self.max_depth || path.is_full() {
            return Err(here(too_deep));
        }

        checks::check_certificate(certificate, Role::Intermediate, self.policy).map_err(here)?;
        self.check_signature(child, child_position, certificate, position)?;

        path.push(at).map_err(|Full| here(too_deep))?;
        let found = self.extend(path);
        if found.is_err() {
            path.pop();
        }
        found
    }

    /// Verifies `child`'s signature with `issuer`'s key, over the TBS bytes as received.
    ///
    /// An algorithm or key we do not support is [`Outcome::TryNext`]: another issuer (a
    /// cross-sign with a newer key) may do. Errors about the signature itself are reported
    /// against `child`; errors about the key, against `issuer`.
    fn check_signature(
        &mut self,
        child: &Certificate<'_>,
        child_position: Position,
        issuer: &Certificate<'_>,
        issuer_position: Position,
    ) -> Result<(), Outcome> {
        let rejection = |certificate, error| Rejection { certificate, error };
        let algorithm =
            SignatureAlgorithm::from_algorithm_identifier(child.signature_algorithm().raw)
                .map_err(|error| Outcome::TryNext(rejection(child_position, error)))?;
        self.meter
            .charge_signature()
            .map_err(|error| Outcome::Stop(rejection(child_position, error)))?;
        verify_signature(
            issuer.subject_public_key_info().raw,
            algorithm,
            child.tbs_bytes(),
            child.signature(),
        )
        .map_err(|error| match error {
            Error::BadSignature => Outcome::TryNext(rejection(child_position, error)),
            _ => Outcome::TryNext(rejection(issuer_position, error)),
        })
    }

    /// The certificate at the top of `path`, and its position.
    fn top(&self, path: &[usize]) -> (&'p Certificate<'a>, Position) {
        let intermediates: &'p [Intermediate<'a>] = self.intermediates;
        match path.last().and_then(|at| intermediates.get(*at)) {
            Some(top) => (&top.certificate, Position::Intermediate(top.index)),
            None => (self.end_entity, Position::EndEntity),
        }
    }

    /// Keeps `rejection` if it ranks above the best so far (the first among equals).
    fn record(&mut self, rejection: Rejection) {
        let better = self
            .best
            .is_none_or(|best| rejection.error.rank() > best.error.rank());
        if better {
            self.best = Some(rejection);
        }
    }
}

/// The keyIdentifier of `child`'s authorityKeyIdentifier, if it has one that parses: the key of
/// the issuer to try first.
fn authority_key_identifier<'c>(child: &Certificate<'c>) -> Option<&'c [u8]> {
    child
        .authority_key_identifier()
        .ok()
        .flatten()
        .and_then(|aki| aki.key_identifier)
}

/// Whether a candidate issuer's subjectKeyIdentifier (`offered`) is the one the child names
/// (`wanted`), when both are there to compare.
fn names_key(wanted: Option<&[u8]>, offered: Option<&[u8]>) -> bool {
    matches!((wanted, offered), (Some(wanted), Some(offered)) if wanted == offered)
}
