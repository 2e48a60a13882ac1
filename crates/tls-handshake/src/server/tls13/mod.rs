//! The TLS 1.3 server states, after `ExpectClientHello` chose TLS 1.3, beside the full
//! handshake of RFC 8446 §2 (Figure 1):
//!
//! ```text
//!        Client                                           Server
//!
//! Key  ^ ClientHello
//! Exch | + key_share*
//!      | + signature_algorithms*
//!      | + psk_key_exchange_modes*
//!      v + pre_shared_key*       -------->                                    ExpectClientHello
//!                                                   ServerHello  ^ Key        AwaitCertificate
//!                                                  + key_share*  | Exch
//!                                             + pre_shared_key*  v
//!                                         {EncryptedExtensions}  ^  Server
//!                                         {CertificateRequest*}  v  Params
//!                                                {Certificate*}  ^            AwaitSignature
//!                                          {CertificateVerify*}  | Auth
//!                                                    {Finished}  v
//!                                <--------  [Application Data*]               ExpectFinished
//!      ^ {Certificate*}
//! Auth | {CertificateVerify*}
//!      v {Finished}              -------->                                    Traffic
//!        [Application Data]      <------->  [Application Data]
//! ```
//!
//! A ClientHello without a share in any group we accept gets a HelloRetryRequest for our
//! preferred group (RFC 8446 §4.1.4, Figure 2), and `ExpectRetriedClientHello` waits for the
//! second ClientHello before `AwaitCertificate`.
//!
//! One state per file. Not implemented yet: PSK resumption and 0-RTT (a `pre_shared_key`
//! offer is ignored, so the handshake is a full one), CertificateRequest, NewSessionTicket and
//! KeyUpdate after the handshake.

mod await_certificate;
mod await_signature;
mod expect_finished;
mod hello_retry_request;
mod traffic;

pub(crate) use await_certificate::AwaitCertificate;
pub(crate) use await_signature::AwaitSignature;
pub(crate) use expect_finished::ExpectFinished;
pub(crate) use hello_retry_request::ExpectRetriedClientHello;
pub(crate) use traffic::Traffic;

use tls_keyschedule::suite::Suite;
use tls_wire::ids::{NamedGroup, ProtocolVersion, SignatureScheme};

use crate::action::Negotiated;
use crate::tls13_common::encode;

/// What the ClientHello step agreed with the client.
#[derive(Clone, Debug)]
pub(crate) struct Agreed {
    pub(crate) suite: Suite,
    pub(crate) group: NamedGroup,
    pub(crate) alpn_protocol: Option<Vec<u8>>,
    /// The client's `server_name`, when it is a DNS name (passed to the certificate selector
    /// and acknowledged).
    pub(crate) server_name: Option<String>,
}

impl Agreed {
    fn negotiated(self, signature_scheme: SignatureScheme) -> Negotiated {
        Negotiated {
            version: ProtocolVersion::TLSV1_3,
            cipher_suite: self.suite.id,
            group: self.group,
            signature_scheme,
            alpn_protocol: self.alpn_protocol,
            server_name: self.server_name,
        }
    }
}
