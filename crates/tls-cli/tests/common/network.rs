//! What the tests that run servers share: a certificate for `localhost`, `tls serve` started
//! on a free port, and `tls connect` to it.

use std::path::Path;
use std::time::Instant;

use tls_tests::{ChainBuilder, ChainFiles, ChildGuard, KeyType, Stream};

use crate::common::start;

/// Writes `root.pem` (named `root_name`), and `chain.pem` + `key.pem` for a leaf for
/// `localhost` signed by it, into `dir`.
pub(crate) fn write_pki(dir: &Path, root_name: &str) -> ChainFiles {
    ChainBuilder::new(KeyType::EcdsaP256)
        .dns_name("localhost")
        .root_name(root_name)
        .build()
        .unwrap()
        .write_to(dir)
        .unwrap()
}

/// `tls serve --port 0` with the certificate in `pki`, plus `extra` flags; and its address.
pub(crate) fn serve(pki: &ChainFiles, extra: &[&str], deadline: Instant) -> (ChildGuard, String) {
    let mut args = vec![
        "serve",
        "--cert",
        pki.chain.to_str().unwrap(),
        "--key",
        pki.key.to_str().unwrap(),
        "--port",
        "0",
    ];
    args.extend_from_slice(extra);
    let server = start(&args);
    let line = server
        .wait_for(Stream::Stderr, "listening on ", deadline)
        .unwrap();
    let address = line.rsplit(' ').next().unwrap().to_owned();
    assert!(address.starts_with("127.0.0.1:"), "{line}");
    assert_ne!(address, "127.0.0.1:0", "{line}");
    (server, address)
}

/// `tls connect` to `address`, trusting `ca`, plus `extra` flags.
pub(crate) fn connect(address: &str, ca: &Path, extra: &[&str]) -> ChildGuard {
    let mut args = vec![
        "connect",
        address,
        "--ca",
        ca.to_str().unwrap(),
        "--servername",
        "localhost",
    ];
    args.extend_from_slice(extra);
    start(&args)
}
