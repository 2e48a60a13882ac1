//! Property tests for extension blocks: typed blocks and every typed form round-trip through
//! their bytes in every context, no input makes the decoders panic, and each typed form sits
//! where the RFC 8446 §4.2 table allows it.
#![cfg(feature = "test-strategies")]

use proptest::collection::vec;
use proptest::prelude::*;
use tls_wire::codec::{Codec, IntoOwned, Reader};
use tls_wire::extensions::{Extension, ExtensionContext, Extensions, ExtensionsError, allowed_in};
use tls_wire::ids::ExtensionType;
use tls_wire::testing::extensions::{
    certificate_compression_algorithms, ec_point_format_list, encrypted_client_hello, extension,
    extension_context, extensions, heartbeat_mode, max_fragment_length, renegotiation_info,
    session_ticket, signed_certificate_timestamp_list,
};

/// The forms a TLS 1.2 ServerHello carries that no TLS 1.3 ServerHello may: the one context
/// where a typed form sits outside the TLS 1.3 table.
const TLS12_SERVER_HELLO_ONLY: [ExtensionType; 12] = [
    ExtensionType::SERVER_NAME,
    ExtensionType::STATUS_REQUEST,
    ExtensionType::APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
    ExtensionType::RECORD_SIZE_LIMIT,
    ExtensionType::MAX_FRAGMENT_LENGTH,
    ExtensionType::HEARTBEAT,
    ExtensionType::SIGNED_CERTIFICATE_TIMESTAMP,
    ExtensionType::EC_POINT_FORMATS,
    ExtensionType::EXTENDED_MASTER_SECRET,
    ExtensionType::SESSION_TICKET,
    ExtensionType::RENEGOTIATION_INFO,
    ExtensionType::ENCRYPT_THEN_MAC,
];

/// The extension types this change types, for the never-panic test.
const NEW_TYPES: [u16; 10] = [
    0x0001, 0x000b, 0x000f, 0x0012, 0x0016, 0x0017, 0x001b, 0x0023, 0xfe0d, 0xff01,
];

/// Encodes a block.
fn encode(block: &Extensions<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    block.encode(&mut out);
    out
}

/// A typed block of `context` encodes to bytes that decode to the same block and re-encode to
/// the same bytes.
fn check_round_trip(context: ExtensionContext, block: &Extensions<'static>) {
    let bytes = encode(block);
    let mut r = Reader::new(&bytes);
    let decoded = Extensions::decode(&mut r, context).unwrap();
    assert!(r.is_empty());
    assert_eq!(&decoded, block);
    assert_eq!(encode(&decoded), bytes);
    assert_eq!(decoded.into_owned(), *block);
}

/// A value's `encoded_len` is the length of its encoding.
fn check_encoded_len<'a, T: Codec<'a>>(value: &T) {
    assert_eq!(value.encoded_len(), value.to_vec().len());
}

/// The lists whose elements are not of one size count their encoding exactly, as `List::new`'s
/// bound check relies on.
fn check_list_lengths(extension: &Extension<'_>) {
    match extension {
        Extension::ServerName(names) => check_encoded_len(names),
        Extension::KeyShareClientHello(shares) => check_encoded_len(&shares.client_shares),
        Extension::PreSharedKey(offered) => {
            check_encoded_len(&offered.identities);
            check_encoded_len(&offered.binders);
        }
        Extension::ApplicationLayerProtocolNegotiation(names) => check_encoded_len(names),
        _ => {}
    }
}

/// One extension encodes to bytes that decode, in `context`, to the same extension, take all
/// of them, re-encode to the same bytes and survive `into_owned`.
fn check_one(context: ExtensionContext, extension: &Extension<'static>) {
    let mut bytes = Vec::new();
    extension.encode(&mut bytes);
    let mut r = Reader::new(&bytes);
    let decoded = Extension::decode(&mut r, context).unwrap();
    assert!(r.is_empty());
    assert_eq!(&decoded, extension);
    let mut again = Vec::new();
    decoded.encode(&mut again);
    assert_eq!(again, bytes);
    assert_eq!(decoded.into_owned(), *extension);
    check_list_lengths(extension);
    assert!(
        !matches!(extension, Extension::Opaque { .. }),
        "the strategy gave an opaque extension"
    );
}

