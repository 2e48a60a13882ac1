//! Placeholder until the codec benchmark is written.
#![allow(missing_docs)]
fn main() {}
