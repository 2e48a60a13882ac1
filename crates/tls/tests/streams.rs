//! The blocking streams over real TCP on 127.0.0.1, our client with our server, each version:
//! 16 MiB each way checked byte for byte (one direction at a time, each with its reader
//! running: a single thread writing both ways would deadlock once socket buffers fill), many
//! small writes, a KeyUpdate mid-stream, close_notify and truncation, resumption, 0-RTT,
//! client authentication, and exporters agreeing on both sides. Every socket has a deadline.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use common::{CERTIFICATE_TYPES, GROUPS, SUITES, client_pki_under, configs, pattern, pki};
use tls::{
    ClientAuth, ClientConfig, Connection, ServerConfig, ServerName, SingleClientCertificate,
    StreamOwned, SupportedCipherSuite, SupportedVersion, WebPkiClientVerifier,
};

/// How long any socket operation, or a whole test's server thread, may take.
const DEADLINE: Duration = Duration::from_secs(60);
const MIB: usize = 1024 * 1024;

/// The two versions, with a suite each.
const VERSIONS: [(SupportedVersion, SupportedCipherSuite); 2] = [
    (SupportedVersion::Tls13, SUITES[0]),
    (
        SupportedVersion::Tls12,
        SupportedCipherSuite::Tls12EcdheEcdsaAes128GcmSha256,
    ),
];

fn configs_for(
    version: SupportedVersion,
    suite: SupportedCipherSuite,
) -> (Arc<ClientConfig>, Arc<ServerConfig>) {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified, suite, GROUPS[0]);
    (
        Arc::new(client.versions(&[version]).build().unwrap()),
        Arc::new(server.versions(&[version]).build().unwrap()),
    )
}

/// A socket with the deadline on reads and writes.
fn with_deadline(socket: TcpStream) -> TcpStream {
    socket.set_read_timeout(Some(DEADLINE)).unwrap();
    socket.set_write_timeout(Some(DEADLINE)).unwrap();
    socket
}

/// A listener whose one connection `serve` handles on a thread; returns its address and what
/// `serve` returns, within the deadline.
fn serve_once<T: Send + 'static>(
    config: Arc<ServerConfig>,
    serve: impl FnOnce(StreamOwned<TcpStream>) -> T + Send + 'static,
) -> (String, mpsc::Receiver<T>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let (done, result) = mpsc::channel();
    thread::spawn(move || {
        let (socket, _) = listener.accept().unwrap();
        let stream = StreamOwned::new(Connection::server(config), with_deadline(socket));
        let _ = done.send(serve(stream));
    });
    (address, result)
}

fn connect(config: &Arc<ClientConfig>, address: &str) -> StreamOwned<TcpStream> {
    let socket = with_deadline(TcpStream::connect(address).unwrap());
    let name = ServerName::try_from(common::SERVER_NAME).unwrap();
    StreamOwned::new(
        Connection::client(Arc::clone(config), name).unwrap(),
        socket,
    )
}

/// Reads exactly `len` bytes and checks them against `pattern(len, seed)`.
fn read_checked(stream: &mut impl Read, len: usize, seed: u8) {
    let expected = pattern(len, seed);
    let mut got = vec![0; len];
    stream.read_exact(&mut got).unwrap();
    assert!(got == expected, "the data differs");
}

/// Reads until the end of the stream, which must be the peer's close_notify.
fn read_to_close(stream: &mut impl Read) -> Vec<u8> {
    let mut rest = Vec::new();
    stream.read_to_end(&mut rest).unwrap();
    rest
}

#[test]
fn sixteen_mib_each_way_in_each_version() {
    for (version, suite) in VERSIONS {
        let (client, server) = configs_for(version, suite);
        let (address, served) = serve_once(server, |mut stream| {
            read_checked(&mut stream, 16 * MIB, 1);
            stream.write_all(&pattern(16 * MIB, 2)).unwrap();
            stream.flush().unwrap();
            // The client's close_notify ends our reading; ours answers it.
            assert!(read_to_close(&mut stream).is_empty());
            stream.send_close_notify().unwrap();
        });
        let mut stream = connect(&client, &address);
        for chunk in pattern(16 * MIB, 1).chunks(100_000) {
            stream.write_all(chunk).unwrap();
        }
        read_checked(&mut stream, 16 * MIB, 2);
        stream.send_close_notify().unwrap();
        assert!(read_to_close(&mut stream).is_empty());
        served.recv_timeout(DEADLINE).unwrap();
        assert_eq!(
            stream.conn.negotiated().unwrap().version,
            version.id(),
            "{version:?}"
        );
    }
}

