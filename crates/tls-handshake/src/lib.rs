//! # tls-handshake
//!
//! The sans-IO TLS client and server state machines and their configuration: each takes one
//! input (a handshake message, the answer to a request it made, or a change_cipher_spec record)
//! and returns actions (messages to send, keys to install, requests, events).
//!
//! ```text
//!                 Handshake::{Client, Server}
//! Input ──▶ machine ── version-neutral first state (ExpectServerHello / ExpectClientHello)
//!               │        └─▶ Tls13(tls13::State) or Tls12(tls12::State)
//!               ▼ state.handle_<message>()
//!           Actions: Send { level, message } · InstallReadKey/InstallWriteKey { level, RecordKeys }
//!                    · Request · Event                      (RecordKeys: either version's keys)
//!               │ uses
//!               ▼
//!   key_exchange (ECDHE shares, validated) · sign (our CertificateVerify) ·
//!   verify / verifier (the peer's chain and CertificateVerify) · finished (Finished) ·
//!   proof (CertificateVerified, SignatureVerified, FinishedVerified → PeerAuth) ·
//!   error (HandshakeError → alert) · key_log (each secret as it is derived, if the config
//!   asks: NSS key log format)
//! ```
//!
//! The seams: each side's machine holds its configuration once (an `Arc`) and a version-neutral
//! first state that hands off to one version's states; the record keys it installs
//! ([`RecordKeys`](record_keys::RecordKeys)) serve either version, so the record layer does not
//! know which it protects; a completed handshake (`Traffic`) holds how the peer authenticated
//! and the Finished proof; the wire form a recorded peer used ([`profile`]) is always compiled,
//! production by default, and only the `test-profile` feature sets another.
#![forbid(unsafe_code)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

pub mod action;
pub mod anti_replay;
pub mod certificate_chain;
pub mod client;
pub mod config;
pub mod deps;
pub mod error;
mod finished;
pub mod handshake;
pub mod input;
pub mod key_exchange;
pub mod key_log;
mod key_update;
pub mod profile;
pub mod proof;
pub mod record_keys;
mod record_size_limit;
pub mod server;
pub mod session;
pub mod session_store;
pub mod sign;
pub mod ticket;
pub mod ticketer;
mod tls12_common;
mod tls13_common;
mod tls13_session;
pub mod verifier;
pub mod verify;
pub mod verify_tls12;

pub use handshake::Handshake;
pub use tls13_common::MAX_DROPPED_CHANGE_CIPHER_SPECS;
