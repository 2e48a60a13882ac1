//! Encoding helpers on `Vec<u8>`: big-endian integers and length-prefixed blocks written with
//! closures (`out.u16_prefixed(|out| …)`), the length patched after the closure returns.

use crate::codec::LengthPrefix;

/// Writing TLS integers and length-prefixed vectors into a `Vec<u8>`.
pub trait Writer {
    /// One byte.
    fn put_u8(&mut self, v: u8);
    /// A big-endian `uint16`.
    fn put_u16(&mut self, v: u16);
    /// A big-endian `uint24`: the low three bytes of `v`.
    fn put_u24(&mut self, v: u32);
    /// A big-endian `uint32`.
    fn put_u32(&mut self, v: u32);
    /// Raw bytes.
    fn put_bytes(&mut self, v: &[u8]);
    /// A block whose length prefix of width `prefix` is patched after `f` writes the content.
    fn prefixed(&mut self, prefix: LengthPrefix, f: impl FnOnce(&mut Vec<u8>));
    /// A `uint8`-length-prefixed block.
    fn u8_prefixed(&mut self, f: impl FnOnce(&mut Vec<u8>)) {
        self.prefixed(LengthPrefix::U8, f);
    }
    /// A `uint16`-length-prefixed block.
    fn u16_prefixed(&mut self, f: impl FnOnce(&mut Vec<u8>)) {
        self.prefixed(LengthPrefix::U16, f);
    }
    /// A `uint24`-length-prefixed block.
    fn u24_prefixed(&mut self, f: impl FnOnce(&mut Vec<u8>)) {
        self.prefixed(LengthPrefix::U24, f);
    }
}

impl Writer for Vec<u8> {
    fn put_u8(&mut self, v: u8) {
        self.push(v);
    }

    fn put_u16(&mut self, v: u16) {
        self.extend_from_slice(&v.to_be_bytes());
    }

    fn put_u24(&mut self, v: u32) {
        let [_, a, b, c] = v.to_be_bytes();
        self.extend_from_slice(&[a, b, c]);
    }

    fn put_u32(&mut self, v: u32) {
        self.extend_from_slice(&v.to_be_bytes());
    }

    fn put_bytes(&mut self, v: &[u8]) {
        self.extend_from_slice(v);
    }

    fn prefixed(&mut self, prefix: LengthPrefix, f: impl FnOnce(&mut Self)) {
        let width = prefix.width();
        let at = self.len();
        self.resize(at.saturating_add(width), 0);
        f(self);
        let len = self.len().saturating_sub(at).saturating_sub(width);
        // Every value reachable here was decoded within its bounds or built through a checked
        // constructor, so the content fits its prefix. Should an encoder bug break that, the
        // prefix saturates (the peer sees a malformed message) rather than panicking.
        debug_assert!(
            len <= prefix.max_len(),
            "content of {len} bytes overflows its prefix"
        );
        let len = u32::try_from(len.min(prefix.max_len()))
            .unwrap_or(u32::MAX)
            .to_be_bytes();
        let digits = len.get(4usize.saturating_sub(width)..).unwrap_or_default();
        if let Some(slot) = self.get_mut(at..at.saturating_add(width)) {
            slot.copy_from_slice(digits);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patches_nested_prefixes() {
        let mut out = Vec::new();
        out.u16_prefixed(|out| {
            out.put_u8(1);
            out.u8_prefixed(|out| out.put_bytes(&[2, 3]));
            out.u24_prefixed(|out| out.put_u16(0x0405));
        });
        assert_eq!(out, [0, 9, 1, 2, 2, 3, 0, 0, 2, 4, 5]);
    }

    #[test]
    fn writes_integers_big_endian() {
        let mut out = Vec::new();
        out.put_u24(0x0001_0203);
        out.put_u32(0x0405_0607);
        assert_eq!(out, [1, 2, 3, 4, 5, 6, 7]);
    }
}
