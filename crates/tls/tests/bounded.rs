//! Bounded memory whatever the peer and the application do, and the write key's AEAD limit:
//! a flooding peer and an application that never reads, an application that writes while
//! nothing drains, and a write key near its record limit. Nothing is lost in any of them.

mod common;

use common::{CERTIFICATE_TYPES, GROUPS, Pair, SUITES, configs, pattern, pki, read_all, transfer};
use tls::Error;
use tls::connection::Direction;
use tls::handshake::config::{
    BufferLimits, MIN_RECEIVED_PLAINTEXT_LIMIT, MIN_UNSENT_OUTPUT_LIMIT, SupportedCipherSuite,
};
use tls::handshake::error::ConfigError;
use tls::handshake::profile::WireProfile;
use tls::keyschedule::record::AES_GCM_CONFIDENTIALITY_LIMIT;
use tls::wire::ids::{ContentType, HandshakeType};
use tls::wire::record::MAX_PLAINTEXT_LEN;

/// A connected pair whose sides keep at most `limits`.
fn limited_pair(limits: BufferLimits) -> Pair {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified, SUITES[0], GROUPS[0]);
    let mut pair = Pair::new((client.buffer_limits(limits), server.buffer_limits(limits)));
    pair.handshake(usize::MAX);
    pair
}

#[test]
fn a_peer_flooding_an_application_that_never_reads_stays_under_the_received_plaintext_limit() {
    let limits = BufferLimits {
        received_plaintext: MIN_RECEIVED_PLAINTEXT_LIMIT + 10_000,
        unsent_output: 1 << 20,
    };
    let mut pair = limited_pair(limits);
    // The server floods: 1 MiB, in as many records as it takes.
    let data = pattern(1 << 20, 7);
    let mut written = 0;
    let mut received = Vec::new();
    let mut rounds = 0;
    while received.len() < data.len() {
        rounds += 1;
        assert!(rounds < 10_000, "stuck at {} bytes", received.len());
        written += pair.server.write(&data[written..]).unwrap();
        // The client takes only what fits, however much is offered: the rest stays with the
        // sender, as it would in a socket.
        let offered = pair.server.pending_output().to_vec();
        let taken = pair.client.receive(&offered).unwrap();
        pair.server.consume_output(taken);
        assert!(
            pair.client.received_len() <= limits.received_plaintext,
            "holds {} bytes",
            pair.client.received_len()
        );
        assert!(
            taken == offered.len() || pair.client.receive_room() == 0,
            "took {taken} of {} with room left",
            offered.len()
        );
        // The application reads only every tenth round: the buffer fills up meanwhile.
        if rounds % 10 == 0 {
            received.extend(read_all(&mut pair.client));
        }
    }
    assert_eq!(received, data, "every byte arrived, in order");
}

#[test]
fn receive_takes_nothing_while_unread_plaintext_fills_the_limit_and_everything_once_read() {
    let limits = BufferLimits {
        received_plaintext: MIN_RECEIVED_PLAINTEXT_LIMIT,
        unsent_output: 1 << 20,
    };
    let mut pair = limited_pair(limits);
    let data = pattern(3 * MAX_PLAINTEXT_LEN, 1);
    assert_eq!(pair.server.write(&data).unwrap(), data.len());
    let offered = pair.server.pending_output().to_vec();
    // One receive buffer's worth fits the limit; what does not fit is not taken.
    let taken = pair.client.receive(&offered).unwrap();
    assert!(taken > 0 && taken < offered.len(), "took {taken}");
    assert_eq!(pair.client.receive_room(), 0);
    assert_eq!(pair.client.receive(&offered[taken..]).unwrap(), 0);
    let first = pair.client.received_len();
    assert!(first <= limits.received_plaintext, "held {first}");
    assert_eq!(read_all(&mut pair.client), data[..first]);
    // Once read, the rest goes in.
    let mut rest = &offered[taken..];
    let mut received = data[..first].to_vec();
    while !rest.is_empty() {
        let taken = pair.client.receive(rest).unwrap();
        assert!(taken > 0);
        rest = &rest[taken..];
        received.extend(read_all(&mut pair.client));
    }
    assert_eq!(received, data);
}

#[test]
fn an_application_writing_while_nothing_drains_stays_under_the_unsent_output_limit() {
    let limits = BufferLimits {
        received_plaintext: 1 << 20,
        unsent_output: MIN_UNSENT_OUTPUT_LIMIT + 5_000,
    };
    let mut pair = limited_pair(limits);
    let data = pattern(200_000, 3);
    let mut written = 0;
    // Nothing drains: the client writes until it takes no more.
    loop {
        let taken = pair.client.write(&data[written..]).unwrap();
        written += taken;
        if taken == 0 {
            break;
        }
    }
    assert!(written < data.len());
    // The output holds the limit's plaintext and the records' overhead, no more.
    let records = written.div_ceil(MAX_PLAINTEXT_LEN);
    assert!(
        pair.client.pending_output().len() <= limits.unsent_output + records * 22,
        "{} pending",
        pair.client.pending_output().len()
    );
    // An alert is never refused by the limit: close_notify goes out behind the data.
    pair.client.send_close_notify();
    let tail = &pair.client.pending_output()[pair.client.pending_output().len() - 24..];
    assert_eq!(tail[0], ContentType::APPLICATION_DATA.get(), "sealed alert");
    // Everything written arrives once the output drains; nothing is lost.
    let mut received = Vec::new();
    for _ in 0..100 {
        transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
        received.extend(read_all(&mut pair.server));
        if pair.server.peer_closed() {
            break;
        }
    }
    assert_eq!(received, data[..written]);
    assert!(pair.server.peer_closed());
    assert_eq!(pair.client.write(b"more"), Err(Error::WriteAfterClose));
}

