//! Our tokio streams over real TCP on 127.0.0.1, our client against our server: each version
//! with data both ways and a clean close; truncation; handshakes that time out; an acceptor
//! whose signatures come from an async function; and hundreds of connections at once.
//!
//! Every test runs under a deadline, and every socket is bound to port 0.
#![forbid(unsafe_code)]

mod common;

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{CERTIFICATE_TYPES, GROUPS, SERVER_NAME, SUITES, configs, pattern, pki};
use tls::handshake::action::{Answer, Request};
use tls::handshake::config::{SupportedCipherSuite, SupportedVersion};
use tls::handshake::deps::SystemRng;
use tls::tokio::{Reply, TlsAcceptor, TlsConnector, TlsStream};
use tls::wire::ids::ProtocolVersion;
use tls::{CertifiedKey, ClientConfig, Error, ServerConfig, ServerName};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;

/// How long any one test may take, whatever goes wrong.
const DEADLINE: Duration = Duration::from_secs(60);

/// Runs `test` under [`DEADLINE`].
async fn within_deadline<T>(test: impl Future<Output = T>) -> T {
    timeout(DEADLINE, test)
        .await
        .expect("the test passed its deadline")
}

/// A version under test: what the configs allow, what the handshake then negotiates, and a
/// suite of that version for the first certificate type (ECDSA P-256).
#[derive(Clone, Copy, Debug)]
struct Version {
    supported: SupportedVersion,
    wire: ProtocolVersion,
    suite: SupportedCipherSuite,
}

const VERSIONS: [Version; 2] = [
    Version {
        supported: SupportedVersion::Tls13,
        wire: ProtocolVersion::TLSV1_3,
        suite: SUITES[0],
    },
    Version {
        supported: SupportedVersion::Tls12,
        wire: ProtocolVersion::TLSV1_2,
        suite: SupportedCipherSuite::Tls12EcdheEcdsaAes128GcmSha256,
    },
];

const TLS13: Version = VERSIONS[0];

/// Configs of `version` only, for the first certificate type, and the server's key.
fn setup(version: Version) -> (Arc<ClientConfig>, Arc<ServerConfig>, Arc<CertifiedKey>) {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified.clone(), version.suite, GROUPS[0]);
    let versions = [version.supported];
    let (client, server) = (client.versions(&versions), server.versions(&versions));
    (
        Arc::new(client.build().unwrap()),
        Arc::new(server.build().unwrap()),
        certified,
    )
}

fn server_name() -> ServerName {
    ServerName::try_from(SERVER_NAME).unwrap()
}

async fn listener() -> (TcpListener, SocketAddr) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    (listener, address)
}

#[test]
fn streams_and_handshakes_can_move_between_threads() {
    fn send_and_sync<T: Send + Sync>() {}
    send_and_sync::<TlsStream<TcpStream>>();
    send_and_sync::<tls::tokio::Handshake<TcpStream>>();
    send_and_sync::<TlsAcceptor>();
    send_and_sync::<TlsConnector>();
}

#[tokio::test]
async fn each_version_carries_data_both_ways_and_closes_cleanly() {
    within_deadline(async {
        for version in VERSIONS {
            let (client_config, server_config, _) = setup(version);
            let (listener, address) = listener().await;
            let request = pattern(100_000, 1);
            let response = pattern(200_000, 2);
            let acceptor = TlsAcceptor::new(server_config);
            let (request_len, sent) = (request.len(), response.clone());
            let server = tokio::spawn(async move {
                let (tcp, _) = listener.accept().await?;
                let mut stream = acceptor.accept(tcp).await?;
                let mut got = vec![0; request_len];
                stream.read_exact(&mut got).await?;
                stream.write_all(&sent).await?;
                // Our write side only: the client's close_notify is still to come.
                stream.shutdown().await?;
                let mut after = Vec::new();
                stream.read_to_end(&mut after).await?;
                let connection = stream.connection();
                assert!(connection.peer_closed());
                let version = connection.negotiated().unwrap().version;
                io::Result::Ok((got, after, version))
            });

            let tcp = TcpStream::connect(address).await.unwrap();
            let mut stream = TlsConnector::new(client_config)
                .connect(server_name(), tcp)
                .await
                .unwrap();
            stream.write_all(&request).await.unwrap();
            stream.flush().await.unwrap();
            // Ends, without error, at the server's close_notify.
            let mut got = Vec::new();
            stream.read_to_end(&mut got).await.unwrap();
            assert!(stream.connection().peer_closed(), "{version:?}");
            stream.shutdown().await.unwrap();

            let (server_got, after, server_version) = server.await.unwrap().unwrap();
            assert!(got == response, "{version:?}: the response differs");
            assert!(server_got == request, "{version:?}: the request differs");
            assert!(after.is_empty(), "{version:?}");
            let client_version = stream.connection().negotiated().unwrap().version;
            assert_eq!(client_version, version.wire);
            assert_eq!(server_version, version.wire);
        }
    })
    .await;
}

