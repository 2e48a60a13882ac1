//! Our client against our server through the record layer, in memory: every suite × group ×
//! certificate type completes and carries application data both ways, in record-sized and
//! odd-sized pieces, fed one byte at a time and in large chunks, and closes with
//! close_notify both ways.

mod common;

use common::{
    CERTIFICATE_TYPES, GROUPS, Pair, SERVER_NAME, SUITES, configs, pattern, pki, read_all, stream,
    transfer,
};
use tls::wire::ids::{HandshakeType, ProtocolVersion};
use tls::wire::record::{MAX_PLAINTEXT_LEN, MAX_TLS13_CIPHERTEXT_LEN};
use tls::{Connection, Direction, Error};

/// Sizes that straddle the record boundary: one byte, one record, one over, several records
/// and an odd remainder.
const SIZES: [usize; 5] = [
    1,
    MAX_PLAINTEXT_LEN,
    MAX_PLAINTEXT_LEN + 1,
    3 * MAX_PLAINTEXT_LEN + 77,
    1000,
];

/// Writes `data` on `from`, moves it `chunk` bytes at a time, and checks `to` reads it back.
fn send_and_check(from: &mut Connection, to: &mut Connection, data: &[u8], chunk: usize) {
    assert_eq!(stream(from, to, data, chunk), data);
}

#[test]
fn every_suite_group_and_certificate_type_carries_data_both_ways() {
    for certificate_type in &CERTIFICATE_TYPES {
        let (anchors, certified) = pki(certificate_type);
        for suite in SUITES {
            for group in GROUPS {
                let what = format!("{} {suite:?} {group:?}", certificate_type.key_type.label());
                let mut pair = Pair::new(configs(anchors.clone(), certified.clone(), suite, group));
                pair.handshake(usize::MAX);

                let negotiated = pair.client.negotiated().expect("client negotiated").clone();
                assert_eq!(Some(&negotiated), pair.server.negotiated(), "{what}");
                assert_eq!(negotiated.version, ProtocolVersion::TLSV1_3, "{what}");
                assert_eq!(negotiated.cipher_suite, suite.id(), "{what}");
                assert_eq!(negotiated.group, Some(group.id()), "{what}");
                assert_eq!(
                    negotiated.signature_scheme,
                    Some(certificate_type.scheme),
                    "{what}"
                );
                assert_eq!(negotiated.alpn_protocol.as_deref(), Some(&b"http/1.1"[..]));
                assert_eq!(negotiated.server_name.as_deref(), Some(SERVER_NAME));
                assert_eq!(pair.client.peer_certificates().len(), 1, "{what}");

                for (i, size) in SIZES.into_iter().enumerate() {
                    let data = pattern(size, i as u8);
                    send_and_check(&mut pair.client, &mut pair.server, &data, usize::MAX);
                    send_and_check(&mut pair.server, &mut pair.client, &data, usize::MAX);
                }
            }
        }
    }
}

#[test]
fn a_handshake_and_data_fed_one_byte_at_a_time_arrive_whole() {
    let mut pair = Pair::default_pair();
    pair.handshake(1);
    for (i, size) in [1, 5, MAX_PLAINTEXT_LEN, MAX_PLAINTEXT_LEN + 3]
        .into_iter()
        .enumerate()
    {
        let data = pattern(size, i as u8);
        send_and_check(&mut pair.client, &mut pair.server, &data, 1);
        send_and_check(&mut pair.server, &mut pair.client, &data, 1);
    }
}

#[test]
fn odd_sized_chunks_split_records_anywhere() {
    let mut pair = Pair::default_pair();
    pair.handshake(7);
    let data = pattern(5 * MAX_PLAINTEXT_LEN + 11, 3);
    for chunk in [13, 4099, 16_389, 100_000] {
        send_and_check(&mut pair.client, &mut pair.server, &data, chunk);
        send_and_check(&mut pair.server, &mut pair.client, &data, chunk);
    }
}