/// RFC 8446 §5.5: a TLS 1.3 write key is updated before it seals more records than its AEAD
/// allows, however much is written at once; the peer follows, and the data flows on.
#[test]
fn a_write_key_near_its_aead_limit_is_updated_and_the_data_flows_on() {
    // Both sides start the client's write key (and the server's read key) five records short
    // of AES-GCM's limit, through the test-profile seam.
    let start = AES_GCM_CONFIDENTIALITY_LIMIT - 5;
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(
        anchors,
        certified,
        SupportedCipherSuite::Tls13Aes128GcmSha256,
        GROUPS[0],
    );
    let limits = BufferLimits {
        received_plaintext: 1 << 20,
        unsent_output: 1 << 20,
    };
    let client = client
        .buffer_limits(limits)
        .wire_profile(WireProfile::default().with_application_write_sequence(start));
    let server = server
        .buffer_limits(limits)
        .wire_profile(WireProfile::default().with_application_read_sequence(start));
    let mut pair = Pair::new((client, server));
    pair.handshake(usize::MAX);

    let data = pattern(10 * MAX_PLAINTEXT_LEN, 5);
    assert_eq!(pair.client.write(&data).unwrap(), data.len());
    let updates = |log: &[(Direction, HandshakeType)], direction| {
        log.iter()
            .filter(|entry| **entry == (direction, HandshakeType::KEY_UPDATE))
            .count()
    };
    // Four records under the old key, then the KeyUpdate as its last, then the rest.
    assert_eq!(updates(pair.client.handshake_log(), Direction::Sent), 1);
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    assert_eq!(read_all(&mut pair.server), data);
    assert_eq!(updates(pair.server.handshake_log(), Direction::Received), 1);
    // An update that was not asked for is not answered.
    assert_eq!(pair.server.write(b"still here").unwrap(), 10);
    assert_eq!(updates(pair.server.handshake_log(), Direction::Sent), 0);
    transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap();
    assert_eq!(read_all(&mut pair.client), b"still here");
}

#[test]
fn builders_refuse_buffer_limits_that_cannot_make_progress() {
    let (anchors, certified) = pki(&CERTIFICATE_TYPES[0]);
    let (client, server) = configs(anchors, certified, SUITES[0], GROUPS[0]);
    let too_small = BufferLimits {
        received_plaintext: MIN_RECEIVED_PLAINTEXT_LIMIT - 1,
        unsent_output: MIN_UNSENT_OUTPUT_LIMIT,
    };
    assert_eq!(
        client.buffer_limits(too_small).build().unwrap_err(),
        ConfigError::BufferLimitTooSmall {
            limit: "received plaintext",
            asked: MIN_RECEIVED_PLAINTEXT_LIMIT - 1,
            min: MIN_RECEIVED_PLAINTEXT_LIMIT,
        }
    );
    let too_small = BufferLimits {
        received_plaintext: MIN_RECEIVED_PLAINTEXT_LIMIT,
        unsent_output: 1,
    };
    assert!(matches!(
        server.buffer_limits(too_small).build().unwrap_err(),
        ConfigError::BufferLimitTooSmall {
            limit: "unsent output",
            ..
        }
    ));
}

#[test]
fn an_idle_connection_releases_its_buffers() {
    let mut pair = Pair::default_pair();
    // The client's first flight is out and taken: mid-handshake, buffers may stay.
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    assert!(
        pair.server.buffer_capacity() > 0,
        "the server's flight waits to be sent"
    );
    pair.handshake(usize::MAX);
    for (side, conn) in [("client", &pair.client), ("server", &pair.server)] {
        assert_eq!(
            conn.buffer_capacity(),
            0,
            "the idle {side} after the handshake"
        );
    }

    let data = pattern(3 * MAX_PLAINTEXT_LEN, 2);
    assert_eq!(
        common::stream(&mut pair.client, &mut pair.server, &data, 5_000),
        data
    );
    assert_eq!(
        common::stream(&mut pair.server, &mut pair.client, &data, usize::MAX),
        data
    );
    for (side, conn) in [("client", &pair.client), ("server", &pair.server)] {
        assert_eq!(conn.buffer_capacity(), 0, "the idle {side} after the echo");
    }
}

#[test]
fn a_server_whose_handshake_ends_with_data_pending_releases_once_it_is_taken() {
    let mut pair = Pair::default_pair();
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    // Written mid-handshake, queued, and sealed when the client's Finished arrives.
    assert_eq!(
        pair.server.write(b"queued behind the handshake").unwrap(),
        27
    );
    transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap();
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    assert!(!pair.server.is_handshaking());
    assert!(!pair.server.pending_output().is_empty());
    assert!(
        pair.server.buffer_capacity() > 0,
        "pending records are kept"
    );
    transfer(&mut pair.server, &mut pair.client, usize::MAX).unwrap();
    assert_eq!(read_all(&mut pair.client), b"queued behind the handshake");
    assert_eq!(pair.server.buffer_capacity(), 0);
    assert_eq!(pair.client.buffer_capacity(), 0);
}
