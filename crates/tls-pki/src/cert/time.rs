//! `Validity` and its `Time` values, as seconds since the Unix epoch.
//!
//! ```text
//! Validity ::= SEQUENCE {
//!      notBefore      Time,
//!      notAfter       Time }
//!
//! Time ::= CHOICE {
//!      utcTime        UTCTime,
//!      generalTime    GeneralizedTime }
//! ```

use crate::der::{TAG_GENERALIZED_TIME, TAG_SEQUENCE, TAG_UTC_TIME, Tlv, Walker, malformed};
use crate::error::Error;

/// A certificate's validity period, both ends inclusive (RFC 5280 §4.1.2.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Validity {
    /// `notBefore`, in seconds since the Unix epoch (negative before 1970).
    pub not_before: i64,
    /// `notAfter`, in seconds since the Unix epoch.
    pub not_after: i64,
}

impl Validity {
    /// Parses a `Validity` SEQUENCE.
    pub(crate) fn decode(tlv: Tlv<'_>) -> Result<Self, Error> {
        if tlv.tag != TAG_SEQUENCE {
            return Err(malformed("Validity"));
        }
        let mut walker = Walker::new(tlv.value, "Validity")?;
        let not_before = decode_time(walker.any("Validity.notBefore")?, "Validity.notBefore")?;
        let not_after = decode_time(walker.any("Validity.notAfter")?, "Validity.notAfter")?;
        walker.finish("Validity")?;
        Ok(Self {
            not_before,
            not_after,
        })
    }
}

/// Parses a `Time` into seconds since the Unix epoch.
///
/// We accept either CHOICE for any year rather than enforcing the 2050 switch-over (a rule for
/// CAs that relying parties such as rustls-webpki do not enforce either), but hold each form to
/// the exact layout RFC 5280 gives.
pub(crate) fn decode_time(tlv: Tlv<'_>, what: &'static str) -> Result<i64, Error> {
    let (year, rest) = match tlv.tag {
        //= https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5.1
        //# For the purposes of this profile, UTCTime values MUST be expressed in
        //# Greenwich Mean Time (Zulu) and MUST include seconds (i.e., times are
        //# YYMMDDHHMMSSZ), even where the number of seconds is zero.
        TAG_UTC_TIME => {
            let (&[y0, y1], rest) = tlv.value.split_first_chunk::<2>().ok_or(malformed(what))?;
            let yy = two_digits(y0, y1).ok_or(malformed(what))?;
            //= https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5.1
            //# Where YY is greater than or equal to 50, the year SHALL be
            //# interpreted as 19YY; and
            //#
            //# Where YY is less than 50, the year SHALL be interpreted as 20YY.
            let year = if yy >= 50 { 1900 + yy } else { 2000 + yy };
            (year, rest)
        }
        //= https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5.2
        //# For the purposes of this profile, GeneralizedTime values MUST be
        //# expressed in Greenwich Mean Time (Zulu) and MUST include seconds
        //# (i.e., times are YYYYMMDDHHMMSSZ), even where the number of seconds
        //# is zero.  GeneralizedTime values MUST NOT include fractional seconds.
        TAG_GENERALIZED_TIME => {
            let (&[c0, c1, y0, y1], rest) =
                tlv.value.split_first_chunk::<4>().ok_or(malformed(what))?;
            let century = two_digits(c0, c1).ok_or(malformed(what))?;
            let yy = two_digits(y0, y1).ok_or(malformed(what))?;
            (century * 100 + yy, rest)
        }
        _ => return Err(malformed(what)),
    };
    let [mo0, mo1, d0, d1, h0, h1, mi0, mi1, s0, s1, b'Z'] = *rest else {
        return Err(malformed(what));
    };
    let fields = (
        two_digits(mo0, mo1),
        two_digits(d0, d1),
        two_digits(h0, h1),
        two_digits(mi0, mi1),
        two_digits(s0, s1),
    );
    let (Some(month), Some(day), Some(hour), Some(minute), Some(second)) = fields else {
        return Err(malformed(what));
    };
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return Err(malformed(what));
    }
    let days = days_from_civil(year, month, day);
    Ok(days * 86_400 + hour * 3_600 + minute * 60 + second)
}

