//! Rules that need records no public API sends: a peer's zero-length application_data, and
//! handshake messages after the handshake that a well-behaved peer never sends.

use tls_handshake::config::CertifiedKey;
use tls_handshake::error::HandshakeError;
use tls_handshake::record_keys::RecordKeys;
use tls_handshake::verifier::WebPkiServerVerifier;
use tls_pki::TrustAnchor;
use tls_tests::{ChainBuilder, KeyType};
use tls_wire::ids::AlertDescription;

use super::*;

/// A client and a server with their handshake done and every byte delivered.
fn connected() -> (Connection, Connection) {
    let chain = ChainBuilder::new(KeyType::EcdsaP256)
        .dns_name("name.example")
        .build()
        .unwrap();
    let mut anchors = tls_pki::TrustAnchors::new();
    anchors.add(TrustAnchor::from_der(&chain.root.der).unwrap());
    let certified = CertifiedKey::from_pem(
        chain.chain_pem().as_bytes(),
        chain.leaf_key.pkcs8_pem.as_bytes(),
    )
    .unwrap();
    let client_config = ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(anchors)))
        .build()
        .unwrap();
    let server_config = ServerConfig::builder(Arc::new(certified)).build().unwrap();
    let name = ServerName::try_from("name.example").unwrap();
    let mut client = Connection::client(Arc::new(client_config), name).unwrap();
    let mut server = Connection::server(Arc::new(server_config));
    for _ in 0..4 {
        deliver(&mut client, &mut server).unwrap();
        deliver(&mut server, &mut client).unwrap();
    }
    assert!(!client.is_handshaking() && !server.is_handshaking());
    (client, server)
}

/// Moves everything `from` has to send into `to`.
fn deliver(from: &mut Connection, to: &mut Connection) -> Result<(), Error> {
    let bytes = from.pending_output().to_vec();
    let taken = to.receive(&bytes)?;
    from.consume_output(taken);
    Ok(())
}

/// `n` zero-length application_data records from `conn`, sealed under its write key.
fn send_empty_records(conn: &mut Connection, n: usize) {
    for _ in 0..n {
        conn.writer
            .send_empty_record(ContentType::APPLICATION_DATA)
            .unwrap();
    }
}

#[test]
fn zero_length_application_data_is_fine_up_to_its_limit() {
    let (mut client, mut server) = connected();
    send_empty_records(&mut client, MAX_CONSECUTIVE_EMPTY_APPLICATION_DATA);
    deliver(&mut client, &mut server).unwrap();
    // Data resets the count: as many again are fine.
    assert_eq!(client.write(b"data").unwrap(), 4);
    send_empty_records(&mut client, MAX_CONSECUTIVE_EMPTY_APPLICATION_DATA);
    deliver(&mut client, &mut server).unwrap();
    let mut out = [0; 8];
    assert_eq!(server.read(&mut out), Ok(4));
    assert_eq!(&out[..4], b"data");
}

#[test]
fn more_consecutive_zero_length_application_data_than_the_limit_is_unexpected_message() {
    let (mut client, mut server) = connected();
    send_empty_records(&mut client, MAX_CONSECUTIVE_EMPTY_APPLICATION_DATA + 1);
    let error = deliver(&mut client, &mut server).unwrap_err();
    assert_eq!(error, Error::TooManyEmptyApplicationData);
    assert_eq!(error.alert(), Some(AlertDescription::UNEXPECTED_MESSAGE));
    assert_eq!(
        deliver(&mut server, &mut client),
        Err(Error::AlertReceived(AlertDescription::UNEXPECTED_MESSAGE))
    );
}

/// Sends raw handshake `bytes` from `conn` in one record under its current write key.
fn send_handshake_record(conn: &mut Connection, bytes: &[u8]) {
    conn.writer.send(ContentType::HANDSHAKE, bytes).unwrap();
}

/// A KeyUpdate message, with `request` as its one byte.
fn key_update(request: u8) -> Vec<u8> {
    vec![HandshakeType::KEY_UPDATE.get(), 0, 0, 1, request]
}

