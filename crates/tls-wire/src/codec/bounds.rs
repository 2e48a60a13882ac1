//! RFC vector bounds, and the two bounded containers built on them: [`List`] (a vector of
//! codec values) and [`Opaque`] (a vector of bytes).
//!
//! A field's bounds are declared once, as a type alias next to a quote of the RFC's
//! presentation language:
//!
//! ```
//! use tls_wire::codec::List;
//! use tls_wire::ids::CipherSuite;
//! /// RFC 8446 §4.1.2: `CipherSuite cipher_suites<2..2^16-2>;`
//! pub type CipherSuites = List<CipherSuite, 2, 2, 0xfffe>;
//! ```
//!
//! Decoding checks `min ≤ len ≤ max` and that the length is a multiple of a fixed element
//! size. Building checks the same bounds ([`List::new`], [`Opaque::new`]), so encoding never
//! meets a value that does not fit its prefix.

use std::borrow::Cow;
use std::marker::PhantomData;

use crate::codec::{Codec, IntoOwned, Reader, Writer};
use crate::error::{DecodeError, DecodeErrorKind, LengthError};

/// Width of a vector's length prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LengthPrefix {
    /// One byte: `<0..2^8-1>`.
    U8,
    /// Two bytes: `<0..2^16-1>`.
    U16,
    /// Three bytes: `<0..2^24-1>`.
    U24,
}

impl LengthPrefix {
    /// The prefix for a width in bytes; widths above 2 mean three bytes, the widest TLS uses.
    pub const fn from_width(width: usize) -> Self {
        match width {
            0 | 1 => Self::U8,
            2 => Self::U16,
            _ => Self::U24,
        }
    }

    /// Width in bytes.
    pub const fn width(self) -> usize {
        match self {
            Self::U8 => 1,
            Self::U16 => 2,
            Self::U24 => 3,
        }
    }

    /// The largest length the prefix can carry.
    pub const fn max_len(self) -> usize {
        match self {
            Self::U8 => 0xff,
            Self::U16 => 0xffff,
            Self::U24 => 0x00ff_ffff,
        }
    }
}

/// The bounds of one RFC vector: its prefix width, minimum and maximum length in bytes, and the
/// size of its elements when they have one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VecBounds {
    /// Width of the length prefix.
    pub prefix: LengthPrefix,
    /// Minimum length in bytes.
    pub min: usize,
    /// Maximum length in bytes.
    pub max: usize,
    /// The length must be a multiple of this (1 for bytes or variable-size elements).
    pub element: usize,
}

impl VecBounds {
    /// `<min..max>` behind a one-byte prefix.
    pub const fn u8(min: usize, max: usize) -> Self {
        Self {
            prefix: LengthPrefix::U8,
            min,
            max,
            element: 1,
        }
    }

    /// `<min..max>` behind a two-byte prefix.
    pub const fn u16(min: usize, max: usize) -> Self {
        Self {
            prefix: LengthPrefix::U16,
            min,
            max,
            element: 1,
        }
    }

    /// `<min..max>` behind a three-byte prefix.
    pub const fn u24(min: usize, max: usize) -> Self {
        Self {
            prefix: LengthPrefix::U24,
            min,
            max,
            element: 1,
        }
    }

    /// The same bounds over elements of `size` bytes.
    #[must_use]
    pub const fn elements(mut self, size: usize) -> Self {
        self.element = size;
        self
    }

    /// Whether `len` satisfies these bounds.
    #[inline]
    pub const fn allows(&self, len: usize) -> bool {
        let max = if self.max < self.prefix.max_len() {
            self.max
        } else {
            self.prefix.max_len()
        };
        len >= self.min && len <= max && (self.element <= 1 || len.is_multiple_of(self.element))
    }

    /// Whether `len` satisfies these bounds; the failing rule otherwise.
    #[inline]
    pub fn check(&self, len: usize) -> Result<(), DecodeErrorKind> {
        let max = self.max.min(self.prefix.max_len());
        if len < self.min || len > max {
            return Err(DecodeErrorKind::LengthOutOfBounds {
                len,
                min: self.min,
                max,
            });
        }
        if self.element > 1 && !len.is_multiple_of(self.element) {
            return Err(DecodeErrorKind::LengthNotMultiple {
                len,
                element: self.element,
            });
        }
        Ok(())
    }
}

