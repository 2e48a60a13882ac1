//! [`RecordKeys`]: what protects one direction's records from a key change on, for either
//! version, so that the record layer can install keys without knowing which version it serves.
//!
//! ```text
//! TLS 1.3: TrafficSecret ──▶ derive_traffic_keys(aead) ──▶ Tls13Record{Sealer,Opener}
//! TLS 1.2: key block side (WriteKeys) ──────────────────▶ Tls12Record{Sealer,Opener}
//! ```

use tls_keyschedule::suite::Suite;
use tls_keyschedule::tls12::WriteKeys;
use tls_keyschedule::tls13::traffic::TrafficSecret;

/// The keys of one direction, from one key change on.
#[derive(Clone, Debug)]
pub enum RecordKeys {
    /// A TLS 1.3 traffic secret; the record key and IV derive from it (RFC 8446 §7.3).
    Tls13 {
        /// The negotiated suite (AEAD and hash).
        suite: Suite,
        /// The traffic secret.
        secret: TrafficSecret,
    },
    /// One side's write key and IV from the TLS 1.2 key block (RFC 5246 §6.3).
    Tls12 {
        /// The negotiated suite (AEAD and hash).
        suite: Suite,
        /// The write key and IV of the side that seals with them.
        keys: WriteKeys,
    },
}

impl RecordKeys {
    /// The negotiated suite.
    pub fn suite(&self) -> Suite {
        match self {
            Self::Tls13 { suite, .. } | Self::Tls12 { suite, .. } => *suite,
        }
    }
}