/// The error and alert of `server` receiving what `client` sent.
fn refused(client: &mut Connection, server: &mut Connection) -> (Error, AlertDescription) {
    let error = deliver(client, server).unwrap_err();
    let alert = error.alert().unwrap();
    (error, alert)
}

/// RFC 8446 §5.1: a KeyUpdate must end its record, since the next record is under the next
/// key.
#[test]
fn a_key_update_that_is_not_the_last_message_of_its_record_is_unexpected_message() {
    let (mut client, mut server) = connected();
    send_handshake_record(&mut client, &[key_update(0), key_update(0)].concat());
    let (_, alert) = refused(&mut client, &mut server);
    assert_eq!(alert, AlertDescription::UNEXPECTED_MESSAGE);
}

#[test]
fn a_key_update_with_an_unknown_request_is_illegal_parameter() {
    let (mut client, mut server) = connected();
    send_handshake_record(&mut client, &key_update(2));
    let (_, alert) = refused(&mut client, &mut server);
    assert_eq!(alert, AlertDescription::ILLEGAL_PARAMETER);
}

/// We offer no post-handshake authentication, so a CertificateRequest after the handshake is
/// out of place.
#[test]
fn a_post_handshake_certificate_request_is_unexpected_message() {
    let (mut client, mut server) = connected();
    // certificate_request_context "x", then signature_algorithms with one scheme.
    let body = [1, b'x', 0, 8, 0, 13, 0, 4, 0, 2, 4, 3];
    let mut message = vec![HandshakeType::CERTIFICATE_REQUEST.get(), 0, 0, 12];
    message.extend(body);
    send_handshake_record(&mut server, &message);
    let (error, alert) = refused(&mut server, &mut client);
    assert!(
        matches!(
            error,
            Error::Handshake(HandshakeError::UnexpectedMessage { .. })
        ),
        "{error:?}"
    );
    assert_eq!(alert, AlertDescription::UNEXPECTED_MESSAGE);
}

/// A KeyUpdate the peer sends properly moves its read key on: what follows opens.
#[test]
fn a_key_update_not_asked_for_is_followed_and_not_answered() {
    let (mut client, mut server) = connected();
    client
        .handshake
        .as_mut()
        .unwrap()
        .update_traffic_keys(false, &mut client.actions)
        .unwrap();
    client.apply_actions().unwrap();
    assert_eq!(client.write(b"after").unwrap(), 5);
    deliver(&mut client, &mut server).unwrap();
    let mut out = [0; 8];
    assert_eq!(server.read(&mut out), Ok(5));
    assert!(!server.key_update_owed);
}

/// What a hand-driven TLS 1.2 client sent a server up to its change_cipher_spec, with the
/// write key it installed there and the Finished it meant to send under it.
struct Tls12FlightToChangeCipherSpec {
    server: Connection,
    keys: RecordKeys,
    finished: Vec<u8>,
}

/// Records of `bytes`, each with its header.
fn records_of(bytes: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut rest = bytes;
    while let Some(header) = rest.get(..5) {
        let len = usize::from(u16::from_be_bytes([header[3], header[4]]));
        let (record, tail) = rest.split_at(5 + len);
        out.push(record);
        rest = tail;
    }
    out
}

