//! The TLS 1.3 key schedule (RFC 8446 §7.1) as consuming stages.
//!
//! ```text
//!              0
//!              |
//!              v
//!    PSK ->  HKDF-Extract = Early Secret             EarlySecret::new(hash, psk)
//!              +-----> binder_key                    .binder_key(kind)
//!              +-----> client_early_traffic_secret   .client_early_traffic_secret(&th)
//!              +-----> early_exporter_master_secret  .early_exporter_master_secret(&th)
//!              v
//!        Derive-Secret(., "derived", "")
//!              v
//!    (EC)DHE -> HKDF-Extract = Handshake Secret      .into_handshake_secret(shared)
//!              +-----> client_handshake_traffic_secret
//!              |                                     .client_handshake_traffic_secret(&th)
//!              +-----> server_handshake_traffic_secret
//!              |                                     .server_handshake_traffic_secret(&th)
//!              v
//!        Derive-Secret(., "derived", "")
//!              v
//!    0 -> HKDF-Extract = Master Secret               .into_master_secret()
//!              +-----> client_application_traffic_secret_0
//!              |                                     .client_application_traffic_secret_0(&th)
//!              +-----> server_application_traffic_secret_0
//!              |                                     .server_application_traffic_secret_0(&th)
//!              +-----> exporter_master_secret        .exporter_master_secret(&th)
//!              +-----> resumption_master_secret      .resumption_master_secret(&th)
//! ```
//!
//! Each `into_` consumes its stage, and the stage's secret is zeroized as it is dropped: a
//! secret from an earlier stage cannot be derived once the schedule has moved on, and a later
//! one cannot be derived before.
//!
//! ```compile_fail,E0382
//! use tls_keyschedule::tls13::EarlySecret;
//! use tls_keyschedule::HashAlgorithm;
//! use tls_keyschedule::transcript::Transcript;
//!
//! let th = Transcript::new(HashAlgorithm::Sha256).current_hash();
//! let early = EarlySecret::new(HashAlgorithm::Sha256, None);
//! let handshake = early.into_handshake_secret(Some(&[7; 32]));
//! // The early secret was consumed: no early traffic secret after the handshake secret.
//! let _ = early.client_early_traffic_secret(&th);
//! ```
//!
//! ```compile_fail,E0599
//! use tls_keyschedule::tls13::EarlySecret;
//! use tls_keyschedule::HashAlgorithm;
//! use tls_keyschedule::transcript::Transcript;
//!
//! let th = Transcript::new(HashAlgorithm::Sha256).current_hash();
//! let handshake = EarlySecret::new(HashAlgorithm::Sha256, None).into_handshake_secret(None);
//! // Application traffic secrets come from the master secret only.
//! let _ = handshake.client_application_traffic_secret_0(&th);
//! ```

use tls_wire::handshake::TicketNonce;

use crate::secret::Secret;
use crate::suite::HashAlgorithm;
use crate::tls13::exporter::{EarlyExporterMasterSecret, ExporterMasterSecret};
use crate::tls13::finished::BinderKey;
use crate::tls13::hkdf::{Prk, expand_label_secret, extract, zeros};
use crate::tls13::traffic::TrafficSecret;
use crate::transcript::TranscriptHash;

/// `Derive-Secret(., "derived", "")`: the salt of the next Extract.
const DERIVED: &[u8] = b"derived";

/// The Early Secret: `HKDF-Extract(0, PSK)`.
#[derive(Debug)]
pub struct EarlySecret {
    secret: Secret,
    /// The secret ready to expand, for every derivation from it (and its hash).
    prk: Prk,
}

/// Which kind of PSK a binder is for: the labels differ "to prevent the substitution of one
/// type of PSK for the other" (RFC 8446 §7.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinderKind {
    /// A PSK provisioned outside TLS: `"ext binder"`.
    External,
    /// A PSK from a previous connection's resumption_master_secret: `"res binder"`.
    Resumption,
}

impl EarlySecret {
    /// The suite's hash, the PRK's.
    fn hash(&self) -> HashAlgorithm {
        self.prk.hash()
    }

    /// `Early Secret = HKDF-Extract(0, PSK)`; without a PSK the IKM is Hash.length zeros.
    //= https://www.rfc-editor.org/rfc/rfc8446#section-7.1
    //# If a given secret is not available, then the 0-value consisting of a
    //# string of Hash.length bytes set to zeros is used.  Note that this
    //# does not mean skipping rounds, so if PSK is not in use, Early Secret
    //# will still be HKDF-Extract(0, 0).
    pub fn new(hash: HashAlgorithm, psk: Option<&Secret>) -> Self {
        let ikm = psk.map_or(zeros(hash), Secret::as_bytes);
        let secret = extract(hash, zeros(hash), ikm);
        Self {
            prk: Prk::new(hash, &secret),
            secret,
        }
    }

