//! Key logging between our client and server in memory (the NSS key log format): both sides
//! log the same lines for a connection, named by its ClientHello.random, and the logged
//! secrets alone, as a tool like Wireshark holds them, open the records that connection sent:
//! TLS 1.3 (every suite; full, and resumed with 0-RTT) and TLS 1.2 (full and resumed).

mod common;

use std::sync::{Arc, Mutex};

use common::{CERTIFICATE_TYPES, GROUPS, Pair, SUITES, configs, pki, read_all, transfer};
use tls::handshake::config::{SupportedCipherSuite, SupportedVersion, Tls12Authentication};
use tls::handshake::key_log::{
    CLIENT_EARLY_TRAFFIC_SECRET, CLIENT_HANDSHAKE_TRAFFIC_SECRET, CLIENT_RANDOM,
    CLIENT_TRAFFIC_SECRET_0, EARLY_EXPORTER_SECRET, EXPORTER_SECRET,
    SERVER_HANDSHAKE_TRAFFIC_SECRET, SERVER_TRAFFIC_SECRET_0,
};
use tls::handshake::ticketer::{RotatingTicketer, Ticketer};
use tls::keyschedule::record::{Tls12RecordOpener, Tls13RecordOpener};
use tls::keyschedule::secret::Secret;
use tls::keyschedule::suite::Suite;
use tls::keyschedule::tls12::{MasterSecret, Randoms, WriteKeys};
use tls::keyschedule::tls13::TrafficSecret;
use tls::keyschedule::tls13::exporter::{EarlyExporterMasterSecret, ExporterMasterSecret};
use tls::wire::ids::{ContentType, HandshakeType, ProtocolVersion};
use tls::wire::record::RecordHeader;
use tls::{ClientConfig, Connection, KeyLog, KeyLogFile, ServerConfig, ServerName};

const TO_CLIENT: &[u8] = b"HTTP/1.1 200 OK\r\n\r\nfrom the server";
const TO_SERVER: &[u8] = b"GET / HTTP/1.1\r\nHost: pair.example\r\n\r\n";
const EARLY: &[u8] = b"GET /early HTTP/1.1\r\n\r\n";

/// One line a key log was given.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Line {
    label: String,
    client_random: Vec<u8>,
    secret: Vec<u8>,
}

/// A key log that keeps every line, for one side's config.
#[derive(Debug, Default)]
struct Recorder(Mutex<Vec<Line>>);

impl KeyLog for Recorder {
    fn log(&self, label: &str, client_random: &[u8], secret: &[u8]) {
        self.0.lock().unwrap().push(Line {
            label: label.to_owned(),
            client_random: client_random.to_vec(),
            secret: secret.to_vec(),
        });
    }
}

impl Recorder {
    /// The lines of the connection whose client random is `client_random`, sorted.
    fn lines_of(&self, client_random: &[u8]) -> Vec<Line> {
        let mut lines: Vec<Line> = self
            .0
            .lock()
            .unwrap()
            .iter()
            .filter(|line| line.client_random == client_random)
            .cloned()
            .collect();
        lines.sort();
        lines
    }
}

/// The one secret logged under `label` among `lines`.
fn secret(lines: &[Line], label: &str) -> Secret {
    let found: Vec<&Line> = lines.iter().filter(|line| line.label == label).collect();
    assert_eq!(found.len(), 1, "one {label} line in {lines:?}");
    Secret::new(&found[0].secret)
}

fn labels(lines: &[Line]) -> Vec<&str> {
    let mut labels: Vec<&str> = lines.iter().map(|line| line.label.as_str()).collect();
    labels.sort_unstable();
    labels
}

/// A pair whose sides log to their own recorders, and every byte each side sent.
struct Logged {
    pair: Pair,
    client_sent: Vec<u8>,
    server_sent: Vec<u8>,
}

impl Logged {
    /// A connection between `client` and `server`, the client having written `early` as early
    /// data if anything.
    fn connect(client: &Arc<ClientConfig>, server: &Arc<ServerConfig>, early: &[u8]) -> Self {
        let mut client = Connection::client(
            Arc::clone(client),
            ServerName::try_from(common::SERVER_NAME).unwrap(),
        )
        .unwrap();
        if !early.is_empty() {
            assert_eq!(client.write_early_data(early).unwrap(), early.len());
        }
        let mut logged = Self {
            pair: Pair {
                client,
                server: Connection::server(Arc::clone(server)),
            },
            client_sent: Vec::new(),
            server_sent: Vec::new(),
        };
        logged.handshake();
        logged
    }

