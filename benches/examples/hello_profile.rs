//! The `client_hello` benchmark's server step in a plain loop, for an instruction-level
//! profiler: `valgrind --tool=callgrind --toggle-collect='hello_profile::serve'
//! target/release/examples/hello_profile extensions` then `callgrind_annotate
//! --inclusive=yes`. The argument names a shape of `tls_wire::testing::hostile`; `retry_`
//! before it serves the pair of hellos around a HelloRetryRequest.
//!
//! `cargo build --release -p tls-benches --example hello_profile`.
#![forbid(unsafe_code)]

use std::hint::black_box;
use std::sync::Arc;

use tls_handshake::action::Actions;
use tls_handshake::config::{CertifiedKey, ServerConfig};
use tls_handshake::input::Input;
use tls_handshake::server::ServerHandshake;
use tls_tests::{ChainBuilder, KeyType};
use tls_wire::handshake::HandshakeMessage;
use tls_wire::testing::hostile::{Shape, client_hello, retried};

/// Hellos served per run.
const ROUNDS: usize = 200;

fn main() {
    let name = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "extensions".to_owned());
    let (retry, shape_name) = match name.strip_prefix("retry_") {
        Some(rest) => (true, rest.to_owned()),
        None => (false, name.clone()),
    };
    let shape = Shape::ALL
        .into_iter()
        .find(|shape| shape.name() == shape_name);
    let hellos = match (shape, retry) {
        (Some(shape), false) => vec![client_hello(shape, true)],
        (Some(shape), true) => vec![client_hello(shape, false), retried(shape)],
        (None, _) => panic!("no shape {shape_name}"),
    };
    let chain = ChainBuilder::new(KeyType::EcdsaP256)
        .dns_name("name.example")
        .build()
        .expect("chain");
    let certified = CertifiedKey::from_pem(
        chain.chain_pem().as_bytes(),
        chain.leaf_key.pkcs8_pem.as_bytes(),
    )
    .expect("key");
    let config = Arc::new(
        ServerConfig::builder(Arc::new(certified))
            .alpn_protocols(&["http/1.1"])
            .build()
            .expect("config"),
    );
    for _ in 0..ROUNDS {
        serve(&config, &hellos);
    }
}

/// One server's first step on `hellos`, as the benchmark's; never inlined, so the profiler
/// can collect it alone.
#[inline(never)]
fn serve(config: &Arc<ServerConfig>, hellos: &[Vec<u8>]) {
    let mut server = ServerHandshake::new(config.clone());
    let mut out = Actions::new();
    for hello in hellos {
        let message =
            HandshakeMessage::decode(hello, server.negotiated_version()).expect("decodes");
        server = server
            .handle(Input::Message(message), &mut out)
            .expect("the server takes the hello");
    }
    black_box(out);
}
