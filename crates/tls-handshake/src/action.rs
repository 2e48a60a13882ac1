//! What a state machine asks its driver to do: the actions of one step, applied in order.
//!
//! ```text
//! Send { level, message }          protect a handshake message with the write key of `level`
//! SendChangeCipherSpec             a change_cipher_spec record, always unprotected
//! InstallReadKey / InstallWriteKey protect records from now on with these keys (either version)
//! Request(..)                      the driver must answer with Input::Answer before going on
//! Event(..)                        something the application may want to know
//! ```
//!
//! A step emits no action before every check of the step has passed (HOUSE-STYLE §4), so a
//! failed step leaves nothing half-sent.

use std::fmt;
use std::sync::Arc;

use tls_pki::name::ServerName;
use tls_wire::extensions::ProtocolNameListView;
use tls_wire::ids::{AlertDescription, CipherSuite, NamedGroup, ProtocolVersion, SignatureScheme};

use tls_keyschedule::tls13::EarlyExporterMasterSecret;
use zeroize::Zeroizing;

use crate::certificate_chain::CertificateChain;
use crate::config::{CertifiedKey, CipherSuiteSet, SupportedVersion};
use crate::error::HandshakeError;
use crate::proof::CertificateVerified;
use crate::record_keys::RecordKeys;

/// The keys a record is protected with (RFC 8446 §2: the handshake's epochs; TLS 1.2 goes from
/// `Initial` to `Application` at its ChangeCipherSpec).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    /// No protection: ClientHello, ServerHello, HelloRetryRequest.
    Initial,
    /// The client's early traffic keys (0-RTT, RFC 8446 §2.3): its early data and its
    /// EndOfEarlyData.
    Early,
    /// The handshake traffic keys.
    Handshake,
    /// The application traffic keys.
    Application,
}

/// One thing the driver must do.
#[derive(Debug)]
pub enum Action {
    /// Send `message` (a whole handshake message: type, length and body) at `level`. The
    /// driver refuses to send it under any other write key than `level`'s.
    Send {
        /// The protection to send it under.
        level: Level,
        /// The encoded message.
        message: Vec<u8>,
    },
    /// Send a `change_cipher_spec` record, unprotected whatever the write key (RFC 8446
    /// Appendix D.4, middlebox compatibility; RFC 5246 §7.1).
    SendChangeCipherSpec,
    /// Send a warning alert under the current write key and go on (TLS 1.2, RFC 5246 §7.2:
    /// no_renegotiation in answer to a renegotiation request).
    SendWarning(AlertDescription),
    /// Open records from the peer with these keys from the next record on.
    InstallReadKey {
        /// The epoch the keys belong to.
        level: Level,
        /// The keys, for either version.
        keys: RecordKeys,
    },
    /// Seal our records with these keys from the next record on.
    InstallWriteKey {
        /// The epoch the keys belong to.
        level: Level,
        /// The keys, for either version.
        keys: RecordKeys,
    },
    /// The record size limits both sides agreed on (RFC 8449), for every protected record
    /// from the next one on: `send`, the most content one of our records may carry (the
    /// peer's limit, less TLS 1.3's content type byte); `receive`, the most plaintext one of
    /// the peer's may open to (our limit; in TLS 1.3 the whole TLSInnerPlaintext).
    LimitRecordSize {
        /// The most content per protected record we send.
        send: usize,
        /// The most plaintext per protected record we accept (record_overflow beyond).
        receive: usize,
    },
    /// Client: the early write key is installed (the action before): the application may
    /// send up to `max` bytes of early data (0-RTT) under it, until the machine installs its
    /// next write key. The data may be replayed: only what is safe to repeat.
    AllowEarlyData {
        /// The ticket's max_early_data_size.
        max: usize,
    },
    /// Server: we accept the client's early data: application data under the early read key
    /// (installed before) is the client's early data, at most `max` bytes (more is
    /// unexpected_message); its EndOfEarlyData comes under the same key.
    AcceptEarlyData {
        /// Our max_early_data_size.
        max: usize,
    },
    /// Server: the client offered early data that we do not accept (RFC 8446 §4.2.10): skip
    /// up to `max` bytes of it: records that fail to open under the handshake read key, or,
    /// before the read key (after a HelloRetryRequest), application_data records. Past `max`,
    /// unexpected_message; skipping ends at the first record that opens or the next
    /// handshake record.
    SkipEarlyData {
        /// The most early data to skip, in bytes of records.
        max: usize,
    },
    /// The machine waits for the driver's [`Answer`] to this.
    Request(Request),
    /// Something happened that the application may want to know.
    Event(Event),
}