    /// The Early Secret's bytes (tests, key logs).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// `binder_key = Derive-Secret(., "ext binder" | "res binder", "")`.
    pub fn binder_key(&self, kind: BinderKind) -> BinderKey {
        const EXT_BINDER: &[u8] = b"ext binder";
        const RES_BINDER: &[u8] = b"res binder";
        let label = match kind {
            BinderKind::External => EXT_BINDER,
            BinderKind::Resumption => RES_BINDER,
        };
        let empty = TranscriptHash::of_empty(self.hash());
        BinderKey::new(self.hash(), self.prk.derive_secret(label, empty.as_bytes()))
    }

    /// `client_early_traffic_secret = Derive-Secret(., "c e traffic", ClientHello)`.
    pub fn client_early_traffic_secret(&self, client_hello: &TranscriptHash) -> TrafficSecret {
        const C_E_TRAFFIC: &[u8] = b"c e traffic";
        TrafficSecret::new(
            self.hash(),
            self.prk.derive_secret(C_E_TRAFFIC, client_hello.as_bytes()),
        )
    }

    /// `early_exporter_master_secret = Derive-Secret(., "e exp master", ClientHello)`.
    pub fn early_exporter_master_secret(
        &self,
        client_hello: &TranscriptHash,
    ) -> EarlyExporterMasterSecret {
        const E_EXP_MASTER: &[u8] = b"e exp master";
        EarlyExporterMasterSecret::new(
            self.hash(),
            self.prk
                .derive_secret(E_EXP_MASTER, client_hello.as_bytes()),
        )
    }

    /// `Handshake Secret = HKDF-Extract(Derive-Secret(Early Secret, "derived", ""), (EC)DHE)`;
    /// without (EC)DHE (`psk_ke`) the IKM is Hash.length zeros.
    ///
    /// `shared` is the (EC)DHE shared secret as RFC 8446 §7.4 encodes it; the caller has
    /// already refused an all-zero X25519 result (RFC 8446 §7.4.2). The Early Secret is
    /// consumed and zeroized.
    //= https://www.rfc-editor.org/rfc/rfc8446#section-7.1
    //# Once all the values which are to be derived from a given secret have
    //# been computed, that secret SHOULD be erased.
    pub fn into_handshake_secret(self, shared: Option<&[u8]>) -> HandshakeSecret {
        let salt = derive_next_salt(self.hash(), &self.prk);
        let secret = extract(
            self.hash(),
            salt.as_bytes(),
            shared.unwrap_or(zeros(self.hash())),
        );
        HandshakeSecret {
            prk: Prk::new(self.hash(), &secret),
            secret,
        }
    }
}

/// The Handshake Secret.
#[derive(Debug)]
pub struct HandshakeSecret {
    secret: Secret,
    /// The secret ready to expand, for every derivation from it (and its hash).
    prk: Prk,
}

impl HandshakeSecret {
    /// The suite's hash, the PRK's.
    fn hash(&self) -> HashAlgorithm {
        self.prk.hash()
    }

    /// The Handshake Secret's bytes (tests, key logs).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// `client_handshake_traffic_secret =
    /// Derive-Secret(., "c hs traffic", ClientHello...ServerHello)`.
    pub fn client_handshake_traffic_secret(
        &self,
        client_hello_to_server_hello: &TranscriptHash,
    ) -> TrafficSecret {
        const C_HS_TRAFFIC: &[u8] = b"c hs traffic";
        self.traffic_secret(C_HS_TRAFFIC, client_hello_to_server_hello)
    }

    /// `server_handshake_traffic_secret =
    /// Derive-Secret(., "s hs traffic", ClientHello...ServerHello)`.
    pub fn server_handshake_traffic_secret(
        &self,
        client_hello_to_server_hello: &TranscriptHash,
    ) -> TrafficSecret {
        const S_HS_TRAFFIC: &[u8] = b"s hs traffic";
        self.traffic_secret(S_HS_TRAFFIC, client_hello_to_server_hello)
    }

