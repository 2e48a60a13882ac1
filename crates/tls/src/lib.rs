//! # tls
//!
//! The facade. It owns the sans-IO [`Connection`] (the record layer driving the handshake),
//! the blocking streams over it ([`Stream`], [`StreamOwned`]), and, from the crates below,
//! everything a client or a server needs, at the root: configs and their builders, the
//! verifiers, trust anchors, certificates and keys, the key log (`SSLKEYLOGFILE`).
//!
//! ```text
//! socket bytes ──▶ deframer ──▶ record opener ──▶ handshake / application data
//! app plaintext ──▶ fragmenter ──▶ record sealer ──▶ socket bytes
//! ```
//!
//! ## Quick start
//!
//! A client and a server in one process, over TCP on 127.0.0.1 (certificates made here for
//! the example; a real client takes [`TrustAnchors::system`] or
//! [`TrustAnchors::from_pem_file`], a real server [`CertifiedKey::from_pem_files`]):
//!
//! ```
//! use std::io::{Read, Write};
//! use std::net::{TcpListener, TcpStream};
//! use std::sync::Arc;
//! use tls::{CertifiedKey, ClientConfig, Connection, ServerConfig, ServerName, StreamOwned};
//! use tls::{TrustAnchor, TrustAnchors, WebPkiServerVerifier};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let chain = tls_tests::ChainBuilder::new(tls_tests::KeyType::EcdsaP256).dns_name("localhost").build()?;
//! # let (chain_pem, key_pem) = (chain.chain_pem(), chain.leaf_key.pkcs8_pem.clone());
//! # let mut roots = TrustAnchors::new();
//! # roots.add(TrustAnchor::from_der(&chain.root.der)?);
//!
//! let key = CertifiedKey::from_pem(chain_pem.as_bytes(), key_pem.as_bytes())?;
//! let server = Arc::new(ServerConfig::builder(Arc::new(key)).build()?);
//! let listener = TcpListener::bind("127.0.0.1:0")?;
//! let address = listener.local_addr()?;
//! std::thread::spawn(move || -> std::io::Result<()> {
//!     let mut tls = StreamOwned::new(Connection::server(server), listener.accept()?.0);
//!     tls.write_all(b"hello")?;
//!     tls.send_close_notify()
//! });
//!
//! let client = Arc::new(ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(roots))).build()?);
//! let conn = Connection::client(client, ServerName::try_from("localhost")?)?;
//! let mut tls = StreamOwned::new(conn, TcpStream::connect(address)?);
//! let mut greeting = String::new();
//! tls.read_to_string(&mut greeting)?; // to the server's close_notify
//! assert_eq!(greeting, "hello");
//! # Ok(())
//! # }
//! ```
//!
//! It also re-exports the parts it is built from: the wire codec ([`wire`]), the certificate
//! validator ([`pki`]), whose trust anchors ([`TrustAnchors`]: PEM bundles, directories, the
//! system store) are written once, there, and used from here, and the handshake
//! ([`handshake`]) with its configurations.
//!
//! With the `tokio` feature, `tls::tokio` has async streams over any tokio IO.
#![forbid(unsafe_code)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

pub mod connection;
pub mod dangerous;
pub mod error;
mod record_reader;
mod record_writer;
mod stream;
#[cfg(feature = "tokio")]
pub mod tokio;

pub use tls_keyschedule as keyschedule;
pub use tls_pki as pki;
pub use tls_pki::{TrustAnchor, TrustAnchors, VerifyOptions};
pub use tls_wire as wire;

pub use connection::{Connection, Direction, RequestId};
pub use error::Error;
pub use stream::{Stream, StreamOwned};
pub use tls_handshake as handshake;
pub use tls_handshake::action::{Answer, Negotiated, Request};
pub use tls_handshake::config::{
    CertificatesByName, CertifiedKey, ClientAuth, ClientConfig, ClientConfigBuilder, ServerConfig,
    ServerConfigBuilder, SingleClientCertificate, SupportedCipherSuite, SupportedGroup,
    SupportedVersion,
};
pub use tls_handshake::error::{ConfigError, ExportError, HandshakeError};
pub use tls_handshake::key_log::{KeyLog, KeyLogFile};
pub use tls_handshake::verifier::{WebPkiClientVerifier, WebPkiServerVerifier};
pub use tls_pki::name::ServerName;

/// The README's examples, compiled as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