/// Whatever decodes from `bytes` re-encodes to exactly the bytes it consumed.
fn check_decode_never_panics(context: ExtensionContext, bytes: &[u8]) {
    let mut r = Reader::new(bytes);
    if let Ok(block) = Extensions::decode(&mut r, context) {
        let consumed = bytes.len() - r.remaining();
        assert_eq!(encode(&block), bytes[..consumed]);
        // The typed forms are decoded when asked for: ask for each.
        for raw in block.iter() {
            let _ = raw.decode();
        }
    }
}

/// Whether an accessor found its form: `Some` or `true`.
trait Found {
    fn found(self) -> bool;
}

impl Found for bool {
    fn found(self) -> bool {
        self
    }
}

impl<T> Found for Option<T> {
    fn found(self) -> bool {
        self.is_some()
    }
}

/// Whether a block holds a form, as its accessor answers.
type Accessor = fn(&Extensions<'_>) -> bool;
/// Whether an extension is that form.
type IsForm = fn(&Extension<'_>) -> bool;

/// Each accessor beside the form it reads, written out here independently of the accessors'
/// own table of types.
macro_rules! accessors {
    ($($name:ident => $form:pat),* $(,)?) => {
        [$(
            (
                stringify!($name),
                (|block: &Extensions<'_>| block.$name().unwrap().found()) as Accessor,
                (|extension: &Extension<'_>| matches!(extension, $form)) as IsForm,
            ),
        )*]
    };
}

/// Every accessor finds its form exactly when the block holds it, decoded.
fn check_accessors(block: &Extensions<'_>) {
    let forms = block.decode_all().unwrap();
    let rows = accessors![
        server_name => Extension::ServerName(_),
        server_name_acknowledged => Extension::ServerNameEmpty,
        status_request => Extension::StatusRequest(_),
        status_request_empty => Extension::StatusRequestEmpty,
        certificate_status => Extension::CertificateStatus(_),
        supported_groups => Extension::SupportedGroups(_),
        signature_algorithms => Extension::SignatureAlgorithms(_),
        signature_algorithms_cert => Extension::SignatureAlgorithmsCert(_),
        application_layer_protocol_negotiation => Extension::ApplicationLayerProtocolNegotiation(_),
        padding => Extension::Padding(_),
        key_share_client_hello => Extension::KeyShareClientHello(_),
        key_share_server_hello => Extension::KeyShareServerHello(_),
        key_share_hello_retry_request => Extension::KeyShareHelloRetryRequest(_),
        pre_shared_key => Extension::PreSharedKey(_),
        selected_identity => Extension::SelectedIdentity(_),
        psk_key_exchange_modes => Extension::PskKeyExchangeModes(_),
        early_data => Extension::EarlyData,
        max_early_data_size => Extension::MaxEarlyDataSize(_),
        cookie => Extension::Cookie(_),
        supported_versions => Extension::SupportedVersions(_),
        selected_version => Extension::SelectedVersion(_),
        certificate_authorities => Extension::CertificateAuthorities(_),
        post_handshake_auth => Extension::PostHandshakeAuth,
        record_size_limit => Extension::RecordSizeLimit(_),
        max_fragment_length => Extension::MaxFragmentLength(_),
        heartbeat => Extension::Heartbeat(_),
        signed_certificate_timestamp_empty => Extension::SignedCertificateTimestampEmpty,
        signed_certificate_timestamp => Extension::SignedCertificateTimestamp(_),
        compress_certificate => Extension::CompressCertificate(_),
        encrypted_client_hello => Extension::EncryptedClientHello(_),
        ec_point_formats => Extension::EcPointFormats(_),
        extended_master_secret => Extension::ExtendedMasterSecret,
        session_ticket => Extension::SessionTicket(_),
        session_ticket_empty => Extension::SessionTicketEmpty,
        renegotiation_info => Extension::RenegotiationInfo(_),
        encrypt_then_mac => Extension::EncryptThenMac,
    ];
    for (name, accessor, is_form) in rows {
        assert_eq!(
            accessor(block),
            forms.iter().any(is_form),
            "{name} on {forms:?}"
        );
    }
}

/// Whether `extension`, encoded, decodes back to itself in `context` and takes all its bytes.
fn decodes_back(extension: &Extension<'static>, context: ExtensionContext) -> bool {
    let mut bytes = Vec::new();
    extension.encode(&mut bytes);
    let mut r = Reader::new(&bytes);
    Extension::decode(&mut r, context).is_ok_and(|decoded| decoded == *extension) && r.is_empty()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// `Extensions::new` skips decoding back the forms that cannot but round-trip: it must
    /// accept exactly the extensions that do, whichever context built them and whichever
    /// context they are offered to.
    #[test]
    fn a_block_takes_exactly_the_extensions_that_decode_back_in_its_context(
        (extension, context) in (extension_context(), extension_context())
            .prop_flat_map(|(made_for, offered_to)| (extension(made_for), Just(offered_to))),
    ) {
        let taken = match Extensions::new(context, vec![extension.clone()]) {
            Ok(_) => true,
            Err(ExtensionsError::NotInContext { .. }) => false,
            // The block's own bounds, not the form check.
            Err(_) => return Ok(()),
        };
        prop_assert_eq!(taken, decodes_back(&extension, context), "{:?} in {:?}", extension, context);
    }

    #[test]
    fn each_accessor_finds_exactly_its_form(
        block in extension_context().prop_flat_map(extensions)
    ) {
        check_accessors(&block);
    }

    #[test]
    fn client_hello_blocks_round_trip(block in extensions(ExtensionContext::ClientHello)) {
        check_round_trip(ExtensionContext::ClientHello, &block);
    }

    #[test]
    fn server_hello_blocks_round_trip(block in extensions(ExtensionContext::ServerHello)) {
        check_round_trip(ExtensionContext::ServerHello, &block);
    }

    #[test]
    fn hello_retry_request_blocks_round_trip(
        block in extensions(ExtensionContext::HelloRetryRequest),
    ) {
        check_round_trip(ExtensionContext::HelloRetryRequest, &block);
    }

    #[test]
    fn encrypted_extensions_blocks_round_trip(
        block in extensions(ExtensionContext::EncryptedExtensions),
    ) {
        check_round_trip(ExtensionContext::EncryptedExtensions, &block);
    }

    #[test]
    fn certificate_entry_blocks_round_trip(block in extensions(ExtensionContext::Certificate)) {
        check_round_trip(ExtensionContext::Certificate, &block);
    }

    #[test]
    fn certificate_request_blocks_round_trip(
        block in extensions(ExtensionContext::CertificateRequest),
    ) {
        check_round_trip(ExtensionContext::CertificateRequest, &block);
    }

    #[test]
    fn new_session_ticket_blocks_round_trip(
        block in extensions(ExtensionContext::NewSessionTicket),
    ) {
        check_round_trip(ExtensionContext::NewSessionTicket, &block);
    }

    #[test]
    fn one_extension_round_trips_in_its_context(
        (context, ext) in extension_context().prop_flat_map(|c| (Just(c), extension(c))),
    ) {
        let mut bytes = Vec::new();
        ext.encode(&mut bytes);
        let mut r = Reader::new(&bytes);
        prop_assert_eq!(Extension::decode(&mut r, context).unwrap(), ext);
        prop_assert!(r.is_empty());
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_block_decoder(
        context in extension_context(),
        bytes in vec(any::<u8>(), 0..512),
    ) {
        check_decode_never_panics(context, &bytes);
    }

    #[test]
    fn arbitrary_bodies_never_panic_the_extension_decoder(
        context in extension_context(),
        typ in prop_oneof![any::<u16>(), (0u16..0x40), Just(0x0029u16), Just(0x0005u16)],
        body in vec(any::<u8>(), 0..128),
    ) {
        let mut bytes = typ.to_be_bytes().to_vec();
        bytes.extend_from_slice(&u16::try_from(body.len()).unwrap().to_be_bytes());
        bytes.extend_from_slice(&body);
        let mut r = Reader::new(&bytes);
        if let Ok(ext) = Extension::decode(&mut r, context) {
            let mut out = Vec::new();
            ext.encode(&mut out);
            prop_assert_eq!(out, bytes);
        }
    }

    #[test]
    fn mutated_valid_blocks_never_panic(
        (context, block) in extension_context().prop_flat_map(|c| (Just(c), extensions(c))),
        flips in vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
    ) {
        let mut bytes = encode(&block);
        for (at, value) in flips {
            if !bytes.is_empty() {
                let i = at.index(bytes.len());
                bytes[i] = value;
            }
        }
        check_decode_never_panics(context, &bytes);
    }

    #[test]
    fn max_fragment_length_round_trips(length in max_fragment_length()) {
        for context in [
            ExtensionContext::ClientHello,
            ExtensionContext::ServerHello,
            ExtensionContext::EncryptedExtensions,
        ] {
            check_one(context, &Extension::MaxFragmentLength(length));
        }
    }

    #[test]
    fn heartbeat_round_trips(mode in heartbeat_mode()) {
        for context in [
            ExtensionContext::ClientHello,
            ExtensionContext::ServerHello,
            ExtensionContext::EncryptedExtensions,
        ] {
            check_one(context, &Extension::Heartbeat(mode));
        }
    }

    #[test]
    fn signed_certificate_timestamps_round_trip(scts in signed_certificate_timestamp_list()) {
        let list = Extension::SignedCertificateTimestamp(scts);
        check_one(ExtensionContext::ServerHello, &list);
        check_one(ExtensionContext::Certificate, &list);
        check_one(ExtensionContext::ClientHello, &Extension::SignedCertificateTimestampEmpty);
        check_one(
            ExtensionContext::CertificateRequest,
            &Extension::SignedCertificateTimestampEmpty,
        );
    }

    #[test]
    fn compress_certificate_round_trips(algorithms in certificate_compression_algorithms()) {
        let extension = Extension::CompressCertificate(algorithms);
        check_one(ExtensionContext::ClientHello, &extension);
        check_one(ExtensionContext::CertificateRequest, &extension);
    }

    #[test]
    fn encrypted_client_hello_round_trips(body in encrypted_client_hello()) {
        for context in [
            ExtensionContext::ClientHello,
            ExtensionContext::HelloRetryRequest,
            ExtensionContext::EncryptedExtensions,
        ] {
            check_one(context, &Extension::EncryptedClientHello(body.clone()));
        }
    }

    #[test]
    fn tls12_hello_forms_round_trip(
        formats in ec_point_format_list(),
        ticket in session_ticket(),
        info in renegotiation_info(),
    ) {
        for context in [ExtensionContext::ClientHello, ExtensionContext::ServerHello] {
            check_one(context, &Extension::EcPointFormats(formats.clone()));
            check_one(context, &Extension::RenegotiationInfo(info.clone()));
            check_one(context, &Extension::ExtendedMasterSecret);
            check_one(context, &Extension::EncryptThenMac);
        }
        check_one(ExtensionContext::ClientHello, &Extension::SessionTicket(ticket));
        check_one(ExtensionContext::ServerHello, &Extension::SessionTicketEmpty);
    }

    #[test]
    fn arbitrary_bodies_of_the_new_types_never_panic(
        context in extension_context(),
        typ in proptest::sample::select(NEW_TYPES.to_vec()),
        body in vec(any::<u8>(), 0..96),
    ) {
        let mut bytes = typ.to_be_bytes().to_vec();
        bytes.extend_from_slice(&u16::try_from(body.len()).unwrap().to_be_bytes());
        bytes.extend_from_slice(&body);
        let mut r = Reader::new(&bytes);
        if let Ok(ext) = Extension::decode(&mut r, context) {
            let mut out = Vec::new();
            ext.encode(&mut out);
            prop_assert_eq!(out, bytes);
        }
    }

    #[test]
    fn every_typed_form_sits_where_the_table_allows_it(
        (context, ext) in extension_context().prop_flat_map(|c| (Just(c), extension(c))),
    ) {
        if !matches!(ext, Extension::Opaque { .. }) {
            let typ = ext.typ();
            let tls12_server_hello =
                context == ExtensionContext::ServerHello && TLS12_SERVER_HELLO_ONLY.contains(&typ);
            prop_assert_eq!(
                allowed_in(typ, context),
                Some(!tls12_server_hello),
                "{} in {:?}",
                typ,
                context
            );
        }
    }
}