    /// Moves what one side has to send to the other, keeping what moved.
    fn client_to_server(&mut self) {
        send(
            &mut self.pair.client,
            &mut self.pair.server,
            &mut self.client_sent,
        );
    }

    fn server_to_client(&mut self) {
        send(
            &mut self.pair.server,
            &mut self.pair.client,
            &mut self.server_sent,
        );
    }

    /// The handshake, as `Pair::handshake` runs it, then application data each way.
    fn handshake(&mut self) {
        for _ in 0..8 {
            self.client_to_server();
            self.server_to_client();
            if !self.pair.client.is_handshaking() && !self.pair.server.is_handshaking() {
                self.client_to_server();
                break;
            }
        }
        assert!(!self.pair.client.is_handshaking() && !self.pair.server.is_handshaking());
        self.pair.server.write(TO_CLIENT).unwrap();
        self.server_to_client();
        assert_eq!(read_all(&mut self.pair.client), TO_CLIENT);
        self.pair.client.write(TO_SERVER).unwrap();
        self.client_to_server();
        assert_eq!(read_all(&mut self.pair.server), TO_SERVER);
    }

    /// The random of the ClientHello the client sent: the first record, a handshake message
    /// (type, 3-byte length, legacy_version, random).
    fn client_random(&self) -> Vec<u8> {
        let (header, hello) = &records(&self.client_sent)[0];
        assert_eq!(header.typ, ContentType::HANDSHAKE);
        assert_eq!(HandshakeType::from(hello[0]), HandshakeType::CLIENT_HELLO);
        hello[6..38].to_vec()
    }

    /// The random of the ServerHello, likewise.
    fn server_random(&self) -> Vec<u8> {
        let (header, hello) = &records(&self.server_sent)[0];
        assert_eq!(header.typ, ContentType::HANDSHAKE);
        assert_eq!(HandshakeType::from(hello[0]), HandshakeType::SERVER_HELLO);
        hello[6..38].to_vec()
    }

    fn suite(&self) -> Suite {
        Suite::from_id(self.pair.client.negotiated().unwrap().cipher_suite).unwrap()
    }
}

/// What `from` has to send, moved into `to`, and kept in `sent`.
fn send(from: &mut Connection, to: &mut Connection, sent: &mut Vec<u8>) {
    let pending = from.pending_output().to_vec();
    let moved = transfer(from, to, usize::MAX).unwrap();
    sent.extend_from_slice(&pending[..moved]);
}

/// The records in `bytes`: each header and fragment.
fn records(mut bytes: &[u8]) -> Vec<(RecordHeader, Vec<u8>)> {
    let mut records = Vec::new();
    while !bytes.is_empty() {
        let length = u16::from_be_bytes([bytes[3], bytes[4]]);
        let header = RecordHeader::new(
            ContentType::from(bytes[0]),
            ProtocolVersion::from(u16::from_be_bytes([bytes[1], bytes[2]])),
            length,
        );
        let end = RecordHeader::LEN + usize::from(length);
        records.push((header, bytes[RecordHeader::LEN..end].to_vec()));
        bytes = &bytes[end..];
    }
    records
}

/// Opens the protected TLS 1.3 records of one direction (`sent`) with `secrets`, the traffic
/// secrets that direction used in turn: each record under the current one, the next one
/// from the first record the current one does not open. Returns, for each record, the index
/// of the secret that opened it, the inner content type and the plaintext.
fn open_tls13(sent: &[u8], suite: Suite, secrets: &[Secret]) -> Vec<(usize, ContentType, Vec<u8>)> {
    let opener = |secret: &Secret| {
        let keys = TrafficSecret::new(suite.hash, secret.clone()).derive_traffic_keys(suite.aead);
        Tls13RecordOpener::from_traffic_keys(suite.aead, &keys).unwrap()
    };
    let mut current = 0;
    let mut opener_now = opener(&secrets[0]);
    let mut opened = Vec::new();
    // The unprotected records (hellos, compatibility change_cipher_spec) go by.
    for (header, fragment) in records(sent)
        .into_iter()
        .filter(|(header, _)| header.typ == ContentType::APPLICATION_DATA)
    {
        // A record that fails to open leaves the opener as it was: the next secret tries.
        loop {
            let mut attempt = fragment.clone();
            if let Ok((typ, plaintext)) = opener_now.open_in_place(header, &mut attempt) {
                opened.push((current, typ, plaintext.to_vec()));
                break;
            }
            current += 1;
            assert!(
                current < secrets.len(),
                "a record no logged secret opens ({} opened)",
                opened.len()
            );
            opener_now = opener(&secrets[current]);
        }
    }
    opened
}