/// A TLS 1.2 client machine driven by hand, framing its own records, against a server
/// `Connection`: the ClientHello, the server's flight, then the client's ClientKeyExchange and
/// change_cipher_spec delivered, its Finished held back.
fn tls12_flight_to_change_cipher_spec() -> Tls12FlightToChangeCipherSpec {
    use tls_handshake::action::{Action, Level};
    use tls_handshake::config::SupportedVersion;
    use tls_handshake::input::Input;
    use tls_wire::handshake::HandshakeMessage;

    let chain = ChainBuilder::new(KeyType::EcdsaP256)
        .dns_name("name.example")
        .build()
        .unwrap();
    let mut anchors = tls_pki::TrustAnchors::new();
    anchors.add(TrustAnchor::from_der(&chain.root.der).unwrap());
    let certified = CertifiedKey::from_pem(
        chain.chain_pem().as_bytes(),
        chain.leaf_key.pkcs8_pem.as_bytes(),
    )
    .unwrap();
    let tls12 = [SupportedVersion::Tls12];
    let client_config = ClientConfig::builder(Arc::new(WebPkiServerVerifier::new(anchors)))
        .versions(&tls12)
        .build()
        .unwrap();
    let server_config = ServerConfig::builder(Arc::new(certified))
        .versions(&tls12)
        .build()
        .unwrap();
    let mut server = Connection::server(Arc::new(server_config));

    let mut out = Actions::new();
    let mut client = Handshake::Client(
        ClientHandshake::start(
            Arc::new(client_config),
            ServerName::try_from("name.example").unwrap(),
            &mut out,
        )
        .unwrap(),
    );
    let mut writer = RecordWriter::new(0);
    let mut installed = None;
    let mut finished = None;
    let mut inputs: Vec<Vec<u8>> = Vec::new();
    loop {
        let mut answer = None;
        for action in out.drain() {
            match action {
                // Everything up to the change_cipher_spec is framed; what follows is kept.
                Action::Send { level, message } if installed.is_none() => {
                    writer.send_handshake(level, &message).unwrap();
                }
                Action::Send { message, .. } => finished = Some(message),
                Action::SendChangeCipherSpec => writer.send_change_cipher_spec(),
                Action::InstallWriteKey { level, keys } => {
                    assert_eq!(level, Level::Application);
                    installed = Some(keys);
                }
                Action::Request(request) => answer = Some(client.answer_in_process(&request)),
                _ => {}
            }
        }
        if let Some(answer) = answer {
            client = client.handle(Input::Answer(answer), &mut out).unwrap();
            continue;
        }
        if !writer.pending().is_empty() {
            let bytes = writer.pending().to_vec();
            writer.consume(bytes.len());
            server.receive(&bytes).unwrap();
            if let (Some(keys), Some(finished)) = (installed.clone(), finished.clone()) {
                return Tls12FlightToChangeCipherSpec {
                    server,
                    keys,
                    finished,
                };
            }
            // The server's flight: unprotected handshake records, messages whole in each.
            let flight = server.pending_output().to_vec();
            server.consume_output(flight.len());
            for record in records_of(&flight) {
                let mut body = &record[5..];
                while body.len() >= 4 {
                    let len = usize::from(body[1]) << 16
                        | usize::from(body[2]) << 8
                        | usize::from(body[3]);
                    let (message, rest) = body.split_at(4 + len);
                    inputs.push(message.to_vec());
                    body = rest;
                }
            }
        }
        let message = inputs.remove(0);
        let decoded = HandshakeMessage::decode(&message, client.negotiated_version()).unwrap();
        client = client.handle(Input::Message(decoded), &mut out).unwrap();
    }
}

/// RFC 5246 §7.4.9: in TLS 1.2 the peer's write key is in use from its change_cipher_spec on,
/// but its Finished must come first: application data under that key before it is refused.
#[test]
fn tls12_application_data_before_the_finished_is_unexpected_message() {
    // Under the client's key, its Finished is taken: the keys are right.
    let Tls12FlightToChangeCipherSpec {
        mut server,
        keys,
        finished,
    } = tls12_flight_to_change_cipher_spec();
    let mut sealed = RecordWriter::new(0);
    sealed
        .install_key(tls_handshake::action::Level::Application, &keys)
        .unwrap();
    sealed.send(ContentType::HANDSHAKE, &finished).unwrap();
    server.receive(sealed.pending()).unwrap();
    assert!(!server.is_handshaking());

    // Application data under the same key, where the Finished belongs, is refused.
    let Tls12FlightToChangeCipherSpec {
        mut server, keys, ..
    } = tls12_flight_to_change_cipher_spec();
    let mut early = RecordWriter::new(0);
    early
        .install_key(tls_handshake::action::Level::Application, &keys)
        .unwrap();
    early.send_application_data(b"before the Finished").unwrap();
    let error = server.receive(early.pending()).unwrap_err();
    assert_eq!(error, Error::ApplicationDataBeforeHandshakeComplete);
    assert_eq!(error.alert(), Some(AlertDescription::UNEXPECTED_MESSAGE));
}
