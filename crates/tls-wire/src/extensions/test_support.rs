//! Helpers shared by the extension tests: decode one extension exactly, check its round trip,
//! cut one extension out of a real block, and check that prefixes and altered lengths fail.

use crate::codec::{IntoOwned, Reader};
use crate::error::DecodeError;
use crate::extensions::{Extension, ExtensionContext, Extensions};

/// Hex to bytes.
pub(super) fn hex(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

/// Decodes one extension that must take all of `bytes`.
pub(super) fn decode_one(
    bytes: &[u8],
    context: ExtensionContext,
) -> Result<Extension<'_>, DecodeError> {
    let mut r = Reader::new(bytes);
    let extension = Extension::decode(&mut r, context)?;
    r.finish("Extension")?;
    Ok(extension)
}

/// Decodes one extension, checks that it re-encodes to `bytes` and survives `into_owned`.
pub(super) fn round_trip(bytes: &[u8], context: ExtensionContext) -> Extension<'_> {
    let extension = decode_one(bytes, context).unwrap();
    let mut out = Vec::new();
    extension.encode(&mut out);
    assert_eq!(out, bytes, "{extension:?} re-encodes to its bytes");
    assert_eq!(extension.clone().into_owned(), extension);
    extension
}

/// Decodes a whole block, checks that it re-encodes to `block` and that every strict prefix of
/// it fails.
pub(super) fn block_round_trip(block: &[u8], context: ExtensionContext) -> Extensions<'_> {
    let mut r = Reader::new(block);
    let extensions = Extensions::decode(&mut r, context).unwrap();
    assert!(r.is_empty());
    let mut out = Vec::new();
    extensions.encode(&mut out);
    assert_eq!(out, block);
    assert_eq!(extensions.clone().into_owned(), extensions);
    for end in 0..block.len() {
        let mut r = Reader::new(&block[..end]);
        assert!(
            Extensions::decode(&mut r, context).is_err(),
            "prefix of {end} bytes decodes"
        );
    }
    extensions
}

/// The bytes (type and length included) of the extension of type `typ` in `block`.
pub(super) fn extension_in(block: &[u8], typ: u16) -> &[u8] {
    let mut at = 2;
    while at < block.len() {
        let len = usize::from(u16::from_be_bytes([block[at + 2], block[at + 3]]));
        if u16::from_be_bytes([block[at], block[at + 1]]) == typ {
            return &block[at..at + 4 + len];
        }
        at += 4 + len;
    }
    panic!("no extension {typ:#06x} in the block");
}

/// Every strict prefix of the extension fails, and so does every strict prefix of its body
/// framed as a whole extension (for the forms whose body delimits itself).
pub(super) fn assert_every_prefix_fails(bytes: &[u8], context: ExtensionContext) {
    for end in 0..bytes.len() {
        assert!(
            decode_one(&bytes[..end], context).is_err(),
            "prefix of {end} bytes decodes"
        );
    }
    let body = &bytes[4..];
    for end in 0..body.len() {
        let mut framed = bytes[..2].to_vec();
        framed.extend_from_slice(&u16::try_from(end).unwrap().to_be_bytes());
        framed.extend_from_slice(&body[..end]);
        assert!(
            decode_one(&framed, context).is_err(),
            "body cut to {end} bytes decodes"
        );
    }
}

/// Moving each inner length (`(offset, width)` in the extension's bytes) one up and one down
/// makes the extension fail to decode.
pub(super) fn assert_length_mutations_fail(
    bytes: &[u8],
    context: ExtensionContext,
    lengths: &[(usize, usize)],
) {
    for &(offset, width) in lengths {
        for delta in [1i64, -1] {
            let mut mutated = bytes.to_vec();
            let field = &mut mutated[offset..offset + width];
            let value = field.iter().fold(0i64, |acc, b| acc << 8 | i64::from(*b)) + delta;
            if value < 0 {
                continue;
            }
            for (i, b) in field.iter_mut().enumerate() {
                *b = u8::try_from((value >> (8 * (width - 1 - i))) & 0xff).unwrap();
            }
            assert!(
                decode_one(&mutated, context).is_err(),
                "length at {offset} moved by {delta} still decodes"
            );
        }
    }
}