    /// `Master Secret = HKDF-Extract(Derive-Secret(Handshake Secret, "derived", ""), 0)`. The
    /// Handshake Secret is consumed and zeroized.
    pub fn into_master_secret(self) -> MasterSecret {
        let salt = derive_next_salt(self.hash(), &self.prk);
        let secret = extract(self.hash(), salt.as_bytes(), zeros(self.hash()));
        MasterSecret {
            prk: Prk::new(self.hash(), &secret),
            secret,
        }
    }

    fn traffic_secret(&self, label: &'static [u8], th: &TranscriptHash) -> TrafficSecret {
        TrafficSecret::new(self.hash(), self.prk.derive_secret(label, th.as_bytes()))
    }
}

/// The Master Secret.
#[derive(Debug)]
pub struct MasterSecret {
    secret: Secret,
    /// The secret ready to expand, for every derivation from it (and its hash).
    prk: Prk,
}

impl MasterSecret {
    /// The suite's hash, the PRK's.
    fn hash(&self) -> HashAlgorithm {
        self.prk.hash()
    }

    /// The Master Secret's bytes (tests, key logs).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// `client_application_traffic_secret_0 =
    /// Derive-Secret(., "c ap traffic", ClientHello...server Finished)`.
    pub fn client_application_traffic_secret_0(
        &self,
        client_hello_to_server_finished: &TranscriptHash,
    ) -> TrafficSecret {
        const C_AP_TRAFFIC: &[u8] = b"c ap traffic";
        TrafficSecret::new(
            self.hash(),
            self.derive(C_AP_TRAFFIC, client_hello_to_server_finished),
        )
    }

    /// `server_application_traffic_secret_0 =
    /// Derive-Secret(., "s ap traffic", ClientHello...server Finished)`.
    pub fn server_application_traffic_secret_0(
        &self,
        client_hello_to_server_finished: &TranscriptHash,
    ) -> TrafficSecret {
        const S_AP_TRAFFIC: &[u8] = b"s ap traffic";
        TrafficSecret::new(
            self.hash(),
            self.derive(S_AP_TRAFFIC, client_hello_to_server_finished),
        )
    }

    /// `exporter_master_secret = Derive-Secret(., "exp master", ClientHello...server Finished)`.
    pub fn exporter_master_secret(
        &self,
        client_hello_to_server_finished: &TranscriptHash,
    ) -> ExporterMasterSecret {
        const EXP_MASTER: &[u8] = b"exp master";
        ExporterMasterSecret::new(
            self.hash(),
            self.derive(EXP_MASTER, client_hello_to_server_finished),
        )
    }

    /// `resumption_master_secret =
    /// Derive-Secret(., "res master", ClientHello...client Finished)`.
    pub fn resumption_master_secret(
        &self,
        client_hello_to_client_finished: &TranscriptHash,
    ) -> ResumptionMasterSecret {
        const RES_MASTER: &[u8] = b"res master";
        ResumptionMasterSecret::new(
            self.hash(),
            self.derive(RES_MASTER, client_hello_to_client_finished),
        )
    }

    fn derive(&self, label: &'static [u8], th: &TranscriptHash) -> Secret {
        self.prk.derive_secret(label, th.as_bytes())
    }
}

/// The resumption_master_secret, from which each NewSessionTicket's PSK is derived.
#[derive(Clone, Debug)]
pub struct ResumptionMasterSecret {
    hash: HashAlgorithm,
    secret: Secret,
}

impl ResumptionMasterSecret {
    /// Wraps a resumption_master_secret kept from a connection.
    pub fn new(hash: HashAlgorithm, secret: Secret) -> Self {
        Self { hash, secret }
    }

    /// The secret's bytes.
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// The PSK of the ticket sent with `ticket_nonce` (RFC 8446 §4.6.1):
    ///
    /// ```text
    /// HKDF-Expand-Label(resumption_master_secret,
    ///                   "resumption", ticket_nonce, Hash.length)
    /// ```
    pub fn derive_psk(&self, ticket_nonce: &TicketNonce<'_>) -> Secret {
        const RESUMPTION: &[u8] = b"resumption";
        expand_label_secret(
            self.hash,
            &self.secret,
            RESUMPTION,
            ticket_nonce.as_slice(),
            self.hash.output_len(),
        )
    }
}

/// `Derive-Secret(secret, "derived", "")`, `secret` ready to expand as `prk`.
fn derive_next_salt(hash: HashAlgorithm, prk: &Prk) -> Secret {
    let empty = TranscriptHash::of_empty(hash);
    prk.derive_secret(DERIVED, empty.as_bytes())
}
