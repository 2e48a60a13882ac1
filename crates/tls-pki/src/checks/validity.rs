//! The validity period of every certificate on a path, the trust anchor's included.
//!
//! RFC 5280 §6.1 does not check a trust anchor's dates, but an anchor given to us as a
//! certificate carries them, and x509-limbo (`rfc5280::validity::expired-root`) and
//! pyca/cryptography refuse an expired root: a root past its end is one its owner no longer
//! vouches for.

use crate::cert::Validity;
use crate::error::Error;
use crate::verify::UnixTime;

/// Checks that `time` falls within `validity`, both ends included.
//= https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5
//# The validity period for a certificate is the period of time from
//# notBefore through notAfter, inclusive.
//= https://www.rfc-editor.org/rfc/rfc5280#section-6.1.3
//# (2)  The certificate validity period includes the current time.
pub(crate) fn check_validity(validity: Validity, time: UnixTime) -> Result<(), Error> {
    let now = time.as_secs();
    match (now < validity.not_before, now > validity.not_after) {
        (false, false) => Ok(()),
        (true, _) => Err(Error::NotYetValid {
            not_before: validity.not_before,
            time: now,
        }),
        (false, true) => Err(Error::Expired {
            not_after: validity.not_after,
            time: now,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PERIOD: Validity = Validity {
        not_before: 1_000,
        not_after: 2_000,
    };

    #[test]
    fn accepts_both_ends_of_the_period() {
        assert_eq!(check_validity(PERIOD, UnixTime::from_secs(1_000)), Ok(()));
        assert_eq!(check_validity(PERIOD, UnixTime::from_secs(2_000)), Ok(()));
    }

    #[test]
    fn rejects_one_second_outside_the_period() {
        assert_eq!(
            check_validity(PERIOD, UnixTime::from_secs(999)),
            Err(Error::NotYetValid {
                not_before: 1_000,
                time: 999
            })
        );
        assert_eq!(
            check_validity(PERIOD, UnixTime::from_secs(2_001)),
            Err(Error::Expired {
                not_after: 2_000,
                time: 2_001
            })
        );
    }
}
