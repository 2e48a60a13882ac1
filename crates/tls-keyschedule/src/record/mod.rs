//! AEAD record protection: sealing and opening TLS 1.3 and TLS 1.2 records in place, with
//! AES-128-GCM, AES-256-GCM and ChaCha20-Poly1305 from ring.
//!
//! ```text
//! receive: Deframer ──▶ RecordMut::into_parts() ──▶ (header, fragment in the receive buffer)
//!            │
//!            ▼  Tls13RecordOpener::open_in_place(header, fragment)
//!               nonce = iv XOR seq; additional data = the 5 header bytes; decrypt in place;
//!               InnerPlaintext::decode_in_place strips the padding, finds the real type
//!            ▼  Tls12RecordOpener::open_in_place(header, fragment)
//!               nonce = salt || nonce_explicit (AES-GCM) or iv XOR seq (ChaCha20);
//!               additional data = seq || type || version || plaintext length
//!            ▼
//!          (content type, plaintext: a slice of the same buffer)
//!
//! send:    [ header | (nonce_explicit) | content ... | (type, padding) | tag ]   one buffer
//!                                        ▲ the caller writes the content once
//!          Tls13RecordSealer / Tls12RecordSealer::seal_in_place writes the rest, encrypts
//! ```
//!
//! No allocation and no copy per record: ring encrypts and decrypts where the bytes lie.
//!
//! **Sequence numbers** belong to each sealer and opener: they start at 0 with each key and
//! never wrap ([`Error::SequenceNumberExhausted`](crate::error::Error::SequenceNumberExhausted)
//! before they would). A record that fails authentication leaves the opener's number where it
//! was, so rejected 0-RTT records can be skipped.
//!
//! **Usage limits**: each sealer says how many records its key may still protect
//! under the AEAD's confidentiality limit (RFC 8446 §5.5) and when the connection must send a
//! KeyUpdate; openers count records that fail authentication against the integrity limit
//! (RFC 9147 §4.5.3). The limits are [`AeadAlgorithm::confidentiality_limit`](crate::suite::AeadAlgorithm::confidentiality_limit) and
//! [`AeadAlgorithm::integrity_limit`](crate::suite::AeadAlgorithm::integrity_limit).
//!
//! **Building them.** The connection builds each sealer and opener straight from what the key
//! schedule derived: `Tls13RecordSealer::from_traffic_keys(aead, &TrafficKeys)` (and the
//! opener's), `Tls12RecordSealer::from_write_keys(aead, &WriteKeys)` (and the opener's). The
//! `new` constructors take raw key and IV bytes, for known-answer tests and benchmarks.
//!
//! **Key lifetime.** ring's key objects (`LessSafeKey`) cannot be zeroized: ring offers no way
//! to wipe the expanded key schedule it holds. So each sealer or opener is built from the key
//! of one traffic secret, lives exactly as long as that secret, and is dropped at the next key
//! change (KeyUpdate, or the end of the connection); the IVs it holds are wiped on drop.
//! Callers of `new` should wipe the raw key bytes they passed in (the key schedule's `Secret`
//! and `Iv` do).

mod aead;
mod from_schedule;
mod limits;
mod nonce;
mod tls12;
mod tls13;

pub use limits::{
    AEAD_INTEGRITY_LIMIT, AES_GCM_CONFIDENTIALITY_LIMIT, CHACHA20_POLY1305_CONFIDENTIALITY_LIMIT,
    KEY_UPDATE_RECORDS,
};
pub use tls12::{Tls12RecordOpener, Tls12RecordSealer};
pub use tls13::{Tls13RecordOpener, Tls13RecordSealer};
