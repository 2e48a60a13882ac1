//! [`ListView`]: a length-prefixed vector decoded item by item as it is read, never collected,
//! for lists a peer can make as long as a message allows and that are only searched or copied.

use core::marker::PhantomData;

use crate::codec::{Codec, List, Reader, VecBounds};
use crate::error::DecodeError;

/// A vector `T items<MIN..MAX>` behind a `PREFIX`-byte length, read as [`List`] reads it (the
/// same bounds, each item decoded the same way, the same errors), but kept as its bytes and
/// decoded as it is iterated: no allocation however many items there are, and one pass for a
/// reader that checks each item as it goes.
///
/// Decoding the view checks the vector's length; [`iter`](Self::iter) yields each item or the
/// error that stops it. A reader that must refuse a malformed item (every peer's list it acts
/// on) reads to the end and returns the error: [`check`](Self::check) does that alone.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ListView<'a, T, const PREFIX: usize, const MIN: usize, const MAX: usize> {
    /// The items' bytes, without the length.
    bytes: &'a [u8],
    /// Where `bytes` start in the outermost input, for the errors of the items.
    offset: usize,
    _items: PhantomData<fn() -> T>,
}

impl<'a, T: Codec<'a>, const PREFIX: usize, const MIN: usize, const MAX: usize>
    ListView<'a, T, PREFIX, MIN, MAX>
{
    /// The vector's RFC bounds: [`List`]'s.
    pub const BOUNDS: VecBounds = List::<T, PREFIX, MIN, MAX>::BOUNDS;

    /// Reads the vector's length and takes its bytes, naming it `what` in errors; the items
    /// are decoded by [`iter`](Self::iter).
    pub fn decode_named(r: &mut Reader<'a>, what: &'static str) -> Result<Self, DecodeError> {
        let body = r.prefixed(Self::BOUNDS, what)?;
        Ok(Self {
            bytes: body.peek_rest(),
            offset: body.offset(),
            _items: PhantomData,
        })
    }

    /// The items in wire order, each decoded as it comes; the first that does not decode is
    /// yielded as its error and ends the iteration.
    pub fn iter(
        &self,
    ) -> impl Iterator<Item = Result<T, DecodeError>> + use<'a, T, PREFIX, MIN, MAX> {
        let mut r = Reader::with_offset(self.bytes, self.offset);
        let mut failed = false;
        core::iter::from_fn(move || {
            if failed || r.is_empty() {
                return None;
            }
            let item = T::decode(&mut r);
            failed = item.is_err();
            Some(item)
        })
    }

    /// Decodes every item, returning the first error.
    pub fn check(&self) -> Result<(), DecodeError> {
        self.iter().try_for_each(|item| item.map(drop))
    }

    /// The items' encoding, without the vector's length.
    pub const fn encoded(&self) -> &'a [u8] {
        self.bytes
    }

    /// The items, collected into a [`List`]; the first error if one does not decode.
    pub fn to_list(&self) -> Result<List<T, PREFIX, MIN, MAX>, DecodeError> {
        self.iter()
            .collect::<Result<_, _>>()
            .map(List::from_checked)
    }
}

impl<'a, T: Codec<'a> + core::fmt::Debug, const PREFIX: usize, const MIN: usize, const MAX: usize>
    core::fmt::Debug for ListView<'a, T, PREFIX, MIN, MAX>
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::Opaque;
    use crate::error::DecodeErrorKind;

    type Names<'a> = ListView<'a, Opaque<'a, 1, 1, 0xff>, 2, 2, 0xffff>;
    type NameList<'a> = List<Opaque<'a, 1, 1, 0xff>, 2, 2, 0xffff>;

    #[test]
    fn reads_what_a_list_reads_without_collecting() {
        let bytes = [0, 7, 2, b'h', b'2', 3, b'a', b'b', b'c'];
        let view = Names::decode_named(&mut Reader::new(&bytes), "names").unwrap();
        let list = NameList::decode_named(&mut Reader::new(&bytes), "names").unwrap();
        assert_eq!(view.check(), Ok(()));
        assert_eq!(view.to_list(), Ok(list));
        let names: Vec<Vec<u8>> = view
            .iter()
            .map(|name| name.unwrap().as_slice().to_vec())
            .collect();
        assert_eq!(names, [b"h2".to_vec(), b"abc".to_vec()]);
        assert_eq!(view.encoded(), &bytes[2..]);
    }

    #[test]
    fn refuses_what_a_list_refuses_with_the_same_error() {
        for bytes in [
            &[0, 0][..],
            &[0, 4, 2, b'h', b'2', 0][..],
            &[0, 3, 0, 1, b'x'][..],
            &[0, 4, 2, b'h', b'2'][..],
        ] {
            let list = NameList::decode_named(&mut Reader::new(bytes), "names").unwrap_err();
            let view = Names::decode_named(&mut Reader::new(bytes), "names")
                .and_then(|view| view.check().map(|()| view))
                .unwrap_err();
            assert_eq!(view, list, "{bytes:?}");
        }
        // The items are read as they come: the good one first, then the error, then nothing.
        let bytes = [0, 5, 2, b'h', b'2', 0, 7];
        let view = Names::decode_named(&mut Reader::new(&bytes), "names").unwrap();
        let mut items = view.iter();
        assert_eq!(items.next().unwrap().unwrap().as_slice(), b"h2");
        assert!(matches!(
            items.next().unwrap().unwrap_err().kind(),
            DecodeErrorKind::LengthOutOfBounds { len: 0, .. }
        ));
        assert!(items.next().is_none());
        let err = Names::decode_named(&mut Reader::new(&[0, 0]), "names").unwrap_err();
        assert!(matches!(
            err.kind(),
            DecodeErrorKind::LengthOutOfBounds { .. }
        ));
    }
}