#[tokio::test]
async fn a_peer_that_drops_tcp_without_close_notify_is_unexpected_eof_after_its_data() {
    within_deadline(async {
        for version in VERSIONS {
            let (client_config, server_config, _) = setup(version);
            let (listener, address) = listener().await;
            let acceptor = TlsAcceptor::new(server_config);
            let server = tokio::spawn(async move {
                let (tcp, _) = listener.accept().await.unwrap();
                let mut stream = acceptor.accept(tcp).await.unwrap();
                stream.write_all(b"before the cut").await.unwrap();
                stream.flush().await.unwrap();
                // Dropped without shutdown: TCP's FIN, no close_notify.
            });
            let tcp = TcpStream::connect(address).await.unwrap();
            let mut stream = TlsConnector::new(client_config)
                .connect(server_name(), tcp)
                .await
                .unwrap();
            server.await.unwrap();
            // The data and the FIN have both arrived: the data is read first.
            let mut got = [0; 14];
            stream.read_exact(&mut got).await.unwrap();
            assert_eq!(&got, b"before the cut");
            let error = stream.read(&mut [0; 16]).await.unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof, "{version:?}");
            // And again: the end does not turn into a clean one.
            let error = stream.read(&mut [0; 16]).await.unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof, "{version:?}");
            assert!(!stream.connection().peer_closed());
        }
    })
    .await;
}

/// Polls `future` until `limit`, counting the polls: a future that returned `Pending`
/// without waiting for anything (or woke itself at once) is polled over and over.
async fn polls_until<F: Future>(limit: Duration, future: F) -> (Option<F::Output>, usize) {
    let mut future = pin!(future);
    let mut polls = 0;
    let counted = std::future::poll_fn(|cx| {
        polls += 1;
        future.as_mut().poll(cx)
    });
    let outcome = timeout(limit, counted).await.ok();
    (outcome, polls)
}

/// At most this many polls while the peer says nothing: the first, one for each segment of
/// the tickets a TLS 1.3 server sends after its handshake, and a spurious wakeup or two. A
/// future that spins is polled hundreds of thousands of times in the same while.
const IDLE_POLLS: usize = 10;

#[tokio::test]
async fn handshakes_and_reads_with_a_silent_peer_time_out_without_spinning() {
    within_deadline(async {
        let (client_config, server_config, _) = setup(TLS13);
        let connector = TlsConnector::new(client_config);
        let acceptor = TlsAcceptor::new(server_config);
        // The kernel completes TCP connections to a listener that never accepts them: our
        // ClientHello goes out, and nothing ever comes back.
        let (silent_listener, address) = listener().await;
        let tcp = TcpStream::connect(address).await.unwrap();
        let connect = connector.connect(server_name(), tcp);
        let (outcome, polls) = polls_until(Duration::from_millis(300), connect).await;
        assert!(outcome.is_none(), "the client handshake did not time out");
        assert!(
            polls <= IDLE_POLLS,
            "the client handshake was polled {polls} times"
        );

        // A client that connects and never says hello.
        let (listener, address) = listener().await;
        let _silent_client = TcpStream::connect(address).await.unwrap();
        let (tcp, _) = listener.accept().await.unwrap();
        let accept = acceptor.accept(tcp);
        let (outcome, polls) = polls_until(Duration::from_millis(300), accept).await;
        assert!(outcome.is_none(), "the server handshake did not time out");
        assert!(
            polls <= IDLE_POLLS,
            "the server handshake was polled {polls} times"
        );

        // A connection whose server says nothing after the handshake: the read waits.
        let server = tokio::spawn(async move {
            let (tcp, _) = listener.accept().await.unwrap();
            let stream = acceptor.accept(tcp).await.unwrap();
            tokio::time::sleep(Duration::from_millis(500)).await;
            drop(stream);
        });
        let tcp = TcpStream::connect(address).await.unwrap();
        let mut stream = connector.connect(server_name(), tcp).await.unwrap();
        let mut buf = [0; 16];
        let (outcome, polls) = polls_until(Duration::from_millis(300), stream.read(&mut buf)).await;
        assert!(outcome.is_none(), "the read did not wait");
        assert!(polls <= IDLE_POLLS, "the read was polled {polls} times");
        server.await.unwrap();
        drop(silent_listener);
    })
    .await;
}

