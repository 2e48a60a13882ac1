//! RFC 8448's TLS 1.3 traces, replayed through the key schedule: every secret, traffic key and
//! IV, Finished, binder and resumption PSK of the simple 1-RTT, resumed 0-RTT, HelloRetryRequest,
//! client authentication and compatibility-mode handshakes, byte for byte.
//!
//! Data-driven from `testdata/rfc8448-vectors.json`: the replay computes our value for each
//! `(side, step label, item name)` it knows, and every `secret`, `expanded`, `key expanded`,
//! `iv expanded`, `finished`, `hash`, `PRK`, `salt`, `IKM`, `binder hash`, `ClientHello prefix`
//! and `Finished` item of a trace must have one and equal it. The transcript hashes are our own
//! [`Transcript`] over the trace's handshake messages, and the (EC)DHE shared secrets come from
//! ring with the trace's private keys; the trace's hash items are only compared with.
//! `resumed-0rtt`'s PSK is derived from `simple-1rtt`'s resumption secret and ticket nonce.
//!
//! Shared by the `rfc8448_<trace>.rs` test files: each runs [`check_trace`] once per step of
//! its trace, and once for every value of it.

use ring::agreement;
use tls_keyschedule::tls13::hkdf::expand_label;
use tls_keyschedule::tls13::{BinderKind, EarlySecret, TrafficKeys, TrafficSecret};
use tls_keyschedule::{
    AeadAlgorithm, HashAlgorithm, Secret, Transcript, TranscriptBuffer, TranscriptHash,
};
use tls_wire::handshake::{
    HELLO_RETRY_REQUEST_RANDOM, HandshakeMessage, HandshakePayload, NegotiatedVersion, TicketNonce,
};
use tls_wire::ids::HandshakeType;

use crate::common::Rfc8448Trace;

/// Every trace uses TLS_AES_128_GCM_SHA256.
const HASH: HashAlgorithm = HashAlgorithm::Sha256;
const AEAD: AeadAlgorithm = AeadAlgorithm::Aes128Gcm;

/// The item names the replay must account for; the rest are messages, records, HkdfLabel
/// encodings (`info`, checked through the values they produce) and key pairs.
const CHECKED_NAMES: &[&str] = &[
    "secret",
    "expanded",
    "key expanded",
    "iv expanded",
    "finished",
    "hash",
    "PRK",
    "salt",
    "IKM",
    "binder hash",
    "ClientHello prefix",
    "Finished",
];

/// One value we computed, for the items `{side} label` / `name` of the trace.
struct Check {
    /// The test that covers it (the `<step>` of the test `<trace>_<step>`).
    step: &'static str,
    /// `None` where client and server compute the same value (the trace prints it once).
    side: Option<&'static str>,
    label: String,
    name: &'static str,
    ours: Vec<u8>,
}

/// The transcript hashes the schedule needs, from our [`Transcript`] over the trace's messages.
struct Transcripts {
    client_hello: TranscriptHash,
    server_hello: TranscriptHash,
    before_server_finished: TranscriptHash,
    after_server_finished: TranscriptHash,
    before_client_finished: TranscriptHash,
    after_client_finished: TranscriptHash,
    /// The binder's hash and the truncated ClientHello, if the ClientHello offers a PSK.
    binder: Option<(TranscriptHash, Vec<u8>)>,
    /// Every NewSessionTicket's `ticket_nonce`.
    ticket_nonces: Vec<Vec<u8>>,
}

/// A transcript before and after the suite's hash is known (the client's view).
enum Running {
    Buffer(TranscriptBuffer),
    Hash(Box<Transcript>),
}

impl Running {
    fn current_hash(&self) -> TranscriptHash {
        match self {
            Self::Buffer(buffer) => buffer.hash_with(HASH, &[]),
            Self::Hash(transcript) => transcript.current_hash(),
        }
    }

    fn add(&mut self, message: &[u8]) {
        match self {
            Self::Buffer(buffer) => buffer.add(message).unwrap(),
            Self::Hash(transcript) => transcript.add(message),
        }
    }

    /// The suite is known: from here on, a running hash.
    fn transcript(&mut self) -> &mut Transcript {
        if let Self::Buffer(buffer) = self {
            *self = Self::Hash(Box::new(std::mem::take(buffer).into_transcript(HASH)));
        }
        match self {
            Self::Hash(transcript) => transcript,
            Self::Buffer(_) => unreachable!(),
        }
    }
}

