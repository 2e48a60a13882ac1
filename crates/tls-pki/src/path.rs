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
//! Nothing is allocated. Intermediates are located (subject, and where needed the key
//! identifier) without being parsed, and parsed when tried, into the frame of the recursion
//! that tries them; the certificates of the path so far are a chain of [`Link`]s through those
//! frames. Anchors were parsed when loaded.
//!
//! The search is deterministic: candidates are tried in the order the caller supplied them
//! (after the ordering on key identifiers), and nothing depends on a clock or hash order.

use crate::anchor::{TrustAnchor, TrustAnchors};
use crate::budget::Meter;
use crate::cert::{Certificate, locate_subject, locate_subject_key_identifier};
use crate::checks::{self, Policy, Role};
use crate::error::Error;
use crate::signature::{KeyInfo, SignatureAlgorithm};
use crate::verify::{MAX_SUPPLIED_INTERMEDIATES, Position, Rejection};

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

/// An intermediate the caller supplied, located but not parsed. Its index among the candidates
/// is its index in the caller's list.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Candidate<'a> {
    /// The certificate's DER.
    pub(crate) der: &'a [u8],
    /// Its subject Name TLV; empty if it could not be located (it then names no issuer).
    subject: &'a [u8],
}

impl<'a> Candidate<'a> {
    /// Locates the subject of `der`.
    pub(crate) fn new(der: &'a [u8]) -> Self {
        Self {
            der,
            subject: locate_subject(der).unwrap_or_default(),
        }
    }
}

/// The intermediates of a path, end-entity side first, as indexes into the builder's
/// candidates (of which there are at most [`MAX_SUPPLIED_INTERMEDIATES`], so an octet holds
/// each).
#[derive(Clone, Copy, Debug)]
pub(crate) struct PathIndexes {
    at: [u8; MAX_PATH_INTERMEDIATES],
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
    pub(crate) fn as_slice(&self) -> &[u8] {
        self.at.get(..self.len).unwrap_or_default()
    }

    /// Appends `at`, unless the path is full.
    fn push(&mut self, at: usize) -> Result<(), Full> {
        let slot = self.at.get_mut(self.len).ok_or(Full)?;
        *slot = u8::try_from(at).map_err(|_| Full)?;
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

/// One certificate of the path so far, in the frame that parsed it, with the one below it.
struct Link<'l, 'a> {
    certificate: &'l Certificate<'a>,
    position: Position,
    below: Option<&'l Self>,
}

impl<'l, 'a> Link<'l, 'a> {
    /// The certificates from this one down to the end-entity.
    fn down(&'l self) -> impl Iterator<Item = &'l Link<'l, 'a>> {
        core::iter::successors(Some(self), |link| link.below)
    }
}

/// A path the builder found: indexes into its candidates, end-entity side first, and the
/// anchor.
#[derive(Debug)]
pub(crate) struct Found<'a> {
    /// Indexes into the candidates the builder was given, in path order.
    pub(crate) path: PathIndexes,
    /// The anchor the path ends at.
    pub(crate) anchor: &'a TrustAnchor,
}

/// One search for a path from an end-entity to an anchor.
pub(crate) struct PathBuilder<'a, 'p> {
    anchors: &'a TrustAnchors,
    candidates: &'p [Candidate<'a>],
    policy: &'p Policy<'p>,
    max_depth: usize,
    meter: Meter,
    best: Option<Rejection>,
}

impl<'a, 'p> PathBuilder<'a, 'p> {
    /// A builder over `candidates`, for an end-entity whose own checks the caller has run.
    pub(crate) fn new(
        anchors: &'a TrustAnchors,
        candidates: &'p [Candidate<'a>],
        policy: &'p Policy<'p>,
        max_depth: usize,
        meter: Meter,
    ) -> Self {
        Self {
            anchors,
            candidates,
            policy,
            max_depth,
            meter,
            best: None,
        }
    }