#[test]
fn many_writes_arrive_in_order_in_one_large_chunk() {
    let mut pair = Pair::connected();
    let mut expected = Vec::new();
    // Just under the unsent-output limit of 64 KiB, so that every write is taken whole.
    for i in 0..19u8 {
        let piece = pattern(usize::from(i) * 331 + 1, i);
        assert_eq!(pair.client.write(&piece).unwrap(), piece.len());
        expected.extend_from_slice(&piece);
    }
    // Offered in one chunk, taken while the unread data leaves room for another receive
    // buffer's worth (the received-plaintext limit); the rest once the first part is read.
    let mut got = Vec::new();
    while !pair.client.pending_output().is_empty() {
        let moved = transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
        assert!(moved > 0);
        got.extend(read_all(&mut pair.server));
    }
    assert_eq!(got, expected);
}

#[test]
fn application_data_is_cut_into_records_of_at_most_2_14_bytes() {
    let mut pair = Pair::connected();
    // Under the unsent-output limit, so that one write is taken whole.
    let len = 60_000;
    assert_eq!(pair.client.write(&pattern(len, 0)).unwrap(), len);
    let mut output = pair.client.pending_output();
    let mut records = 0;
    while !output.is_empty() {
        assert_eq!(
            output[0], 23,
            "protected records travel as application_data"
        );
        let fragment_len = usize::from(u16::from_be_bytes([output[3], output[4]]));
        assert!(fragment_len <= MAX_TLS13_CIPHERTEXT_LEN);
        // Content, the type byte and a 16-byte tag: no padding.
        assert!(fragment_len - 17 <= MAX_PLAINTEXT_LEN);
        output = &output[5 + fragment_len..];
        records += 1;
    }
    assert_eq!(records, len.div_ceil(MAX_PLAINTEXT_LEN));
}

#[test]
fn data_written_during_the_handshake_is_sent_when_it_completes() {
    let mut pair = Pair::default_pair();
    assert_eq!(pair.client.write(b"early request").unwrap(), 13);
    assert_eq!(pair.server.write(b"early answer").unwrap(), 12);
    pair.handshake(usize::MAX);
    transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap();
    assert_eq!(read_all(&mut pair.server), b"early request");
    assert_eq!(read_all(&mut pair.client), b"early answer");
}

#[test]
fn close_notify_ends_each_direction() {
    let mut pair = Pair::connected();
    pair.client.write(b"last words").unwrap();
    pair.client.send_close_notify();
    assert_eq!(pair.client.write(b"more"), Err(Error::WriteAfterClose));
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    assert!(pair.server.peer_closed());
    let mut buf = [0; 64];
    assert_eq!(pair.server.read(&mut buf), Ok(10));
    assert_eq!(&buf[..10], b"last words");
    assert_eq!(pair.server.read(&mut buf), Ok(0));

    // The server may still send until it closes in turn.
    send_and_check(&mut pair.server, &mut pair.client, b"reply", usize::MAX);
    pair.server.send_close_notify();
    transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap();
    assert!(pair.client.peer_closed());
    assert_eq!(pair.client.read(&mut buf), Ok(0));
}

#[test]
fn bytes_after_close_notify_are_ignored() {
    let mut pair = Pair::connected();
    pair.server.send_close_notify();
    pair.server.consume_output(0);
    let mut bytes = pair.server.pending_output().to_vec();
    bytes.extend_from_slice(b"\xff garbage after the end");
    pair.client.receive(&bytes).unwrap();
    assert!(pair.client.peer_closed());
    assert_eq!(pair.client.read(&mut [0; 8]), Ok(0));
}

#[test]
fn nothing_to_read_yet_is_would_block() {
    let mut pair = Pair::connected();
    assert_eq!(pair.server.read(&mut [0; 8]), Err(Error::WouldBlock));
}

#[test]
fn the_handshake_log_lists_each_message_in_order() {
    let mut pair = Pair::connected();
    // The server's tickets, sent after the client's Finished.
    transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap();
    use Direction::{Received, Sent};
    assert_eq!(
        pair.client.handshake_log(),
        [
            (Sent, HandshakeType::CLIENT_HELLO),
            (Received, HandshakeType::SERVER_HELLO),
            (Received, HandshakeType::ENCRYPTED_EXTENSIONS),
            (Received, HandshakeType::CERTIFICATE),
            (Received, HandshakeType::CERTIFICATE_VERIFY),
            (Received, HandshakeType::FINISHED),
            (Sent, HandshakeType::FINISHED),
            (Received, HandshakeType::NEW_SESSION_TICKET),
            (Received, HandshakeType::NEW_SESSION_TICKET),
        ]
    );
    let server: Vec<_> = pair
        .server
        .handshake_log()
        .iter()
        .map(|&(direction, typ)| {
            let flipped = if direction == Sent { Received } else { Sent };
            (flipped, typ)
        })
        .collect();
    assert_eq!(server, pair.client.handshake_log());
}

