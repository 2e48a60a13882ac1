//! RFC 8448 §4, a resumed handshake with 0-RTT data (`resumed-0rtt` in
//! `testdata/rfc8448-vectors.json`): every secret, traffic key and IV, both Finished, the PSK
//! binder and the early secrets, replayed through the key schedule (see `rfc8448_replay`). Its
//! PSK is derived from `simple-1rtt`'s resumption secret and ticket nonce.
#![forbid(unsafe_code)]

mod common;
mod rfc8448_replay;

use rfc8448_replay::check_trace;

const TRACE: &str = "resumed-0rtt";

#[test]
fn resumed_0rtt_every_value() {
    check_trace(TRACE, None);
}

#[test]
fn resumed_0rtt_early_secret() {
    check_trace(TRACE, Some("early_secret"));
}

#[test]
fn resumed_0rtt_handshake_secret() {
    check_trace(TRACE, Some("handshake_secret"));
}

#[test]
fn resumed_0rtt_client_handshake_traffic_secret() {
    check_trace(TRACE, Some("client_handshake_traffic_secret"));
}

#[test]
fn resumed_0rtt_server_handshake_traffic_secret() {
    check_trace(TRACE, Some("server_handshake_traffic_secret"));
}

#[test]
fn resumed_0rtt_handshake_traffic_keys() {
    check_trace(TRACE, Some("handshake_traffic_keys"));
}

#[test]
fn resumed_0rtt_master_secret() {
    check_trace(TRACE, Some("master_secret"));
}

#[test]
fn resumed_0rtt_server_finished() {
    check_trace(TRACE, Some("server_finished"));
}

#[test]
fn resumed_0rtt_client_finished() {
    check_trace(TRACE, Some("client_finished"));
}

#[test]
fn resumed_0rtt_client_application_traffic_secret_0() {
    check_trace(TRACE, Some("client_application_traffic_secret_0"));
}

#[test]
fn resumed_0rtt_server_application_traffic_secret_0() {
    check_trace(TRACE, Some("server_application_traffic_secret_0"));
}

#[test]
fn resumed_0rtt_exporter_master_secret() {
    check_trace(TRACE, Some("exporter_master_secret"));
}

#[test]
fn resumed_0rtt_application_traffic_keys() {
    check_trace(TRACE, Some("application_traffic_keys"));
}

#[test]
fn resumed_0rtt_resumption_master_secret() {
    check_trace(TRACE, Some("resumption_master_secret"));
}

#[test]
fn resumed_0rtt_binder() {
    check_trace(TRACE, Some("binder"));
}

#[test]
fn resumed_0rtt_client_early_traffic_secret() {
    check_trace(TRACE, Some("client_early_traffic_secret"));
}

#[test]
fn resumed_0rtt_early_exporter_master_secret() {
    check_trace(TRACE, Some("early_exporter_master_secret"));
}

#[test]
fn resumed_0rtt_early_traffic_keys() {
    check_trace(TRACE, Some("early_traffic_keys"));
}
