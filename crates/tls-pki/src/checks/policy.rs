//! The certificate policy extensions along a path, as far as a verification without an initial
//! policy set acts on them (see `cert::policies` for why that is all of it but one case).
//!
//! ```text
//! policyConstraints, inhibitAnyPolicy ─▶ critical, as RFC 5280 requires
//! requireExplicitPolicy counted down along the path (RFC 5280 §6.1.2 (d), §6.1.4 (h), (i),
//! §6.1.5 (a), (b)) ─▶ reaches zero: ExplicitPolicyRequired (the policy tree would decide)
//! ```

use crate::cert::{Certificate, Known};
use crate::error::{Error, ProfileRule};
use crate::verify::{Position, Rejection};

/// Checks the criticality RFC 5280 requires of the policy extensions a CA writes.
///
/// These are rules for CAs; we hold certificates to them because a CA that marks them
/// non-critical asks relying parties that do not process policies to ignore them, and x509-limbo
/// (`rfc5280::pc::ica-noncritical-pc`) expects the refusal.
pub(crate) fn check_criticality(certificate: &Certificate<'_>) -> Result<(), Error> {
    let extensions = certificate.extensions();
    //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.11
    //# Conforming CAs MUST mark this extension as critical.
    if extensions.has(Known::PolicyConstraints) && !extensions.is_critical(Known::PolicyConstraints)
    {
        return Err(Error::ProfileViolation {
            rule: ProfileRule::NonCriticalPolicyConstraints,
        });
    }
    //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.14
    //# Conforming CAs MUST mark this extension as critical.
    if extensions.has(Known::InhibitAnyPolicy) && !extensions.is_critical(Known::InhibitAnyPolicy) {
        return Err(Error::ProfileViolation {
            rule: ProfileRule::NonCriticalInhibitAnyPolicy,
        });
    }
    Ok(())
}

/// Counts `explicit_policy` down the path `below` (end-entity first, the anchor not included,
/// as RFC 5280 §6.1 leaves the anchor out of the path) and refuses the path if it reaches zero.
pub(crate) fn check_explicit_policy(
    below: &[(&Certificate<'_>, Position)],
) -> Result<(), Rejection> {
    let n = below.len();
    //= https://www.rfc-editor.org/rfc/rfc5280#section-6.1.2
    //# (d)  explicit_policy:  an integer that indicates if a non-NULL
    //# valid_policy_tree is required.  The integer indicates the
    //# number of non-self-issued certificates to be processed before
    //# this requirement is imposed.  Once set, this variable may be
    //# decreased, but may not be increased.  That is, if a certificate in the
    //# path requires a non-NULL valid_policy_tree, a later certificate cannot
    //# remove this requirement.  If initial-explicit-policy is set, then the
    //# initial value is 0, otherwise the initial value is n+1.
    let mut explicit_policy = n.saturating_add(1);
    // From the certificate the anchor issued (i = 1) down to the end-entity (i = n).
    for (i, (certificate, position)) in below.iter().rev().enumerate() {
        let last = i.saturating_add(1) == n;
        let require = certificate
            .policies()
            .constraints
            .and_then(|constraints| constraints.require_explicit_policy)
            .map(|skip| usize::try_from(skip).unwrap_or(usize::MAX));
        if last {
            //= https://www.rfc-editor.org/rfc/rfc5280#section-6.1.5
            //# (a)  If explicit_policy is not 0, decrement explicit_policy by
            //# 1.
            //#
            //# (b)  If a policy constraints extension is included in the
            //# certificate and requireExplicitPolicy is present and has a
            //# value of 0, set the explicit_policy state variable to 0.
            explicit_policy = explicit_policy.saturating_sub(1);
            if require == Some(0) {
                explicit_policy = 0;
            }
        } else {
            //= https://www.rfc-editor.org/rfc/rfc5280#section-6.1.4
            //# (h)  If certificate i is not self-issued:
            //#
            //# (1)  If explicit_policy is not 0, decrement explicit_policy by
            //# 1.
            if !certificate.is_self_issued() {
                explicit_policy = explicit_policy.saturating_sub(1);
            }
            //= https://www.rfc-editor.org/rfc/rfc5280#section-6.1.4
            //# (i)  If a policy constraints extension is included in the
            //# certificate, modify the explicit_policy and
            //# policy_mapping state variables as follows:
            //#
            //# (1)  If requireExplicitPolicy is present and is less than
            //# explicit_policy, set explicit_policy to the value of
            //# requireExplicitPolicy.
            if let Some(require) = require {
                explicit_policy = explicit_policy.min(require);
            }
        }
        //= https://www.rfc-editor.org/rfc/rfc5280#section-6.1.5
        //# If either (1) the value of explicit_policy variable is greater than
        //# zero or (2) the valid_policy_tree is not NULL, then path processing
        //# has succeeded.
        // Once zero it stays zero, so the path then stands or falls by its policy tree, which we
        // do not build.
        if explicit_policy == 0 {
            return Err(Rejection {
                certificate: *position,
                error: Error::ExplicitPolicyRequired,
            });
        }
    }
    Ok(())
}
