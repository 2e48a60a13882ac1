//! # tls (not built yet)
//!
//! The facade. It will own the sans-IO `Connection` (the record layer driving the handshake),
//! blocking `std::io` and tokio streams, config builders, the key log and session stores.
//!
//! ```text
//! socket bytes ──▶ deframer ──▶ record opener ──▶ handshake / application data
//! app plaintext ──▶ fragmenter ──▶ record sealer ──▶ socket bytes
//! ```
//!
//! No connection exists yet; today this crate only re-exports the wire codec, which is real.
#![forbid(unsafe_code)]

pub use tls_wire as wire;
