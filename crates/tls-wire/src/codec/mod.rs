//! The codec core: [`Reader`] (decode), [`Writer`] (encode), [`Codec`] (the pair, per type),
//! and the bounded containers [`List`] and [`Opaque`].
//!
//! Decoding borrows from the input (zero-copy); [`IntoOwned`] detaches a value when it must
//! outlive its input. Encoding cannot fail: every value was decoded within its bounds or built
//! through a checked constructor.

mod bounds;
mod list_view;
mod reader;
mod u16_set;
mod writer;

pub use bounds::{LengthPrefix, List, Opaque, VecBounds};
pub use list_view::ListView;
pub use reader::Reader;
pub(crate) use reader::widen;
pub use u16_set::U16Set;
pub use writer::Writer;

use crate::error::DecodeError;

/// A wire type: decoded from a [`Reader`], encoded into a `Vec<u8>`.
pub trait Codec<'a>: Sized {
    /// The encoded size when every value of the type has the same one (integers, registry
    /// values); lists of such elements check that their length is a multiple of it.
    const FIXED_SIZE: Option<usize> = None;

    /// Decodes one value, advancing the reader past it.
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError>;

    /// Appends the encoding to `out`.
    fn encode(&self, out: &mut Vec<u8>);

    /// Decodes a value that must take all of `bytes`.
    fn decode_exact(bytes: &'a [u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(bytes);
        let value = Self::decode(&mut r)?;
        r.finish(core::any::type_name::<Self>())?;
        Ok(value)
    }

    /// The encoding as a new vector.
    fn to_vec(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode(&mut out);
        out
    }

    /// Length of the encoding in bytes. The default encodes the value to count it; the types
    /// that sit in lists of elements of varied size count without encoding, so that building a
    /// list (whose bounds [`List::new`] checks) allocates nothing more.
    fn encoded_len(&self) -> usize {
        match Self::FIXED_SIZE {
            Some(size) => size,
            None => self.to_vec().len(),
        }
    }
}

/// Detaches a decoded value from the input it borrows.
pub trait IntoOwned {
    /// The same type with no borrow.
    type Owned: 'static;

    /// Copies whatever is borrowed.
    fn into_owned(self) -> Self::Owned;
}

impl Codec<'_> for u8 {
    const FIXED_SIZE: Option<usize> = Some(1);

    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.u8("u8")
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.put_u8(*self);
    }
}

impl Codec<'_> for u16 {
    const FIXED_SIZE: Option<usize> = Some(2);

    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.u16("u16")
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.put_u16(*self);
    }
}

impl IntoOwned for u8 {
    type Owned = Self;

    fn into_owned(self) -> Self {
        self
    }
}

impl IntoOwned for u16 {
    type Owned = Self;

    fn into_owned(self) -> Self {
        self
    }
}
