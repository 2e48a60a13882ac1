//! [`U16Set`]: a set of 16-bit wire values (extension types, groups, cipher suites) with
//! constant-time insertion and lookup, so that checking a peer's list for repeats or
//! membership stays linear in the list however long the peer makes it.
//!
//! ```text
//! up to INLINE values ──▶ a small array on the stack, scanned (no allocation: the common case)
//! more ──▶ one 8 KiB bitmap of all 2^16 values (one allocation, only for lists no real peer sends)
//! ```

/// How many values the set holds before it switches to its bitmap: more than any real
/// handshake list holds in one block (a browser's ClientHello has about 18 extensions), few
/// enough that scanning them costs less than clearing a bitmap.
const INLINE: usize = 32;

/// Words of the bitmap: 2^16 bits.
const WORDS: usize = (1 << 16) / 64;

/// A set of `u16` values.
#[derive(Clone, Debug, Default)]
pub struct U16Set {
    inline: [u16; INLINE],
    len: usize,
    bitmap: Option<Box<[u64; WORDS]>>,
}

impl U16Set {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `value`; returns whether it was not in the set already.
    #[inline]
    pub fn insert(&mut self, value: u16) -> bool {
        let Some(bitmap) = &mut self.bitmap else {
            return self.insert_inline(value);
        };
        let (word, bit) = position(value);
        let Some(w) = bitmap.get_mut(word) else {
            return false;
        };
        let new = *w & bit == 0;
        *w |= bit;
        self.len = self.len.saturating_add(usize::from(new));
        new
    }

    /// [`insert`](Self::insert) while the values are kept in the array, moving them to the
    /// bitmap when it is full.
    fn insert_inline(&mut self, value: u16) -> bool {
        if self.contains(value) {
            return false;
        }
        if let Some(slot) = self.inline.get_mut(self.len) {
            *slot = value;
        } else {
            let mut bitmap = Box::new([0u64; WORDS]);
            for earlier in self.inline {
                set_bit(&mut bitmap, earlier);
            }
            set_bit(&mut bitmap, value);
            self.bitmap = Some(bitmap);
        }
        self.len = self.len.saturating_add(1);
        true
    }

    /// Whether `value` is in the set.
    #[inline]
    pub fn contains(&self, value: u16) -> bool {
        match &self.bitmap {
            Some(bitmap) => {
                let (word, bit) = position(value);
                bitmap.get(word).is_some_and(|w| w & bit != 0)
            }
            None => self
                .inline
                .get(..self.len)
                .unwrap_or_default()
                .contains(&value),
        }
    }

    /// How many values the set holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl FromIterator<u16> for U16Set {
    fn from_iter<I: IntoIterator<Item = u16>>(values: I) -> Self {
        let mut set = Self::new();
        for value in values {
            set.insert(value);
        }
        set
    }
}

/// The word and the bit of `value` in the bitmap.
#[inline]
fn position(value: u16) -> (usize, u64) {
    (usize::from(value >> 6), 1u64 << (value & 63))
}

fn set_bit(bitmap: &mut [u64; WORDS], value: u16) {
    let (word, bit) = position(value);
    if let Some(w) = bitmap.get_mut(word) {
        *w |= bit;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_repeats_below_and_above_the_inline_capacity() {
        let mut set = U16Set::new();
        for value in 0..1000u16 {
            assert!(set.insert(value.wrapping_mul(7919)), "{value}");
        }
        assert_eq!(set.len(), 1000);
        for value in 0..1000u16 {
            assert!(set.contains(value.wrapping_mul(7919)));
            assert!(!set.insert(value.wrapping_mul(7919)), "{value} twice");
        }
        assert!(!set.contains(1));
    }

    #[test]
    fn holds_the_extreme_values() {
        let mut set: U16Set = [0, u16::MAX].into_iter().collect();
        assert!(set.contains(0) && set.contains(u16::MAX));
        assert!(!set.contains(1));
        for value in 1..=40 {
            set.insert(value);
        }
        assert!(set.contains(0) && set.contains(u16::MAX) && set.contains(40));
        assert!(!set.contains(41));
    }

    #[test]
    fn stays_inline_for_short_lists() {
        let set: U16Set = (0..u16::try_from(INLINE).unwrap()).collect();
        assert!(set.bitmap.is_none());
        assert_eq!(set.len(), INLINE);
        assert!(!U16Set::new().contains(0), "an empty set holds nothing");
        assert!(U16Set::new().is_empty());
    }
}