/// Opens the TLS 1.2 records of one direction (`sent`) after its ChangeCipherSpec with its
/// `keys` from the key block. Returns each record's content type and plaintext.
fn open_tls12(sent: &[u8], suite: Suite, keys: &WriteKeys) -> Vec<(ContentType, Vec<u8>)> {
    let mut opener = Tls12RecordOpener::from_write_keys(suite.aead, keys).unwrap();
    records(sent)
        .into_iter()
        .skip_while(|(header, _)| header.typ != ContentType::CHANGE_CIPHER_SPEC)
        .skip(1)
        .map(|(header, mut fragment)| {
            let (typ, plaintext) = opener.open_in_place(header, &mut fragment).unwrap();
            (typ, plaintext.to_vec())
        })
        .collect()
}

/// Client and server configs logging to their own recorders.
fn logging_configs(
    suite: SupportedCipherSuite,
    versions: &[SupportedVersion],
) -> (
    Arc<ClientConfig>,
    Arc<ServerConfig>,
    Arc<Recorder>,
    Arc<Recorder>,
) {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified, suite, GROUPS[0]);
    let (client_log, server_log) = (Arc::new(Recorder::default()), Arc::new(Recorder::default()));
    let client = client
        .versions(versions)
        .key_log(Arc::clone(&client_log) as Arc<dyn KeyLog>)
        .build()
        .unwrap();
    let server = server
        .versions(versions)
        .key_log(Arc::clone(&server_log) as Arc<dyn KeyLog>)
        .build()
        .unwrap();
    (Arc::new(client), Arc::new(server), client_log, server_log)
}

/// The lines both sides logged for `logged`'s connection, which must be the same.
fn same_lines(logged: &Logged, client_log: &Recorder, server_log: &Recorder) -> Vec<Line> {
    let random = logged.client_random();
    let lines = client_log.lines_of(&random);
    assert_eq!(
        lines,
        server_log.lines_of(&random),
        "both sides log the same"
    );
    lines
}

#[test]
fn tls13_logs_the_same_secrets_on_both_sides_and_they_open_the_connection() {
    for suite in SUITES {
        let (client, server, client_log, server_log) =
            logging_configs(suite, &[SupportedVersion::Tls13]);
        let logged = Logged::connect(&client, &server, b"");
        let lines = same_lines(&logged, &client_log, &server_log);
        assert_eq!(
            labels(&lines),
            [
                CLIENT_HANDSHAKE_TRAFFIC_SECRET,
                CLIENT_TRAFFIC_SECRET_0,
                EXPORTER_SECRET,
                SERVER_HANDSHAKE_TRAFFIC_SECRET,
                SERVER_TRAFFIC_SECRET_0,
            ],
            "{suite}"
        );
        let suite = logged.suite();

        // The server's flight opens under its handshake secret, EncryptedExtensions first;
        // its tickets and data under its application secret.
        let server_records = open_tls13(
            &logged.server_sent,
            suite,
            &[
                secret(&lines, SERVER_HANDSHAKE_TRAFFIC_SECRET),
                secret(&lines, SERVER_TRAFFIC_SECRET_0),
            ],
        );
        let (epoch, typ, first) = &server_records[0];
        assert_eq!((*epoch, *typ), (0, ContentType::HANDSHAKE));
        assert_eq!(
            HandshakeType::from(first[0]),
            HandshakeType::ENCRYPTED_EXTENSIONS
        );
        assert!(server_records.contains(&(1, ContentType::APPLICATION_DATA, TO_CLIENT.to_vec())));

        // The client's Finished under its handshake secret, its data under its application
        // secret.
        let client_records = open_tls13(
            &logged.client_sent,
            suite,
            &[
                secret(&lines, CLIENT_HANDSHAKE_TRAFFIC_SECRET),
                secret(&lines, CLIENT_TRAFFIC_SECRET_0),
            ],
        );
        let (epoch, typ, finished) = &client_records[0];
        assert_eq!((*epoch, *typ), (0, ContentType::HANDSHAKE));
        assert_eq!(HandshakeType::from(finished[0]), HandshakeType::FINISHED);
        assert_eq!(
            client_records.last().unwrap(),
            &(1, ContentType::APPLICATION_DATA, TO_SERVER.to_vec())
        );

        // The logged exporter secret is the connection's.
        let mut exported = [0; 32];
        logged
            .pair
            .client
            .export_keying_material(b"EXPERIMENTAL-key-log", Some(b"ctx"), &mut exported)
            .unwrap();
        let mut from_log = [0; 32];
        ExporterMasterSecret::new(suite.hash, secret(&lines, EXPORTER_SECRET))
            .derive_keying_material(b"EXPERIMENTAL-key-log", b"ctx", &mut from_log)
            .unwrap();
        assert_eq!(exported, from_log);
    }
}