/// The actions one step emitted, in order.
#[derive(Debug, Default)]
pub struct Actions {
    list: Vec<Action>,
}

impl Actions {
    /// No actions.
    pub fn new() -> Self {
        Self::default()
    }

    /// No actions, with room for `capacity` before the list grows.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            list: Vec::with_capacity(capacity),
        }
    }

    /// Appends an action.
    pub fn push(&mut self, action: Action) {
        self.list.push(action);
    }

    /// Appends `action`, if there is one.
    pub fn extend(&mut self, action: Option<Action>) {
        self.list.extend(action);
    }

    /// Appends a handshake message to send at `level`.
    pub fn send(&mut self, level: Level, message: Vec<u8>) {
        self.push(Action::Send { level, message });
    }

    /// The actions so far.
    pub fn as_slice(&self) -> &[Action] {
        &self.list
    }

    /// Takes the actions out, in order, leaving none.
    pub fn drain(&mut self) -> std::vec::Drain<'_, Action> {
        self.list.drain(..)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// A question the machine asks the driver, which may answer at once (the in-process default)
/// or later (an HSM, a remote signer, a slow verifier).
#[derive(Debug)]
pub enum Request {
    /// Server: choose the certificate chain and key for this ClientHello.
    /// Answered with [`Answer::Certificate`].
    SelectCertificate(ClientHelloSummary),
    /// Sign `message` (a CertificateVerify's content, RFC 8446 §4.4.3) with `scheme`.
    /// Answered with [`Answer::Signature`].
    Sign {
        /// The scheme chosen from the peer's list.
        scheme: SignatureScheme,
        /// The content to sign.
        message: Vec<u8>,
    },
    /// Client: choose a certificate for the server's CertificateRequest (none is a fine
    /// answer: an empty Certificate goes out). Answered with [`Answer::ClientCertificate`].
    SelectClientCertificate(CertificateRequestSummary),
    /// Server: open this ticket (its ticketer [opens tickets
    /// later](crate::ticketer::Ticketer::opens_later)). Answered with [`Answer::Ticket`].
    OpenTicket {
        /// The ticket the ClientHello offers.
        ticket: Vec<u8>,
    },
    /// Verify the peer's certificate chain. Answered with [`Answer::ChainVerified`].
    VerifyChain {
        /// The certificates the peer sent, end-entity first (never empty).
        chain: CertificateChain,
        /// The name the client expects the server to have (`None`: no name check).
        server_name: Option<ServerName>,
    },
}

/// What a server's CertificateRequest asks for, to choose a client certificate by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateRequestSummary {
    /// The schemes the server accepts for our CertificateVerify, in its order.
    pub signature_schemes: Vec<SignatureScheme>,
    /// The subjects (DER `Name`s) of the roots the server accepts, if it named them: our chain
    /// should lead to one.
    pub certificate_authorities: Vec<Vec<u8>>,
}

/// What the server learned from a ClientHello, to choose a certificate by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientHelloSummary {
    /// The `server_name` the client sent, if any (a DNS host name).
    pub server_name: Option<String>,
    /// The client's `signature_algorithms`, in its order of preference.
    pub signature_schemes: Vec<SignatureScheme>,
    /// The client's ALPN protocols, in its order of preference.
    pub alpn_protocols: ProtocolNames,
    /// The version this handshake negotiates.
    pub version: SupportedVersion,
    /// Our suites of that version that the client offered: in TLS 1.2 they decide which key
    /// a certificate may hold (ECDHE_ECDSA: ECDSA or Ed25519; ECDHE_RSA: RSA, RFC 8422 §2).
    pub cipher_suites: CipherSuiteSet,
}

