//! A forward-only walker over DER TLVs, borrowing from the input.
//!
//! This is the one DER reader of the workspace: tls-pki parses certificates, CRLs, keys and
//! names with it, and tls-handshake reads private keys with it before ring does. [`split_tlv`]
//! frames each TLV by DER's rules (one-octet tags, definite and minimal lengths) in a few dozen
//! instructions; this module adds the DER rules on contents that we rely on (minimal
//! `INTEGER`s, `BOOLEAN`s of `0x00` or `0xff` only) and keeps each TLV's raw bytes, so that
//! callers can slice the TBS certificate and names exactly as received. `der` (the crate) gives
//! us [`ObjectIdentifier`].
//!
//! ```text
//! bytes ──▶ Walker::new ──▶ any / expect(tag) / optional(tag) … finish ──▶ Tlv { tag, value, raw }
//!                                                                             │
//!   integer, small_unsigned, positive_integer_bits, boolean, oid, … ◀─────────┘
//! ```
//!
//! Every error is [`Error::MalformedCertificate`] whose `reason` is the `what` the caller
//! passed: the name of the field being read. A caller that reads something other than a
//! certificate (a private key) maps the error to its own.

use der::oid::ObjectIdentifier;

use crate::error::Error;

/// DER tag of `BOOLEAN`.
pub const TAG_BOOLEAN: u8 = 0x01;
/// DER tag of `INTEGER`.
pub const TAG_INTEGER: u8 = 0x02;
/// DER tag of `BIT STRING`.
pub const TAG_BIT_STRING: u8 = 0x03;
/// DER tag of `OCTET STRING`.
pub const TAG_OCTET_STRING: u8 = 0x04;
/// DER tag of `OBJECT IDENTIFIER`.
pub const TAG_OID: u8 = 0x06;
/// DER tag of `UTCTime`.
pub const TAG_UTC_TIME: u8 = 0x17;
/// DER tag of `GeneralizedTime`.
pub const TAG_GENERALIZED_TIME: u8 = 0x18;
/// DER tag of a constructed `SEQUENCE`.
pub const TAG_SEQUENCE: u8 = 0x30;

/// One DER TLV: its tag byte, its value and the whole encoding.
#[derive(Clone, Copy, Debug)]
pub struct Tlv<'a> {
    /// The first identifier octet (every tag we match fits in one).
    pub tag: u8,
    /// The contents octets.
    pub value: &'a [u8],
    /// Identifier, length and contents octets, as received.
    pub raw: &'a [u8],
}

/// Walks the TLVs of one DER value's contents, in order.
///
/// Each read names the field it expects (`what`), which becomes the error's reason.
#[derive(Clone, Debug)]
pub struct Walker<'a> {
    /// The TLVs not read yet.
    rest: &'a [u8],
}

impl<'a> Walker<'a> {
    /// Starts a walk over `bytes`, which hold zero or more TLVs.
    #[inline]
    pub fn new(bytes: &'a [u8], what: &'static str) -> Result<Self, Error> {
        // DER lengths here are at most four octets, as in `der`, which refuses longer input.
        if u32::try_from(bytes.len()).is_err() {
            return Err(malformed(what));
        }
        Ok(Self { rest: bytes })
    }

