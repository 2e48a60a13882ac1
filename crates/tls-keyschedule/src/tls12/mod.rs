//! The TLS 1.2 key schedule for ECDHE AEAD suites: the PRF (RFC 5246 §5), the master secret
//! (extended, RFC 7627, or not), the key block (no MAC keys: no CBC suites here), Finished
//! verify_data and exporters (RFC 5705).
//!
//! ```text
//! PreMasterSecret
//!   └─ into_master_secret(hash, Extended { session_hash } | Legacy { randoms }) ─▶ MasterSecret
//! MasterSecret
//!   ├─ derive_key_block(aead, randoms) ─▶ KeyBlock { client_write, server_write }
//!   ├─ derive_{client,server}_verify_data(&th) ─▶ 12 bytes
//!   └─ derive_keying_material(randoms, label, context, out)
//! ```

pub mod exporter;
pub mod finished;
pub mod key_block;
pub mod master_secret;
pub mod prf;

pub use finished::VERIFY_DATA_LEN;
pub use key_block::{GCM_SALT_LEN, KeyBlock, WriteIv, WriteKeys};
pub use master_secret::{
    MASTER_SECRET_LEN, MasterSecret, MasterSecretSeed, PreMasterSecret, Randoms,
};
pub use prf::prf;
