//! Record and alert rules of RFC 8446 §5 and §6 a careless or hostile peer breaks, each with
//! the alert it ends in (issue 13's list), on connections in memory.

mod common;

use common::{Pair, transfer};
use tls::Error;
use tls::connection::MAX_CONSECUTIVE_WARNING_ALERTS;
use tls::wire::ids::AlertDescription;

/// Feeds `bytes` to a fresh server; returns its error and the plaintext alert it queued.
fn fresh_server_rejects(bytes: &[u8]) -> (Error, AlertDescription) {
    let mut server = Pair::default_pair().server;
    let error = server.receive(bytes).unwrap_err();
    let out = server.pending_output();
    assert_eq!(
        &out[..6],
        &[21, 3, 3, 0, 2, 2],
        "one fatal alert record: {out:?}"
    );
    let alert = AlertDescription::from(out[6]);
    assert_eq!(error.alert(), Some(alert));
    (error, alert)
}

#[test]
fn a_zero_length_handshake_record_is_unexpected_message() {
    //= https://www.rfc-editor.org/rfc/rfc8446#section-5.1
    //# Implementations MUST NOT send zero-length fragments of Handshake
    //# types, even if those fragments contain padding.
    let (_, alert) = fresh_server_rejects(&[22, 3, 3, 0, 0]);
    assert_eq!(alert, AlertDescription::UNEXPECTED_MESSAGE);
}

#[test]
fn a_zero_length_alert_record_is_unexpected_message() {
    let (_, alert) = fresh_server_rejects(&[21, 3, 3, 0, 0]);
    assert_eq!(alert, AlertDescription::UNEXPECTED_MESSAGE);
}

#[test]
fn an_alert_record_of_other_than_two_bytes_is_refused() {
    //= https://www.rfc-editor.org/rfc/rfc8446#section-5.1
    //# Alert messages (Section 6) MUST NOT be fragmented across records, and
    //# multiple alert messages MUST NOT be coalesced into a single
    //# TLSPlaintext record.
    for record in [
        &[21, 3, 3, 0, 1, 2][..],
        &[21, 3, 3, 0, 3, 1, 90, 1],
        &[21, 3, 3, 0, 4, 1, 90, 1, 0],
    ] {
        let (error, alert) = fresh_server_rejects(record);
        assert!(error.is_fatal(), "{record:?}");
        assert_eq!(alert, AlertDescription::DECODE_ERROR, "{record:?}");
    }
}

#[test]
fn a_plaintext_alert_where_the_protected_flight_is_expected_ends_the_connection_without_our_alert()
{
    let mut pair = Pair::default_pair();
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    // The server's ServerHello record alone: the client then expects protected records.
    let flight = pair.server.pending_output().to_vec();
    let server_hello = 5 + usize::from(u16::from_be_bytes([flight[3], flight[4]]));
    pair.client.receive(&flight[..server_hello]).unwrap();
    // A server that fails now may not have keys: its alert comes in the clear.
    let error = pair.client.receive(&[21, 3, 3, 0, 2, 2, 40]).unwrap_err();
    assert_eq!(
        error,
        Error::AlertReceived(AlertDescription::HANDSHAKE_FAILURE)
    );
    assert!(
        pair.client.pending_output().is_empty(),
        "no alert answers an alert"
    );
}

#[test]
fn more_consecutive_warning_alerts_than_the_limit_is_unexpected_message() {
    let user_canceled = [21, 3, 3, 0, 2, 1, 90];
    let mut pair = Pair::default_pair();
    for _ in 0..MAX_CONSECUTIVE_WARNING_ALERTS {
        pair.client.receive(&user_canceled).unwrap();
    }
    let error = pair.client.receive(&user_canceled).unwrap_err();
    assert_eq!(error, Error::TooManyWarningAlerts);
    let out = pair.client.pending_output();
    assert_eq!(
        out[out.len() - 7..],
        [21, 3, 3, 0, 2, 2, 10],
        "unexpected_message"
    );
}

#[test]
fn warning_alerts_up_to_the_limit_do_not_stop_the_handshake() {
    let user_canceled = [21, 3, 3, 0, 2, 1, 90];
    let mut pair = Pair::default_pair();
    transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
    for _ in 0..MAX_CONSECUTIVE_WARNING_ALERTS {
        pair.client.receive(&user_canceled).unwrap();
    }
    pair.handshake(usize::MAX);
    assert!(pair.client.negotiated().is_some());
}

#[test]
fn every_tls13_alert_but_close_notify_and_user_canceled_is_fatal_whatever_its_level() {
    // handshake_failure, bad_certificate and an unknown description, each at warning level.
    for description in [40, 42, 255] {
        let mut pair = Pair::default_pair();
        transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
        let error = pair
            .client
            .receive(&[21, 3, 3, 0, 2, 1, description])
            .unwrap_err();
        assert_eq!(
            error,
            Error::AlertReceived(AlertDescription::from(description))
        );
        assert!(error.is_fatal());
        assert!(
            pair.client.pending_output().is_empty(),
            "no alert answers an alert"
        );
    }
}

#[test]
fn a_change_cipher_spec_in_the_handshake_is_dropped_whatever_its_record_version() {
    for version in [[3, 1], [3, 3]] {
        let mut pair = Pair::default_pair();
        transfer(&mut pair.client, &mut pair.server, usize::MAX).unwrap();
        let ccs = [20, version[0], version[1], 0, 1, 1];
        pair.client.receive(&ccs).unwrap();
        pair.handshake(usize::MAX);
        assert!(pair.client.negotiated().is_some(), "{version:?}");
    }
}

/// RFC 8446 §5.1 (and RFC 5246 §7.1, whose change_cipher_spec comes only between whole
/// messages): a ClientHello split over two records with a change_cipher_spec or an alert
/// between the halves is refused. The record layer's rule, checked before any version is
/// chosen, for both versions.
#[test]
fn a_record_of_another_type_inside_a_split_handshake_message_is_unexpected_message() {
    //= https://www.rfc-editor.org/rfc/rfc8446#section-5.1
    //# Handshake messages MUST NOT be interleaved with other record
    //# types.
    for between in [vec![20u8, 3, 3, 0, 1, 1], vec![21, 3, 3, 0, 2, 1, 0]] {
        let pair = Pair::default_pair();
        let hello_record = pair.client.pending_output().to_vec();
        let hello = &hello_record[5..];
        let (first, second) = hello.split_at(hello.len() / 2);
        let frame = |body: &[u8]| {
            let len = u16::try_from(body.len()).unwrap().to_be_bytes();
            let mut record = vec![22, 3, 1, len[0], len[1]];
            record.extend_from_slice(body);
            record
        };
        let mut bytes = frame(first);
        bytes.extend_from_slice(&between);
        bytes.extend_from_slice(&frame(second));
        let (_, alert) = fresh_server_rejects(&bytes);
        assert_eq!(alert, AlertDescription::UNEXPECTED_MESSAGE, "{between:?}");
    }
}
