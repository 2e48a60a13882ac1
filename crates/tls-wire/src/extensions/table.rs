//! The RFC 8446 §4.2 table as data: which extension type may appear in which TLS 1.3 message,
//! for the handshake to ask of every extension it receives.
//!
//! RFC 8446 §4.2 gives the rule the table serves:
//!
//! ```text
//! If an implementation receives an extension
//! which it recognizes and which is not specified for the message in
//! which it appears, it MUST abort the handshake with an
//! "illegal_parameter" alert.
//! ```
//!
//! and the table itself:
//!
//! ```text
//! +--------------------------------------------------+-------------+
//! | Extension                                        |     TLS 1.3 |
//! +--------------------------------------------------+-------------+
//! | server_name [RFC6066]                            |      CH, EE |
//! | max_fragment_length [RFC6066]                    |      CH, EE |
//! | status_request [RFC6066]                         |  CH, CR, CT |
//! | supported_groups [RFC7919]                       |      CH, EE |
//! | signature_algorithms (RFC 8446)                  |      CH, CR |
//! | use_srtp [RFC5764]                               |      CH, EE |
//! | heartbeat [RFC6520]                              |      CH, EE |
//! | application_layer_protocol_negotiation [RFC7301] |      CH, EE |
//! | signed_certificate_timestamp [RFC6962]           |  CH, CR, CT |
//! | client_certificate_type [RFC7250]                |      CH, EE |
//! | server_certificate_type [RFC7250]                |      CH, EE |
//! | padding [RFC7685]                                |          CH |
//! | key_share (RFC 8446)                             | CH, SH, HRR |
//! | pre_shared_key (RFC 8446)                        |      CH, SH |
//! | psk_key_exchange_modes (RFC 8446)                |          CH |
//! | early_data (RFC 8446)                            | CH, EE, NST |
//! | cookie (RFC 8446)                                |     CH, HRR |
//! | supported_versions (RFC 8446)                    | CH, SH, HRR |
//! | certificate_authorities (RFC 8446)               |      CH, CR |
//! | oid_filters (RFC 8446)                           |          CR |
//! | post_handshake_auth (RFC 8446)                   |          CH |
//! | signature_algorithms_cert (RFC 8446)             |      CH, CR |
//! +--------------------------------------------------+-------------+
//! ```
//!
//! [`TLS13_EXTENSION_TABLE`] holds those rows and one for every other extension type IANA has
//! assigned, with the "TLS 1.3" column of the IANA registry (which the extensions' own RFCs
//! fill in: `record_size_limit` from RFC 8449, `compress_certificate` from RFC 8879,
//! `encrypted_client_hello` from RFC 9849, ...). `tests/extension_table.rs` checks every row
//! against the registry and lists where we differ on purpose:
//!
//! - The TLS 1.2-only extensions, `-` in the registry ([`Tls13Column::Tls12Only`]), may appear
//!   in a ClientHello: a client that offers TLS 1.2 as well sends them there, and a TLS 1.3
//!   server ignores them. No other TLS 1.3 message may carry them.
//! - `server_name` stays "CH, EE" as RFC 8446 has it; the registry adds CR for the
//!   CertificateRequest of exported authenticators (RFC 9261), which is not a handshake
//!   message.
//! - GREASE values (RFC 8701), listed by the registry as "CH, CR, NST", have no row: RFC 8701
//!   §3 makes receivers treat them as unknown values, and those three messages are exactly the
//!   ones whose receivers ignore unknown extensions
//!   ([`ExtensionContext::ignores_unrecognized`]).
//!
//! The table speaks of TLS 1.3 only. A TLS 1.2 ServerHello decodes in the same
//! [`ExtensionContext::ServerHello`] but follows RFC 5246 §7.4.1.4 instead: it may carry any
//! extension the ClientHello offered.

use crate::extensions::ExtensionContext;
use crate::ids::ExtensionType;

