//! How much work one verification may do: a deterministic guard against hostile inputs.
//!
//! A path builder that tries every candidate issuer can be driven into exponential work by a
//! peer (many same-named intermediates, cross-sign cycles, name-constraint blow-ups). The budget
//! counts work, not time, so a case over budget fails the same way in debug and release builds,
//! on a fast machine and a slow one.

use crate::error::{BudgetKind, Error};

/// The limits of one verification. Every default cites where it comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// Signature verifications, over all candidate paths.
    pub signatures: u32,
    /// Steps of the path builder (one per candidate issuer considered).
    pub build_steps: u32,
    /// Name-constraint comparisons (one per subtree per name checked against it).
    pub name_constraint_comparisons: u32,
}

impl Default for Budget {
    fn default() -> Self {
        Self {
            // Go's remediation of CVE-2018-16875 (crypto/x509 `maxChainSignatureChecks`), also
            // rustls-webpki's default.
            signatures: 100,
            // mozilla::pkix's limit on path-building calls (pkixbuild.cpp, `MAX_SUBCA_COUNT`
            // comment), also rustls-webpki's default.
            build_steps: 200_000,
            // Go crypto/x509's `maxConstraintComparisons` default in `VerifyOptions`.
            name_constraint_comparisons: 250_000,
        }
    }
}

/// What is left of a [`Budget`] during one verification.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Meter {
    left: Budget,
}

impl Meter {
    /// A meter holding the whole of `budget`.
    pub(crate) fn new(budget: Budget) -> Self {
        Self { left: budget }
    }

    /// Spends one signature verification.
    pub(crate) fn charge_signature(&mut self) -> Result<(), Error> {
        Self::spend(&mut self.left.signatures, 1, BudgetKind::Signatures)
    }

    /// Spends one path-building step.
    pub(crate) fn charge_build_step(&mut self) -> Result<(), Error> {
        Self::spend(&mut self.left.build_steps, 1, BudgetKind::BuildSteps)
    }

    /// Spends `n` name-constraint comparisons.
    pub(crate) fn charge_name_constraint_comparisons(&mut self, n: u32) -> Result<(), Error> {
        Self::spend(
            &mut self.left.name_constraint_comparisons,
            n,
            BudgetKind::NameConstraintComparisons,
        )
    }

    fn spend(left: &mut u32, n: u32, kind: BudgetKind) -> Result<(), Error> {
        match left.checked_sub(n) {
            Some(rest) => {
                *left = rest;
                Ok(())
            }
            None => {
                *left = 0;
                Err(Error::BudgetExceeded { kind })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_out_exactly_at_the_limit() {
        let mut meter = Meter::new(Budget {
            signatures: 2,
            build_steps: 1,
            name_constraint_comparisons: 10,
        });
        assert_eq!(meter.charge_signature(), Ok(()));
        assert_eq!(meter.charge_signature(), Ok(()));
        assert_eq!(
            meter.charge_signature(),
            Err(Error::BudgetExceeded {
                kind: BudgetKind::Signatures
            })
        );
        assert_eq!(meter.charge_build_step(), Ok(()));
        assert!(meter.charge_build_step().is_err());
        assert_eq!(meter.charge_name_constraint_comparisons(10), Ok(()));
        assert!(meter.charge_name_constraint_comparisons(1).is_err());
    }
}
