//! # tls-handshake (being built)
//!
//! The sans-IO TLS 1.2 and 1.3 client and server state machines and their configuration: each
//! takes one handshake message (or the answer to a request it made) and returns actions
//! (messages to send, keys to install, requests, events).
//!
//! ```text
//! message ──▶ state.handle_<message>() ──▶ actions + next state
//!                   │ uses
//!                   ▼
//!   key_exchange (ECDHE shares, validated) · sign (our CertificateVerify) ·
//!   verify (the peer's CertificateVerify) · error (HandshakeError → alert)
//! ```
//!
//! Built so far: the error type and its alert mapping ([`error`]), the injected randomness and
//! clock ([`deps`]), ECDHE key exchange with peer-share validation ([`key_exchange`]), private
//! key loading and signing ([`sign`]), CertificateVerify verification ([`verify`]), the actions
//! a step emits and the requests it may make ([`action`]), each side's configuration
//! ([`config`]), proof tokens ([`proof`]), the server-chain verifier ([`verifier`]), and the
//! TLS 1.3 state machines of each side ([`client`], [`server`]), which share their framing,
//! key-schedule steps and Finished checks (`tls13_common`).
#![forbid(unsafe_code)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

pub mod action;
pub mod client;
pub mod config;
pub mod deps;
pub mod error;
pub mod input;
pub mod key_exchange;
pub mod proof;
pub mod server;
pub mod sign;
mod tls13_common;
pub mod verifier;
pub mod verify;