/// One row of the table: an extension type and where TLS 1.3 lets it appear.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExtensionRule {
    /// The extension type.
    pub typ: ExtensionType,
    /// Its "TLS 1.3" column.
    pub tls13: Tls13Column,
}

/// The "TLS 1.3" column of one row of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tls13Column {
    /// The messages that may carry the extension, in the table's order.
    In(&'static [ExtensionContext]),
    /// `-` in the registry: an extension of TLS 1.2 and earlier. It may appear in a ClientHello,
    /// where a client offering TLS 1.2 as well sends it, and in no other TLS 1.3 message.
    Tls12Only,
}

impl Tls13Column {
    /// Whether the column lets the extension appear in a TLS 1.3 message of `context`.
    #[inline]
    pub fn allows(self, context: ExtensionContext) -> bool {
        match self {
            Self::In(contexts) => contexts.contains(&context),
            Self::Tls12Only => context == ExtensionContext::ClientHello,
        }
    }
}

/// Whether an extension of type `typ` may appear in a TLS 1.3 message of `context`: `None` when
/// the table has no row for `typ` (an unassigned, reserved, private-use or GREASE value).
///
/// `Some(false)` is the case RFC 8446 §4.2 answers with `illegal_parameter`. `None` is an
/// extension the receiver does not recognise: ignored where
/// [`ExtensionContext::ignores_unrecognized`] says so, refused with `unsupported_extension`
/// elsewhere, since it cannot answer a request the receiver made.
#[inline]
pub fn allowed_in(typ: ExtensionType, context: ExtensionContext) -> Option<bool> {
    extension_rule(typ).map(|rule| rule.tls13.allows(context))
}

/// The table's row for `typ`, if it has one.
///
/// Every message is checked against the table extension by extension, so the lookup is a
/// direct index for the small values most rows have, and a search of the few larger rows for
/// the rest (a hostile hello of thousands of unknown types costs a few instructions each).
#[inline]
pub fn extension_rule(typ: ExtensionType) -> Option<&'static ExtensionRule> {
    let value = typ.get();
    match SMALL_ROWS.get(usize::from(value)) {
        Some(&index) => TLS13_EXTENSION_TABLE.get(usize::from(index)),
        // The few larger rows sit at the top of the range: most values are refused at once.
        None if value < FIRST_LARGE_VALUE => None,
        None => {
            let large = TLS13_EXTENSION_TABLE
                .get(FIRST_LARGE_ROW..)
                .unwrap_or_default();
            large
                .binary_search_by_key(&value, |rule| rule.typ.get())
                .ok()
                .and_then(|index| large.get(index))
        }
    }
}

/// Values below this index [`SMALL_ROWS`] directly.
const SMALL: usize = 128;

/// For each value below [`SMALL`], the index of its row in [`TLS13_EXTENSION_TABLE`], or an
/// index past the end for a value without one.
#[allow(
    clippy::as_conversions,
    clippy::indexing_slicing,
    reason = "evaluated at compile time, where a bad index fails the build; the table has \
              fewer than 255 rows (checked below) and values below SMALL fit usize"
)]
const SMALL_ROWS: [u8; SMALL] = {
    assert!(TLS13_EXTENSION_TABLE.len() < u8::MAX as usize);
    let mut rows = [u8::MAX; SMALL];
    let mut index = 0;
    while index < TLS13_EXTENSION_TABLE.len() {
        let value = TLS13_EXTENSION_TABLE[index].typ.get();
        if (value as usize) < SMALL {
            rows[value as usize] = index as u8;
        }
        index += 1;
    }
    rows
};

/// The index of the first row whose value is [`SMALL`] or more.
#[allow(
    clippy::as_conversions,
    clippy::indexing_slicing,
    reason = "evaluated at compile time, where a bad index fails the build"
)]
const FIRST_LARGE_ROW: usize = {
    let mut index = 0;
    while index < TLS13_EXTENSION_TABLE.len()
        && (TLS13_EXTENSION_TABLE[index].typ.get() as usize) < SMALL
    {
        index += 1;
    }
    index
};

