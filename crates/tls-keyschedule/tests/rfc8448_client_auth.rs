//! RFC 8448 §6, a handshake with client authentication (`client-auth` in
//! `testdata/rfc8448-vectors.json`): every secret, traffic key and IV and both Finished, the
//! client's Certificate and CertificateVerify in its Finished transcript (see `rfc8448_replay`).
#![forbid(unsafe_code)]

mod common;
mod rfc8448_replay;

use rfc8448_replay::check_trace;

const TRACE: &str = "client-auth";

#[test]
fn client_auth_every_value() {
    check_trace(TRACE, None);
}

#[test]
fn client_auth_early_secret() {
    check_trace(TRACE, Some("early_secret"));
}

#[test]
fn client_auth_handshake_secret() {
    check_trace(TRACE, Some("handshake_secret"));
}

#[test]
fn client_auth_client_handshake_traffic_secret() {
    check_trace(TRACE, Some("client_handshake_traffic_secret"));
}

#[test]
fn client_auth_server_handshake_traffic_secret() {
    check_trace(TRACE, Some("server_handshake_traffic_secret"));
}

#[test]
fn client_auth_handshake_traffic_keys() {
    check_trace(TRACE, Some("handshake_traffic_keys"));
}

#[test]
fn client_auth_master_secret() {
    check_trace(TRACE, Some("master_secret"));
}

#[test]
fn client_auth_server_finished() {
    check_trace(TRACE, Some("server_finished"));
}

#[test]
fn client_auth_client_finished() {
    check_trace(TRACE, Some("client_finished"));
}

#[test]
fn client_auth_client_application_traffic_secret_0() {
    check_trace(TRACE, Some("client_application_traffic_secret_0"));
}

#[test]
fn client_auth_server_application_traffic_secret_0() {
    check_trace(TRACE, Some("server_application_traffic_secret_0"));
}

#[test]
fn client_auth_exporter_master_secret() {
    check_trace(TRACE, Some("exporter_master_secret"));
}

#[test]
fn client_auth_application_traffic_keys() {
    check_trace(TRACE, Some("application_traffic_keys"));
}

#[test]
fn client_auth_resumption_master_secret() {
    check_trace(TRACE, Some("resumption_master_secret"));
}
