//! Loading the vector files of `testdata/` for this crate's integration tests (shared by every
//! test file: `mod common;`).
//!
//! The files are copies of `shared/spec/`; `testdata/README.md` names their sources and
//! `shared/spec/README.md` documents their shapes. Every accessor panics with the file, trace
//! step or field it could not find, so a failing test says which vector is at fault.
#![allow(dead_code, reason = "each test file uses a part of these helpers")]

use serde_json::Value;
use tls_wire::handshake::HandshakeJoiner;

/// The parsed JSON of `testdata/<name>`.
pub(crate) fn testdata(name: &str) -> Value {
    let path = format!(
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/{}"),
        name
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Lower- or upper-case hex to bytes.
pub(crate) fn unhex(hex: &str) -> Vec<u8> {
    hex::decode(hex).unwrap_or_else(|e| panic!("bad hex {hex:?}: {e}"))
}

/// The string field `field` of a JSON object.
pub(crate) fn str_field<'a>(value: &'a Value, field: &str) -> &'a str {
    value[field]
        .as_str()
        .unwrap_or_else(|| panic!("no string {field:?} in {value}"))
}

/// The hex field `field` of a JSON object, decoded.
pub(crate) fn hex_field(value: &Value, field: &str) -> Vec<u8> {
    unhex(str_field(value, field))
}

/// The whole handshake messages (4-byte header included) in a stream of handshake record
/// fragments, reassembled by tls-wire's [`HandshakeJoiner`].
pub(crate) fn handshake_messages<'a>(
    fragments: impl IntoIterator<Item = &'a [u8]>,
) -> Vec<Vec<u8>> {
    let mut joiner = HandshakeJoiner::new();
    let mut messages = Vec::new();
    for fragment in fragments {
        joiner.push(fragment).unwrap();
        while let Some(message) = joiner.next_message().unwrap() {
            messages.push(message.to_vec());
        }
    }
    assert!(joiner.is_aligned(), "a handshake message is cut short");
    messages
}

/// One RFC 8448 scenario of `rfc8448-vectors.json` (`simple-1rtt`, `resumed-0rtt`, `hrr`,
/// `client-auth`, `compat-mode`).
pub(crate) struct Rfc8448Trace {
    /// The scenario name.
    pub(crate) name: String,
    steps: Vec<Value>,
    items: Vec<Value>,
}

/// One `{side} send ... record` step of an RFC 8448 trace.
#[derive(Clone, Debug)]
pub(crate) struct Rfc8448Record {
    /// Index of the step in the trace.
    pub(crate) step: usize,
    /// `"client"` or `"server"`: who sends it.
    pub(crate) side: String,
    /// The step's label, e.g. `send handshake record`.
    pub(crate) label: String,
    /// The (inner, for a protected record) content type the label names: 20, 21, 22 or 23.
    pub(crate) content_type: u8,
    /// The `payload` item: the plaintext content, without the inner content type byte.
    pub(crate) payload: Vec<u8>,
    /// The `complete record` item: header and fragment as sent.
    pub(crate) record: Vec<u8>,
}

impl Rfc8448Record {
    /// Whether the record is protected (its outer type is application_data while its content
    /// is not, or it carries application data under a key).
    pub(crate) fn is_protected(&self) -> bool {
        self.record.first() == Some(&23)
    }
}

