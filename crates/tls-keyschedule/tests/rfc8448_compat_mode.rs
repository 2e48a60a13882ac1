//! RFC 8448 §7, a middlebox-compatibility-mode handshake (`compat-mode` in
//! `testdata/rfc8448-vectors.json`): every secret, traffic key and IV and both Finished, the
//! change_cipher_spec records left out of the transcript (see `rfc8448_replay`).
#![forbid(unsafe_code)]

mod common;
mod rfc8448_replay;

use rfc8448_replay::check_trace;

const TRACE: &str = "compat-mode";

#[test]
fn compat_mode_every_value() {
    check_trace(TRACE, None);
}

#[test]
fn compat_mode_early_secret() {
    check_trace(TRACE, Some("early_secret"));
}

#[test]
fn compat_mode_handshake_secret() {
    check_trace(TRACE, Some("handshake_secret"));
}

#[test]
fn compat_mode_client_handshake_traffic_secret() {
    check_trace(TRACE, Some("client_handshake_traffic_secret"));
}

#[test]
fn compat_mode_server_handshake_traffic_secret() {
    check_trace(TRACE, Some("server_handshake_traffic_secret"));
}

#[test]
fn compat_mode_handshake_traffic_keys() {
    check_trace(TRACE, Some("handshake_traffic_keys"));
}

#[test]
fn compat_mode_master_secret() {
    check_trace(TRACE, Some("master_secret"));
}

#[test]
fn compat_mode_server_finished() {
    check_trace(TRACE, Some("server_finished"));
}

#[test]
fn compat_mode_client_finished() {
    check_trace(TRACE, Some("client_finished"));
}

#[test]
fn compat_mode_client_application_traffic_secret_0() {
    check_trace(TRACE, Some("client_application_traffic_secret_0"));
}

#[test]
fn compat_mode_server_application_traffic_secret_0() {
    check_trace(TRACE, Some("server_application_traffic_secret_0"));
}

#[test]
fn compat_mode_exporter_master_secret() {
    check_trace(TRACE, Some("exporter_master_secret"));
}

#[test]
fn compat_mode_application_traffic_keys() {
    check_trace(TRACE, Some("application_traffic_keys"));
}

#[test]
fn compat_mode_resumption_master_secret() {
    check_trace(TRACE, Some("resumption_master_secret"));
}
