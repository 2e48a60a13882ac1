//! The record layer: headers, length limits, the [`Deframer`], TLS 1.3 inner plaintext, alerts
//! and change_cipher_spec.
//!
//! ```text
//! bytes ──▶ Deframer (or deframe over your own slice) ──▶ RecordMut / Record
//!             │ header checked byte by byte: RecordHeader::check_prefix, RecordLimit
//!             ▼
//!   protected (TLS 1.3)? decrypt in place, then InnerPlaintext::decode_in_place
//!             ▼
//!   handshake ──▶ handshake::HandshakeJoiner
//!   alert ──▶ Alert::decode_record       change_cipher_spec ──▶ ChangeCipherSpec::decode_record
//! ```
//!
//! Nothing here knows about keys: a [`RecordMut`] lends its fragment for the caller to decrypt
//! where it landed.

mod alert;
mod change_cipher_spec;
mod deframer;
mod framed;
mod header;
mod inner_plaintext;
mod limits;

pub use alert::Alert;
pub use change_cipher_spec::ChangeCipherSpec;
pub use deframer::{Deframed, Deframer, INITIAL_BUFFER_LEN, deframe};
pub use framed::{Record, RecordMut};
pub use header::RecordHeader;
pub use inner_plaintext::InnerPlaintext;
pub use limits::{
    MAX_PLAINTEXT_LEN, MAX_RECORD_LEN, MAX_TLS12_CIPHERTEXT_LEN, MAX_TLS13_CIPHERTEXT_LEN,
    MAX_TLS13_INNER_PLAINTEXT_LEN, RecordLimit,
};
