//! Async streams for tokio (feature `tokio`): a [`TlsConnector`] and a [`TlsAcceptor`] turn
//! any `AsyncRead + AsyncWrite + Unpin` IO into a [`Handshake`] future, which resolves to a
//! [`TlsStream`] implementing tokio's `AsyncRead` and `AsyncWrite`. Everything TLS is the
//! sans-IO [`Connection`](crate::Connection)'s; this module only moves bytes and wakes tasks.
//!
//! ```text
//!            TlsConnector::connect(name, io) / TlsAcceptor::accept(io)
//!                                   │
//!                                   ▼
//!   Handshake future ── IO bytes ─▶ Connection ─▶ requests ─▶ the application's async
//!        │           ◀─ its output ─┘   ▲                      answering function
//!        │                              └──── answers ◀───────────────┘
//!        ▼ handshake complete, last flight sent
//!   TlsStream: AsyncRead ◀─ Connection::read      AsyncWrite ─▶ Connection::write ─▶ IO
//! ```
//!
//! **Wakeups.** A poll returns `Pending` only when the IO or the application's answer did, so
//! the task's waker is registered with whatever will move the connection on: nothing spins.
//!
//! **Bounded.** An IO read takes at most what the connection takes then
//! ([`receive_room`](crate::Connection::receive_room)), into a buffer on the stack: nothing
//! read is kept outside the connection, whose buffers are bounded by its config. While the
//! handshake waits for an answer, the connection takes bytes only until its receive buffer is
//! full, and then the IO is not read at all.
//!
//! **Closing.** [`TlsStream`]'s `poll_shutdown` sends close_notify, flushes it, then shuts
//! down the IO's write side; reads go on until the peer's close_notify, and an IO that ends
//! without one is an [`UnexpectedEof`](std::io::ErrorKind::UnexpectedEof) error.
//!
//! **Async answers.** An HSM or a remote key service is one closure away: the function given
//! to `answer_requests_with` gets each of the handshake's requests and returns a future of its
//! [`Reply`]; what it leaves to the config it hands back, and the connection answers that in
//! process.
//!
//! ```no_run
//! use std::sync::Arc;
//!
//! use tls::handshake::action::{Answer, Request};
//! use tls::handshake::deps::SystemRng;
//! use tls::tokio::{Reply, TlsAcceptor};
//! use tls::{CertifiedKey, ServerConfig};
//! use tokio::io::{AsyncReadExt, AsyncWriteExt};
//! use tokio::net::TcpListener;
//!
//! async fn echo_once(config: ServerConfig, key: Arc<CertifiedKey>) -> std::io::Result<()> {
//!     let acceptor = TlsAcceptor::new(Arc::new(config)).answer_requests_with(move |request| {
//!         let key = key.clone();
//!         async move {
//!             match request {
//!                 // A remote key service would be awaited here.
//!                 Request::Sign { scheme, message } => Reply::Answer(Answer::Signature(
//!                     key.key().sign(scheme, &message, &SystemRng::new()),
//!                 )),
//!                 other => Reply::InProcess(other),
//!             }
//!         }
//!     });
//!     let listener = TcpListener::bind("127.0.0.1:0").await?;
//!     let (tcp, _) = listener.accept().await?;
//!     let mut stream = acceptor.accept(tcp).await?;
//!     let mut buf = [0; 1024];
//!     let n = stream.read(&mut buf).await?;
//!     stream.write_all(&buf[..n]).await?;
//!     stream.shutdown().await
//! }
//! ```

mod acceptor;
mod answer;
mod connector;
mod handshake;
mod session;
mod stream;

pub use acceptor::TlsAcceptor;
pub use answer::Reply;
pub use connector::TlsConnector;
pub use handshake::Handshake;
pub use stream::TlsStream;