#[test]
fn many_small_writes_arrive_in_order() {
    let (client, server) = configs_for(VERSIONS[0].0, VERSIONS[0].1);
    let data = pattern(50_000, 3);
    let expected = data.clone();
    let (address, served) = serve_once(server, move |mut stream| {
        let mut got = vec![0; expected.len()];
        stream.read_exact(&mut got).unwrap();
        got == expected
    });
    let mut stream = connect(&client, &address);
    let mut rest = &data[..];
    let mut size = 1;
    while !rest.is_empty() {
        let (now, later) = rest.split_at(size.min(rest.len()));
        stream.write_all(now).unwrap();
        rest = later;
        size = size % 7 + 1;
    }
    assert!(served.recv_timeout(DEADLINE).unwrap());
}

#[test]
fn a_key_update_mid_stream_keeps_the_data_flowing() {
    let (client, server) = configs_for(VERSIONS[0].0, VERSIONS[0].1);
    let (address, served) = serve_once(server, |mut stream| {
        read_checked(&mut stream, 2 * MIB, 4);
        // Answered before this data, under our next key.
        stream.write_all(b"done").unwrap();
        (
            stream.conn.key_updates_received(),
            stream.conn.key_updates_sent(),
        )
    });
    let mut stream = connect(&client, &address);
    let data = pattern(2 * MIB, 4);
    let (first, second) = data.split_at(MIB);
    stream.write_all(first).unwrap();
    stream.conn.refresh_traffic_keys().unwrap();
    stream.write_all(second).unwrap();
    let mut done = [0; 4];
    stream.read_exact(&mut done).unwrap();
    assert_eq!(&done, b"done");
    assert_eq!(served.recv_timeout(DEADLINE).unwrap(), (1, 1));
    assert_eq!(stream.conn.key_updates_received(), 1);
}

#[test]
fn the_socket_closed_without_close_notify_is_a_truncation() {
    for (version, suite) in VERSIONS {
        let (client, server) = configs_for(version, suite);
        let (address, served) = serve_once(server, |mut stream| {
            stream.write_all(b"partial").unwrap();
            // Dropped without close_notify: the TCP connection just ends.
        });
        let mut stream = connect(&client, &address);
        let mut buf = [0; 7];
        stream.read_exact(&mut buf).unwrap();
        assert_eq!(&buf, b"partial");
        served.recv_timeout(DEADLINE).unwrap();
        let error = stream.read(&mut buf).unwrap_err();
        assert_eq!(
            error.kind(),
            std::io::ErrorKind::UnexpectedEof,
            "{version:?}"
        );
    }
}

#[test]
fn a_session_resumes_over_tcp_in_each_version() {
    for (version, suite) in VERSIONS {
        let (client, server) = configs_for(version, suite);
        for resumed in [false, true] {
            let (address, served) = serve_once(Arc::clone(&server), |mut stream| {
                stream.write_all(b"hello").unwrap();
                stream.send_close_notify().unwrap();
                read_to_close(&mut stream);
                stream.conn.negotiated().unwrap().resumed
            });
            let mut stream = connect(&client, &address);
            assert_eq!(read_to_close(&mut stream), b"hello");
            stream.send_close_notify().unwrap();
            assert_eq!(
                served.recv_timeout(DEADLINE).unwrap(),
                resumed,
                "{version:?}"
            );
            assert_eq!(stream.conn.negotiated().unwrap().resumed, resumed);
        }
    }
}

#[test]
fn early_data_over_tcp() {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified, SUITES[0], GROUPS[0]);
    let client = Arc::new(client.early_data(true).build().unwrap());
    let server = Arc::new(server.max_early_data_size(1024).build().unwrap());
    for round in 0..2 {
        let (address, served) = serve_once(Arc::clone(&server), |mut stream| {
            stream.complete_handshake().unwrap();
            let mut early = vec![0; 1024];
            let n = stream.conn.read_early_data(&mut early).unwrap_or(0);
            early.truncate(n);
            stream.write_all(b"ok").unwrap();
            stream.send_close_notify().unwrap();
            read_to_close(&mut stream);
            early
        });
        let mut stream = connect(&client, &address);
        if round == 1 {
            assert_eq!(stream.conn.write_early_data(b"GET /").unwrap(), 5);
        }
        assert_eq!(read_to_close(&mut stream), b"ok");
        stream.send_close_notify().unwrap();
        let early = served.recv_timeout(DEADLINE).unwrap();
        if round == 1 {
            assert_eq!(early, b"GET /");
            assert_eq!(stream.conn.early_data_accepted(), Some(true));
        } else {
            assert!(early.is_empty());
        }
    }
}