/// A length-prefixed vector of `T`: `T items<MIN..MAX>` behind a `PREFIX`-byte length, the
/// bounds counted in bytes as the RFCs count them.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct List<T, const PREFIX: usize, const MIN: usize, const MAX: usize> {
    items: Vec<T>,
}

impl<'a, T: Codec<'a>, const PREFIX: usize, const MIN: usize, const MAX: usize>
    List<T, PREFIX, MIN, MAX>
{
    /// The vector's RFC bounds.
    pub const BOUNDS: VecBounds = VecBounds {
        prefix: LengthPrefix::from_width(PREFIX),
        min: MIN,
        max: MAX,
        element: match T::FIXED_SIZE {
            Some(size) => size,
            None => 1,
        },
    };

    /// A list of `items`, if their encoding fits the bounds.
    pub fn new(items: Vec<T>) -> Result<Self, LengthError> {
        let len = items
            .iter()
            .map(Codec::encoded_len)
            .fold(0usize, usize::saturating_add);
        match Self::BOUNDS.check(len) {
            Ok(()) => Ok(Self { items }),
            Err(_) => Err(LengthError {
                len,
                min: MIN,
                max: Self::BOUNDS.max.min(Self::BOUNDS.prefix.max_len()),
            }),
        }
    }

    /// Items that decoded within these bounds, so need no second check.
    pub(crate) fn from_checked(items: Vec<T>) -> Self {
        Self { items }
    }

    /// Decodes the vector, naming it `what` in errors.
    pub fn decode_named(r: &mut Reader<'a>, what: &'static str) -> Result<Self, DecodeError> {
        let mut body = r.prefixed(Self::BOUNDS, what)?;
        // Items of one size are counted before they are read: the vector is allocated once.
        let mut items = match T::FIXED_SIZE {
            Some(size) if size > 0 => Vec::with_capacity(body.remaining() / size),
            _ => Vec::new(),
        };
        while !body.is_empty() {
            items.push(T::decode(&mut body)?);
        }
        Ok(Self { items })
    }

    /// The items, in wire order.
    pub fn as_slice(&self) -> &[T] {
        &self.items
    }

    /// The items, in wire order.
    pub fn into_vec(self) -> Vec<T> {
        self.items
    }
}

impl<T, const PREFIX: usize, const MIN: usize, const MAX: usize> core::ops::Deref
    for List<T, PREFIX, MIN, MAX>
{
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<T: core::fmt::Debug, const PREFIX: usize, const MIN: usize, const MAX: usize> core::fmt::Debug
    for List<T, PREFIX, MIN, MAX>
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(&self.items).finish()
    }
}

impl<'a, T: Codec<'a>, const PREFIX: usize, const MIN: usize, const MAX: usize> Codec<'a>
    for List<T, PREFIX, MIN, MAX>
{
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Self::decode_named(r, "vector")
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.prefixed(Self::BOUNDS.prefix, |out| {
            for item in &self.items {
                item.encode(out);
            }
        });
    }

    fn encoded_len(&self) -> usize {
        self.items
            .iter()
            .map(Codec::encoded_len)
            .fold(Self::BOUNDS.prefix.width(), usize::saturating_add)
    }
}

impl<T: IntoOwned, const PREFIX: usize, const MIN: usize, const MAX: usize> IntoOwned
    for List<T, PREFIX, MIN, MAX>
{
    type Owned = List<T::Owned, PREFIX, MIN, MAX>;

    fn into_owned(self) -> Self::Owned {
        List {
            items: self.items.into_iter().map(IntoOwned::into_owned).collect(),
        }
    }
}

/// A length-prefixed byte vector, `opaque data<MIN..MAX>` behind a `PREFIX`-byte length,
/// borrowed from the input when decoded.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Opaque<'a, const PREFIX: usize, const MIN: usize, const MAX: usize> {
    bytes: Cow<'a, [u8]>,
    _bounds: PhantomData<()>,
}

