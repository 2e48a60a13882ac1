//! Key logging in the NSS key log format (the `SSLKEYLOGFILE` format, RFC 9850, formerly
//! draft-ietf-tls-keylogfile): each secret a handshake derives, named by its label and the
//! connection's client random, for a tool such as Wireshark to decrypt a capture.
//!
//! ```text
//! machine derives a secret ─▶ HandshakeKeyLog::{early_secrets, handshake_secrets,
//!                              application_secrets, master_secret}
//!                         ─▶ config's KeyLog::will_log(label)? ─▶ KeyLog::log(label, client_random, secret)
//!                                                                   └─ KeyLogFile: `LABEL <random hex> <secret hex>\n`
//! ```
//!
//! A key log defeats TLS: whoever reads it reads the traffic. Nothing is logged unless the
//! configuration asks for it ([`ConfigBuilder::key_log`](crate::config::ConfigBuilder::key_log);
//! the default is [`NoKeyLog`]), and [`KeyLogFile`] logs only where `SSLKEYLOGFILE` names a
//! file. Each machine logs a secret once, where it derives it, after the checks of that step.

mod file;

use std::fmt::{self, Write as _};

use tls_keyschedule::secret::Secret;
use tls_keyschedule::tls12::MasterSecret as Tls12MasterSecret;
use tls_keyschedule::tls13::TrafficSecret;
use tls_keyschedule::tls13::exporter::EarlyExporterMasterSecret;
use zeroize::Zeroizing;

pub use file::KeyLogFile;

use crate::tls13_common::{ApplicationKeys, TrafficSecrets};

/// TLS 1.2: the master secret (48 bytes), the whole key material of a session.
pub const CLIENT_RANDOM: &str = "CLIENT_RANDOM";
/// TLS 1.3: client_early_traffic_secret, the key of 0-RTT data.
pub const CLIENT_EARLY_TRAFFIC_SECRET: &str = "CLIENT_EARLY_TRAFFIC_SECRET";
/// TLS 1.3: early_exporter_master_secret.
pub const EARLY_EXPORTER_SECRET: &str = "EARLY_EXPORTER_SECRET";
/// TLS 1.3: client_handshake_traffic_secret.
pub const CLIENT_HANDSHAKE_TRAFFIC_SECRET: &str = "CLIENT_HANDSHAKE_TRAFFIC_SECRET";
/// TLS 1.3: server_handshake_traffic_secret.
pub const SERVER_HANDSHAKE_TRAFFIC_SECRET: &str = "SERVER_HANDSHAKE_TRAFFIC_SECRET";
/// TLS 1.3: client_application_traffic_secret_0.
pub const CLIENT_TRAFFIC_SECRET_0: &str = "CLIENT_TRAFFIC_SECRET_0";
/// TLS 1.3: server_application_traffic_secret_0.
pub const SERVER_TRAFFIC_SECRET_0: &str = "SERVER_TRAFFIC_SECRET_0";
/// TLS 1.3: exporter_master_secret.
pub const EXPORTER_SECRET: &str = "EXPORTER_SECRET";

/// Where a handshake's secrets go, one at a time, as they are derived.
///
/// `label` is one of this module's constants, `client_random` the 32 bytes of the
/// connection's ClientHello.random, which name the connection in the log. Called from inside
/// the handshake: an implementation should be quick and must not panic; it has no way to
/// fail the handshake, and should not want one.
pub trait KeyLog: Send + Sync + fmt::Debug {
    /// Records `secret` under `label` for the connection whose client random is
    /// `client_random`.
    fn log(&self, label: &str, client_random: &[u8], secret: &[u8]);

    /// Whether [`log`](Self::log) wants secrets of `label`: when not, the machine does not
    /// hand them out at all (default: every label).
    fn will_log(&self, _label: &str) -> bool {
        true
    }
}

/// Logs nothing: the default of every configuration.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoKeyLog;

impl KeyLog for NoKeyLog {
    fn log(&self, _label: &str, _client_random: &[u8], _secret: &[u8]) {}

    fn will_log(&self, _label: &str) -> bool {
        false
    }
}

/// One line of the key log format: `<label> <client_random hex> <secret hex>` and a line
/// feed, hex in lower case (as NSS writes it). The line holds the secret, so it is wiped when
/// dropped; it is allocated once, at its final length, so no reallocation leaves a copy.
pub fn key_log_line(label: &str, client_random: &[u8], secret: &[u8]) -> Zeroizing<String> {
    let len = label
        .len()
        .saturating_add(client_random.len().saturating_mul(2))
        .saturating_add(secret.len().saturating_mul(2))
        .saturating_add(3);
    let mut line = Zeroizing::new(String::with_capacity(len));
    line.push_str(label);
    line.push(' ');
    push_hex(&mut line, client_random);
    line.push(' ');
    push_hex(&mut line, secret);
    line.push('\n');
    line
}

/// Appends `bytes` in lower-case hex.
fn push_hex(line: &mut String, bytes: &[u8]) {
    for byte in bytes {
        // Writing to a String cannot fail.
        let _ = write!(line, "{byte:02x}");
    }
}

/// The key log of one handshake: the config's log and the client random that names the
/// connection. The machines call it where they derive each secret.
#[derive(Clone, Copy)]
pub(crate) struct HandshakeKeyLog<'a> {
    key_log: &'a dyn KeyLog,
    client_random: &'a [u8],
}