fn transcripts(trace: &Rfc8448Trace) -> Transcripts {
    let mut running = Running::Buffer(TranscriptBuffer::new());
    let (mut client_hello, mut server_hello, mut binder) = (None, None, None);
    let mut finished = Vec::new();
    let mut ticket_nonces = Vec::new();
    for (_, message) in trace.handshake_messages() {
        let typ = HandshakeType::from(message[0]);
        if typ == HandshakeType::NEW_SESSION_TICKET {
            // Post-handshake: not part of the handshake transcript.
            let decoded = HandshakeMessage::decode(&message, NegotiatedVersion::Tls13).unwrap();
            let HandshakePayload::NewSessionTicketTls13(ticket) = decoded.into_payload() else {
                panic!("{}: NewSessionTicket did not decode as TLS 1.3", trace.name);
            };
            ticket_nonces.push(ticket.ticket_nonce.as_slice().to_vec());
            continue;
        }
        if typ == HandshakeType::CLIENT_HELLO {
            let decoded = HandshakeMessage::decode(&message, NegotiatedVersion::NotYet).unwrap();
            if let Some(truncated) = decoded.client_hello_truncated_for_binders().unwrap() {
                let hash = match &running {
                    Running::Buffer(buffer) => buffer.hash_with(HASH, truncated),
                    Running::Hash(transcript) => transcript.hash_with(truncated),
                };
                binder = Some((hash, truncated.to_vec()));
            }
            running.add(&message);
            client_hello = Some(running.current_hash());
        } else if typ == HandshakeType::SERVER_HELLO {
            let transcript = running.transcript();
            if message[6..38] == HELLO_RETRY_REQUEST_RANDOM {
                transcript.replace_client_hello_with_message_hash();
            }
            transcript.add(&message);
            server_hello = Some(transcript.current_hash());
        } else if typ == HandshakeType::FINISHED {
            finished.push(running.current_hash());
            running.add(&message);
            finished.push(running.current_hash());
        } else {
            running.add(&message);
        }
    }
    let [
        before_server_finished,
        after_server_finished,
        before_client_finished,
        after_client_finished,
    ] = finished[..]
    else {
        panic!("{}: expected two Finished messages", trace.name);
    };
    Transcripts {
        client_hello: client_hello.unwrap(),
        server_hello: server_hello.unwrap(),
        before_server_finished,
        after_server_finished,
        before_client_finished,
        after_client_finished,
        binder,
        ticket_nonces,
    }
}

/// The (EC)DHE shared secret from the client's last key pair and the server's last public key,
/// computed by ring with the trace's private key.
fn shared_secret(trace: &Rfc8448Trace) -> Vec<u8> {
    let key_pair = |side: &str| {
        trace
            .steps()
            .filter(|&(_, s, l)| s == side && l.starts_with("create an ephemeral"))
            .last()
            .map(|(step, _, label)| {
                let group = if label.contains("x25519") {
                    &agreement::X25519
                } else {
                    &agreement::ECDH_P256
                };
                (
                    group,
                    trace.item(step, "private key").unwrap(),
                    trace.item(step, "public key").unwrap(),
                )
            })
            .unwrap()
    };
    let (group, client_private, client_public) = key_pair("client");
    let (_, _, server_public) = key_pair("server");
    // ring's deterministic RNG for known-answer tests, in a deprecated module: ring has no
    // other way to import an ephemeral private key. Tests only.
    #[allow(deprecated)]
    let rng = ring::test::rand::FixedSliceRandom {
        bytes: &client_private,
    };
    let private = agreement::EphemeralPrivateKey::generate(group, &rng).unwrap();
    assert_eq!(
        private.compute_public_key().unwrap().as_ref(),
        client_public,
        "{}: ring's public key for the client's private key",
        trace.name
    );
    agreement::agree_ephemeral(
        private,
        &agreement::UnparsedPublicKey::new(group, &server_public),
        <[u8]>::to_vec,
    )
    .unwrap()
}

/// `Derive-Secret(secret, "derived", "")`, through the public HKDF-Expand-Label.
fn derived(secret: &Secret) -> Vec<u8> {
    let empty = ring::digest::digest(&ring::digest::SHA256, &[]);
    let mut out = vec![0; 32];
    expand_label(HASH, secret, b"derived", empty.as_ref(), &mut out).unwrap();
    out
}

/// The resumption PSK `simple-1rtt` hands to `resumed-0rtt`: its resumption_master_secret and
/// its NewSessionTicket's nonce.
fn simple_1rtt_psk() -> Secret {
    let trace = Rfc8448Trace::load("simple-1rtt");
    let th = transcripts(&trace);
    let shared = shared_secret(&trace);
    let master = EarlySecret::new(HASH, None)
        .into_handshake_secret(Some(&shared))
        .into_master_secret();
    let nonce = TicketNonce::new(th.ticket_nonces[0].as_slice()).unwrap();
    master
        .resumption_master_secret(&th.after_client_finished)
        .derive_psk(&nonce)
}

/// Our values for the items of one trace step.
#[derive(Default)]
struct Checks(Vec<Check>);

