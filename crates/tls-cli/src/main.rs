//! The `tls` command.
#![forbid(unsafe_code)]

fn main() {}
