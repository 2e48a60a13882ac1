//! KeyUpdate (RFC 8446 §4.6.3) between two connections in memory: asked for through
//! `refresh_traffic_keys`, answered once before the next application data, limited in number.

mod common;

use common::{Pair, read_all, transfer};
use tls::connection::MAX_KEY_UPDATES_WITHOUT_DATA;
use tls::wire::ids::{AlertDescription, HandshakeType};
use tls::{Connection, Direction, Error};

/// How many KeyUpdates `conn` sent or received.
fn key_updates(conn: &Connection, direction: Direction) -> usize {
    conn.handshake_log()
        .iter()
        .filter(|entry| **entry == (direction, HandshakeType::KEY_UPDATE))
        .count()
}

/// Sends `data` from one side to the other and checks it arrives.
fn exchange(from: &mut Connection, to: &mut Connection, data: &[u8]) {
    assert_eq!(from.write(data).unwrap(), data.len());
    transfer(from, to, usize::MAX).unwrap();
    assert_eq!(read_all(to), data);
}

#[test]
fn a_refresh_updates_both_directions_and_the_data_flows_on() {
    let mut pair = Pair::connected();
    exchange(&mut pair.client, &mut pair.server, b"before");
    pair.client.refresh_traffic_keys().unwrap();
    exchange(&mut pair.client, &mut pair.server, b"after, client");
    exchange(&mut pair.server, &mut pair.client, b"after, server");
    assert_eq!(key_updates(&pair.client, Direction::Sent), 1);
    assert_eq!(key_updates(&pair.server, Direction::Received), 1);
    // The server answered the request with its own update before its data.
    assert_eq!(key_updates(&pair.server, Direction::Sent), 1);
    assert_eq!(key_updates(&pair.client, Direction::Received), 1);
    // And the server may ask in turn.
    pair.server.refresh_traffic_keys().unwrap();
    exchange(&mut pair.server, &mut pair.client, b"again");
    exchange(&mut pair.client, &mut pair.server, b"answered");
    assert_eq!(key_updates(&pair.client, Direction::Sent), 2);
}

/// RFC 8446 §4.6.3: several requests that arrive while we are silent get one answer, sent
/// before our next application data.
#[test]
fn several_requests_are_answered_by_one_update_before_the_next_application_data() {
    let mut pair = Pair::connected();
    for _ in 0..3 {
        pair.client.refresh_traffic_keys().unwrap();
    }
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    assert_eq!(key_updates(&pair.server, Direction::Received), 3);
    // Nothing is sent until the server has data to send.
    assert!(pair.server.pending_output().is_empty());
    exchange(&mut pair.server, &mut pair.client, b"one answer");
    assert_eq!(key_updates(&pair.server, Direction::Sent), 1);
    exchange(&mut pair.server, &mut pair.client, b"no more");
    assert_eq!(key_updates(&pair.server, Direction::Sent), 1);
    assert_eq!(pair.server.key_updates_sent(), 1);
    assert_eq!(pair.server.key_updates_received(), 3);
    assert_eq!(pair.client.key_updates_received(), 1);
    exchange(&mut pair.client, &mut pair.server, b"in step");
}

#[test]
fn key_updates_without_application_data_between_them_are_limited() {
    let mut pair = Pair::connected();
    // Application data between them resets the count.
    for _ in 0..MAX_KEY_UPDATES_WITHOUT_DATA {
        pair.client.refresh_traffic_keys().unwrap();
    }
    exchange(&mut pair.client, &mut pair.server, b"data");
    for _ in 0..MAX_KEY_UPDATES_WITHOUT_DATA {
        pair.client.refresh_traffic_keys().unwrap();
    }
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    assert_eq!(pair.server.error(), None);
    // One more than the limit.
    pair.client.refresh_traffic_keys().unwrap();
    let error = transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap_err();
    assert_eq!(error, Error::TooManyKeyUpdates);
    assert_eq!(error.alert(), Some(AlertDescription::UNEXPECTED_MESSAGE));
}

#[test]
fn a_key_update_needs_a_completed_handshake_and_an_open_write_side() {
    let mut pair = Pair::default_pair();
    assert_eq!(
        pair.client.refresh_traffic_keys(),
        Err(Error::KeyUpdateUnavailable)
    );
    assert!(!Error::KeyUpdateUnavailable.is_fatal());
    pair.handshake(usize::MAX);
    pair.client.send_close_notify();
    assert_eq!(
        pair.client.refresh_traffic_keys(),
        Err(Error::KeyUpdateUnavailable)
    );
    // Nothing broke: the close_notify still arrives.
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    assert!(pair.server.peer_closed());
}