/// Application protocol names (ALPN), in order, held in one buffer: a client may send
/// thousands, and one allocation per name would let it make us allocate as many times.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProtocolNames {
    /// Each name preceded by its length, as RFC 7301 §3.1 encodes it (1 to 255 bytes each).
    encoded: Vec<u8>,
}

impl ProtocolNames {
    /// The names of a received ALPN list, copied into one buffer: the list's own encoding,
    /// which tls-wire checked name by name.
    pub(crate) fn of(list: &ProtocolNameListView<'_>) -> Self {
        Self {
            encoded: list.encoded().to_vec(),
        }
    }

    /// The names, in the client's order.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        let mut rest = self.encoded.as_slice();
        core::iter::from_fn(move || {
            let (len, after) = rest.split_first()?;
            let (name, after) = after.split_at_checked(usize::from(*len))?;
            rest = after;
            Some(name)
        })
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.encoded.is_empty()
    }
}

/// The driver's answer to a [`Request`].
#[derive(Debug)]
pub enum Answer {
    /// The certificate chain and key to use (or why there is none).
    Certificate(Result<Arc<CertifiedKey>, HandshakeError>),
    /// The signature (or why signing failed).
    Signature(Result<Vec<u8>, HandshakeError>),
    /// The client certificate chain and key to present, or none.
    ClientCertificate(Option<Arc<CertifiedKey>>),
    /// The verdict on the peer's chain.
    ChainVerified(Result<CertificateVerified, HandshakeError>),
    /// The state the ticket holds, or none if it does not open (a full handshake follows).
    Ticket(Option<TicketState>),
}

/// A ticket's state, as [`Ticketer::open`](crate::ticketer::Ticketer::open) returns it: a
/// session's secrets, zeroized on drop and never printed.
pub struct TicketState(pub Zeroizing<Vec<u8>>);

impl fmt::Debug for TicketState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TicketState(..)")
    }
}

/// Something the application may want to know.
#[derive(Debug)]
#[non_exhaustive]
pub enum Event {
    /// The certificates the peer sent, DER, end-entity first.
    PeerCertificates(CertificateChain),
    /// The handshake is complete: application data may flow both ways.
    HandshakeComplete(Negotiated),
    /// The peer's KeyUpdate asked us to update our write keys too (RFC 8446 §4.6.3): the
    /// driver sends our KeyUpdate ([`Handshake::update_traffic_keys`](crate::Handshake)) before
    /// its next application data, once however many requests came meanwhile.
    KeyUpdateRequested,
    /// The server accepted our early data (client), or we accepted the client's (server).
    EarlyDataAccepted,
    /// The server rejected our early data (client: by its EncryptedExtensions or a
    /// HelloRetryRequest): the application may send it again, now as 1-RTT data; the library
    /// never does.
    EarlyDataRejected,
    /// The early_exporter_master_secret (RFC 8446 §7.5), for exporters over 0-RTT: on a
    /// client offering early data, on a server accepting it.
    EarlyExporter(EarlyExporterMasterSecret),
}

/// What a completed handshake agreed on.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Negotiated {
    /// The protocol version.
    pub version: ProtocolVersion,
    /// The cipher suite.
    pub cipher_suite: CipherSuite,
    /// The key-exchange group; `None` when no key exchange took place (a resumed TLS 1.2
    /// session).
    pub group: Option<NamedGroup>,
    /// The scheme of the server's signature; `None` when the server did not sign (a resumed
    /// session).
    pub signature_scheme: Option<SignatureScheme>,
    /// The application protocol (ALPN), if one was agreed.
    pub alpn_protocol: Option<Vec<u8>>,
    /// The server name the client sent (SNI), if any.
    pub server_name: Option<String>,
    /// Whether the client skipped the check of the server's certificate against the name it
    /// connected to (a config built with `dangerous_skip_server_name_check`): anyone holding a
    /// certificate from a trusted root could be the peer. Always `false` on a server.
    pub server_name_check_skipped: bool,
    /// Whether an earlier session was resumed: a TLS 1.2 abbreviated handshake (no key
    /// exchange, no signature, the peer proven by the session's master secret) or a TLS 1.3
    /// handshake with a ticket's PSK (no signature; a key exchange unless psk_ke).
    pub resumed: bool,
}