impl<'a, const PREFIX: usize, const MIN: usize, const MAX: usize> Opaque<'a, PREFIX, MIN, MAX> {
    /// The vector's RFC bounds.
    pub const BOUNDS: VecBounds = VecBounds {
        prefix: LengthPrefix::from_width(PREFIX),
        min: MIN,
        max: MAX,
        element: 1,
    };

    /// Bytes as an opaque vector, if they fit the bounds.
    pub fn new(bytes: impl Into<Cow<'a, [u8]>>) -> Result<Self, LengthError> {
        let bytes = bytes.into();
        match Self::BOUNDS.check(bytes.len()) {
            Ok(()) => Ok(Self {
                bytes,
                _bounds: PhantomData,
            }),
            Err(_) => Err(LengthError {
                len: bytes.len(),
                min: MIN,
                max: Self::BOUNDS.max.min(Self::BOUNDS.prefix.max_len()),
            }),
        }
    }

    /// Decodes the vector, naming it `what` in errors.
    #[inline]
    pub fn decode_named(r: &mut Reader<'a>, what: &'static str) -> Result<Self, DecodeError> {
        let mut body = r.prefixed(Self::BOUNDS, what)?;
        Ok(Self {
            bytes: Cow::Borrowed(body.take_rest()),
            _bounds: PhantomData,
        })
    }

    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        &self.bytes
    }
}

impl<const PREFIX: usize, const MIN: usize, const MAX: usize> core::ops::Deref
    for Opaque<'_, PREFIX, MIN, MAX>
{
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.bytes
    }
}

impl<const PREFIX: usize, const MIN: usize, const MAX: usize> core::fmt::Debug
    for Opaque<'_, PREFIX, MIN, MAX>
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        for b in self.bytes.iter() {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl<'a, const PREFIX: usize, const MIN: usize, const MAX: usize> Codec<'a>
    for Opaque<'a, PREFIX, MIN, MAX>
{
    #[inline]
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Self::decode_named(r, "opaque")
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.prefixed(Self::BOUNDS.prefix, |out| out.put_bytes(&self.bytes));
    }

    fn encoded_len(&self) -> usize {
        self.bytes.len().saturating_add(Self::BOUNDS.prefix.width())
    }
}

impl<const PREFIX: usize, const MIN: usize, const MAX: usize> IntoOwned
    for Opaque<'_, PREFIX, MIN, MAX>
{
    type Owned = Opaque<'static, PREFIX, MIN, MAX>;

    fn into_owned(self) -> Self::Owned {
        Opaque {
            bytes: Cow::Owned(self.bytes.into_owned()),
            _bounds: PhantomData,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Bytes<'a> = Opaque<'a, 1, 1, 4>;
    type Words = List<u16, 2, 2, 6>;

    #[test]
    fn opaque_round_trips_and_checks_bounds() {
        let v = Bytes::decode_exact(&[2, 9, 8]).unwrap();
        assert_eq!(v.as_slice(), [9, 8]);
        assert_eq!(v.to_vec(), [2, 9, 8]);
        assert!(Bytes::new(vec![]).is_err());
        assert!(Bytes::new(vec![0; 5]).is_err());
    }

    #[test]
    fn rejects_empty_vector_where_rfc_requires_one_element() {
        let err = Bytes::decode_exact(&[0]).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthOutOfBounds {
                len: 0,
                min: 1,
                max: 4
            }
        );
    }

    #[test]
    fn rejects_length_not_a_multiple_of_element_size() {
        let err = Words::decode_exact(&[0, 3, 1, 2, 3]).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthNotMultiple { len: 3, element: 2 }
        );
    }

    #[test]
    fn list_checks_bounds_on_construction() {
        assert!(Words::new(vec![1]).is_ok());
        assert!(Words::new(vec![]).is_err());
        assert!(Words::new(vec![1, 2, 3, 4]).is_err());
        let w = Words::new(vec![0x0102, 0x0304]).unwrap();
        assert_eq!(w.to_vec(), [0, 4, 1, 2, 3, 4]);
        assert_eq!(Words::decode_exact(&w.to_vec()).unwrap(), w);
    }
}
