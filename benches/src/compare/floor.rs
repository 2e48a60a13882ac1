//! The crypto floor: the ring operations a workload cannot avoid, with the sizes our pair
//! really used, and nothing else — no parsing, no encoding, no state machine, no copies.
//!
//! Per side of a handshake (RFC 8446 §7.1 and RFC 5246 §5/§8 with RFC 7627's extended master
//! secret): the random, the X25519 key pair and agreement (unless psk_ke or a TLS 1.2
//! resumption), the server's one signature and the client's three verifications (the
//! CertificateVerify or ServerKeyExchange signature and the chain's two), every HKDF or PRF
//! step of the key schedule, each AEAD key set up, the Finished MACs, the binder, the
//! transcript hashed once with the snapshots the schedule takes, the handshake records sealed
//! and opened as one record per flight, and a stateless ticket sealed or opened. For bulk, the
//! AEAD seal and open of each full record.

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey};
use ring::agreement::{self, EphemeralPrivateKey, UnparsedPublicKey, X25519};
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{self, EcdsaKeyPair, RsaKeyPair};
use ring::{digest, hkdf, hmac};
use tls_pki::cert::Certificate;

use super::{Fixture, KeyKind, Resumption, Scenario, SideTimes, Version};

/// The bytes a pair's handshake moved, by kind: what the floor hashes, seals and opens.
#[derive(Clone, Copy, Debug, Default)]
pub struct FlightSizes {
    /// Plaintext handshake bytes (ClientHello, ServerHello, and in TLS 1.2 the rest of the
    /// server's first flight and the ClientKeyExchange).
    pub plain: usize,
    /// Handshake plaintext the server sealed.
    pub server_sealed: usize,
    /// Handshake plaintext the client sealed.
    pub client_sealed: usize,
}

impl FlightSizes {
    /// Adds up the records in `bytes`, sent under `version`: handshake records count as plain,
    /// application-data records (TLS 1.3's protected handshake) and TLS 1.2's encrypted
    /// Finished (the handshake record after ChangeCipherSpec) as sealed, less their overhead.
    pub fn add_records(&mut self, version: Version, bytes: &[u8], server: bool) {
        let mut rest = bytes;
        let mut after_ccs = false;
        while rest.len() >= 5 {
            let kind = rest[0];
            let len = usize::from(u16::from_be_bytes([rest[3], rest[4]]));
            let sealed = match (version, kind) {
                // TLS 1.3: the inner content type and the tag.
                (Version::Tls13, 23) => Some(len.saturating_sub(17)),
                // TLS 1.2: the explicit nonce and the tag (ChaCha20 has none, a small error).
                (Version::Tls12, 22) if after_ccs => Some(len.saturating_sub(24)),
                _ => None,
            };
            match (kind, sealed) {
                (_, Some(n)) if server => self.server_sealed += n,
                (_, Some(n)) => self.client_sealed += n,
                (22, None) => self.plain += len,
                (20, None) => after_ccs = true,
                _ => {}
            }
            rest = rest.get(5 + len..).unwrap_or_default();
        }
    }

    fn transcript(&self) -> usize {
        self.plain + self.server_sealed + self.client_sealed
    }
}

