//! # tls-keyschedule
//!
//! TLS 1.2 PRF, TLS 1.3 key schedule, transcript hash, traffic keys, AEAD record protection and
//! exporters, all on `ring`. No I/O and no state machine: the handshake crate calls these in
//! the order the RFCs give, and the types make any other order fail to compile.
//!
//! ```text
//!  handshake messages (raw, header included)
//!        │
//!        ▼
//!  TranscriptBuffer ──(suite's hash)──▶ Transcript ──▶ TranscriptHash (th)
//!                                                           │
//!  TLS 1.3 (RFC 8446 §7)                                    │ th at each step
//!   PSK ─▶ tls13::EarlySecret ─┬─ binder_key ─▶ BinderKey ─▶ binder
//!                              ├─ client_early_traffic_secret ─▶ TrafficSecret
//!                              └─ early_exporter_master_secret ─▶ EarlyExporterMasterSecret
//!   (EC)DHE ─▶ into_handshake_secret
//!        tls13::HandshakeSecret ── {client,server}_handshake_traffic_secret ─▶ TrafficSecret
//!            into_master_secret
//!        tls13::MasterSecret ─┬─ {client,server}_application_traffic_secret_0 ─▶ TrafficSecret
//!                             ├─ exporter_master_secret ─▶ ExporterMasterSecret ─▶ keying material
//!                             └─ resumption_master_secret ─▶ derive_psk(ticket_nonce) ─▶ next PSK
//!   TrafficSecret ─┬─ derive_traffic_keys(aead) ─▶ TrafficKeys { key, iv }
//!                  │     ─▶ Tls13Record{Sealer,Opener}::from_traffic_keys(aead, &keys)
//!                  ├─ derive_finished_key ─▶ FinishedKey ─▶ derive_verify_data(th)
//!                  └─ into_next_application_traffic_secret (KeyUpdate)
//!
//!  TLS 1.2 (RFC 5246 §5, §6.3, §8.1; RFC 7627; RFC 5705)
//!   ECDHE ─▶ tls12::PreMasterSecret
//!            into_master_secret(hash, Extended { session_hash: th } | Legacy { randoms })
//!        tls12::MasterSecret ─┬─ derive_key_block(aead, randoms) ─▶ KeyBlock { client_write, .. }
//!                             │     ─▶ Tls12Record{Sealer,Opener}::from_write_keys(aead, &keys)
//!                             ├─ derive_{client,server}_verify_data(th)
//!                             └─ derive_keying_material(randoms, label, context)
//! ```
//!
//! ## Secrets
//!
//! Every derived secret is a [`Secret`]: heap bytes zeroized on drop, printed as
//! `Secret(..)`, compared in constant time (`subtle`). The schedule's stages consume each
//! other, so a stage's secret is dropped, and zeroized, as soon as the next stage exists.
//!
//! ring's key objects (`hmac::Key`, `hkdf::Prk`, `aead::LessSafeKey`) and its `hmac::Tag`s copy
//! key bytes into memory we cannot zeroize. So they are short-lived: the HMAC and HKDF keys
//! here live for one function call, built from a `Secret` and dropped before it returns; the
//! record layer's AEAD keys live exactly as long as their traffic epoch.
//!
//! ## What the vectors prove, and what they cannot
//!
//! - TLS 1.3: every secret, traffic key and IV, Finished, binder and resumption PSK of RFC
//!   8448's five traces and of illustrated-tls13, with the transcripts hashed by
//!   [`Transcript`] from the traces' own messages (HelloRetryRequest's message_hash included);
//!   traffic keys and both Finished of OpenSSL's captures from their key logs.
//! - TLS 1.2: the PRF against published PRF vectors; a legacy master secret against
//!   illustrated-tls12; the key blocks and both Finished of OpenSSL's captures from their key
//!   logs' master secrets.
//! - HKDF against RFC 5869; exporters (both versions, with and without a context) and
//!   KeyUpdate's next secrets against values OpenSSL produced for sessions recorded once
//!   (`testdata/openssl-exporters.json`, `testdata/openssl-key-update.json`).
//!
//! What OpenSSL cannot reveal, the premaster secret behind an extended master secret, is
//! proven only by interoperating with OpenSSL in the connection tests.
#![forbid(unsafe_code)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

pub mod error;
pub mod record;
pub mod secret;
pub mod suite;
pub mod tls12;
pub mod tls13;
pub mod transcript;

pub use error::Error;
pub use record::{Tls12RecordOpener, Tls12RecordSealer, Tls13RecordOpener, Tls13RecordSealer};
pub use secret::{IV_LEN, Iv, Secret};
pub use suite::{AeadAlgorithm, HashAlgorithm, Suite, SuiteVersion};
pub use transcript::{Transcript, TranscriptBuffer, TranscriptHash};