impl Checks {
    /// Our `(name, value)` pairs for the step `{side} label` (`side` `None`: either side).
    fn step(
        &mut self,
        step: &'static str,
        side: Option<&'static str>,
        label: &str,
        values: &[(&'static str, &[u8])],
    ) {
        for (name, ours) in values {
            self.0.push(Check {
                step,
                side,
                label: label.to_owned(),
                name,
                ours: ours.to_vec(),
            });
        }
    }

    /// The write and read keys of both sides for one epoch (`data`: `handshake data`, ...).
    fn traffic_keys(
        &mut self,
        step: &'static str,
        data: &str,
        client: &TrafficSecret,
        server: &TrafficSecret,
    ) {
        for (side, direction, secret) in [
            ("client", "write", client),
            ("client", "read", server),
            ("server", "write", server),
            ("server", "read", client),
        ] {
            let TrafficKeys { key, iv } = secret.derive_traffic_keys(AEAD);
            let label = format!("derive {direction} traffic keys for {data}");
            self.step(
                step,
                Some(side),
                &label,
                &[
                    ("PRK", secret.secret().as_bytes()),
                    ("key expanded", key.as_bytes()),
                    ("iv expanded", iv.as_bytes()),
                ],
            );
        }
    }
}

/// Everything the schedule derives for `trace`.
fn replay(trace: &Rfc8448Trace) -> Vec<Check> {
    let th = transcripts(trace);
    let mut checks = Checks::default();
    let empty = ring::digest::digest(&ring::digest::SHA256, &[]);
    let zeros = [0; 32];

    // Early Secret, with the resumption PSK in resumed-0rtt.
    let psk = (trace.name == "resumed-0rtt").then(simple_1rtt_psk);
    let early = EarlySecret::new(HASH, psk.as_ref());
    checks.step(
        "early_secret",
        None,
        r#"extract secret "early""#,
        &[
            ("IKM", psk.as_ref().map_or(&zeros[..], Secret::as_bytes)),
            ("secret", early.secret().as_bytes()),
        ],
    );
    if let Some((binder_hash, truncated)) = &th.binder {
        let binder_key = early.binder_key(BinderKind::Resumption);
        checks.step(
            "binder",
            None,
            "calculate PSK binder",
            &[
                ("ClientHello prefix", truncated),
                ("binder hash", binder_hash.as_bytes()),
                ("PRK", binder_key.secret().as_bytes()),
                ("hash", &[]),
                (
                    "expanded",
                    binder_key.derive_finished_key().secret().as_bytes(),
                ),
                ("finished", binder_key.derive_binder(binder_hash).as_bytes()),
            ],
        );
    }
    let early_traffic = early.client_early_traffic_secret(&th.client_hello);
    let early_exporter = early.early_exporter_master_secret(&th.client_hello);
    for (step, secret, label) in [
        (
            "client_early_traffic_secret",
            early_traffic.secret(),
            r#"derive secret "tls13 c e traffic""#,
        ),
        (
            "early_exporter_master_secret",
            early_exporter.secret(),
            r#"derive secret "tls13 e exp master""#,
        ),
    ] {
        checks.step(
            step,
            None,
            label,
            &[
                ("PRK", early.secret().as_bytes()),
                ("hash", th.client_hello.as_bytes()),
                ("expanded", secret.as_bytes()),
            ],
        );
    }
    checks.traffic_keys(
        "early_traffic_keys",
        "early application data",
        &early_traffic,
        &early_traffic,
    );

    // Handshake Secret.
    let salt = derived(early.secret());
    checks.step(
        "handshake_secret",
        None,
        r#"derive secret for handshake "tls13 derived""#,
        &[
            ("PRK", early.secret().as_bytes()),
            ("hash", empty.as_ref()),
            ("expanded", &salt),
        ],
    );
    let shared = shared_secret(trace);
    let handshake = early.into_handshake_secret(Some(&shared));
    checks.step(
        "handshake_secret",
        None,
        r#"extract secret "handshake""#,
        &[
            ("salt", &salt),
            ("IKM", &shared),
            ("secret", handshake.secret().as_bytes()),
        ],
    );
    let client_hs = handshake.client_handshake_traffic_secret(&th.server_hello);
    let server_hs = handshake.server_handshake_traffic_secret(&th.server_hello);
    for (step, traffic, label) in [
        (
            "client_handshake_traffic_secret",
            &client_hs,
            r#"derive secret "tls13 c hs traffic""#,
        ),
        (
            "server_handshake_traffic_secret",
            &server_hs,
            r#"derive secret "tls13 s hs traffic""#,
        ),
    ] {
        checks.step(
            step,
            None,
            label,
            &[
                ("PRK", handshake.secret().as_bytes()),
                ("hash", th.server_hello.as_bytes()),
                ("expanded", traffic.secret().as_bytes()),
            ],
        );
    }
    checks.traffic_keys(
        "handshake_traffic_keys",
        "handshake data",
        &client_hs,
        &server_hs,
    );

    // Master Secret.
    let salt = derived(handshake.secret());
    checks.step(
        "master_secret",
        None,
        r#"derive secret for master "tls13 derived""#,
        &[
            ("PRK", handshake.secret().as_bytes()),
            ("hash", empty.as_ref()),
            ("expanded", &salt),
        ],
    );
    let master = handshake.into_master_secret();
    checks.step(
        "master_secret",
        None,
        r#"extract secret "master""#,
        &[
            ("salt", &salt),
            ("IKM", &zeros),
            ("secret", master.secret().as_bytes()),
        ],
    );

    // Finished, server then client, as values and as the whole message the trace sends.
    for (step, side, traffic, hash) in [
        (
            "server_finished",
            "server",
            &server_hs,
            &th.before_server_finished,
        ),
        (
            "client_finished",
            "client",
            &client_hs,
            &th.before_client_finished,
        ),
    ] {
        let finished_key = traffic.derive_finished_key();
        let verify_data = finished_key.derive_verify_data(hash);
        let ours = [&[20, 0, 0, 32][..], verify_data.as_bytes()].concat();
        checks.step(
            step,
            Some(side),
            r#"calculate finished "tls13 finished""#,
            &[
                ("PRK", traffic.secret().as_bytes()),
                ("hash", &[]),
                ("expanded", finished_key.secret().as_bytes()),
                ("finished", verify_data.as_bytes()),
            ],
        );
        checks.step(
            step,
            Some(side),
            "construct a Finished handshake message",
            &[("Finished", &ours)],
        );
    }

    let client_ap = master.client_application_traffic_secret_0(&th.after_server_finished);
    let server_ap = master.server_application_traffic_secret_0(&th.after_server_finished);
    let exporter = master.exporter_master_secret(&th.after_server_finished);
    for (step, secret, label) in [
        (
            "client_application_traffic_secret_0",
            client_ap.secret(),
            r#"derive secret "tls13 c ap traffic""#,
        ),
        (
            "server_application_traffic_secret_0",
            server_ap.secret(),
            r#"derive secret "tls13 s ap traffic""#,
        ),
        (
            "exporter_master_secret",
            exporter.secret(),
            r#"derive secret "tls13 exp master""#,
        ),
    ] {
        checks.step(
            step,
            None,
            label,
            &[
                ("PRK", master.secret().as_bytes()),
                ("hash", th.after_server_finished.as_bytes()),
                ("expanded", secret.as_bytes()),
            ],
        );
    }
    checks.traffic_keys(
        "application_traffic_keys",
        "application data",
        &client_ap,
        &server_ap,
    );

    let resumption = master.resumption_master_secret(&th.after_client_finished);
    checks.step(
        "resumption_master_secret",
        None,
        r#"derive secret "tls13 res master""#,
        &[
            ("PRK", master.secret().as_bytes()),
            ("hash", th.after_client_finished.as_bytes()),
            ("expanded", resumption.secret().as_bytes()),
        ],
    );
    for nonce in &th.ticket_nonces {
        let psk = resumption.derive_psk(&TicketNonce::new(nonce.as_slice()).unwrap());
        checks.step(
            "resumption_psk",
            None,
            r#"generate resumption secret "tls13 resumption""#,
            &[
                ("PRK", resumption.secret().as_bytes()),
                ("hash", nonce),
                ("expanded", psk.as_bytes()),
            ],
        );
    }
    checks.0
}

/// Compares every trace item of the checked names with ours, `only` restricting to one test's
/// values; fails if an item has no value of ours, or a test checked nothing.
pub(crate) fn check_trace(name: &str, only: Option<&str>) {
    let trace = Rfc8448Trace::load(name);
    let checks = replay(&trace);
    let mut compared = 0;
    for (step, side, label) in trace.steps() {
        for item_name in CHECKED_NAMES {
            let Some(expected) = trace.item(step, item_name) else {
                continue;
            };
            let ours: Vec<&Check> = checks
                .iter()
                .filter(|c| c.label == label && c.name == *item_name)
                .filter(|c| c.side.is_none_or(|s| s == side))
                .collect();
            let described = Rfc8448Trace::describe(side, label);
            assert!(
                !ours.is_empty(),
                "{name}: nothing of ours for {described} {item_name}"
            );
            for c in ours
                .into_iter()
                .filter(|c| only.is_none_or(|o| o == c.step))
            {
                assert_eq!(
                    hex::encode(&c.ours),
                    hex::encode(&expected),
                    "{name}: {described} {item_name}"
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 0, "{name}: no {only:?} value in the trace");
}
