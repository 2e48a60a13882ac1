//! RFC 8448 §5, a handshake with a HelloRetryRequest (`hrr` in `testdata/rfc8448-vectors.json`):
//! every secret, traffic key and IV and both Finished, over a transcript where ClientHello1 is
//! replaced by its message_hash (see `rfc8448_replay`).
#![forbid(unsafe_code)]

mod common;
mod rfc8448_replay;

use rfc8448_replay::check_trace;

const TRACE: &str = "hrr";

#[test]
fn hrr_every_value() {
    check_trace(TRACE, None);
}

#[test]
fn hrr_early_secret() {
    check_trace(TRACE, Some("early_secret"));
}

#[test]
fn hrr_handshake_secret() {
    check_trace(TRACE, Some("handshake_secret"));
}

#[test]
fn hrr_client_handshake_traffic_secret() {
    check_trace(TRACE, Some("client_handshake_traffic_secret"));
}

#[test]
fn hrr_server_handshake_traffic_secret() {
    check_trace(TRACE, Some("server_handshake_traffic_secret"));
}

#[test]
fn hrr_handshake_traffic_keys() {
    check_trace(TRACE, Some("handshake_traffic_keys"));
}

#[test]
fn hrr_master_secret() {
    check_trace(TRACE, Some("master_secret"));
}

#[test]
fn hrr_server_finished() {
    check_trace(TRACE, Some("server_finished"));
}

#[test]
fn hrr_client_finished() {
    check_trace(TRACE, Some("client_finished"));
}

#[test]
fn hrr_client_application_traffic_secret_0() {
    check_trace(TRACE, Some("client_application_traffic_secret_0"));
}

#[test]
fn hrr_server_application_traffic_secret_0() {
    check_trace(TRACE, Some("server_application_traffic_secret_0"));
}

#[test]
fn hrr_exporter_master_secret() {
    check_trace(TRACE, Some("exporter_master_secret"));
}

#[test]
fn hrr_application_traffic_keys() {
    check_trace(TRACE, Some("application_traffic_keys"));
}

#[test]
fn hrr_resumption_master_secret() {
    check_trace(TRACE, Some("resumption_master_secret"));
}