    /// Searches for a path from `end_entity`.
    pub(crate) fn build(mut self, end_entity: &Certificate<'a>) -> Result<Found<'a>, Rejection> {
        let mut path = PathIndexes::new();
        let link = Link {
            certificate: end_entity,
            position: Position::EndEntity,
            below: None,
        };
        match self.extend(&mut path, &link) {
            Ok(anchor) => Ok(Found { path, anchor }),
            Err(Outcome::Stop(rejection)) => Err(rejection),
            Err(Outcome::TryNext(rejection)) => Err(self.best.unwrap_or(rejection)),
        }
    }

    /// Extends `path` upward from `top` (the last of `path`, or the end-entity) until an anchor
    /// is reached; on failure `path` is as it was.
    fn extend(
        &mut self,
        path: &mut PathIndexes,
        top: &Link<'_, 'a>,
    ) -> Result<&'a TrustAnchor, Outcome> {
        let child = top.certificate;
        let stop = |error| {
            Outcome::Stop(Rejection {
                certificate: top.position,
                error,
            })
        };
        let issuer = child.issuer();
        let anchors = self.anchors;
        let candidates = self.candidates;
        let matching_anchors = anchors.with_subject(issuer).count();
        let matching_candidates = candidates.iter().filter(|c| c.subject == issuer).count();

        // With several candidates, each group is tried twice over rather than sorted into a
        // list: first those whose key the child's authorityKeyIdentifier names, then the
        // others, each in the caller's order. A single candidate needs no ordering, so its key
        // identifier is not even located.
        let wanted = authority_key_identifier(child);
        let several = matching_anchors.saturating_add(matching_candidates) > 1 && wanted.is_some();
        let passes: &[bool] = if several { &[true, false] } else { &[false] };
        for &key_named in passes {
            for anchor in anchors.with_subject(issuer) {
                if several && names_key(wanted, anchor.subject_key_identifier()) != key_named {
                    continue;
                }
                self.meter.charge_build_step().map_err(stop)?;
                match self.try_anchor(top, anchor) {
                    Ok(()) => return Ok(anchor),
                    Err(Outcome::Stop(rejection)) => return Err(Outcome::Stop(rejection)),
                    Err(Outcome::TryNext(rejection)) => self.record(rejection),
                }
            }
        }
        for &key_named in passes {
            for (at, candidate) in candidates.iter().enumerate() {
                if candidate.subject != issuer {
                    continue;
                }
                if several {
                    let offered = locate_subject_key_identifier(candidate.der);
                    if names_key(wanted, offered) != key_named {
                        continue;
                    }
                }
                self.meter.charge_build_step().map_err(stop)?;
                match self.try_intermediate(path, top, at, candidate) {
                    Ok(anchor) => return Ok(anchor),
                    Err(Outcome::Stop(rejection)) => return Err(Outcome::Stop(rejection)),
                    Err(Outcome::TryNext(rejection)) => self.record(rejection),
                }
            }
        }

        Err(Outcome::TryNext(Rejection {
            certificate: top.position,
            error: Error::UnknownIssuer,
        }))
    }

    /// Tries `anchor` as the issuer of `top`'s certificate, and checks the whole path.
    fn try_anchor(&mut self, top: &Link<'_, 'a>, anchor: &'a TrustAnchor) -> Result<(), Outcome> {
        let at_anchor = |error| {
            Outcome::TryNext(Rejection {
                certificate: Position::TrustAnchor,
                error,
            })
        };
        checks::check_anchor(anchor, self.policy).map_err(at_anchor)?;
        self.check_signature(top, anchor.signer().key, Position::TrustAnchor)?;

        // The whole path on the stack, end-entity first: the links run top-down, and hold at
        // most MAX_PATH_INTERMEDIATES intermediates and the end-entity.
        let mut whole = [(top.certificate, top.position); MAX_PATH_INTERMEDIATES + 1];
        let len = top.down().count().min(whole.len());
        for (slot, link) in whole.iter_mut().take(len).rev().zip(top.down()) {
            *slot = (link.certificate, link.position);
        }
        let whole = whole.get(..len).unwrap_or_default();
        checks::check_path(whole, anchor, self.policy, &mut self.meter).map_err(|rejection| {
            match rejection.error {
                Error::BudgetExceeded { .. } => Outcome::Stop(rejection),
                _ => Outcome::TryNext(rejection),
            }
        })
    }

    /// Tries `candidate` (at index `at` of the candidates) as the issuer of `top`'s
    /// certificate, and searches on from it.
    fn try_intermediate(
        &mut self,
        path: &mut PathIndexes,
        top: &Link<'_, 'a>,
        at: usize,
        candidate: &Candidate<'a>,
    ) -> Result<&'a TrustAnchor, Outcome> {
        let position = Position::Intermediate(at);
        let here = |error| {
            Outcome::TryNext(Rejection {
                certificate: position,
                error,
            })
        };
        let certificate = Certificate::from_der(candidate.der).map_err(here)?;