#[test]
fn client_authentication_and_exporters_agree_over_tcp() {
    for (version, suite) in VERSIONS {
        let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
        let (client, server) = configs(anchors, certified, suite, GROUPS[0]);
        let (_, roots, key) = client_pki_under(CERTIFICATE_TYPES[0].key_type, "Stream Client Root");
        let client = Arc::new(
            client
                .versions(&[version])
                .client_certificate(Arc::new(SingleClientCertificate(key)))
                .build()
                .unwrap(),
        );
        let server = Arc::new(
            server
                .versions(&[version])
                .client_auth(ClientAuth::Required(Arc::new(WebPkiClientVerifier::new(
                    roots,
                ))))
                .build()
                .unwrap(),
        );
        let export = |conn: &Connection| {
            let mut out = [0; 32];
            conn.export_keying_material(b"EXPERIMENTAL-stream", Some(b"ctx"), &mut out)
                .unwrap();
            out
        };
        let (address, served) = serve_once(server, move |mut stream| {
            stream.complete_handshake().unwrap();
            let certificates = stream.conn.peer_certificates().len();
            let exported = export(&stream.conn);
            stream.send_close_notify().unwrap();
            read_to_close(&mut stream);
            (certificates, exported)
        });
        let mut stream = connect(&client, &address);
        stream.complete_handshake().unwrap();
        let exported = export(&stream.conn);
        read_to_close(&mut stream);
        stream.send_close_notify().unwrap();
        let (certificates, theirs) = served.recv_timeout(DEADLINE).unwrap();
        assert!(
            certificates > 0,
            "{version:?}: the client's chain reached the server"
        );
        assert_eq!(exported, theirs, "{version:?}");
    }
}

/// `tls::dangerous`: a client that accepts any certificate connects to a server whose root it
/// does not trust, and says who vouched; a normal client refuses the same server.
#[test]
fn a_dangerous_verifier_accepts_an_untrusted_chain_and_says_so() {
    use tls::dangerous::AcceptAnyServerCertificate;
    use tls::handshake::proof::PeerAuth;

    let (_, certified) = pki(&CERTIFICATE_TYPES[0]);
    let server = Arc::new(ServerConfig::builder(certified).build().unwrap());
    let (anchors, _) = pki(&CERTIFICATE_TYPES[0]);
    for dangerous in [true, false] {
        let client = if dangerous {
            ClientConfig::builder(Arc::new(AcceptAnyServerCertificate))
        } else {
            // A root of another chain: not this server's.
            ClientConfig::builder(Arc::new(tls::WebPkiServerVerifier::new(anchors.clone())))
        };
        let client = Arc::new(client.build().unwrap());
        let (address, served) = serve_once(Arc::clone(&server), |mut stream| {
            stream.complete_handshake().is_ok()
        });
        let mut stream = connect(&client, &address);
        let result = stream.complete_handshake();
        assert_eq!(result.is_ok(), dangerous);
        assert_eq!(served.recv_timeout(DEADLINE).unwrap(), dangerous);
        if let Some(PeerAuth::Certificate(verified, _)) = stream.conn.peer_auth() {
            assert_eq!(verified.vouched_by(), "AcceptAnyServerCertificate");
        } else {
            assert!(!dangerous, "no peer auth after a dangerous handshake");
        }
    }
}

/// Without copies: the server writes each record's content in place
/// (`Connection::write_in_place`), the client reads lines with `BufRead`, lent from the
/// connection's buffer.
#[test]
fn in_place_writes_and_borrowed_reads_carry_the_data() {
    use std::io::BufRead;

    for (version, suite) in VERSIONS {
        let (client, server) = configs_for(version, suite);
        let (address, served) = serve_once(server, |mut stream| {
            stream.complete_handshake().unwrap();
            let mut lines = 0;
            for line in 0..1000u32 {
                let text = format!("line {line}\n");
                let written = stream
                    .conn
                    .write_in_place(text.len(), |slot| {
                        slot.copy_from_slice(text.as_bytes());
                        text.len()
                    })
                    .unwrap();
                assert_eq!(written, text.len());
                lines += 1;
                stream.flush().unwrap();
            }
            stream.send_close_notify().unwrap();
            read_to_close(&mut stream);
            lines
        });
        let mut stream = connect(&client, &address);
        let mut count = 0;
        let mut line = String::new();
        while stream.read_line(&mut line).unwrap() > 0 {
            assert_eq!(line, format!("line {count}\n"), "{version:?}");
            count += 1;
            line.clear();
        }
        stream.send_close_notify().unwrap();
        assert_eq!(served.recv_timeout(DEADLINE).unwrap(), 1000);
        assert_eq!(count, 1000);
    }
}
