//! [`ExtensionData`]: the bytes that fill the rest of an extension's body, with no length of
//! their own (padding, a status request of an unknown type).

use std::borrow::Cow;

use crate::codec::{IntoOwned, Reader};
use crate::error::LengthError;

/// The most bytes an `extension_data` holds (RFC 8446 §4.2:
/// `opaque extension_data<0..2^16-1>;`).
pub const EXTENSION_DATA_MAX: usize = 0xffff;

/// Raw bytes running to the end of an extension's `extension_data`, kept exactly as received.
///
/// They carry no length prefix of their own: the extension's body delimits them, so they hold
/// at most [`EXTENSION_DATA_MAX`] bytes, which [`ExtensionData::new`] checks.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct ExtensionData<'a> {
    bytes: Cow<'a, [u8]>,
}

impl<'a> ExtensionData<'a> {
    /// Bytes as the rest of an extension body, if they fit one.
    pub fn new(bytes: impl Into<Cow<'a, [u8]>>) -> Result<Self, LengthError> {
        let bytes = bytes.into();
        if bytes.len() > EXTENSION_DATA_MAX {
            return Err(LengthError {
                len: bytes.len(),
                min: 0,
                max: EXTENSION_DATA_MAX,
            });
        }
        Ok(Self { bytes })
    }

    /// Takes every byte left in `body`, the reader over one extension's `extension_data`.
    pub(crate) fn decode_rest(body: &mut Reader<'a>) -> Self {
        Self {
            bytes: Cow::Borrowed(body.take_rest()),
        }
    }

    /// Appends the bytes, with no prefix.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.bytes);
    }

    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        &self.bytes
    }
}

impl core::ops::Deref for ExtensionData<'_> {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.bytes
    }
}

impl core::fmt::Debug for ExtensionData<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        for b in self.bytes.iter() {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl IntoOwned for ExtensionData<'_> {
    type Owned = ExtensionData<'static>;

    fn into_owned(self) -> Self::Owned {
        ExtensionData {
            bytes: Cow::Owned(self.bytes.into_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_rest_of_the_body_and_encodes_it_without_prefix() {
        let mut r = Reader::new(&[1, 0, 0, 7]);
        r.u8("skip").unwrap();
        let data = ExtensionData::decode_rest(&mut r);
        assert!(r.is_empty());
        let mut out = Vec::new();
        data.encode(&mut out);
        assert_eq!(out, [0, 0, 7]);
    }

    #[test]
    fn rejects_more_than_an_extension_body_holds() {
        assert!(ExtensionData::new(vec![0; EXTENSION_DATA_MAX]).is_ok());
        let err = ExtensionData::new(vec![0; EXTENSION_DATA_MAX + 1]).unwrap_err();
        assert_eq!(err.len, EXTENSION_DATA_MAX + 1);
    }
}