#[test]
fn a_hello_retry_request_is_carried_through_the_record_layer() {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified, SUITES[1], GROUPS[0]);
    // The client's key share is for X25519; the server accepts only P-256 and asks again.
    let client = client.groups(&[GROUPS[0], GROUPS[1]]);
    let server = server.groups(&[GROUPS[1]]);
    let mut pair = Pair::new((client, server));
    pair.handshake(3);
    assert_eq!(
        pair.client.negotiated().unwrap().group,
        Some(GROUPS[1].id())
    );
    let client_hellos = pair
        .client
        .handshake_log()
        .iter()
        .filter(|&&entry| entry == (Direction::Sent, HandshakeType::CLIENT_HELLO))
        .count();
    assert_eq!(client_hellos, 2);
    send_and_check(&mut pair.client, &mut pair.server, b"after a retry", 5);
}

#[test]
fn a_connection_can_move_to_another_thread() {
    fn assert_send<T: Send>() {}
    assert_send::<Connection>();
    let mut pair = Pair::connected();
    let mut server = std::thread::spawn(move || {
        pair.server.write(b"from a thread").unwrap();
        pair.server
    })
    .join()
    .unwrap();
    transfer(&mut server, &mut pair.client, usize::MAX).unwrap();
    assert_eq!(read_all(&mut pair.client), b"from a thread");
}

/// `write_in_place`: not before the handshake completes (`WouldBlock`, nothing taken); a fill
/// that writes nothing sends no record; what it writes arrives, and `plaintext` lends it.
#[test]
fn in_place_writes_and_the_borrowed_plaintext() {
    let mut pair = Pair::default_pair();
    let unused = pair
        .client
        .write_in_place(10, |_| unreachable!("not before the handshake"));
    assert_eq!(unused.unwrap_err(), tls::Error::WouldBlock);
    pair.handshake(usize::MAX);
    let before = pair.client.pending_output().len();
    assert_eq!(pair.client.write_in_place(10, |_| 0).unwrap(), 0);
    assert_eq!(pair.client.pending_output().len(), before);
    let written = pair
        .client
        .write_in_place(100, |slot| {
            assert_eq!(slot.len(), 100);
            slot[..5].copy_from_slice(b"hello");
            5
        })
        .unwrap();
    assert_eq!(written, 5);
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    assert_eq!(pair.server.plaintext(), b"hello");
    pair.server.consume_plaintext(2);
    assert_eq!(pair.server.plaintext(), b"llo");
    pair.server.consume_plaintext(10);
    assert!(pair.server.plaintext().is_empty());
}

/// A record of application data is read where it was decrypted: received and not read, it
/// costs no buffer beyond the receive buffer it landed in; only when more bytes must come in
/// before it is read is it moved aside (and still read in order).
#[test]
fn application_data_is_read_where_it_was_decrypted() {
    let mut pair = Pair::default_pair();
    pair.handshake(usize::MAX);
    pair.client.write(&[1; 1000]).unwrap();
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    assert_eq!(pair.server.plaintext(), &[1; 1000][..]);
    assert_eq!(pair.server.received_len(), 1000);
    // Nothing but the receive buffer (at its first size: the handshake's records fit): the
    // plaintext was not copied out of it.
    assert_eq!(
        pair.server.buffer_capacity(),
        tls::wire::record::INITIAL_BUFFER_LEN
    );
    // More bytes arrive before the first record is read: it moves aside, order kept.
    pair.client.write(&[2; 10]).unwrap();
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    assert_eq!(pair.server.received_len(), 1010);
    let mut all = Vec::new();
    all.extend(read_all(&mut pair.server));
    assert_eq!(all.len(), 1010);
    assert_eq!(&all[..1000], &[1; 1000][..]);
    assert_eq!(&all[1000..], &[2; 10][..]);
}