/// The value of the first row at or above [`SMALL`].
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time, where a bad index fails the build"
)]
const FIRST_LARGE_VALUE: u16 = if FIRST_LARGE_ROW < TLS13_EXTENSION_TABLE.len() {
    TLS13_EXTENSION_TABLE[FIRST_LARGE_ROW].typ.get()
} else {
    u16::MAX
};

impl ExtensionContext {
    /// Whether the receiver of this message ignores an extension type it does not recognise:
    /// the ClientHello, the CertificateRequest and the NewSessionTicket.
    ///
    /// Every extension in the other messages answers one the receiver sent, so an
    /// unrecognised one answers nothing, and RFC 8446 §4.2 refuses it: "Implementations MUST
    /// NOT send extension responses if the remote endpoint did not send the corresponding
    /// extension requests, with the exception of the "cookie" extension in the
    /// HelloRetryRequest.  Upon receiving such an extension, an endpoint MUST abort the
    /// handshake with an "unsupported_extension" alert."
    pub const fn ignores_unrecognized(self) -> bool {
        match self {
            // RFC 8446 §4.1.2: "Servers MUST ignore unrecognized extensions."
            // RFC 8446 §4.3.2: "Clients MUST ignore unrecognized extensions."
            // RFC 8446 §4.6.1: "Clients MUST ignore unrecognized extensions."
            Self::ClientHello | Self::CertificateRequest | Self::NewSessionTicket => true,
            Self::ServerHello
            | Self::HelloRetryRequest
            | Self::EncryptedExtensions
            | Self::Certificate => false,
        }
    }
}

/// A row that lists the messages of its "TLS 1.3" column.
const fn row(typ: ExtensionType, contexts: &'static [ExtensionContext]) -> ExtensionRule {
    ExtensionRule {
        typ,
        tls13: Tls13Column::In(contexts),
    }
}

/// A row of an extension of TLS 1.2 and earlier (`-` in the registry).
const fn tls12_only(typ: ExtensionType) -> ExtensionRule {
    ExtensionRule {
        typ,
        tls13: Tls13Column::Tls12Only,
    }
}