#[test]
fn tls13_zero_rtt_logs_the_early_secrets_and_they_open_the_early_data() {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified, SUITES[0], GROUPS[0]);
    let (client_log, server_log) = (Arc::new(Recorder::default()), Arc::new(Recorder::default()));
    let ticketer: Arc<dyn Ticketer> = Arc::new(RotatingTicketer::new().unwrap());
    let client = Arc::new(
        client
            .early_data(true)
            .key_log(Arc::clone(&client_log) as Arc<dyn KeyLog>)
            .build()
            .unwrap(),
    );
    let server = Arc::new(
        server
            .ticketer(Some(ticketer))
            .max_early_data_size(16 * 1024)
            .key_log(Arc::clone(&server_log) as Arc<dyn KeyLog>)
            .build()
            .unwrap(),
    );
    // A full handshake for the ticket, then one that resumes it with early data.
    Logged::connect(&client, &server, b"");
    let logged = Logged::connect(&client, &server, EARLY);
    assert_eq!(logged.pair.server.early_data_accepted(), Some(true));
    let lines = same_lines(&logged, &client_log, &server_log);
    assert_eq!(
        labels(&lines),
        [
            CLIENT_EARLY_TRAFFIC_SECRET,
            CLIENT_HANDSHAKE_TRAFFIC_SECRET,
            CLIENT_TRAFFIC_SECRET_0,
            EARLY_EXPORTER_SECRET,
            EXPORTER_SECRET,
            SERVER_HANDSHAKE_TRAFFIC_SECRET,
            SERVER_TRAFFIC_SECRET_0,
        ]
    );
    let suite = logged.suite();

    // The client's early data and EndOfEarlyData under its early secret, then its Finished
    // and data under the next two.
    let client_records = open_tls13(
        &logged.client_sent,
        suite,
        &[
            secret(&lines, CLIENT_EARLY_TRAFFIC_SECRET),
            secret(&lines, CLIENT_HANDSHAKE_TRAFFIC_SECRET),
            secret(&lines, CLIENT_TRAFFIC_SECRET_0),
        ],
    );
    assert_eq!(
        client_records[0],
        (0, ContentType::APPLICATION_DATA, EARLY.to_vec())
    );
    let (epoch, typ, end_of_early_data) = &client_records[1];
    assert_eq!((*epoch, *typ), (0, ContentType::HANDSHAKE));
    assert_eq!(
        HandshakeType::from(end_of_early_data[0]),
        HandshakeType::END_OF_EARLY_DATA
    );
    assert_eq!(
        client_records.last().unwrap(),
        &(2, ContentType::APPLICATION_DATA, TO_SERVER.to_vec())
    );

    // The server's data under its logged application secret.
    let server_records = open_tls13(
        &logged.server_sent,
        suite,
        &[
            secret(&lines, SERVER_HANDSHAKE_TRAFFIC_SECRET),
            secret(&lines, SERVER_TRAFFIC_SECRET_0),
        ],
    );
    assert!(server_records.contains(&(1, ContentType::APPLICATION_DATA, TO_CLIENT.to_vec())));

    // The logged early exporter secret is the connection's.
    let mut exported = [0; 32];
    logged
        .pair
        .server
        .export_early_keying_material(b"EXPERIMENTAL-early", b"ctx", &mut exported)
        .unwrap();
    let mut from_log = [0; 32];
    EarlyExporterMasterSecret::new(suite.hash, secret(&lines, EARLY_EXPORTER_SECRET))
        .derive_keying_material(b"EXPERIMENTAL-early", b"ctx", &mut from_log)
        .unwrap();
    assert_eq!(exported, from_log);
}

/// The key block of `logged`'s connection, from the logged master secret and the randoms of
/// its hellos, as a tool reading the log and the capture derives it.
fn tls12_key_block(logged: &Logged, lines: &[Line]) -> tls::keyschedule::tls12::KeyBlock {
    let suite = logged.suite();
    let randoms = Randoms {
        client_random: logged.client_random().try_into().unwrap(),
        server_random: logged.server_random().try_into().unwrap(),
    };
    MasterSecret::new(suite.hash, secret(lines, CLIENT_RANDOM))
        .derive_key_block(suite.aead, &randoms)
}

