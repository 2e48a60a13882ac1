//! Extensions: the ordered [`Extensions`] block and the typed [`Extension`] forms, decoded with
//! the [`ExtensionContext`] of the message they sit in, and the RFC 8446 §4.2 table of which
//! extension may appear in which message ([`allowed_in`]).
//!
//! ```text
//! struct {
//!     ExtensionType extension_type;
//!     opaque extension_data<0..2^16-1>;
//! } Extension;
//! ```
//!
//! An extension's body takes the form its RFC gives for the message it sits in (RFC 8446 §4.2:
//! `key_share` is a list of shares in a ClientHello, one share in a ServerHello, a group in a
//! HelloRetryRequest). A type whose form is not defined in that message, or that this module
//! does not type, stays [`Extension::Opaque`] with its type and body, so every block
//! round-trips byte for byte and unknown extensions and GREASE survive. Whether a known
//! extension may appear in a given message at all is the handshake's check, which asks
//! [`allowed_in`] (RFC 8446 §4.2), not the codec's.
//!
//! Typed here, one file each: `server_name`, `max_fragment_length`, `status_request`,
//! `supported_groups`, `ec_point_formats`, `signature_algorithms` and
//! `signature_algorithms_cert`, `heartbeat`, `application_layer_protocol_negotiation`,
//! `signed_certificate_timestamp`, `padding`, `encrypt_then_mac`, `extended_master_secret`,
//! `compress_certificate`, `record_size_limit`, `session_ticket`, `key_share`,
//! `pre_shared_key` and `psk_key_exchange_modes`, `early_data`, `cookie`,
//! `supported_versions`, `certificate_authorities`, `post_handshake_auth`,
//! `encrypted_client_hello` (its body kept opaque, but named) and `renegotiation_info`. The
//! ServerHello context serves TLS 1.2 too, so it also types the TLS 1.2 ServerHello forms:
//! `server_name`, `status_request` and `session_ticket` empty, ALPN, `record_size_limit`,
//! `max_fragment_length`, `heartbeat`, the SCT list, `ec_point_formats`,
//! `extended_master_secret`, `renegotiation_info` and `encrypt_then_mac`.
//!
//! Decoding a block checks its framing and the two rules RFC 8446 places on a block as a
//! whole: no type twice, and `pre_shared_key` last in a ClientHello. The typed forms are
//! decoded, strictly, when asked for ([`Extensions`]' accessors, [`RawExtension::decode`],
//! [`Extensions::decode_all`]), so a block of 16,000 extensions costs one walk and no
//! allocation, and an extension a handshake does not read cannot fail the message; the lists a
//! server only searches can be read as [`ListView`](crate::codec::ListView)s, one pass, no
//! copy. The block also notes, in the same walk, the first extension the RFC 8446 §4.2 table
//! forbids in its message. The block's own bounds depend on the message
//! ([`ExtensionContext::bounds`]); the TLS 1.3 minimums of the hellos are left to the
//! handshake, since one hello type serves both versions. [`Extensions::new`] builds a block in
//! any order the caller gives, which is kept on the wire, so a captured hello can be rebuilt
//! byte for byte.

mod accessors;
mod alpn;
mod block;
mod certificate_authorities;
mod compress_certificate;
mod context;
mod cookie;
mod early_data;
mod ec_point_formats;
mod encrypt_then_mac;
mod encrypted_client_hello;
mod extended_master_secret;
mod extension;
mod extension_data;
mod form;
mod heartbeat;
mod key_share;
mod max_fragment_length;
mod padding;
mod post_handshake_auth;
mod psk;
mod record_size_limit;
mod renegotiation_info;
mod server_name;
mod session_ticket;
mod signature_algorithms;
mod signed_certificate_timestamp;
mod status_request;
mod supported_groups;
mod supported_versions;
mod table;
#[cfg(test)]
mod test_support;
#[cfg(test)]
pub(crate) mod test_vectors;

pub use alpn::{ProtocolName, ProtocolNameList, ProtocolNameListView};
pub use block::{Extensions, ExtensionsError, RawExtension};
pub use certificate_authorities::{CertificateAuthorities, DistinguishedName};
pub use compress_certificate::CertificateCompressionAlgorithms;
pub use context::ExtensionContext;
pub use cookie::Cookie;
pub use ec_point_formats::ECPointFormatList;
pub use encrypted_client_hello::EncryptedClientHello;
pub use extension::{Extension, ExtensionBody};
pub use extension_data::{EXTENSION_DATA_MAX, ExtensionData};
pub use heartbeat::HeartbeatMode;
pub use key_share::{
    ClientShares, ClientSharesView, KeyExchange, KeyShareClientHello, KeyShareEntry,
    KeyShareHelloRetryRequest, KeyShareServerHello,
};
pub use max_fragment_length::MaxFragmentLength;
pub use padding::Padding;
pub use psk::{
    OfferedPsks, PskBinderEntry, PskBinders, PskIdentities, PskIdentity, PskIdentityValue,
    PskKeyExchangeModes,
};
pub use record_size_limit::RecordSizeLimit;
pub use renegotiation_info::RenegotiationInfo;
pub use server_name::{HostName, NameType, ServerName, ServerNameList, ServerNameListView};
pub use session_ticket::SessionTicket;
pub use signature_algorithms::SignatureSchemeList;
pub use signed_certificate_timestamp::{SerializedSCT, SignedCertificateTimestampList};
pub use status_request::{
    CertificateStatus, CertificateStatusRequest, OcspExtensions, OcspResponse, OcspStatusRequest,
    ResponderId, ResponderIdList,
};
pub use supported_groups::NamedGroupList;
pub use supported_versions::SupportedVersionList;
pub use table::{ExtensionRule, TLS13_EXTENSION_TABLE, Tls13Column, allowed_in, extension_rule};
