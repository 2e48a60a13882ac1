//! Just enough DER to look inside a private key before ring does.
//!
//! ring parses and validates the keys itself; we read their outer structure first only to say
//! *why* one cannot be used (which key type, which curve, how many RSA bits, a missing public
//! key), since ring's rejections do not name the key. Private keys come from local
//! configuration, not from a peer, but the reader still never panics or allocates.

/// DER tag of `INTEGER`.
pub(crate) const TAG_INTEGER: u8 = 0x02;
/// DER tag of `BIT STRING`.
pub(crate) const TAG_BIT_STRING: u8 = 0x03;
/// DER tag of `OCTET STRING`.
pub(crate) const TAG_OCTET_STRING: u8 = 0x04;
/// DER tag of `OBJECT IDENTIFIER`.
pub(crate) const TAG_OID: u8 = 0x06;
/// DER tag of a constructed `SEQUENCE`.
pub(crate) const TAG_SEQUENCE: u8 = 0x30;
/// `[0] EXPLICIT`, constructed (`ECPrivateKey.parameters`).
pub(crate) const TAG_CONTEXT_0: u8 = 0xa0;
/// `[1] EXPLICIT`, constructed (`ECPrivateKey.publicKey`).
pub(crate) const TAG_CONTEXT_1: u8 = 0xa1;

/// The longest length field we read, in octets: four octets already allow 4 GiB.
const MAX_LENGTH_OCTETS: usize = 4;

/// A forward-only reader over DER TLVs.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Der<'a> {
    rest: &'a [u8],
}

impl<'a> Der<'a> {
    /// A reader over `bytes`.
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self { rest: bytes }
    }

    /// Reads one TLV and returns its tag and contents.
    ///
    /// Only low tag numbers (one identifier octet) and definite lengths occur in the key
    /// formats we read; anything else is `None`.
    pub(crate) fn any(&mut self) -> Option<(u8, &'a [u8])> {
        let (&tag, rest) = self.rest.split_first()?;
        // 0x1f in the low bits announces a multi-octet tag number.
        if tag & 0x1f == 0x1f {
            return None;
        }
        let (&first, mut rest) = rest.split_first()?;
        let len = if first < 0x80 {
            usize::from(first)
        } else {
            // 0x80 alone is the indefinite length, which DER forbids.
            let count = usize::from(first & 0x7f);
            if count == 0 || count > MAX_LENGTH_OCTETS {
                return None;
            }
            let (octets, after) = rest.split_at_checked(count)?;
            rest = after;
            octets.iter().try_fold(0usize, |len, octet| {
                len.checked_mul(256)?.checked_add(usize::from(*octet))
            })?
        };
        let (contents, after) = rest.split_at_checked(len)?;
        self.rest = after;
        Some((tag, contents))
    }

    /// Reads one TLV that must carry `tag` and returns its contents.
    pub(crate) fn expect(&mut self, tag: u8) -> Option<&'a [u8]> {
        match self.any()? {
            (found, contents) if found == tag => Some(contents),
            _ => None,
        }
    }

    /// Reads the next TLV only if it carries `tag`.
    pub(crate) fn optional(&mut self, tag: u8) -> Option<&'a [u8]> {
        if self.rest.first() == Some(&tag) {
            self.expect(tag)
        } else {
            None
        }
    }

    /// Whether every byte has been read.
    pub(crate) fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }
}

/// The contents of `bytes`, which must be exactly one TLV carrying `tag`.
pub(crate) fn single(bytes: &[u8], tag: u8) -> Option<&[u8]> {
    let mut der = Der::new(bytes);
    let contents = der.expect(tag)?;
    der.is_empty().then_some(contents)
}

/// The value of a small non-negative `INTEGER` (a version field), or `None` if it is negative
/// or does not fit in a `u8`.
pub(crate) fn small_integer(contents: &[u8]) -> Option<u8> {
    match contents {
        [value] if *value < 0x80 => Some(*value),
        _ => None,
    }
}

/// The bit length of a positive `INTEGER`'s value (an RSA modulus).
pub(crate) fn integer_bits(contents: &[u8]) -> usize {
    // A leading 0x00 only keeps the sign positive; it is not part of the magnitude.
    let magnitude = contents
        .iter()
        .position(|octet| *octet != 0)
        .and_then(|start| contents.get(start..))
        .unwrap_or_default();
    match magnitude.first() {
        None => 0,
        Some(top) => magnitude
            .len()
            .saturating_sub(1)
            .saturating_mul(8)
            .saturating_add(usize::try_from(u8::BITS - top.leading_zeros()).unwrap_or(0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_short_and_long_lengths() {
        let mut long = vec![0x04, 0x81, 0x80];
        long.extend([0xaa; 0x80]);
        long.extend([0x02, 0x01, 0x05]);
        let mut der = Der::new(&long);
        assert_eq!(der.expect(TAG_OCTET_STRING).map(<[u8]>::len), Some(0x80));
        assert_eq!(der.expect(TAG_INTEGER), Some(&[0x05][..]));
        assert!(der.is_empty());
    }

    #[test]
    fn rejects_truncated_and_indefinite_lengths() {
        assert_eq!(Der::new(&[0x30, 0x03, 0x02, 0x01]).any(), None);
        assert_eq!(Der::new(&[0x30, 0x80, 0x00, 0x00]).any(), None);
        assert_eq!(Der::new(&[0x30, 0x85, 1, 0, 0, 0, 0]).any(), None);
        assert_eq!(Der::new(&[0x1f, 0x01, 0x00]).any(), None);
        assert_eq!(Der::new(&[]).any(), None);
    }

    #[test]
    fn never_panics_on_any_short_input() {
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let bytes = [a, b, 0x00, 0x01];
                let mut der = Der::new(&bytes);
                while der.any().is_some() {}
            }
        }
    }

    #[test]
    fn rejects_trailing_bytes_in_single() {
        assert_eq!(single(&[0x02, 0x01, 0x00], TAG_INTEGER), Some(&[0x00][..]));
        assert_eq!(single(&[0x02, 0x01, 0x00, 0x00], TAG_INTEGER), None);
    }

    #[test]
    fn counts_integer_bits() {
        assert_eq!(integer_bits(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(integer_bits(&[0x01]), 1);
        assert_eq!(integer_bits(&[0x00]), 0);
        assert_eq!(integer_bits(&[]), 0);
    }

    #[test]
    fn reads_small_integers() {
        assert_eq!(small_integer(&[0x01]), Some(1));
        assert_eq!(small_integer(&[0x80]), None);
        assert_eq!(small_integer(&[0x00, 0x01]), None);
    }
}