/// The server's signing key.
enum Signer {
    Ecdsa(EcdsaKeyPair),
    Rsa(RsaKeyPair, &'static dyn signature::RsaEncoding),
}

/// A signature the client verifies: algorithm, public key, message, signature.
type Verification = (
    &'static dyn signature::VerificationAlgorithm,
    Vec<u8>,
    Vec<u8>,
    Vec<u8>,
);

/// Everything the floor prepares once: keys, the messages and signatures the client verifies,
/// the peer's public key, and buffers.
pub struct Floor {
    scenario: Scenario,
    flights: FlightSizes,
    rng: SystemRandom,
    signer: Signer,
    /// The client's three verifications.
    verifications: Vec<Verification>,
    peer_public: Vec<u8>,
    transcript: Vec<u8>,
    ticket_key: LessSafeKey,
    ticket: Vec<u8>,
    record: Vec<u8>,
}

/// A stateless ticket's plaintext: about what a TLS 1.3 session holds (suite, secret, times,
/// name, ALPN).
const TICKET_STATE: usize = 128;

impl Floor {
    /// The floor of `scenario`, whose handshakes moved `flights` and whose server signs with
    /// `scheme` (the IANA value ours negotiated; `None` in a resumed scenario, which signs
    /// nothing: ECDSA P-256 then).
    pub fn new(
        fixture: &Fixture,
        scenario: Scenario,
        flights: FlightSizes,
        scheme: Option<u16>,
    ) -> Self {
        let scheme = scheme.unwrap_or(0x0403);
        let rng = SystemRandom::new();
        let signer = match fixture.key {
            KeyKind::EcdsaP256 => Signer::Ecdsa(
                EcdsaKeyPair::from_pkcs8(
                    &signature::ECDSA_P256_SHA256_ASN1_SIGNING,
                    &fixture.key_der,
                    &rng,
                )
                .expect("ECDSA key"),
            ),
            KeyKind::Rsa2048 => {
                let encoding: &'static dyn signature::RsaEncoding = match scheme {
                    0x0401 => &signature::RSA_PKCS1_SHA256,
                    0x0501 => &signature::RSA_PKCS1_SHA384,
                    0x0601 => &signature::RSA_PKCS1_SHA512,
                    0x0804 => &signature::RSA_PSS_SHA256,
                    0x0805 => &signature::RSA_PSS_SHA384,
                    0x0806 => &signature::RSA_PSS_SHA512,
                    other => panic!("an RSA scheme the floor does not know: {other:#06x}"),
                };
                Signer::Rsa(
                    RsaKeyPair::from_pkcs8(&fixture.key_der).expect("RSA key"),
                    encoding,
                )
            }
        };
        let handshake_verify: &'static dyn signature::VerificationAlgorithm = match scheme {
            0x0403 => &signature::ECDSA_P256_SHA256_ASN1,
            0x0401 => &signature::RSA_PKCS1_2048_8192_SHA256,
            0x0501 => &signature::RSA_PKCS1_2048_8192_SHA384,
            0x0601 => &signature::RSA_PKCS1_2048_8192_SHA512,
            0x0804 => &signature::RSA_PSS_2048_8192_SHA256,
            0x0805 => &signature::RSA_PSS_2048_8192_SHA384,
            0x0806 => &signature::RSA_PSS_2048_8192_SHA512,
            other => panic!("a scheme the floor does not know: {other:#06x}"),
        };
        let chain_verify: &'static dyn signature::VerificationAlgorithm = match fixture.key {
            KeyKind::EcdsaP256 => &signature::ECDSA_P256_SHA256_ASN1,
            KeyKind::Rsa2048 => &signature::RSA_PKCS1_2048_8192_SHA256,
        };
        // The signed content: RFC 8446 §4.4.3's 64 spaces, context string, zero and hash; or
        // RFC 8422 §5.4's randoms and ECDH parameters (curve type, group, key).
        let signed_len = match scenario.version {
            Version::Tls13 => 64 + 33 + 1 + 32,
            Version::Tls12 => 32 + 32 + 4 + 32,
        };
        let mut message = vec![0x20; signed_len];
        rng.fill(&mut message[signed_len - 32..]).expect("random");
        let mut floor = Self {
            scenario,
            flights,
            rng,
            signer,
            verifications: Vec::new(),
            peer_public: Vec::new(),
            transcript: vec![0x16; flights.transcript()],
            ticket_key: LessSafeKey::new(
                UnboundKey::new(&ring::aead::AES_256_GCM, &[7; 32]).expect("ticket key"),
            ),
            ticket: Vec::new(),
            record: Vec::new(),
        };
        let leaf_signature = floor.sign(&message);
        let leaf = Certificate::from_der(&fixture.leaf_der).expect("leaf");
        let intermediate = Certificate::from_der(&fixture.intermediate_der).expect("intermediate");
        let root = Certificate::from_der(&fixture.root_der).expect("root");
        floor.verifications = vec![
            (
                handshake_verify,
                leaf.subject_public_key_info().subject_public_key.to_vec(),
                message,
                leaf_signature,
            ),
            (
                chain_verify,
                intermediate
                    .subject_public_key_info()
                    .subject_public_key
                    .to_vec(),
                leaf.tbs_bytes().to_vec(),
                leaf.signature().to_vec(),
            ),
            (
                chain_verify,
                root.subject_public_key_info().subject_public_key.to_vec(),
                intermediate.tbs_bytes().to_vec(),
                intermediate.signature().to_vec(),
            ),
        ];
        let peer = EphemeralPrivateKey::generate(&X25519, &floor.rng).expect("X25519");
        floor.peer_public = peer.compute_public_key().expect("public").as_ref().to_vec();
        floor.ticket = vec![0; TICKET_STATE];
        floor.seal_ticket();
        floor
    }

    /// The floor of `scenario`, sized by a handshake of `ours` on the same configs: its flights
    /// and its server's signature scheme.
    pub fn sized_by(ours: &super::ours::Ours, fixture: &Fixture, scenario: Scenario) -> Self {
        let (flights, scheme) = ours.flights();
        Self::new(fixture, scenario, flights, scheme)
    }

    /// One handshake's floor, each side's operations timed on its own clock.
    pub fn handshake(&mut self) -> SideTimes {
        let mut times = SideTimes::default();
        let resumed = self.scenario.resumption != Resumption::None;
        // A resumed handshake after the first: the ticket or session the last one left.
        match self.scenario.version {
            Version::Tls13 => {
                times.client(|| self.tls13_side(false, resumed));
                times.server(|| self.tls13_side(true, resumed));
            }
            Version::Tls12 => {
                times.client(|| self.tls12_side(false, resumed));
                times.server(|| self.tls12_side(true, resumed));
            }
        }
        times
    }

    fn sign(&self, message: &[u8]) -> Vec<u8> {
        match &self.signer {
            Signer::Ecdsa(key) => key
                .sign(&self.rng, message)
                .expect("sign")
                .as_ref()
                .to_vec(),
            Signer::Rsa(key, encoding) => {
                let mut out = vec![0; key.public().modulus_len()];
                key.sign(*encoding, &self.rng, message, &mut out)
                    .expect("sign");
                out
            }
        }
    }

    fn verify_all(&self) {
        for (algorithm, key, message, signature) in &self.verifications {
            signature::UnparsedPublicKey::new(*algorithm, key)
                .verify(message, signature)
                .expect("the floor's signatures verify");
        }
    }

    fn random(&self) {
        let mut random = [0u8; 32];
        self.rng.fill(&mut random).expect("random");
    }

    /// X25519: our key pair, and the agreement with the peer's share.
    fn key_exchange(&self) -> [u8; 32] {
        let private = EphemeralPrivateKey::generate(&X25519, &self.rng).expect("X25519");
        let _public = private.compute_public_key().expect("public");
        let peer = UnparsedPublicKey::new(&agreement::X25519, &self.peer_public);
        agreement::agree_ephemeral(private, &peer, |shared| {
            let mut out = [0u8; 32];
            out.copy_from_slice(shared);
            out
        })
        .expect("agreement")
    }

    fn hash(&self) -> &'static digest::Algorithm {
        if self.scenario.bulk.sha384() {
            &digest::SHA384
        } else {
            &digest::SHA256
        }
    }

    fn hkdf(&self) -> hkdf::Algorithm {
        if self.scenario.bulk.sha384() {
            hkdf::HKDF_SHA384
        } else {
            hkdf::HKDF_SHA256
        }
    }

    fn hmac(&self) -> hmac::Algorithm {
        if self.scenario.bulk.sha384() {
            hmac::HMAC_SHA384
        } else {
            hmac::HMAC_SHA256
        }
    }

    /// Seals one record of `len` plaintext bytes: the AEAD pass one side makes over a flight
    /// (the peer's open costs the same pass).
    fn record(&mut self, key: &LessSafeKey, len: usize) {
        self.record.clear();
        self.record.resize(len, 0x17);
        let tag = key
            .seal_in_place_separate_tag(
                Nonce::assume_unique_for_key([0; 12]),
                Aad::from([0x17, 3, 3, 0, 0]),
                &mut self.record,
            )
            .expect("seal");
        let _ = std::hint::black_box(tag);
    }

    fn seal_ticket(&mut self) {
        self.ticket.clear();
        self.ticket.resize(TICKET_STATE, 0x54);
        self.ticket_key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key([1; 12]),
                Aad::empty(),
                &mut self.ticket,
            )
            .expect("ticket sealed");
    }

    /// Opens the sealed ticket (a copy of it: the sealed one stays for the next handshake).
    fn open_ticket(&mut self) {
        self.record.clear();
        self.record.extend_from_slice(&self.ticket);
        let _ = self
            .ticket_key
            .open_in_place(
                Nonce::assume_unique_for_key([1; 12]),
                Aad::empty(),
                &mut self.record,
            )
            .expect("ticket opens");
    }

    fn traffic_key(&self, secret: &[u8]) -> LessSafeKey {
        let prk = hkdf::Prk::new_less_safe(self.hkdf(), secret);
        let aead = self.scenario.bulk.aead();
        let mut key = [0u8; 32];
        let mut iv = [0u8; 12];
        expand_label(&prk, b"key", &[], &mut key[..aead.key_len()]);
        expand_label(&prk, b"iv", &[], &mut iv);
        LessSafeKey::new(UnboundKey::new(aead, &key[..aead.key_len()]).expect("key"))
    }

    /// One side of a TLS 1.3 handshake.
    fn tls13_side(&mut self, server: bool, resumed: bool) {
        let hash = self.hash();
        let hash_len = hash.output_len();
        let hkdf_alg = self.hkdf();
        let hmac_alg = self.hmac();
        let psk_ke = self.scenario.resumption == Resumption::Tls13PskKe;
        self.random();
        let shared = if psk_ke { [0; 32] } else { self.key_exchange() };
        let zeros = [0u8; 48];
        let empty_hash = digest::digest(hash, b"");

        // The transcript, hashed once, with the snapshots the schedule takes.
        let total = self.flights.transcript();
        let plain = self.flights.plain.min(total);
        let mut transcript = digest::Context::new(hash);
        let psk = [0x42u8; 48];
        let early = hkdf::Salt::new(hkdf_alg, &zeros[..hash_len]).extract(if resumed {
            &psk[..hash_len]
        } else {
            &zeros[..hash_len]
        });
        if resumed {
            if server && self.scenario.resumption != Resumption::Tls13Stateful {
                self.open_ticket();
            }
            // The binder over the ClientHello less its binders.
            transcript.update(&self.transcript[..plain / 2]);
            let partial = transcript.clone().finish();
            let mut binder_key = [0u8; 48];
            expand_label(
                &early,
                b"res binder",
                empty_hash.as_ref(),
                &mut binder_key[..hash_len],
            );
            let binder = finished_mac(
                hkdf_alg,
                hmac_alg,
                &binder_key[..hash_len],
                partial.as_ref(),
            );
            std::hint::black_box(binder);
            transcript.update(&self.transcript[plain / 2..plain]);
        } else {
            transcript.update(&self.transcript[..plain]);
        }
        let hello_hash = transcript.clone().finish();
        let mut derived = [0u8; 48];
        expand_label(
            &early,
            b"derived",
            empty_hash.as_ref(),
            &mut derived[..hash_len],
        );
        let handshake = hkdf::Salt::new(hkdf_alg, &derived[..hash_len]).extract(if psk_ke {
            &zeros[..hash_len]
        } else {
            &shared
        });
        let mut client_hs = [0u8; 48];
        let mut server_hs = [0u8; 48];
        expand_label(
            &handshake,
            b"c hs traffic",
            hello_hash.as_ref(),
            &mut client_hs[..hash_len],
        );
        expand_label(
            &handshake,
            b"s hs traffic",
            hello_hash.as_ref(),
            &mut server_hs[..hash_len],
        );
        let client_key = self.traffic_key(&client_hs[..hash_len]);
        let server_key = self.traffic_key(&server_hs[..hash_len]);

        // The server's flight: EncryptedExtensions, Certificate, CertificateVerify, Finished.
        let server_end = plain + self.flights.server_sealed;
        transcript.update(&self.transcript[plain..server_end]);
        if !resumed {
            let before_verify = transcript.clone().finish();
            std::hint::black_box(before_verify);
            if server {
                std::hint::black_box(self.sign(&self.verifications[0].2));
            } else {
                self.verify_all();
            }
        }
        let before_finished = transcript.clone().finish();
        let server_finished = finished_mac(
            hkdf_alg,
            hmac_alg,
            &server_hs[..hash_len],
            before_finished.as_ref(),
        );
        std::hint::black_box(server_finished);
        self.record(&server_key, self.flights.server_sealed);
        let server_done = transcript.clone().finish();

        let mut derived = [0u8; 48];
        expand_label(
            &handshake,
            b"derived",
            empty_hash.as_ref(),
            &mut derived[..hash_len],
        );
        let master = hkdf::Salt::new(hkdf_alg, &derived[..hash_len]).extract(&zeros[..hash_len]);
        let mut secret = [0u8; 48];
        for label in [&b"c ap traffic"[..], b"s ap traffic", b"exp master"] {
            expand_label(
                &master,
                label,
                server_done.as_ref(),
                &mut secret[..hash_len],
            );
            if label != b"exp master" {
                std::hint::black_box(self.traffic_key(&secret[..hash_len]));
            }
        }

        // The client's Finished.
        let client_finished = finished_mac(
            hkdf_alg,
            hmac_alg,
            &client_hs[..hash_len],
            server_done.as_ref(),
        );
        std::hint::black_box(client_finished);
        self.record(&client_key, self.flights.client_sealed);
        transcript.update(&self.transcript[server_end..]);
        let client_done = transcript.finish();

        if self.scenario.resumption != Resumption::None {
            // One NewSessionTicket: the resumption secret and the ticket's PSK, the state
            // sealed into a stateless ticket, and the record it goes in.
            let mut resumption = [0u8; 48];
            expand_label(
                &master,
                b"res master",
                client_done.as_ref(),
                &mut resumption[..hash_len],
            );
            let resumption = hkdf::Prk::new_less_safe(hkdf_alg, &resumption[..hash_len]);
            let mut ticket_psk = [0u8; 48];
            expand_label(
                &resumption,
                b"resumption",
                &[0],
                &mut ticket_psk[..hash_len],
            );
            if server && self.scenario.resumption != Resumption::Tls13Stateful {
                self.seal_ticket();
            }
            let app_key = self.traffic_key(&secret[..hash_len]);
            self.record(&app_key, TICKET_STATE + 16 + 12);
        }
    }

    /// One side of a TLS 1.2 handshake (ECDHE with the extended master secret, or a
    /// resumption by session id or ticket).
    fn tls12_side(&mut self, server: bool, resumed: bool) {
        let hash = self.hash();
        let hmac_alg = self.hmac();
        self.random();
        let mut transcript = digest::Context::new(hash);
        let plain = self.flights.plain.min(self.transcript.len());
        transcript.update(&self.transcript[..plain]);
        let mut master = [0x4du8; 48];
        if resumed {
            if server && self.scenario.resumption == Resumption::Tls12Ticket {
                self.open_ticket();
            }
        } else {
            let shared = self.key_exchange();
            if server {
                std::hint::black_box(self.sign(&self.verifications[0].2));
            } else {
                self.verify_all();
            }
            let session_hash = transcript.clone().finish();
            prf(
                hmac_alg,
                &shared,
                b"extended master secret",
                &[session_hash.as_ref()],
                &mut master,
            );
            if server && self.scenario.resumption == Resumption::Tls12Ticket {
                self.seal_ticket();
            }
        }
        // The key block: two keys and two IVs (4 bytes for GCM, 12 for ChaCha20).
        let aead = self.scenario.bulk.aead();
        let iv_len = if aead.key_len() == 32 && !self.scenario.bulk.sha384() {
            12
        } else {
            4
        };
        let mut key_block = [0u8; 2 * 32 + 2 * 12];
        let block_len = 2 * aead.key_len() + 2 * iv_len;
        let randoms = [0x52u8; 64];
        prf(
            hmac_alg,
            &master,
            b"key expansion",
            &[&randoms],
            &mut key_block[..block_len],
        );
        let write_key =
            LessSafeKey::new(UnboundKey::new(aead, &key_block[..aead.key_len()]).expect("key"));
        let read_key = LessSafeKey::new(
            UnboundKey::new(aead, &key_block[aead.key_len()..2 * aead.key_len()]).expect("key"),
        );
        // Both Finished messages: each side makes one and checks the other.
        for (label, key, len) in [
            (
                &b"client finished"[..],
                &write_key,
                self.flights.client_sealed,
            ),
            (b"server finished", &read_key, self.flights.server_sealed),
        ] {
            let snapshot = transcript.clone().finish();
            let mut verify_data = [0u8; 12];
            prf(
                hmac_alg,
                &master,
                label,
                &[snapshot.as_ref()],
                &mut verify_data,
            );
            self.record(key, len);
            transcript.update(&[0x14; 16]);
        }
    }

    /// Bulk: seals and opens `len` bytes as full records (2^14 bytes each).
    pub fn bulk(&mut self, key: &LessSafeKey, buffer: &mut Vec<u8>, len: usize) {
        const RECORD: usize = 16 * 1024;
        buffer.clear();
        buffer.resize(RECORD + 16, 0x5a);
        let mut sequence = 0u64;
        let mut done = 0;
        while done < len {
            let n = RECORD.min(len - done);
            let mut nonce = [0u8; 12];
            nonce[4..].copy_from_slice(&sequence.to_be_bytes());
            let aad = [0x17, 3, 3, (n >> 8) as u8, n as u8];
            let record = &mut buffer[..n];
            let tag = key
                .seal_in_place_separate_tag(
                    Nonce::assume_unique_for_key(nonce),
                    Aad::from(aad),
                    record,
                )
                .expect("seal");
            buffer[n..n + 16].copy_from_slice(tag.as_ref());
            key.open_in_place(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(aad),
                &mut buffer[..n + 16],
            )
            .expect("open");
            sequence += 1;
            done += n;
        }
    }
}

