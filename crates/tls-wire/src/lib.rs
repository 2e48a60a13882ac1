//! # tls-wire
//!
//! Every TLS 1.2 and 1.3 wire structure, as a codec you can depend on alone: records and their
//! framing, handshake messages and their reassembly, extensions, alerts, and the IANA
//! registries. No cryptography.
//!
//! ```text
//! socket bytes ──▶ record::Deframer ──▶ whole records (borrowed, no copy)
//!                                         │
//!         handshake records ──▶ handshake::HandshakeJoiner ──▶ one message's bytes
//!                                         │
//!                    handshake::HandshakeMessage::decode ──▶ typed message (borrowed, keeps raw)
//!                                         │
//!                          extensions::Extensions (ordered, unknown kept, duplicates refused;
//!                                                   each typed form decoded when asked for)
//! ```
//!
//! Design rules, all tested:
//! - **Byte-exact round trip.** Anything decoded re-encodes to the same bytes: unknown values,
//!   GREASE, extension order and "absent" versus "empty" all survive. Nothing is sorted,
//!   deduplicated or normalised on decode.
//! - **Received bytes stay with the message** (`raw`), for the transcript hash.
//! - **Every failure is typed**: a [`DecodeError`] says what (the RFC field), where (byte
//!   offset) and why, and [`DecodeError::alert`] names the alert the RFC gives.
//! - **No panics, no unbounded allocation** on any input: every length is checked against its
//!   RFC bounds and every buffer against a named limit.
#![forbid(unsafe_code)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

#[macro_use]
pub mod ids;
pub mod codec;
pub mod error;
pub mod extensions;
pub mod handshake;
pub mod record;
#[cfg(feature = "test-strategies")]
pub mod testing;

pub use error::{DecodeError, DecodeErrorKind, LengthError};