/// Every extension type the IANA registry assigns, in ascending order of value, with where
/// TLS 1.3 lets it appear (see the module docs for the sources and our departures).
pub const TLS13_EXTENSION_TABLE: &[ExtensionRule] = {
    use ExtensionContext::{
        Certificate as CT, CertificateRequest as CR, ClientHello as CH, EncryptedExtensions as EE,
        HelloRetryRequest as HRR, NewSessionTicket as NST, ServerHello as SH,
    };
    use ExtensionType as T;
    &[
        row(T::SERVER_NAME, &[CH, EE]),
        row(T::MAX_FRAGMENT_LENGTH, &[CH, EE]),
        tls12_only(T::CLIENT_CERTIFICATE_URL),
        tls12_only(T::TRUSTED_CA_KEYS),
        tls12_only(T::TRUNCATED_HMAC),
        row(T::STATUS_REQUEST, &[CH, CR, CT]),
        tls12_only(T::USER_MAPPING),
        tls12_only(T::CLIENT_AUTHZ),
        tls12_only(T::SERVER_AUTHZ),
        tls12_only(T::CERT_TYPE),
        row(T::SUPPORTED_GROUPS, &[CH, EE]),
        tls12_only(T::EC_POINT_FORMATS),
        tls12_only(T::SRP),
        row(T::SIGNATURE_ALGORITHMS, &[CH, CR]),
        row(T::USE_SRTP, &[CH, EE]),
        row(T::HEARTBEAT, &[CH, EE]),
        row(T::APPLICATION_LAYER_PROTOCOL_NEGOTIATION, &[CH, EE]),
        tls12_only(T::STATUS_REQUEST_V2),
        row(T::SIGNED_CERTIFICATE_TIMESTAMP, &[CH, CR, CT]),
        row(T::CLIENT_CERTIFICATE_TYPE, &[CH, EE]),
        row(T::SERVER_CERTIFICATE_TYPE, &[CH, EE]),
        row(T::PADDING, &[CH]),
        tls12_only(T::ENCRYPT_THEN_MAC),
        tls12_only(T::EXTENDED_MASTER_SECRET),
        tls12_only(T::TOKEN_BINDING),
        row(T::CACHED_INFO, &[CH, EE]),
        tls12_only(T::TLS_LTS),
        row(T::COMPRESS_CERTIFICATE, &[CH, CR]),
        row(T::RECORD_SIZE_LIMIT, &[CH, EE]),
        row(T::PWD_PROTECT, &[CH]),
        row(T::PWD_CLEAR, &[CH]),
        row(T::PASSWORD_SALT, &[CH, SH, HRR]),
        row(T::TICKET_PINNING, &[CH, EE]),
        row(T::TLS_CERT_WITH_EXTERN_PSK, &[CH, SH]),
        row(T::DELEGATED_CREDENTIAL, &[CH, CR, CT]),
        tls12_only(T::SESSION_TICKET),
        tls12_only(T::TLMSP),
        tls12_only(T::TLMSP_PROXYING),
        tls12_only(T::TLMSP_DELEGATE),
        row(T::SUPPORTED_EKT_CIPHERS, &[CH, EE]),
        row(T::PRE_SHARED_KEY, &[CH, SH]),
        row(T::EARLY_DATA, &[CH, EE, NST]),
        row(T::SUPPORTED_VERSIONS, &[CH, SH, HRR]),
        row(T::COOKIE, &[CH, HRR]),
        row(T::PSK_KEY_EXCHANGE_MODES, &[CH]),
        row(T::CERTIFICATE_AUTHORITIES, &[CH, CR]),
        row(T::OID_FILTERS, &[CR]),
        row(T::POST_HANDSHAKE_AUTH, &[CH]),
        row(T::SIGNATURE_ALGORITHMS_CERT, &[CH, CR]),
        row(T::KEY_SHARE, &[CH, SH, HRR]),
        row(T::TRANSPARENCY_INFO, &[CH, CR, CT]),
        tls12_only(T::CONNECTION_ID_DEPRECATED),
        row(T::CONNECTION_ID, &[CH, SH]),
        row(T::EXTERNAL_ID_HASH, &[CH, EE]),
        row(T::EXTERNAL_SESSION_ID, &[CH, EE]),
        row(T::QUIC_TRANSPORT_PARAMETERS, &[CH, EE]),
        row(T::TICKET_REQUEST, &[CH, EE]),
        row(T::DNSSEC_CHAIN, &[CH, CT]),
        row(T::SEQUENCE_NUMBER_ENCRYPTION_ALGORITHMS, &[CH, HRR, SH]),
        row(T::RRC, &[CH, SH]),
        row(T::TLS_FLAGS, &[CH, SH, HRR, EE, CR, CT, NST]),
        row(T::ECH_OUTER_EXTENSIONS, &[CH]),
        row(T::ENCRYPTED_CLIENT_HELLO, &[CH, HRR, EE]),
        tls12_only(T::RENEGOTIATION_INFO),
    ]
};

#[cfg(test)]
mod tests {
    use super::*;
    use ExtensionContext as Ctx;

    #[test]
    fn the_fast_lookup_finds_what_a_search_of_the_whole_table_finds() {
        for value in 0..=u16::MAX {
            let typ = ExtensionType::new(value);
            let searched = TLS13_EXTENSION_TABLE
                .binary_search_by_key(&value, |rule| rule.typ.get())
                .ok()
                .map(|index| &TLS13_EXTENSION_TABLE[index]);
            assert_eq!(extension_rule(typ), searched, "{value:#06x}");
        }
    }