/// RFC 8446 §7.1 HKDF-Expand-Label into `out`, with no allocation.
fn expand_label(prk: &hkdf::Prk, label: &[u8], context: &[u8], out: &mut [u8]) {
    let length = u16::try_from(out.len()).expect("short").to_be_bytes();
    let label_len = [u8::try_from(6 + label.len()).expect("short label")];
    let context_len = [u8::try_from(context.len()).expect("short context")];
    let info = [
        &length[..],
        &label_len,
        b"tls13 ",
        label,
        &context_len,
        context,
    ];
    prk.expand(&info, Len(out.len()))
        .expect("expand")
        .fill(out)
        .expect("fill");
}

/// The Finished (or binder) MAC: the finished key from `secret`, then HMAC over `hash`.
fn finished_mac(
    hkdf_alg: hkdf::Algorithm,
    hmac_alg: hmac::Algorithm,
    secret: &[u8],
    hash: &[u8],
) -> hmac::Tag {
    let prk = hkdf::Prk::new_less_safe(hkdf_alg, secret);
    let mut finished_key = [0u8; 48];
    let len = hmac_alg.digest_algorithm().output_len();
    expand_label(&prk, b"finished", &[], &mut finished_key[..len]);
    hmac::sign(&hmac::Key::new(hmac_alg, &finished_key[..len]), hash)
}

