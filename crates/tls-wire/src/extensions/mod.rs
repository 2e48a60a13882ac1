//! Extensions: the ordered [`Extensions`] block and the typed [`Extension`] forms, decoded with
//! the [`ExtensionContext`] of the message they sit in.
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
//! extension may appear in a given message at all is the handshake's check (RFC 8446 §4.2),
//! not the codec's.
//!
//! Typed here, one file each: `server_name`, `status_request`, `supported_groups`,
//! `signature_algorithms` and `signature_algorithms_cert`,
//! `application_layer_protocol_negotiation`, `padding`, `key_share`, `pre_shared_key` and
//! `psk_key_exchange_modes`, `early_data`, `cookie`, `supported_versions`,
//! `certificate_authorities`, `post_handshake_auth` and `record_size_limit`. The ServerHello
//! context serves TLS 1.2 too, so it also types the TLS 1.2 ServerHello forms that match ones
//! above (`server_name` and `status_request` empty, ALPN, `record_size_limit`). The TLS
//! 1.2-only extensions (`ec_point_formats`, `extended_master_secret`, `session_ticket`,
//! `renegotiation_info`, ...) stay opaque for now; a later issue types them.
//!
//! Decoding checks the two rules RFC 8446 places on a block as a whole: no type twice, and
//! `pre_shared_key` last in a ClientHello. The block's own bounds depend on the message
//! ([`ExtensionContext::bounds`]); the TLS 1.3 minimums of the hellos are left to the
//! handshake, since one hello type serves both versions.

mod accessors;
mod alpn;
mod block;
mod certificate_authorities;
mod context;
mod cookie;
mod early_data;
mod extension;
mod extension_data;
mod key_share;
mod padding;
mod post_handshake_auth;
mod psk;
mod record_size_limit;
mod server_name;
mod signature_algorithms;
mod status_request;
mod supported_groups;
mod supported_versions;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod test_vectors;

pub use alpn::{ProtocolName, ProtocolNameList};
pub use block::{Extensions, ExtensionsError};
pub use certificate_authorities::{CertificateAuthorities, DistinguishedName};
pub use context::ExtensionContext;
pub use cookie::Cookie;
pub use extension::{Extension, ExtensionBody};
pub use extension_data::{EXTENSION_DATA_MAX, ExtensionData};
pub use key_share::{
    ClientShares, KeyExchange, KeyShareClientHello, KeyShareEntry, KeyShareHelloRetryRequest,
    KeyShareServerHello,
};
pub use padding::Padding;
pub use psk::{
    OfferedPsks, PskBinderEntry, PskBinders, PskIdentities, PskIdentity, PskIdentityValue,
    PskKeyExchangeModes,
};
pub use record_size_limit::RecordSizeLimit;
pub use server_name::{HostName, NameType, ServerName, ServerNameList};
pub use signature_algorithms::SignatureSchemeList;
pub use status_request::{
    CertificateStatus, CertificateStatusRequest, OcspExtensions, OcspResponse, OcspStatusRequest,
    ResponderId, ResponderIdList,
};
pub use supported_groups::NamedGroupList;
pub use supported_versions::SupportedVersionList;
