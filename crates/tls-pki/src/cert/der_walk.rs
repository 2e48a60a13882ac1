//! A forward-only walk over DER TLVs, borrowing from the input.
//!
//! `der`'s `SliceReader` (DER rules: definite, minimal lengths) does the framing; this wrapper
//! turns its errors into [`Error::MalformedCertificate`] naming the field, and keeps each TLV's
//! raw bytes so that callers can slice the TBS certificate and names exactly as received.

use der::asn1::AnyRef;
use der::oid::ObjectIdentifier;
use der::{Reader, SliceReader};

use crate::error::Error;

/// DER tag of `BOOLEAN`.
pub(crate) const TAG_BOOLEAN: u8 = 0x01;
/// DER tag of `INTEGER`.
pub(crate) const TAG_INTEGER: u8 = 0x02;
/// DER tag of `BIT STRING`.
pub(crate) const TAG_BIT_STRING: u8 = 0x03;
/// DER tag of `OCTET STRING`.
pub(crate) const TAG_OCTET_STRING: u8 = 0x04;
/// DER tag of `OBJECT IDENTIFIER`.
pub(crate) const TAG_OID: u8 = 0x06;
/// DER tag of `UTCTime`.
pub(crate) const TAG_UTC_TIME: u8 = 0x17;
/// DER tag of `GeneralizedTime`.
pub(crate) const TAG_GENERALIZED_TIME: u8 = 0x18;
/// DER tag of a constructed `SEQUENCE`.
pub(crate) const TAG_SEQUENCE: u8 = 0x30;

/// One DER TLV: its tag byte, its value and the whole encoding.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tlv<'a> {
    /// The first identifier octet (every tag we match fits in one).
    pub(crate) tag: u8,
    /// The contents octets.
    pub(crate) value: &'a [u8],
    /// Identifier, length and contents octets, as received.
    pub(crate) raw: &'a [u8],
}

/// Walks the TLVs of one DER value's contents, in order.
pub(crate) struct Walker<'a> {
    reader: SliceReader<'a>,
}

impl<'a> Walker<'a> {
    /// Starts a walk over `bytes`, which hold zero or more TLVs.
    pub(crate) fn new(bytes: &'a [u8], what: &'static str) -> Result<Self, Error> {
        SliceReader::new(bytes)
            .map(|reader| Self { reader })
            .map_err(|_| malformed(what))
    }

    /// Whether every TLV has been read.
    pub(crate) fn is_empty(&self) -> bool {
        self.reader.is_finished()
    }

    /// The next TLV, whatever its tag.
    pub(crate) fn any(&mut self, what: &'static str) -> Result<Tlv<'a>, Error> {
        let raw = self.reader.tlv_bytes().map_err(|_| malformed(what))?;
        let any = AnyRef::try_from(raw).map_err(|_| malformed(what))?;
        let tag = raw.first().copied().ok_or_else(|| malformed(what))?;
        Ok(Tlv {
            tag,
            value: any.value(),
            raw,
        })
    }

    /// The next TLV, which must carry `tag`.
    pub(crate) fn expect(&mut self, tag: u8, what: &'static str) -> Result<Tlv<'a>, Error> {
        let tlv = self.any(what)?;
        if tlv.tag == tag {
            Ok(tlv)
        } else {
            Err(malformed(what))
        }
    }

    /// The next TLV if it carries `tag`; nothing is consumed otherwise.
    pub(crate) fn optional(
        &mut self,
        tag: u8,
        what: &'static str,
    ) -> Result<Option<Tlv<'a>>, Error> {
        if self.reader.peek_byte() == Some(tag) {
            self.any(what).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Checks that nothing follows the last TLV read.
    pub(crate) fn finish(self, what: &'static str) -> Result<(), Error> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(malformed(what))
        }
    }
}

/// The error for a structure that does not parse, naming the field.
pub(crate) fn malformed(reason: &'static str) -> Error {
    Error::MalformedCertificate { reason }
}

/// The contents of an `OBJECT IDENTIFIER`.
pub(crate) fn oid(tlv: Tlv<'_>, what: &'static str) -> Result<ObjectIdentifier, Error> {
    if tlv.tag != TAG_OID {
        return Err(malformed(what));
    }
    ObjectIdentifier::from_bytes(tlv.value).map_err(|_| malformed(what))
}

/// Checks that an `INTEGER`'s contents are the minimal two's-complement encoding X.690 §8.3.2
/// requires, and returns them.
pub(crate) fn integer<'a>(tlv: Tlv<'a>, what: &'static str) -> Result<&'a [u8], Error> {
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
pub(crate) fn small_unsigned(tlv: Tlv<'_>, what: &'static str) -> Result<u32, Error> {
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

/// The contents of a `BOOLEAN`, which DER encodes as `0x00` or `0xff` only (X.690 §11.1).
pub(crate) fn boolean(tlv: Tlv<'_>, what: &'static str) -> Result<bool, Error> {
    match (tlv.tag, tlv.value) {
        (TAG_BOOLEAN, [0x00]) => Ok(false),
        (TAG_BOOLEAN, [0xff]) => Ok(true),
        _ => Err(malformed(what)),
    }
}

/// The bits of a `BIT STRING` that must have no unused bits (keys and signatures).
pub(crate) fn octet_aligned_bit_string<'a>(
    tlv: Tlv<'a>,
    what: &'static str,
) -> Result<&'a [u8], Error> {
    match (tlv.tag, tlv.value) {
        (TAG_BIT_STRING, [0x00, bits @ ..]) => Ok(bits),
        _ => Err(malformed(what)),
    }
}
