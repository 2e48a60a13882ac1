//! proptest strategies for every wire type (feature `test-strategies`), for this crate's tests
//! and for other crates'.
pub mod extensions;
pub mod handshake;
pub mod hostile;
pub mod ids;
pub mod record;
