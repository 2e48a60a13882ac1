//! The TLS 1.3 client (RFC 8446), from the ServerHello on.
//!
//! The full handshake of RFC 8446 §2, with the state that waits for each server message written
//! beside it (`*` optional, `{}` protected with the handshake traffic keys, `[]` with the
//! application traffic keys):
//!
//! ```text
//!        Client                                           Server
//!
//! Key  ^ ClientHello
//! Exch | + key_share
//!      v + signature_algorithms      -------->          ExpectServerHello
//!                                                       ServerHello  ^ Key
//!                                                      + key_share  v Exch
//!                                              {EncryptedExtensions}   ExpectEncryptedExtensions
//!                                              {CertificateRequest*}   ExpectCertificateRequest
//!                                              {Certificate}           ExpectCertificate
//!                                                 (Request VerifyChain) AwaitChainVerification
//!                                              {CertificateVerify}     ExpectCertificateVerify
//!                                              {Finished}              ExpectFinished
//!                                    <--------  [Application Data*]
//!      ^ {Certificate*}              (empty, if requested)
//! Auth | {CertificateVerify*}        (never: we have no client certificate yet)
//!      v {Finished}                  -------->
//!        [Application Data]          <------->  [Application Data]     Traffic
//! ```
//!
//! A HelloRetryRequest (RFC 8446 §4.1.4) keeps the client in `ExpectServerHello`: it answers
//! with a second ClientHello and waits for the ServerHello again (a second HelloRetryRequest is
//! refused).
//!
//! Not yet here: client certificates (a CertificateRequest is answered with an empty
//! Certificate), PSK and 0-RTT, KeyUpdate. NewSessionTicket is accepted and ignored in
//! `Traffic` (tickets come with resumption).

mod certificate;
mod certificate_request;
mod certificate_verify;
mod encrypted_extensions;
mod finished;
mod hello_retry_request;
mod server_hello;
mod traffic;

pub(super) use certificate::{AwaitChainVerification, ExpectCertificate};
pub(super) use certificate_request::ExpectCertificateRequest;
pub(super) use certificate_verify::ExpectCertificateVerify;
pub(super) use encrypted_extensions::ExpectEncryptedExtensions;
pub(super) use finished::ExpectFinished;
pub(super) use traffic::Traffic;

use tls_keyschedule::Transcript;
use tls_keyschedule::suite::Suite;
use tls_keyschedule::tls13::{HandshakeSecret, TrafficSecret};
use tls_wire::ids::NamedGroup;

use super::hello::Offer;

/// What every TLS 1.3 state after the ServerHello carries: the offer, what the ServerHello
/// settled, the running transcript and the handshake-stage secrets.
#[derive(Debug)]
pub(super) struct Negotiation {
    pub(super) offer: Offer,
    pub(super) suite: Suite,
    pub(super) group: NamedGroup,
    pub(super) transcript: Transcript,
    pub(super) handshake_secret: HandshakeSecret,
    pub(super) client_handshake_traffic_secret: TrafficSecret,
    pub(super) server_handshake_traffic_secret: TrafficSecret,
    /// Whether the server sent a CertificateRequest: we then owe it a Certificate (empty: we
    /// have no client certificate yet) before our Finished.
    pub(super) certificate_requested: bool,
}
