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

mod certificate;
mod certificate_request;
mod certificate_verify;
mod client_hello;
mod encrypted_extensions;
mod end_of_early_data;
mod finished;
mod joiner;
mod key_update;
mod message;
mod message_hash;
mod new_session_ticket;
mod server_hello;
#[cfg(test)]
pub(crate) mod test_support;

pub use certificate::{
    Asn1Cert, CertData, CertificateEntry, CertificateEntryList, CertificateList,
    CertificateRequestContext, CertificateTls12, CertificateTls13,
};
pub use certificate_request::CertificateRequestTls13;
pub use certificate_verify::{CertificateVerify, Signature};
pub use client_hello::{CipherSuites, ClientHello, CompressionMethods, Random, SessionId};
pub use encrypted_extensions::EncryptedExtensions;
pub use end_of_early_data::EndOfEarlyData;
pub use finished::Finished;
pub use joiner::{HandshakeJoiner, MAX_HANDSHAKE_MESSAGE_LEN};
pub use key_update::{KeyUpdate, KeyUpdateRequest};
pub use message::{HandshakeMessage, HandshakePayload, NegotiatedVersion};
pub use message_hash::MessageHash;
pub use new_session_ticket::{NewSessionTicketTls13, Ticket, TicketNonce};
pub use server_hello::{HELLO_RETRY_REQUEST_RANDOM, HelloRetryRequest, ServerHello};
