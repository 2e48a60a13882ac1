//! The server side: a [`TlsAcceptor`] turns each accepted IO into a [`Handshake`] future.

use std::future::Future;
use std::sync::Arc;

use ::tokio::io::{AsyncRead, AsyncWrite};
use tls_handshake::action::Request;
use tls_handshake::config::ServerConfig;

use super::answer::{Answerer, Reply};
use super::handshake::Handshake;
use super::session::Session;
use crate::connection::Connection;

/// Accepts clients with one config. Cheap to clone: every clone (one per accepting task, say)
/// shares the config and the answering function.
#[derive(Clone, Debug)]
pub struct TlsAcceptor {
    config: Arc<ServerConfig>,
    answerer: Option<Answerer>,
}

impl TlsAcceptor {
    /// Servers with `config`, whose requests (choose a certificate, sign, verify a client's
    /// chain, open a ticket) are answered in process by the config.
    pub fn new(config: Arc<ServerConfig>) -> Self {
        Self {
            config,
            answerer: None,
        }
    }

    /// Answers the handshake's requests with `answer`: called once per request with it, its
    /// future polled by the handshake while the IO is read as far as the connection takes
    /// bytes. It is called from within the handshake's poll: it should only build the
    /// future, which does the work. An HSM or a remote key service answers [`Request::Sign`]; a request it leaves
    /// to the config goes back as [`Reply::InProcess`].
    pub fn answer_requests_with<F, Fut>(mut self, answer: F) -> Self
    where
        F: Fn(Request) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Reply> + Send + 'static,
    {
        self.answerer = Some(Answerer::new(answer));
        self
    }

    /// A server handshake over `io`: it reads the client's ClientHello when the future is
    /// first polled.
    pub fn accept<IO>(&self, io: IO) -> Handshake<IO>
    where
        IO: AsyncRead + AsyncWrite + Unpin,
    {
        let connection = Connection::server(self.config.clone());
        Handshake::running(Session::new(io, connection, self.answerer.clone()))
    }
}

impl From<Arc<ServerConfig>> for TlsAcceptor {
    fn from(config: Arc<ServerConfig>) -> Self {
        Self::new(config)
    }
}