/// Connects to `address` with `connector`, sends `message`, reads its echo, then closes and
/// reads to the server's close_notify. (Not closing first: in TLS 1.2 the server answers our
/// close_notify with its own at once, RFC 5246 §7.2.1, and sends nothing more.)
async fn exchange(connector: &TlsConnector, address: SocketAddr, message: &[u8]) -> Vec<u8> {
    let tcp = TcpStream::connect(address).await.unwrap();
    let mut stream = connector.connect(server_name(), tcp).await.unwrap();
    stream.write_all(message).await.unwrap();
    stream.flush().await.unwrap();
    let mut echo = vec![0; message.len()];
    stream.read_exact(&mut echo).await.unwrap();
    stream.shutdown().await.unwrap();
    let mut rest = Vec::new();
    stream.read_to_end(&mut rest).await.unwrap();
    assert!(rest.is_empty());
    echo
}

/// Echoes what the client sends until its close_notify, then closes.
async fn echo(mut stream: TlsStream<TcpStream>) -> io::Result<()> {
    let mut buf = vec![0; 16 * 1024];
    loop {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            return stream.shutdown().await;
        }
        stream.write_all(&buf[..n]).await?;
        stream.flush().await?;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_acceptor_whose_signatures_come_from_an_async_function_completes_handshakes() {
    const CONNECTIONS: usize = 8;
    within_deadline(async {
        for version in VERSIONS {
            let (client_config, server_config, key) = setup(version);
            let signed = Arc::new(AtomicUsize::new(0));
            let left_to_config = Arc::new(AtomicUsize::new(0));
            let (signed_count, in_process_count) = (signed.clone(), left_to_config.clone());
            // A remote key service: it answers after a while, signing with the key.
            let acceptor = TlsAcceptor::new(server_config).answer_requests_with(move |request| {
                let (key, signed, left_to_config) =
                    (key.clone(), signed.clone(), left_to_config.clone());
                async move {
                    match request {
                        Request::Sign { scheme, message } => {
                            tokio::time::sleep(Duration::from_millis(20)).await;
                            signed.fetch_add(1, Ordering::Relaxed);
                            let signature = key.key().sign(scheme, &message, &SystemRng::new());
                            Reply::Answer(Answer::Signature(signature))
                        }
                        other => {
                            left_to_config.fetch_add(1, Ordering::Relaxed);
                            Reply::InProcess(other)
                        }
                    }
                }
            });
            // The client defers too, and leaves everything (verifying the chain) to its config.
            let verified = Arc::new(AtomicUsize::new(0));
            let verified_count = verified.clone();
            let connector = TlsConnector::new(client_config).answer_requests_with(move |request| {
                let verified = verified.clone();
                async move {
                    if matches!(request, Request::VerifyChain { .. }) {
                        verified.fetch_add(1, Ordering::Relaxed);
                    }
                    Reply::InProcess(request)
                }
            });

            let (listener, address) = listener().await;
            let server = tokio::spawn(async move {
                let mut connections = Vec::new();
                for _ in 0..CONNECTIONS {
                    let (tcp, _) = listener.accept().await?;
                    let acceptor = acceptor.clone();
                    connections.push(tokio::spawn(async move {
                        let stream = acceptor.accept(tcp).await?;
                        assert!(!stream.connection().negotiated().unwrap().resumed);
                        echo(stream).await
                    }));
                }
                for connection in connections {
                    connection.await.unwrap()?;
                }
                io::Result::Ok(())
            });
            let clients: Vec<_> = (0..CONNECTIONS)
                .map(|index| {
                    let connector = connector.clone();
                    tokio::spawn(async move {
                        let message = pattern(1000 + index, index as u8);
                        let echo = exchange(&connector, address, &message).await;
                        assert!(
                            echo == message,
                            "connection {index}: the echo differs: {} of {} bytes",
                            echo.len(),
                            message.len()
                        );
                    })
                })
                .collect();
            for client in clients {
                client.await.unwrap();
            }
            server.await.unwrap().unwrap();
            assert_eq!(
                signed_count.load(Ordering::Relaxed),
                CONNECTIONS,
                "{version:?}"
            );
            // SelectCertificate, left to the config.
            assert_eq!(
                in_process_count.load(Ordering::Relaxed),
                CONNECTIONS,
                "{version:?}"
            );
            assert_eq!(
                verified_count.load(Ordering::Relaxed),
                CONNECTIONS,
                "{version:?}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn an_answer_that_does_not_fit_the_request_fails_the_handshake_instead_of_hanging() {
    within_deadline(async {
        let (client_config, server_config, _) = setup(TLS13);
        // Every request is answered as if it were OpenTicket.
        let acceptor = TlsAcceptor::new(server_config)
            .answer_requests_with(|_| async { Reply::Answer(Answer::Ticket(None)) });
        let (listener, address) = listener().await;
        let server = tokio::spawn(async move {
            let (tcp, _) = listener.accept().await.unwrap();
            acceptor.accept(tcp).await.map(drop)
        });
        let tcp = TcpStream::connect(address).await.unwrap();
        let client = TlsConnector::new(client_config)
            .connect(server_name(), tcp)
            .await;

        let error = server.await.unwrap().unwrap_err();
        let tls_error = error.get_ref().and_then(|e| e.downcast_ref::<Error>());
        assert_eq!(
            tls_error,
            Some(&Error::AnswerDoesNotFit {
                request: "SelectCertificate"
            })
        );
        // The server dropped the connection mid-handshake.
        let error = client.unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_acceptor_echoes_64_kib_on_250_concurrent_connections() {
    // 250 pairs are 500 sockets in this process: under the 1,024 descriptors a process
    // commonly may open.
    const CONNECTIONS: usize = 250;
    const LEN: usize = 64 * 1024;
    within_deadline(async {
        let (client_config, server_config, _) = setup(TLS13);
        let acceptor = TlsAcceptor::new(server_config);
        let connector = TlsConnector::new(client_config);
        let (listener, address) = listener().await;
        let server = tokio::spawn(async move {
            let mut connections = Vec::with_capacity(CONNECTIONS);
            for _ in 0..CONNECTIONS {
                let (tcp, _) = listener.accept().await?;
                let acceptor = acceptor.clone();
                connections.push(tokio::spawn(async move {
                    echo(acceptor.accept(tcp).await?).await
                }));
            }
            for connection in connections {
                connection.await.unwrap()?;
            }
            io::Result::Ok(())
        });
        let clients: Vec<_> = (0..CONNECTIONS)
            .map(|index| {
                let connector = connector.clone();
                tokio::spawn(async move {
                    let tcp = TcpStream::connect(address).await.unwrap();
                    let stream = connector.connect(server_name(), tcp).await.unwrap();
                    let data = pattern(LEN, index as u8);
                    // Writing and reading at once: the echo comes back while we still send.
                    let (mut reader, mut writer) = tokio::io::split(stream);
                    let send = async {
                        writer.write_all(&data).await?;
                        writer.shutdown().await
                    };
                    let mut echo = Vec::with_capacity(LEN);
                    let (sent, received) = tokio::join!(send, reader.read_to_end(&mut echo));
                    sent.unwrap();
                    received.unwrap();
                    assert!(echo == data, "connection {index}: the echo differs");
                })
            })
            .collect();
        for client in clients {
            client.await.unwrap();
        }
        server.await.unwrap().unwrap();
    })
    .await;
}

/// `AsyncBufRead`: lines read from the stream are lent from the connection's buffer, up to
/// the server's close_notify.
#[tokio::test]
async fn lines_are_read_through_async_buf_read() {
    use tokio::io::AsyncBufReadExt;

    within_deadline(async {
        let (client_config, server_config, _) = setup(TLS13);
        let (listener, address) = listener().await;
        let acceptor = TlsAcceptor::new(server_config);
        let server = tokio::spawn(async move {
            let (tcp, _) = listener.accept().await?;
            let mut stream = acceptor.accept(tcp).await?;
            for line in 0..500 {
                stream
                    .write_all(format!("line {line}\n").as_bytes())
                    .await?;
            }
            stream.shutdown().await?;
            io::Result::Ok(())
        });
        let tcp = TcpStream::connect(address).await.unwrap();
        let mut stream = TlsConnector::new(client_config)
            .connect(server_name(), tcp)
            .await
            .unwrap();
        let mut line = String::new();
        let mut count = 0;
        while stream.read_line(&mut line).await.unwrap() > 0 {
            assert_eq!(line, format!("line {count}\n"));
            count += 1;
            line.clear();
        }
        assert_eq!(count, 500);
        stream.shutdown().await.unwrap();
        server.await.unwrap().unwrap();
    })
    .await;
}