    /// RFC 8446 §4.2's table, as the module docs quote it.
    const RFC8446_TABLE: &str = "\
        server_name CH,EE|max_fragment_length CH,EE|status_request CH,CR,CT|\
        supported_groups CH,EE|signature_algorithms CH,CR|use_srtp CH,EE|heartbeat CH,EE|\
        application_layer_protocol_negotiation CH,EE|signed_certificate_timestamp CH,CR,CT|\
        client_certificate_type CH,EE|server_certificate_type CH,EE|padding CH|\
        key_share CH,SH,HRR|pre_shared_key CH,SH|psk_key_exchange_modes CH|\
        early_data CH,EE,NST|cookie CH,HRR|supported_versions CH,SH,HRR|\
        certificate_authorities CH,CR|oid_filters CR|post_handshake_auth CH|\
        signature_algorithms_cert CH,CR";

    fn context(abbreviation: &str) -> ExtensionContext {
        Ctx::ALL
            .into_iter()
            .find(|c| c.abbreviation() == abbreviation)
            .unwrap()
    }

    #[test]
    fn every_row_of_the_rfc8446_table_is_in_the_table_as_written() {
        for entry in RFC8446_TABLE.split('|') {
            let (name, column) = entry.split_once(' ').unwrap();
            let typ = ExtensionType::from_name(name).unwrap();
            let listed: Vec<ExtensionContext> = column.split(',').map(context).collect();
            let Tls13Column::In(contexts) = extension_rule(typ).unwrap().tls13 else {
                panic!("{name} is not TLS 1.2-only in RFC 8446");
            };
            assert_eq!(contexts, listed, "{name}");
            for c in Ctx::ALL {
                assert_eq!(
                    allowed_in(typ, c),
                    Some(listed.contains(&c)),
                    "{name} in {c:?}"
                );
            }
        }
    }

    #[test]
    fn rows_are_sorted_unique_and_cover_every_named_type() {
        assert!(
            TLS13_EXTENSION_TABLE
                .windows(2)
                .all(|pair| pair[0].typ < pair[1].typ)
        );
        for typ in ExtensionType::KNOWN {
            assert!(extension_rule(*typ).is_some(), "no row for {typ}");
        }
        assert_eq!(TLS13_EXTENSION_TABLE.len(), ExtensionType::KNOWN.len());
    }

    #[test]
    fn tls12_only_extensions_may_appear_in_a_client_hello_only() {
        for typ in [
            ExtensionType::EC_POINT_FORMATS,
            ExtensionType::EXTENDED_MASTER_SECRET,
            ExtensionType::SESSION_TICKET,
            ExtensionType::RENEGOTIATION_INFO,
            ExtensionType::ENCRYPT_THEN_MAC,
        ] {
            assert_eq!(extension_rule(typ).unwrap().tls13, Tls13Column::Tls12Only);
            for c in Ctx::ALL {
                assert_eq!(
                    allowed_in(typ, c),
                    Some(c == Ctx::ClientHello),
                    "{typ} in {c:?}"
                );
            }
        }
    }

    #[test]
    fn unknown_reserved_private_and_grease_types_have_no_row() {
        for value in [
            0x0028, 0x002e, 0x003f, 0x1234, 0x0a0a, 0xfafa, 0xff00, 0xff02,
        ] {
            for c in Ctx::ALL {
                assert_eq!(
                    allowed_in(ExtensionType::new(value), c),
                    None,
                    "{value:#06x}"
                );
            }
        }
    }

    #[test]
    fn unrecognized_extensions_are_ignored_only_where_rfc8446_says() {
        let ignoring: Vec<ExtensionContext> = Ctx::ALL
            .into_iter()
            .filter(|c| c.ignores_unrecognized())
            .collect();
        assert_eq!(
            ignoring,
            [
                Ctx::ClientHello,
                Ctx::CertificateRequest,
                Ctx::NewSessionTicket
            ]
        );
    }
}
