//! # tls-handshake (not built yet)
//!
//! This crate will own the sans-IO TLS 1.2 and 1.3 client and server state machines and their
//! configuration: each takes one handshake message (or the answer to a request it made) and
//! returns actions (messages to send, keys to install, requests, events).
//!
//! ```text
//! message ──▶ state.handle_<message>() ──▶ actions + next state
//! ```
//!
//! Nothing is implemented yet: the crate exists so that the workspace has its final shape. It
//! exports no items.
#![forbid(unsafe_code)]