/// RFC 5246 §5 PRF (P_hash) into `out`.
fn prf(alg: hmac::Algorithm, secret: &[u8], label: &[u8], seed: &[&[u8]], out: &mut [u8]) {
    let key = hmac::Key::new(alg, secret);
    let mut context = hmac::Context::with_key(&key);
    context.update(label);
    for part in seed {
        context.update(part);
    }
    let mut a = context.sign();
    let mut done = 0;
    while done < out.len() {
        let mut context = hmac::Context::with_key(&key);
        context.update(a.as_ref());
        context.update(label);
        for part in seed {
            context.update(part);
        }
        let block = context.sign();
        let n = block.as_ref().len().min(out.len() - done);
        out[done..done + n].copy_from_slice(&block.as_ref()[..n]);
        done += n;
        if done < out.len() {
            a = hmac::sign(&key, a.as_ref());
        }
    }
}

/// An HKDF output length.
struct Len(usize);

impl hkdf::KeyType for Len {
    fn len(&self) -> usize {
        self.0
    }
}

/// The AEAD key of `bulk` for the bulk floor.
pub fn bulk_key(bulk: super::Bulk) -> LessSafeKey {
    let aead = bulk.aead();
    LessSafeKey::new(UnboundKey::new(aead, &[9; 32][..aead.key_len()]).expect("key"))
}