#[test]
fn tls12_logs_the_master_secret_of_full_and_resumed_sessions_and_it_opens_them() {
    // The suites our ECDSA certificate serves: both AES-GCM key sizes and ChaCha20-Poly1305,
    // both PRF hashes.
    let tls12 = SupportedCipherSuite::ALL
        .iter()
        .copied()
        .filter(|suite| suite.tls12_authentication() == Some(Tls12Authentication::Ecdsa));
    for suite in tls12 {
        let (client, server, client_log, server_log) =
            logging_configs(suite, &[SupportedVersion::Tls12]);
        let full = Logged::connect(&client, &server, b"");
        let resumed = Logged::connect(&client, &server, b"");
        assert!(!full.pair.client.negotiated().unwrap().resumed, "{suite}");
        assert!(resumed.pair.client.negotiated().unwrap().resumed, "{suite}");
        let full_lines = same_lines(&full, &client_log, &server_log);
        let resumed_lines = same_lines(&resumed, &client_log, &server_log);
        assert_eq!(labels(&full_lines), [CLIENT_RANDOM], "{suite}");
        assert_eq!(labels(&resumed_lines), [CLIENT_RANDOM], "{suite}");
        // A resumed session keeps its master secret, logged under the new client random.
        assert_eq!(full_lines[0].secret, resumed_lines[0].secret, "{suite}");
        assert_ne!(
            full_lines[0].client_random, resumed_lines[0].client_random,
            "{suite}"
        );

        for (logged, lines) in [(&full, &full_lines), (&resumed, &resumed_lines)] {
            let suite = logged.suite();
            let key_block = tls12_key_block(logged, lines);
            // Each side's Finished, then its data.
            let server_records = open_tls12(&logged.server_sent, suite, &key_block.server_write);
            assert_eq!(server_records[0].0, ContentType::HANDSHAKE);
            assert_eq!(
                HandshakeType::from(server_records[0].1[0]),
                HandshakeType::FINISHED
            );
            assert_eq!(
                server_records[1],
                (ContentType::APPLICATION_DATA, TO_CLIENT.to_vec())
            );
            let client_records = open_tls12(&logged.client_sent, suite, &key_block.client_write);
            assert_eq!(
                HandshakeType::from(client_records[0].1[0]),
                HandshakeType::FINISHED
            );
            assert_eq!(
                client_records[1],
                (ContentType::APPLICATION_DATA, TO_SERVER.to_vec())
            );
        }
    }
}

#[test]
fn the_default_logs_nothing() {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified, SUITES[0], GROUPS[0]);
    let (client, server) = (client.build().unwrap(), server.build().unwrap());
    assert!(!client.key_log().will_log(CLIENT_TRAFFIC_SECRET_0));
    assert!(!server.key_log().will_log(CLIENT_TRAFFIC_SECRET_0));
    assert!(format!("{client:?}").contains("key_log: NoKeyLog"));
}

#[test]
fn a_key_log_file_gets_both_sides_lines_and_debug_names_it_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sslkeylog.txt");
    let file: Arc<dyn KeyLog> = Arc::new(KeyLogFile::to_path(&path));
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified, SUITES[0], GROUPS[0]);
    let client = Arc::new(client.key_log(Arc::clone(&file)).build().unwrap());
    let server = Arc::new(server.key_log(file).build().unwrap());
    let logged = Logged::connect(&client, &server, b"");
    let random = hex::encode(logged.client_random());

    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort_unstable();
    // Five secrets, each logged once by each side, in the same words.
    assert_eq!(lines.len(), 10, "{text}");
    for pair in lines.chunks(2) {
        assert_eq!(pair[0], pair[1]);
        let fields: Vec<&str> = pair[0].split(' ').collect();
        assert_eq!(fields.len(), 3, "{}", pair[0]);
        assert_eq!(fields[1], random);
        assert_eq!(fields[2].len(), 64, "SHA-256 secrets");
    }

    // The configs name the file, and print none of what is in it.
    for debug in [format!("{client:?}"), format!("{server:?}")] {
        assert!(debug.contains("sslkeylog.txt"), "{debug}");
        for line in &lines {
            let secret = line.rsplit(' ').next().unwrap();
            assert!(!debug.contains(secret));
        }
    }
}
