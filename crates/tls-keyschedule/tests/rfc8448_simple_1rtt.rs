//! RFC 8448 §3, a simple 1-RTT handshake (`simple-1rtt` in `testdata/rfc8448-vectors.json`):
//! every secret, traffic key and IV, both Finished and the resumption PSK of its ticket,
//! replayed through the key schedule (see `rfc8448_replay`).
#![forbid(unsafe_code)]

mod common;
mod rfc8448_replay;

use rfc8448_replay::check_trace;

const TRACE: &str = "simple-1rtt";

#[test]
fn simple_1rtt_every_value() {
    check_trace(TRACE, None);
}

#[test]
fn simple_1rtt_early_secret() {
    check_trace(TRACE, Some("early_secret"));
}

#[test]
fn simple_1rtt_handshake_secret() {
    check_trace(TRACE, Some("handshake_secret"));
}

#[test]
fn simple_1rtt_client_handshake_traffic_secret() {
    check_trace(TRACE, Some("client_handshake_traffic_secret"));
}

#[test]
fn simple_1rtt_server_handshake_traffic_secret() {
    check_trace(TRACE, Some("server_handshake_traffic_secret"));
}

#[test]
fn simple_1rtt_handshake_traffic_keys() {
    check_trace(TRACE, Some("handshake_traffic_keys"));
}

#[test]
fn simple_1rtt_master_secret() {
    check_trace(TRACE, Some("master_secret"));
}

#[test]
fn simple_1rtt_server_finished() {
    check_trace(TRACE, Some("server_finished"));
}

#[test]
fn simple_1rtt_client_finished() {
    check_trace(TRACE, Some("client_finished"));
}

#[test]
fn simple_1rtt_client_application_traffic_secret_0() {
    check_trace(TRACE, Some("client_application_traffic_secret_0"));
}

#[test]
fn simple_1rtt_server_application_traffic_secret_0() {
    check_trace(TRACE, Some("server_application_traffic_secret_0"));
}

#[test]
fn simple_1rtt_exporter_master_secret() {
    check_trace(TRACE, Some("exporter_master_secret"));
}

#[test]
fn simple_1rtt_application_traffic_keys() {
    check_trace(TRACE, Some("application_traffic_keys"));
}

#[test]
fn simple_1rtt_resumption_master_secret() {
    check_trace(TRACE, Some("resumption_master_secret"));
}

#[test]
fn simple_1rtt_resumption_psk() {
    check_trace(TRACE, Some("resumption_psk"));
}
