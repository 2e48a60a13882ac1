//! Cross-crate tests of the workspace live in `tests/tests/`. This library is the test support
//! every crate shares, written once: certificate chains by key type and names, the guard for a
//! child process, and the loaders of the vector files in `testdata/`.
//!
//! ```text
//!  testdata/keys/*.pkcs8.pem ─┐   (leaf keys, compiled in)
//!  fresh CA keys (ring) ──────┼─> ChainBuilder ──build──> Chain { root, intermediate?, leaf,
//!  testdata/pki/rsa2048-*.pem ┘   (RSA CA keys)                  leaf_key } as DER and PEM
//!                                                             └──write_to──> chain.pem key.pem
//!                                                                            root.pem leaf.pem …
//!  Command ──ChildGuard::spawn──> child: stdin <── write / close_stdin
//!                                        stdout, stderr ──reader threads──> wait_for / text
//!                                 drop: kill + wait
//!  testdata/<name> ──testdata / bytes / json──> PathBuf / Vec<u8> / serde_json::Value
//! ```
//!
//! It depends on none of the workspace's crates, so any of them can dev-depend on it (and
//! `tls demo` and `xtask` depend on it) without building themselves twice. Its own tests of the
//! workspace's crates, in `tests/tests/`, reach them through dev-dependencies.
#![forbid(unsafe_code)]

mod builder;
mod chain;
mod child;
mod error;
mod key_type;
mod self_signed;
mod traces;

pub use builder::{ChainBuilder, ExtendedKeyUsage};
pub use chain::{Certificate, Chain, ChainFiles, PrivateKey};
pub use child::{ChildGuard, Stream};
pub use error::Error;
pub use key_type::KeyType;
pub use self_signed::self_signed;
pub use traces::{bytes, json, testdata};
