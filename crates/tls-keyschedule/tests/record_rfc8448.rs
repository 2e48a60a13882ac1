//! Every protected record of RFC 8448's traces (simple 1-RTT, resumed with 0-RTT, HelloRetryRequest,
//! client authentication, compatibility mode: 27 AES-128-GCM records) opened to its payload and
//! content type, and sealed again byte for byte.
//!
//! The keys are the traces' own `key expanded` / `iv expanded` items, so this tests the record
//! layer alone (`rfc8448_schedule.rs` derives the same values). Each side's write key is the
//! last one printed for it: `{side}  derive write traffic keys for ...`, or the peer's
//! `derive read traffic keys for ...`; its sequence number starts at 0 there and counts that
//! side's protected records.
#![forbid(unsafe_code)]

mod common;
mod record_kat;

use common::Rfc8448Trace;
use record_kat::{Tls13Keys, Tls13Record};
use tls_keyschedule::AeadAlgorithm;
use tls_wire::ids::ContentType;

/// Every trace uses TLS_AES_128_GCM_SHA256.
const AEAD: AeadAlgorithm = AeadAlgorithm::Aes128Gcm;

/// One side's current write key, IV and next sequence number.
#[derive(Default)]
struct WriteState {
    key: Vec<u8>,
    iv: [u8; 12],
    seq: u64,
}

/// Replays the trace, checking each protected record; returns how many there were.
fn check_every_protected_record(name: &str) -> usize {
    let trace = Rfc8448Trace::load(name);
    let mut client = WriteState::default();
    let mut server = WriteState::default();
    let records = trace.records();
    let mut protected = 0;
    for (step, side, label) in trace.steps() {
        let (own, peer) = match side {
            "client" => (&mut client, &mut server),
            "server" => (&mut server, &mut client),
            other => panic!("{name}: unknown side {other:?}"),
        };
        if let (Some(key), Some(iv)) = (
            trace.item(step, "key expanded"),
            trace.item(step, "iv expanded"),
        ) {
            let writer = if label.starts_with("derive write traffic keys") {
                own
            } else if label.starts_with("derive read traffic keys") {
                peer
            } else {
                panic!("{name}: keys in an unexpected step {label:?}")
            };
            // A read key printed again for a key already in use changes nothing.
            if writer.key != key {
                *writer = WriteState {
                    key,
                    iv: iv.try_into().unwrap(),
                    seq: 0,
                };
            }
            continue;
        }
        let Some(record) = records.iter().find(|r| r.step == step) else {
            continue;
        };
        if !record.is_protected() {
            continue;
        }
        let what = format!("{name}: {}", Rfc8448Trace::describe(side, label));
        Tls13Record {
            what: &what,
            aead: AEAD,
            keys: Tls13Keys::Raw {
                key: &own.key,
                iv: own.iv,
            },
            seq: own.seq,
            record: &record.record,
            typ: ContentType::from(record.content_type),
            content: &record.payload,
        }
        .open_and_reseal();
        own.seq += 1;
        protected += 1;
    }
    protected
}

#[test]
fn simple_1rtt_every_protected_record() {
    // EncryptedExtensions..Finished, client Finished, NewSessionTicket, application data
    // both ways, close_notify both ways.
    assert_eq!(check_every_protected_record("simple-1rtt"), 7);
}

#[test]
fn resumed_0rtt_every_protected_record() {
    // Early data, server flight, EndOfEarlyData, client Finished, data and close_notify both
    // ways.
    assert_eq!(check_every_protected_record("resumed-0rtt"), 8);
}

#[test]
fn hrr_every_protected_record() {
    assert_eq!(check_every_protected_record("hrr"), 4);
}

#[test]
fn client_auth_every_protected_record() {
    assert_eq!(check_every_protected_record("client-auth"), 4);
}

#[test]
fn compat_mode_every_protected_record() {
    assert_eq!(check_every_protected_record("compat-mode"), 4);
}