impl Rfc8448Trace {
    /// Loads the scenario `name`.
    pub(crate) fn load(name: &str) -> Self {
        let vectors = testdata("rfc8448-vectors.json");
        let scenario = vectors["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["scenario"] == name)
            .unwrap_or_else(|| panic!("no RFC 8448 scenario {name:?}"));
        Self {
            name: name.to_owned(),
            steps: scenario["steps"].as_array().unwrap().clone(),
            items: scenario["items"].as_array().unwrap().clone(),
        }
    }

    /// `(index, side, label)` of every step, in order.
    pub(crate) fn steps(&self) -> impl Iterator<Item = (usize, &str, &str)> {
        self.steps.iter().map(|s| {
            (
                usize::try_from(s["index"].as_u64().unwrap()).unwrap(),
                str_field(s, "side"),
                str_field(s, "label"),
            )
        })
    }

    /// The value of item `name` in step `step`, if it has one.
    pub(crate) fn item(&self, step: usize, name: &str) -> Option<Vec<u8>> {
        self.items
            .iter()
            .find(|i| i["step"].as_u64() == u64::try_from(step).ok() && i["name"] == name)
            .and_then(|i| i["hex"].as_str().map(unhex))
    }

    /// Item `name` of every step `{side} label` (exact label), in trace order.
    pub(crate) fn values(&self, side: &str, label: &str, name: &str) -> Vec<Vec<u8>> {
        self.steps()
            .filter(|&(_, s, l)| s == side && l == label)
            .filter_map(|(step, _, _)| self.item(step, name))
            .collect()
    }

    /// Item `name` of the first step `{side} label` that has it; panics naming the step.
    pub(crate) fn value(&self, side: &str, label: &str, name: &str) -> Vec<u8> {
        self.values(side, label, name)
            .into_iter()
            .next()
            .unwrap_or_else(|| {
                panic!(
                    "{}: no {name:?} in {}",
                    self.name,
                    Self::describe(side, label)
                )
            })
    }

    /// A step as assertion messages quote it: `{server} derive secret "tls13 c hs traffic"`.
    pub(crate) fn describe(side: &str, label: &str) -> String {
        format!("{{{side}}} {label}")
    }

    /// Every `send ... record` step, in order.
    pub(crate) fn records(&self) -> Vec<Rfc8448Record> {
        self.steps()
            .filter_map(|(step, side, label)| {
                let content_type = match label {
                    "send change_cipher_spec record" => 20,
                    "send alert record" => 21,
                    "send handshake record" => 22,
                    "send application_data record" => 23,
                    _ => return None,
                };
                Some(Rfc8448Record {
                    step,
                    side: side.to_owned(),
                    label: label.to_owned(),
                    content_type,
                    payload: self.item(step, "payload").unwrap(),
                    record: self.item(step, "complete record").unwrap(),
                })
            })
            .collect()
    }

    /// Every handshake message the trace sends, in order, with its sender: the payloads of
    /// the `send handshake record` steps, reassembled per sender.
    pub(crate) fn handshake_messages(&self) -> Vec<(String, Vec<u8>)> {
        self.records()
            .into_iter()
            .filter(|r| r.content_type == 22)
            .flat_map(|r| {
                handshake_messages([r.payload.as_slice()])
                    .into_iter()
                    .map(move |m| (r.side.clone(), m))
            })
            .collect()
    }
}

/// The five connections of `openssl-captures.json`.
pub(crate) fn openssl_connections() -> Vec<Value> {
    testdata("openssl-captures.json")["connections"]
        .as_array()
        .unwrap()
        .clone()
}

/// The secret of the key log line `label` (NSS key log format: `LABEL client_random secret`).
pub(crate) fn keylog_secret(keylog: &Value, label: &str) -> Vec<u8> {
    keylog
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .find_map(|line| {
            let mut fields = line.split(' ');
            (fields.next() == Some(label)).then(|| unhex(fields.nth(1).unwrap()))
        })
        .unwrap_or_else(|| panic!("no {label} line in the key log"))
}

/// The `client_random` of a key log's first non-comment line.
pub(crate) fn keylog_client_random(keylog: &Value) -> Vec<u8> {
    keylog
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .find(|line| !line.starts_with('#'))
        .map(|line| unhex(line.split(' ').nth(1).unwrap()))
        .unwrap()
}

/// The handshake messages of an OpenSSL capture, in the order the relay saw their records:
/// plaintext handshake records' fragments, and the `plaintext_hex` of protected records whose
/// (inner) content is handshake. `(direction, message)`, direction `"c2s"` or `"s2c"`.
pub(crate) fn openssl_handshake_messages(connection: &Value) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for record in connection["records"].as_array().unwrap() {
        let dir = str_field(record, "dir").to_owned();
        let fragment = if record.get("key").is_none() {
            if record["content_type"] != "handshake" {
                continue;
            }
            hex_field(record, "hex")[5..].to_vec()
        } else {
            let inner = record
                .get("inner_content_type")
                .unwrap_or(&record["content_type"]);
            if inner != "handshake" {
                continue;
            }
            hex_field(record, "plaintext_hex")
        };
        for message in handshake_messages([fragment.as_slice()]) {
            out.push((dir.clone(), message));
        }
    }
    out
}
