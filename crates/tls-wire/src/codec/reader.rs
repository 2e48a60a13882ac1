//! [`Reader`]: a forward-only, bounds-checked cursor that knows its offset.

use crate::codec::VecBounds;
use crate::error::{DecodeError, DecodeErrorKind};

/// A forward-only cursor over borrowed bytes.
///
/// Every read is bounds-checked and fails with a [`DecodeError`] naming the field and the byte
/// offset (counted from the start of the outermost input, also inside sub-readers). Decoded
/// values borrow from the input: nothing is copied.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    rest: &'a [u8],
    offset: usize,
}

impl<'a> Reader<'a> {
    /// A reader at offset 0 of `bytes`.
    #[inline]
    pub const fn new(bytes: &'a [u8]) -> Self {
        Self {
            rest: bytes,
            offset: 0,
        }
    }

    /// A reader over `bytes`, which start at `offset` of some larger input.
    #[inline]
    pub const fn with_offset(bytes: &'a [u8], offset: usize) -> Self {
        Self {
            rest: bytes,
            offset,
        }
    }

    /// Offset of the next byte from the start of the outermost input.
    #[inline]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// Bytes not read yet.
    #[inline]
    pub const fn remaining(&self) -> usize {
        self.rest.len()
    }

    /// Whether every byte has been read.
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The unread bytes, without consuming them.
    #[inline]
    pub const fn peek_rest(&self) -> &'a [u8] {
        self.rest
    }

    /// An error of `kind` for the field `what` at the current offset.
    #[cold]
    pub const fn error(&self, kind: DecodeErrorKind, what: &'static str) -> DecodeError {
        DecodeError::new(kind, what, self.offset)
    }

    /// The next `n` bytes.
    #[inline]
    pub fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], DecodeError> {
        let Some((head, tail)) = self.rest.split_at_checked(n) else {
            return Err(self.error(
                DecodeErrorKind::Truncated {
                    needed: n,
                    available: self.rest.len(),
                },
                what,
            ));
        };
        self.rest = tail;
        self.offset = self.offset.saturating_add(n);
        Ok(head)
    }

    /// Every byte left.
    #[inline]
    pub fn take_rest(&mut self) -> &'a [u8] {
        let rest = self.rest;
        self.offset = self.offset.saturating_add(rest.len());
        self.rest = &[];
        rest
    }

    /// The next `N` bytes as an array.
    #[inline]
    pub fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N], DecodeError> {
        let bytes = self.take(N, what)?;
        let mut out = [0u8; N];
        out.copy_from_slice(bytes);
        Ok(out)
    }

    /// One byte.
    #[inline]
    pub fn u8(&mut self, what: &'static str) -> Result<u8, DecodeError> {
        let [b] = self.array::<1>(what)?;
        Ok(b)
    }

    /// A big-endian `uint16`.
    #[inline]
    pub fn u16(&mut self, what: &'static str) -> Result<u16, DecodeError> {
        Ok(u16::from_be_bytes(self.array(what)?))
    }

    /// A big-endian `uint24`, widened.
    #[inline]
    pub fn u24(&mut self, what: &'static str) -> Result<u32, DecodeError> {
        let [a, b, c] = self.array(what)?;
        Ok(u32::from_be_bytes([0, a, b, c]))
    }

    /// A big-endian `uint32`.
    #[inline]
    pub fn u32(&mut self, what: &'static str) -> Result<u32, DecodeError> {
        Ok(u32::from_be_bytes(self.array(what)?))
    }

    /// A length-prefixed vector checked against its RFC `bounds`, as a sub-reader over its
    /// content. The sub-reader keeps counting offsets from the outermost input.
    #[inline]
    pub fn prefixed(&mut self, bounds: VecBounds, what: &'static str) -> Result<Self, DecodeError> {
        match self.prefixed_within(bounds) {
            Some(body) => Ok(body),
            None => self.prefixed_refused(bounds, what),
        }
    }

    /// [`prefixed`](Self::prefixed) when the vector is all there and within `bounds`; `None`,
    /// the reader untouched, otherwise. Lists of thousands of items read each through here, so
    /// it is kept to a few instructions once `bounds` is a constant.
    #[inline]
    fn prefixed_within(&mut self, bounds: VecBounds) -> Option<Self> {
        let width = bounds.prefix.width();
        let (prefix, rest) = self.rest.split_at_checked(width)?;
        let len = match *prefix {
            [l0] => usize::from(l0),
            [l0, l1] => usize::from(u16::from_be_bytes([l0, l1])),
            [l0, l1, l2] => usize::from(l0) << 16 | usize::from(l1) << 8 | usize::from(l2),
            _ => return None,
        };
        if !bounds.allows(len) {
            return None;
        }
        let (body, tail) = rest.split_at_checked(len)?;
        let start = self.offset.saturating_add(width);
        self.rest = tail;
        self.offset = start.saturating_add(len);
        Some(Self::with_offset(body, start))
    }

    /// Why [`prefixed`](Self::prefixed) refuses the vector at the reader's position.
    #[cold]
    #[inline(never)]
    fn prefixed_refused(
        &mut self,
        bounds: VecBounds,
        what: &'static str,
    ) -> Result<Self, DecodeError> {
        let at = self.offset;
        let len = match bounds.prefix {
            crate::codec::LengthPrefix::U8 => usize::from(self.u8(what)?),
            crate::codec::LengthPrefix::U16 => usize::from(self.u16(what)?),
            crate::codec::LengthPrefix::U24 => widen(self.u24(what)?),
        };
        bounds
            .check(len)
            .map_err(|kind| DecodeError::new(kind, what, at))?;
        let start = self.offset;
        let body = self.take(len, what)?;
        Ok(Self::with_offset(body, start))
    }

    /// A `uint8`-prefixed vector with no bounds beyond its prefix.
    #[inline]
    pub fn prefixed_u8(&mut self, what: &'static str) -> Result<Self, DecodeError> {
        self.prefixed(VecBounds::u8(0, 0xff), what)
    }

    /// A `uint16`-prefixed vector with no bounds beyond its prefix.
    #[inline]
    pub fn prefixed_u16(&mut self, what: &'static str) -> Result<Self, DecodeError> {
        self.prefixed(VecBounds::u16(0, 0xffff), what)
    }

    /// A `uint24`-prefixed vector with no bounds beyond its prefix.
    #[inline]
    pub fn prefixed_u24(&mut self, what: &'static str) -> Result<Self, DecodeError> {
        self.prefixed(VecBounds::u24(0, 0x00ff_ffff), what)
    }

    /// Succeeds only if every byte has been read; otherwise `TrailingBytes` for `what`.
    #[inline]
    pub fn finish(self, what: &'static str) -> Result<(), DecodeError> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(self.error(
                DecodeErrorKind::TrailingBytes {
                    count: self.rest.len(),
                },
                what,
            ))
        }
    }
}