/// The value of two ASCII digits, if they are digits.
#[inline]
fn two_digits(tens: u8, units: u8) -> Option<i64> {
    let (tens, units) = (tens.wrapping_sub(b'0'), units.wrapping_sub(b'0'));
    (tens < 10 && units < 10).then(|| i64::from(tens * 10 + units))
}

/// Days in `month` of `year` in the proleptic Gregorian calendar.
fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Seconds since the Unix epoch shown as an RFC 3339 UTC time (`2026-04-27T08:36:37Z`), for
/// error messages a person reads.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rfc3339(pub(crate) i64);

impl core::fmt::Display for Rfc3339 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let days = self.0.div_euclid(86_400);
        let seconds = self.0.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            seconds / 3600,
            seconds % 3600 / 60,
            seconds % 60
        )
    }
}

/// The proleptic Gregorian date of a day number (days since 1970-01-01): the inverse of
/// [`days_from_civil`], after Howard Hinnant's `civil_from_days`.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era
        .saturating_add(era.saturating_mul(400))
        .saturating_add(i64::from(month <= 2));
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(tag: u8, text: &str) -> Result<i64, Error> {
        let mut raw = vec![tag, u8::try_from(text.len()).unwrap()];
        raw.extend_from_slice(text.as_bytes());
        let tlv = Walker::new(&raw, "test").unwrap().any("test").unwrap();
        decode_time(tlv, "test")
    }

    #[test]
    fn shows_epoch_seconds_as_rfc_3339() {
        for (secs, text) in [
            (0, "1970-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (1_777_278_997, "2026-04-27T08:36:37Z"),
            (253_402_300_799, "9999-12-31T23:59:59Z"),
            (-1, "1969-12-31T23:59:59Z"),
        ] {
            assert_eq!(Rfc3339(secs).to_string(), text);
            let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
            assert_eq!(days_from_civil(year, month, day), secs.div_euclid(86_400));
        }
    }

    #[test]
    fn utc_time_decodes_to_epoch_seconds() {
        assert_eq!(time(TAG_UTC_TIME, "700101000000Z"), Ok(0));
        assert_eq!(time(TAG_UTC_TIME, "491231235959Z"), Ok(2_524_607_999));
        assert_eq!(time(TAG_UTC_TIME, "500101000000Z"), Ok(-631_152_000));
    }

    #[test]
    fn generalized_time_decodes_to_epoch_seconds() {
        assert_eq!(
            time(TAG_GENERALIZED_TIME, "20500101000000Z"),
            Ok(2_524_608_000)
        );
        assert_eq!(
            time(TAG_GENERALIZED_TIME, "99991231235959Z"),
            Ok(253_402_300_799)
        );
        assert_eq!(
            time(TAG_GENERALIZED_TIME, "20000229120000Z"),
            Ok(951_825_600)
        );
    }

    #[test]
    fn rejects_times_outside_the_profile() {
        for (tag, text) in [
            (TAG_UTC_TIME, "7001010000Z"),
            (TAG_UTC_TIME, "700101000000+0100"),
            (TAG_UTC_TIME, "700101000000"),
            (TAG_GENERALIZED_TIME, "20000101000000.5Z"),
            (TAG_GENERALIZED_TIME, "19000229000000Z"),
            (TAG_GENERALIZED_TIME, "20001301000000Z"),
            (TAG_GENERALIZED_TIME, "20000101240000Z"),
            (TAG_GENERALIZED_TIME, "20000101235960Z"),
            (TAG_GENERALIZED_TIME, "2000010123595aZ"),
        ] {
            assert!(time(tag, text).is_err(), "{text}");
        }
    }
}
