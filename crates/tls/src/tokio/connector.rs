//! The client side: a [`TlsConnector`] turns an IO (a `TcpStream`, usually) into a
//! [`Handshake`] future for one server name.

use std::future::Future;
use std::sync::Arc;

use ::tokio::io::{AsyncRead, AsyncWrite};
use tls_handshake::action::Request;
use tls_handshake::config::ClientConfig;
use tls_pki::name::ServerName;

use super::answer::{Answerer, Reply};
use super::handshake::Handshake;
use super::session::Session;
use crate::connection::Connection;

/// Connects clients with one config. Cheap to clone: every clone shares the config and the
/// answering function.
#[derive(Clone, Debug)]
pub struct TlsConnector {
    config: Arc<ClientConfig>,
    answerer: Option<Answerer>,
}

impl TlsConnector {
    /// Clients with `config`, whose requests (verify the server's chain, choose a client
    /// certificate, sign with it) are answered in process by the config.
    pub fn new(config: Arc<ClientConfig>) -> Self {
        Self {
            config,
            answerer: None,
        }
    }

    /// Answers the handshake's requests with `answer`: called once per request with it, its
    /// future polled by the handshake while the IO is read as far as the connection takes
    /// bytes. It is called from within the handshake's poll: it should only build the
    /// future, which does the work. A request it leaves to the config goes back as [`Reply::InProcess`].
    pub fn answer_requests_with<F, Fut>(mut self, answer: F) -> Self
    where
        F: Fn(Request) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Reply> + Send + 'static,
    {
        self.answerer = Some(Answerer::new(answer));
        self
    }

    /// A client handshake with `server_name` over `io`: its ClientHello goes out when the
    /// future is first polled. A DNS name is sent as SNI and checked against the server's
    /// certificate, as [`Connection::client`] does.
    pub fn connect<IO>(&self, server_name: ServerName, io: IO) -> Handshake<IO>
    where
        IO: AsyncRead + AsyncWrite + Unpin,
    {
        match Connection::client(self.config.clone(), server_name) {
            Ok(connection) => {
                Handshake::running(Session::new(io, connection, self.answerer.clone()))
            }
            Err(error) => Handshake::failed(error),
        }
    }
}

impl From<Arc<ClientConfig>> for TlsConnector {
    fn from(config: Arc<ClientConfig>) -> Self {
        Self::new(config)
    }
}