/// `u32` → `usize` without `as`; lossless on every target this crate builds for (usize ≥ 32 bits).
pub(crate) fn widen(v: u32) -> usize {
    usize::try_from(v).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_integers_big_endian_and_tracks_offset() {
        let mut r = Reader::new(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(r.u8("a").unwrap(), 1);
        assert_eq!(r.u16("b").unwrap(), 0x0203);
        assert_eq!(r.u24("c").unwrap(), 0x040506);
        assert_eq!(r.offset(), 6);
        assert_eq!(r.u32("d").unwrap(), 0x0708090a);
        r.finish("end").unwrap();
    }

    #[test]
    fn rejects_truncated_reads_with_offset_and_field() {
        let mut r = Reader::new(&[1, 2, 3]);
        r.u8("first").unwrap();
        let err = r.u32("second").unwrap_err();
        assert_eq!(err.what(), "second");
        assert_eq!(err.offset(), 1);
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::Truncated {
                needed: 4,
                available: 2
            }
        );
    }

    #[test]
    fn sub_reader_offsets_count_from_the_outer_input() {
        let mut r = Reader::new(&[0xff, 0, 1, 7]);
        r.u8("skip").unwrap();
        let mut sub = r.prefixed_u16("vec").unwrap();
        assert_eq!(sub.offset(), 3);
        sub.u8("x").unwrap();
        let err = sub.u8("y").unwrap_err();
        assert_eq!(err.offset(), 4);
    }

    #[test]
    fn rejects_length_beyond_input() {
        let mut r = Reader::new(&[0, 5, 1, 2]);
        let err = r.prefixed_u16("vec").unwrap_err();
        assert!(matches!(
            err.kind(),
            DecodeErrorKind::Truncated {
                needed: 5,
                available: 2
            }
        ));
    }

    #[test]
    fn rejects_trailing_bytes() {
        let r = Reader::new(&[1]);
        let err = r.finish("thing").unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 1 });
    }
}
