//! The TLS 1.3 key schedule (RFC 8446 §7): HKDF, the stages from the Early Secret to the
//! Master Secret, traffic keys and IVs, Finished and binders, KeyUpdate, and exporters.
//!
//! Start at [`EarlySecret::new`]; the [`schedule`] module shows the whole flow.

pub mod exporter;
pub mod finished;
pub mod hkdf;
pub mod schedule;
pub mod traffic;

pub use exporter::{EarlyExporterMasterSecret, ExporterMasterSecret};
pub use finished::{BinderKey, FinishedKey};
pub use schedule::{
    BinderKind, EarlySecret, HandshakeSecret, MasterSecret, ResumptionMasterSecret,
};
pub use traffic::{TrafficKeys, TrafficSecret};
