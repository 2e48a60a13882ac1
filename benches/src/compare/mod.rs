//! The workloads `cargo xtask bench` measures, each for three contestants on the same
//! certificates: ours ([`ours`]), rustls on its ring provider ([`theirs`]), and the crypto floor
//! ([`floor`]): the ring operations the workload cannot avoid, and nothing else.
//!
//! A [`Scenario`] says what a connected pair does (version, key, suite, resumption); each
//! contestant turns it into configs of its own. Client and server run in one thread, in
//! memory: what one side sends is handed to the other, and each side's time is the time spent
//! in its own calls.

pub mod fixtures;
pub mod floor;
pub mod ours;
pub mod scenario;
pub mod theirs;
pub mod timing;

pub use fixtures::{Fixture, KeyKind, SERVER_NAME};
pub use scenario::{Bulk, Resumption, Scenario, Version};
pub use timing::SideTimes;