    /// Whether every TLV has been read.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The next TLV, whatever its tag.
    #[inline]
    pub fn any(&mut self, what: &'static str) -> Result<Tlv<'a>, Error> {
        let (tlv, rest) = split_tlv(self.rest).ok_or_else(|| malformed(what))?;
        self.rest = rest;
        Ok(tlv)
    }

    /// The next TLV, which must carry `tag`.
    #[inline]
    pub fn expect(&mut self, tag: u8, what: &'static str) -> Result<Tlv<'a>, Error> {
        let tlv = self.any(what)?;
        if tlv.tag == tag {
            Ok(tlv)
        } else {
            Err(malformed(what))
        }
    }

    /// The next TLV if it carries `tag`; nothing is consumed otherwise.
    #[inline]
    pub fn optional(&mut self, tag: u8, what: &'static str) -> Result<Option<Tlv<'a>>, Error> {
        if self.rest.first() == Some(&tag) {
            self.any(what).map(Some)
        } else {
            Ok(None)
        }
    }

    /// The tag of the next TLV, if any, without reading it.
    #[inline]
    pub fn peek_tag(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    /// Checks that nothing follows the last TLV read.
    #[inline]
    pub fn finish(self, what: &'static str) -> Result<(), Error> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(malformed(what))
        }
    }
}

/// The contents of `bytes`, which must be exactly one TLV carrying `tag`.
#[inline]
pub fn single<'a>(bytes: &'a [u8], tag: u8, what: &'static str) -> Result<&'a [u8], Error> {
    let mut whole = Walker::new(bytes, what)?;
    let value = whole.expect(tag, what)?.value;
    whole.finish(what)?;
    Ok(value)
}

/// Splits the first TLV off `input`, or `None` if it is not a DER TLV.
///
/// The header is read here rather than by `der`'s `AnyRef`, which costs several times as much
/// per TLV, and a certificate is dozens of TLVs. The rules are DER's (X.690 §8.1.2, §8.1.3,
/// §10.1): a one-octet identifier (tag numbers 0 to 30; the high-tag-number form and the
/// end-of-contents octet `0x00` do not occur in the structures we read), a definite length in the
/// fewest octets (short form below 128, long form of one to four octets without leading
/// zeros), and contents that fit in `input`.
#[inline]
pub fn split_tlv(input: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let (&tag, rest) = input.split_first()?;
    if tag & 0x1f == 0x1f || tag == 0x00 {
        return None;
    }
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = match first {
        0x00..=0x7f => (usize::from(first), rest),
        0x81 => match rest.split_first()? {
            (&len @ 0x80..=0xff, rest) => (usize::from(len), rest),
            _ => return None,
        },
        0x82 => {
            let (&[a, b], rest) = rest.split_first_chunk::<2>()?;
            let len = u16::from_be_bytes([a, b]);
            if len < 0x100 {
                return None;
            }
            (usize::from(len), rest)
        }
        0x83 => {
            let (&[a, b, c], rest) = rest.split_first_chunk::<3>()?;
            let len = u32::from_be_bytes([0, a, b, c]);
            if len < 0x1_0000 {
                return None;
            }
            (usize::try_from(len).ok()?, rest)
        }
        0x84 => {
            let (&[a, b, c, d], rest) = rest.split_first_chunk::<4>()?;
            let len = u32::from_be_bytes([a, b, c, d]);
            if len < 0x100_0000 {
                return None;
            }
            (usize::try_from(len).ok()?, rest)
        }
        // Indefinite length (0x80) is not DER; longer lengths cannot fit in memory we read.
        _ => return None,
    };
    let (value, after) = rest.split_at_checked(len)?;
    let header = input.len().checked_sub(rest.len())?;
    let raw = input.get(..header.checked_add(len)?)?;
    Some((Tlv { tag, value, raw }, after))
}

/// Where `inner` lies inside `outer`, if it is a sub-slice of it: how a parsed value that owns
/// its DER (a trust anchor, a CRL) keeps the fields it found.
pub(crate) fn subrange(outer: &[u8], inner: &[u8]) -> Option<core::ops::Range<usize>> {
    let start = inner.as_ptr().addr().checked_sub(outer.as_ptr().addr())?;
    let end = start.checked_add(inner.len())?;
    (end <= outer.len()).then_some(start..end)
}

/// The error for a structure that does not parse, naming the field.
pub(crate) fn malformed(reason: &'static str) -> Error {
    Error::MalformedCertificate { reason }
}

/// The contents of an `OBJECT IDENTIFIER`.
pub fn oid(tlv: Tlv<'_>, what: &'static str) -> Result<ObjectIdentifier, Error> {
    if tlv.tag != TAG_OID {
        return Err(malformed(what));
    }
    ObjectIdentifier::from_bytes(tlv.value).map_err(|_| malformed(what))
}

/// Whether `contents` is a valid `OBJECT IDENTIFIER` encoding (X.690 §8.19): at least one
/// subidentifier, each in base 128 with the high bit marking continuation, none starting with a
/// redundant `0x80`, and at most 39 octets (the longest [`ObjectIdentifier`] holds).
///
/// The cheap check for OIDs we only compare as bytes (key purposes, policies); [`oid`] parses
/// the ones we hand out.
pub fn is_valid_oid(contents: &[u8]) -> bool {
    let mut at_start = true;
    for byte in contents {
        if at_start && *byte == 0x80 {
            return false;
        }
        at_start = *byte < 0x80;
    }
    at_start && !contents.is_empty() && contents.len() <= 39
}

/// Checks that an `INTEGER`'s contents are the minimal two's-complement encoding X.690 §8.3.2
/// requires, and returns them.
pub fn integer<'a>(tlv: Tlv<'a>, what: &'static str) -> Result<&'a [u8], Error> {
    if tlv.tag != TAG_INTEGER {
        return Err(malformed(what));
    }
    match tlv.value {
        [] => Err(malformed(what)),
        [0x00, next, ..] if *next < 0x80 => Err(malformed(what)),
        [0xff, next, ..] if *next >= 0x80 => Err(malformed(what)),
        value => Ok(value),
    }
}

/// Reads a non-negative `INTEGER` as a `u32`, saturating values that do not fit (they mean
/// "no limit" wherever we use them).
pub fn small_unsigned(tlv: Tlv<'_>, what: &'static str) -> Result<u32, Error> {
    let value = integer(tlv, what)?;
    if value.first().is_some_and(|first| *first >= 0x80) {
        return Err(malformed(what));
    }
    Ok(value.iter().fold(0u32, |acc, byte| {
        acc.checked_mul(256)
            .and_then(|acc| acc.checked_add(u32::from(*byte)))
            .unwrap_or(u32::MAX)
    }))
}

/// The size in bits of a positive `INTEGER` (an RSA modulus): the position of its highest set
/// bit, as ring's key-size limits and the CA/Browser Forum's divisibility rule count it.
///
/// This is the one count of an RSA modulus: [`rsa_modulus_bits`] uses it for a public key,
/// and tls-handshake's key loader for a private key's `modulus`. [`integer`] checks that the
/// encoding is minimal, so a positive value carries at most one leading `0x00` (which only
/// keeps the sign bit clear) and the octet after it is the top of the magnitude. Zero and
/// negative values are malformed.
///
/// [`rsa_modulus_bits`]: crate::signature::rsa_modulus_bits
pub fn positive_integer_bits(tlv: Tlv<'_>, what: &'static str) -> Result<usize, Error> {
    let (top, rest) = match integer(tlv, what)? {
        [0x00, top, rest @ ..] => (*top, rest),
        [top @ 0x01..=0x7f, rest @ ..] => (*top, rest),
        _ => return Err(malformed(what)),
    };
    // 1 to 8, since the top octet is not zero: the conversion cannot fail.
    let top_bits = usize::try_from(u8::BITS - top.leading_zeros()).unwrap_or(0);
    Ok(rest.len().saturating_mul(8).saturating_add(top_bits))
}

/// The contents of a `BOOLEAN`, which DER encodes as `0x00` or `0xff` only (X.690 §11.1).
pub fn boolean(tlv: Tlv<'_>, what: &'static str) -> Result<bool, Error> {
    match (tlv.tag, tlv.value) {
        (TAG_BOOLEAN, [0x00]) => Ok(false),
        (TAG_BOOLEAN, [0xff]) => Ok(true),
        _ => Err(malformed(what)),
    }
}

/// The bits of a `BIT STRING` that must have no unused bits (keys and signatures).
pub fn octet_aligned_bit_string<'a>(tlv: Tlv<'a>, what: &'static str) -> Result<&'a [u8], Error> {
    match (tlv.tag, tlv.value) {
        (TAG_BIT_STRING, [0x00, bits @ ..]) => Ok(bits),
        _ => Err(malformed(what)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(bytes: &[u8]) -> Tlv<'_> {
        Walker::new(bytes, "test").unwrap().any("test").unwrap()
    }

    #[test]
    fn checks_oid_encodings() {
        assert!(is_valid_oid(&[
            0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01
        ]));
        assert!(is_valid_oid(&[0x55, 0x1d, 0x25, 0x00]));
        for bad in [
            &[][..],
            &[0x2b, 0x86],
            &[0x2b, 0x80, 0x01],
            &[0x80, 0x01],
            &[1; 40],
        ] {
            assert!(!is_valid_oid(bad), "{bad:02x?}");
        }
    }

    #[test]
    fn integers_must_be_minimal() {
        for (raw, ok) in [
            (&[0x02, 0x01, 0x00][..], true),
            (&[0x02, 0x02, 0x00, 0x80], true),
            (&[0x02, 0x02, 0xff, 0x7f], true),
            (&[0x02, 0x00], false),
            (&[0x02, 0x02, 0x00, 0x7f], false),
            (&[0x02, 0x02, 0xff, 0x80], false),
            (&[0x04, 0x01, 0x00], false),
        ] {
            assert_eq!(integer(first(raw), "test").is_ok(), ok, "{raw:02x?}");
        }
    }

    #[test]
    fn small_unsigned_saturates_and_refuses_negatives() {
        let value = |raw: &[u8]| small_unsigned(first(raw), "test");
        assert_eq!(value(&[0x02, 0x01, 0x05]), Ok(5));
        assert_eq!(value(&[0x02, 0x02, 0x00, 0xff]), Ok(255));
        assert_eq!(
            value(&[0x02, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00]),
            Ok(u32::MAX)
        );
        assert!(value(&[0x02, 0x01, 0x80]).is_err());
    }

    #[test]
    fn counts_the_bits_of_positive_integers() {
        let bits = |raw: &[u8]| positive_integer_bits(first(raw), "test");
        assert_eq!(bits(&[0x02, 0x01, 0x01]), Ok(1));
        assert_eq!(bits(&[0x02, 0x01, 0x7f]), Ok(7));
        assert_eq!(bits(&[0x02, 0x02, 0x00, 0x80]), Ok(8));
        assert_eq!(bits(&[0x02, 0x03, 0x00, 0xff, 0x00]), Ok(16));
        assert_eq!(bits(&[0x02, 0x02, 0x01, 0x00]), Ok(9));
    }

    #[test]
    fn bit_counts_refuse_zero_negative_and_redundant_zeros() {
        for raw in [
            // Zero.
            &[0x02, 0x01, 0x00][..],
            // Negative.
            &[0x02, 0x01, 0x80],
            &[0x02, 0x02, 0xff, 0x7f],
            // A leading zero octet that is not needed for the sign.
            &[0x02, 0x02, 0x00, 0x7f],
            &[0x02, 0x03, 0x00, 0x00, 0x80],
            // Not an INTEGER.
            &[0x04, 0x01, 0x01],
        ] {
            assert_eq!(
                positive_integer_bits(first(raw), "modulus"),
                Err(malformed("modulus")),
                "{raw:02x?}"
            );
        }
    }

    #[test]
    fn booleans_are_der_only() {
        assert_eq!(boolean(first(&[0x01, 0x01, 0xff]), "test"), Ok(true));
        assert_eq!(boolean(first(&[0x01, 0x01, 0x00]), "test"), Ok(false));
        for raw in [
            &[0x01, 0x01, 0x01][..],
            &[0x01, 0x02, 0xff, 0xff],
            &[0x01, 0x00],
        ] {
            assert!(boolean(first(raw), "test").is_err(), "{raw:02x?}");
        }
    }

    #[test]
    fn octet_aligned_bit_strings_have_no_unused_bits() {
        assert_eq!(
            octet_aligned_bit_string(first(&[0x03, 0x02, 0x00, 0xab]), "test"),
            Ok(&[0xab][..])
        );
        assert_eq!(
            octet_aligned_bit_string(first(&[0x03, 0x01, 0x00]), "test"),
            Ok(&[][..])
        );
        assert!(octet_aligned_bit_string(first(&[0x03, 0x02, 0x04, 0xa0]), "test").is_err());
        assert!(octet_aligned_bit_string(first(&[0x03, 0x00]), "test").is_err());
    }

    #[test]
    fn walker_reads_optional_fields_and_checks_the_end() {
        let bytes = [0x80, 0x01, 0xaa, 0x02, 0x01, 0x07];
        let mut walker = Walker::new(&bytes, "test").unwrap();
        assert!(walker.optional(0x81, "test").unwrap().is_none());
        let tagged = walker.optional(0x80, "test").unwrap().unwrap();
        assert_eq!(
            (tagged.tag, tagged.value, tagged.raw),
            (0x80, &[0xaa][..], &bytes[..3])
        );
        let not_yet_done = Walker::new(&bytes, "test").unwrap();
        assert_eq!(not_yet_done.finish("left"), Err(malformed("left")));
        assert!(walker.expect(0x04, "test").is_err());
    }

    #[test]
    fn single_takes_exactly_one_tlv_of_its_tag() {
        assert_eq!(single(&[0x04, 0x01, 0xab], 0x04, "test"), Ok(&[0xab][..]));
        assert_eq!(
            single(&[0x04, 0x01, 0xab, 0x00], 0x04, "left"),
            Err(malformed("left"))
        );
        assert_eq!(
            single(&[0x04, 0x01, 0xab], 0x30, "tag"),
            Err(malformed("tag"))
        );
        assert_eq!(single(&[], 0x04, "none"), Err(malformed("none")));
    }

    #[test]
    fn walker_never_panics_on_any_short_input() {
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let bytes = [a, b, 0x00, 0x01];
                let mut walker = Walker::new(&bytes, "test").unwrap();
                while walker.any("test").is_ok() {}
            }
        }
    }

    #[test]
    fn walker_refuses_lengths_that_are_not_der() {
        for bytes in [
            // Runs past the end.
            &[0x04, 0x05, 0x00][..],
            // Long form for a short length.
            &[0x04, 0x81, 0x01, 0x00],
            // Indefinite length.
            &[0x30, 0x80, 0x00, 0x00],
            // No length at all.
            &[0x04],
        ] {
            let walked = Walker::new(bytes, "test").and_then(|mut walker| walker.any("test"));
            assert!(walked.is_err(), "{bytes:02x?}");
        }
    }
}