impl<'a> HandshakeKeyLog<'a> {
    /// The log of the connection whose ClientHello.random is `client_random`.
    pub(crate) fn new(key_log: &'a dyn KeyLog, client_random: &'a [u8]) -> Self {
        Self {
            key_log,
            client_random,
        }
    }

    /// TLS 1.3 0-RTT: the client's early traffic secret and the early exporter's.
    pub(crate) fn early_secrets(
        self,
        client_early_traffic_secret: &TrafficSecret,
        early_exporter_master_secret: &EarlyExporterMasterSecret,
    ) {
        self.secret(
            CLIENT_EARLY_TRAFFIC_SECRET,
            client_early_traffic_secret.secret(),
        );
        self.secret(EARLY_EXPORTER_SECRET, early_exporter_master_secret.secret());
    }

    /// TLS 1.3: both handshake traffic secrets.
    pub(crate) fn handshake_secrets(self, secrets: &TrafficSecrets) {
        self.secret(CLIENT_HANDSHAKE_TRAFFIC_SECRET, secrets.client.secret());
        self.secret(SERVER_HANDSHAKE_TRAFFIC_SECRET, secrets.server.secret());
    }

    /// TLS 1.3: both first application traffic secrets, and the exporter's when the
    /// schedule derived it (a replay's profile sets only the traffic secrets).
    pub(crate) fn application_secrets(self, keys: &ApplicationKeys) {
        self.secret(CLIENT_TRAFFIC_SECRET_0, keys.traffic.client.secret());
        self.secret(SERVER_TRAFFIC_SECRET_0, keys.traffic.server.secret());
        if let Some(exporter) = &keys.exporter {
            self.secret(EXPORTER_SECRET, exporter.secret());
        }
    }

    /// TLS 1.2: the master secret, of a full handshake or of the session resumed.
    pub(crate) fn master_secret(self, master_secret: &Tls12MasterSecret) {
        self.secret(CLIENT_RANDOM, master_secret.secret());
    }

    fn secret(self, label: &'static str, secret: &Secret) {
        if self.key_log.will_log(label) {
            self.key_log
                .log(label, self.client_random, secret.as_bytes());
        }
    }
}

impl fmt::Debug for HandshakeKeyLog<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HandshakeKeyLog")
            .field("key_log", &self.key_log)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use tls_keyschedule::HashAlgorithm;

    use super::*;

    /// Keeps the lines it is given, and takes only the label it is told to, if one.
    #[derive(Debug, Default)]
    struct Recorder {
        only: Option<&'static str>,
        lines: Mutex<Vec<String>>,
    }

    impl KeyLog for Recorder {
        fn log(&self, label: &str, client_random: &[u8], secret: &[u8]) {
            let line = key_log_line(label, client_random, secret);
            self.lines.lock().unwrap().push(line.to_string());
        }

        fn will_log(&self, label: &str) -> bool {
            self.only.is_none_or(|only| only == label)
        }
    }

    fn traffic_secrets() -> TrafficSecrets {
        let secret = |byte| TrafficSecret::new(HashAlgorithm::Sha256, Secret::new(&[byte; 32]));
        TrafficSecrets {
            client: secret(1),
            server: secret(2),
        }
    }

    #[test]
    fn a_line_is_the_label_then_both_values_in_lower_case_hex() {
        let line = key_log_line(CLIENT_RANDOM, &[0xab; 32], &[0x01, 0xfe]);
        assert_eq!(
            *line,
            format!("CLIENT_RANDOM {} 01fe\n", "ab".repeat(32)),
            "NSS key log format: `<label> <client_random> <secret>`"
        );
        assert_eq!(line.len(), line.capacity(), "allocated once, at its length");
    }

    #[test]
    fn no_key_log_wants_nothing() {
        assert!(!NoKeyLog.will_log(CLIENT_RANDOM));
        assert!(!NoKeyLog.will_log(EXPORTER_SECRET));
    }

    #[test]
    fn a_handshake_logs_each_secret_under_its_label_and_client_random() {
        let recorder = Recorder::default();
        let log = HandshakeKeyLog::new(&recorder, &[9; 32]);
        log.handshake_secrets(&traffic_secrets());
        log.master_secret(&Tls12MasterSecret::new(
            HashAlgorithm::Sha256,
            Secret::new(&[3; 48]),
        ));
        let random = "09".repeat(32);
        assert_eq!(
            recorder.lines.into_inner().unwrap(),
            [
                format!(
                    "CLIENT_HANDSHAKE_TRAFFIC_SECRET {random} {}\n",
                    "01".repeat(32)
                ),
                format!(
                    "SERVER_HANDSHAKE_TRAFFIC_SECRET {random} {}\n",
                    "02".repeat(32)
                ),
                format!("CLIENT_RANDOM {random} {}\n", "03".repeat(48)),
            ]
        );
    }

    #[test]
    fn a_label_the_log_does_not_want_is_not_handed_out() {
        let recorder = Recorder {
            only: Some(SERVER_HANDSHAKE_TRAFFIC_SECRET),
            ..Recorder::default()
        };
        HandshakeKeyLog::new(&recorder, &[0; 32]).handshake_secrets(&traffic_secrets());
        let lines = recorder.lines.into_inner().unwrap();
        assert_eq!(lines.len(), 1);
        assert!(lines[0].starts_with("SERVER_HANDSHAKE_TRAFFIC_SECRET "));
    }
}
