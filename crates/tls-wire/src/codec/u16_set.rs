//! [`U16Set`]: a set of 16-bit wire values (extension types, groups, cipher suites) with
//! constant-time insertion and lookup, so that checking a peer's list for repeats or
//! membership stays linear in the list however long the peer makes it.
//!
//! ```text
//! up to INLINE values ──▶ a small array on the stack, scanned (no allocation: the common case)
//! more ──▶ one 64 KiB table, a byte per value (one allocation, only for lists no real peer sends)
//! ```
//!
//! The table spends a byte where a bit would do because a hostile list's values come in runs:
//! in a bitmap, 64 consecutive values update one word, each insertion waiting for the last;
//! bytes keep them independent, which makes a long run three times faster.

/// How many values the set holds before it switches to its table: more than any real
/// handshake list holds in one block (a browser's ClientHello has about 18 extensions), few
/// enough that scanning them costs less than clearing a table.
const INLINE: usize = 32;

/// Entries of the table: one per value.
const VALUES: usize = 1 << 16;

/// A set of `u16` values.
#[derive(Clone, Debug, Default)]
pub struct U16Set {
    inline: [u16; INLINE],
    len: usize,
    table: Option<Box<[bool]>>,
}

impl U16Set {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `value`; returns whether it was not in the set already.
    #[inline]
    pub fn insert(&mut self, value: u16) -> bool {
        let Some(table) = &mut self.table else {
            return self.insert_inline(value);
        };
        let Some(slot) = table.get_mut(usize::from(value)) else {
            return false;
        };
        let new = !*slot;
        *slot = true;
        self.len = self.len.saturating_add(usize::from(new));
        new
    }

    /// [`insert`](Self::insert) while the values are kept in the array, moving them to the
    /// table when it is full.
    fn insert_inline(&mut self, value: u16) -> bool {
        if self.contains(value) {
            return false;
        }
        if let Some(slot) = self.inline.get_mut(self.len) {
            *slot = value;
        } else {
            // Allocated zeroed, never built on the stack.
            let mut table = vec![false; VALUES].into_boxed_slice();
            for earlier in self.inline.into_iter().chain([value]) {
                if let Some(slot) = table.get_mut(usize::from(earlier)) {
                    *slot = true;
                }
            }
            self.table = Some(table);
        }
        self.len = self.len.saturating_add(1);
        true
    }

    /// Whether `value` is in the set.
    #[inline]
    pub fn contains(&self, value: u16) -> bool {
        match &self.table {
            Some(table) => table.get(usize::from(value)).is_some_and(|slot| *slot),
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
        assert!(set.table.is_none());
        assert_eq!(set.len(), INLINE);
        assert!(!U16Set::new().contains(0), "an empty set holds nothing");
        assert!(U16Set::new().is_empty());
    }
}
