//! The one way a derivation can fail: the caller asked for something the formula cannot encode.
//!
//! The schedule's own derivations use fixed labels, digests as contexts and fixed lengths, so
//! they cannot fail and return their secrets directly. Only the entry points that take a
//! caller's label, context or length (exporters, and HKDF itself) return this.

use std::fmt;

/// A label, context or output length the derivation cannot encode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputError {
    /// A TLS 1.3 label outside `HkdfLabel.label<7..255>` once `"tls13 "` is prefixed, that is
    /// 1 to 249 bytes.
    LabelLength {
        /// The label's length, without the prefix.
        len: usize,
    },
    /// A context longer than its length field can say: `HkdfLabel.context<0..255>` (TLS 1.3),
    /// RFC 5705's `uint16` context length (TLS 1.2).
    ContextLength {
        /// The context's length.
        len: usize,
        /// The longest context allowed.
        max: usize,
    },
    /// An output longer than the function can produce: HKDF-Expand gives at most
    /// 255 · Hash.length bytes (RFC 5869 §2.3), and `HkdfLabel.length` is a `uint16`.
    OutputLength {
        /// The length asked for.
        len: usize,
        /// The longest output allowed.
        max: usize,
    },
    /// A TLS 1.2 exporter label that RFC 5705 §6 reserves for the PRF's own uses.
    ReservedLabel,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LabelLength { len } => {
                write!(
                    f,
                    "label of {len} bytes; a TLS 1.3 label has 1 to 249 bytes"
                )
            }
            Self::ContextLength { len, max } => {
                write!(
                    f,
                    "context of {len} bytes; at most {max} fit its length field"
                )
            }
            Self::OutputLength { len, max } => {
                write!(
                    f,
                    "asked for {len} output bytes; at most {max} can be derived"
                )
            }
            Self::ReservedLabel => f.write_str("exporter label is reserved for the TLS PRF"),
        }
    }
}

impl std::error::Error for InputError {}
