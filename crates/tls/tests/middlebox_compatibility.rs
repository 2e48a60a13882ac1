//! Middlebox compatibility mode (RFC 8446 Appendix D.4) as our client and server put it on
//! the wire: a fake session id, the server's echo of it, and one change_cipher_spec from each
//! side at its place.

mod common;

use common::{Pair, transfer};
use tls::wire::handshake::{HandshakeMessage, HandshakePayload, NegotiatedVersion};

/// The (content type, fragment) of each record in `bytes`.
fn records(bytes: &[u8]) -> Vec<(u8, &[u8])> {
    let mut rest = bytes;
    let mut out = Vec::new();
    while let [typ, _, _, high, low, tail @ ..] = rest {
        let len = usize::from(u16::from_be_bytes([*high, *low]));
        out.push((*typ, &tail[..len]));
        rest = &tail[len..];
    }
    out
}

/// Our client's ClientHello, the server's ServerHello, and the record types of the server's
/// flight and of the client's second flight.
struct Flights {
    client_hello: Vec<u8>,
    server_hello: Vec<u8>,
    server_flight: Vec<u8>,
    client_second_flight: Vec<u8>,
}

fn handshake() -> Flights {
    let mut pair = Pair::default_pair();
    let first = pair.client.pending_output().to_vec();
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    let server = pair.server.pending_output().to_vec();
    transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap();
    let second = pair.client.pending_output().to_vec();
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    assert!(!pair.client.is_handshaking() && !pair.server.is_handshaking());
    let server_records = records(&server);
    Flights {
        client_hello: records(&first)[0].1.to_vec(),
        server_hello: server_records[0].1.to_vec(),
        server_flight: server_records.iter().map(|(typ, _)| *typ).collect(),
        client_second_flight: records(&second).iter().map(|(typ, _)| *typ).collect(),
    }
}

#[test]
fn our_client_sends_a_fake_32_byte_legacy_session_id() {
    let flights = handshake();
    let message =
        HandshakeMessage::decode(&flights.client_hello, NegotiatedVersion::NotYet).unwrap();
    let HandshakePayload::ClientHello(hello) = message.payload() else {
        panic!("not a ClientHello")
    };
    assert_eq!(hello.legacy_session_id.as_slice().len(), 32);
    // Random, not a constant: two clients send two ids.
    let other = handshake();
    assert_ne!(flights.client_hello[39..71], other.client_hello[39..71]);
}

#[test]
fn our_server_echoes_the_session_id() {
    let flights = handshake();
    // The session id sits after type (1), length (3), version (2), random (32): its length
    // byte, then the id, in both hellos.
    let id = &flights.client_hello[38..71];
    assert_eq!(id[0], 32);
    assert_eq!(&flights.server_hello[38..71], id);
}

#[test]
fn each_side_sends_one_change_cipher_spec_at_its_place() {
    let flights = handshake();
    // Server: ServerHello, then the change_cipher_spec, then its protected flight.
    assert_eq!(flights.server_flight[..2], [22, 20]);
    assert!(flights.server_flight[2..].iter().all(|typ| *typ == 23));
    // Client: the change_cipher_spec before its first protected record.
    assert_eq!(flights.client_second_flight[0], 20);
    assert!(
        flights.client_second_flight[1..]
            .iter()
            .all(|typ| *typ == 23)
    );
}
