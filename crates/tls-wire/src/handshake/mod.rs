//! Handshake messages, one file per RFC message, and the [`HandshakeJoiner`] that reassembles
//! them from records.
//!
//! [`HandshakeMessage::decode`] takes the bytes of one whole message (header included, as the
//! joiner hands them over) and the [`NegotiatedVersion`] whose rules apply, and gives the typed
//! [`HandshakePayload`] together with the exact bytes it came from, for the transcript. Each
//! message type also implements [`Codec`](crate::codec::Codec) for its body alone.
//!
//! Where TLS 1.2 and 1.3 give a message different wire forms, each form is its own type
//! ([`CertificateTls12`], [`CertificateTls13`], …) and the version picks one at decode time.
//! Where the form depends on the negotiated key exchange (ServerKeyExchange,
//! ClientKeyExchange), the type names the one we support ([`ServerKeyExchangeEcdhe`],
//! [`ClientKeyExchangeEcdhe`]).

mod certificate;
mod certificate_request;
mod certificate_status;
mod certificate_verify;
mod client_hello;
mod client_hello_fields;
mod client_key_exchange;
mod digitally_signed;
mod encrypted_extensions;
mod end_of_early_data;
mod finished;
mod hello_request;
mod joiner;
mod key_update;
mod message;
mod message_hash;
mod new_session_ticket;
mod server_hello;
mod server_hello_done;
mod server_key_exchange;
#[cfg(test)]
pub(crate) mod test_support;

/// The body of a TLS 1.2 CertificateStatus message: the struct RFC 6066 §8 defines, shared
/// with the TLS 1.3 `status_request` extension of a CertificateEntry.
pub use crate::extensions::CertificateStatus;
pub use certificate::{
    Asn1Cert, CertData, CertificateEntry, CertificateEntryList, CertificateList,
    CertificateRequestContext, CertificateTls12, CertificateTls13,
};
pub use certificate_request::{
    CertificateAuthoritiesTls12, CertificateRequestTls12, CertificateRequestTls13,
    ClientCertificateTypes, SupportedSignatureAlgorithms,
};
pub use certificate_verify::{CertificateVerify, Signature};
pub use client_hello::{CipherSuites, ClientHello, CompressionMethods, Random, SessionId};
pub use client_hello_fields::ClientHelloFields;
pub use client_key_exchange::ClientKeyExchangeEcdhe;
pub use digitally_signed::DigitallySigned;
pub use encrypted_extensions::EncryptedExtensions;
pub use end_of_early_data::EndOfEarlyData;
pub use finished::Finished;
pub use hello_request::HelloRequest;
pub use joiner::{HandshakeJoiner, MAX_HANDSHAKE_MESSAGE_LEN};
pub use key_update::{KeyUpdate, KeyUpdateRequest};
pub use message::{HandshakeMessage, HandshakePayload, NegotiatedVersion};
pub use message_hash::MessageHash;
pub use new_session_ticket::{
    NewSessionTicketTls12, NewSessionTicketTls13, Ticket, TicketNonce, TicketTls12,
};
pub use server_hello::{
    DOWNGRADE_TLS11_RANDOM_TAIL, DOWNGRADE_TLS12_RANDOM_TAIL, HELLO_RETRY_REQUEST_RANDOM,
    HelloRetryRequest, ServerHello,
};
pub use server_hello_done::ServerHelloDone;
pub use server_key_exchange::{ECParameters, ECPoint, ServerECDHParams, ServerKeyExchangeEcdhe};