        //= https://www.rfc-editor.org/rfc/rfc4158#section-5.2
        //# The authors of
        //# this document recommend that the loop detection not only detect the
        //# repetition of a certificate in the path, but also detect the presence
        //# of the same subject name / subject alternative name/ subject public
        //# key combination occurring twice in the path.
        // We compare subject and key: a repeated pair would only retrace part of the path.
        let repeats = |link: &Link<'_, '_>| {
            link.certificate.subject() == certificate.subject()
                && link.certificate.public_key().raw == certificate.public_key().raw
        };
        if top.down().any(repeats) {
            return Err(here(Error::UnknownIssuer));
        }

        // Self-issued intermediates (key rollover) are not counted against the depth, as
        // they are not against pathLenConstraint (x509-limbo `pathlen::max-chain-depth-1-self-issued`).
        let counted = top
            .down()
            .filter(|link| link.position != Position::EndEntity)
            .filter(|link| !link.certificate.is_self_issued())
            .count()
            .saturating_add(usize::from(!certificate.is_self_issued()));
        let too_deep = Error::MaxDepthExceeded {
            max_depth: self.max_depth.min(MAX_PATH_INTERMEDIATES),
        };
        if counted > self.max_depth || path.as_slice().len() >= MAX_PATH_INTERMEDIATES {
            return Err(here(too_deep));
        }

        checks::check_certificate(&certificate, Role::Intermediate, self.policy).map_err(here)?;
        self.check_signature(top, certificate.public_key().info, position)?;

        path.push(at).map_err(|Full| here(too_deep))?;
        let link = Link {
            certificate: &certificate,
            position,
            below: Some(top),
        };
        let found = self.extend(path, &link);
        if found.is_err() {
            path.pop();
        }
        found
    }

    /// Verifies the signature of `child`'s certificate with the issuer's key, over the TBS
    /// bytes as received.
    ///
    /// An algorithm or key we do not support is [`Outcome::TryNext`]: another issuer (a
    /// cross-sign with a newer key) may do. Errors about the signature itself are reported
    /// against the child; errors about the key, against the issuer.
    fn check_signature(
        &mut self,
        child: &Link<'_, 'a>,
        key: KeyInfo<'_>,
        issuer_position: Position,
    ) -> Result<(), Outcome> {
        let rejection = |certificate, error| Rejection { certificate, error };
        let certificate = child.certificate;
        let signature_algorithm = certificate.signature_algorithm_parts();
        let algorithm =
            SignatureAlgorithm::from_parts(signature_algorithm.oid, signature_algorithm.parameters)
                .map_err(|error| Outcome::TryNext(rejection(child.position, error)))?;
        self.meter
            .charge_signature()
            .map_err(|error| Outcome::Stop(rejection(child.position, error)))?;
        key.verify(algorithm, certificate.tbs_bytes(), certificate.signature())
            .map_err(|error| match error {
                Error::BadSignature => Outcome::TryNext(rejection(child.position, error)),
                _ => Outcome::TryNext(rejection(issuer_position, error)),
            })
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

/// The candidates for a verification: the first [`MAX_SUPPLIED_INTERMEDIATES`] intermediates
/// supplied, located, in a fixed array.
pub(crate) struct Candidates<'a> {
    slots: [Candidate<'a>; MAX_SUPPLIED_INTERMEDIATES],
    len: usize,
}

impl<'a> Candidates<'a> {
    /// No candidates yet.
    pub(crate) fn new() -> Self {
        Self {
            slots: [Candidate {
                der: &[],
                subject: &[],
            }; MAX_SUPPLIED_INTERMEDIATES],
            len: 0,
        }
    }

    /// Locates each supplied intermediate, up to [`MAX_SUPPLIED_INTERMEDIATES`].
    pub(crate) fn locate(&mut self, intermediates: &[&'a [u8]]) {
        for (slot, der) in self.slots.iter_mut().zip(intermediates) {
            *slot = Candidate::new(der);
            self.len += 1;
        }
    }

    /// The candidates, in the caller's order.
    pub(crate) fn as_slice(&self) -> &[Candidate<'a>] {
        self.slots.get(..self.len).unwrap_or_default()
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
