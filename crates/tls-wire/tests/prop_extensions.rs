//! Property tests for extension blocks: typed blocks round-trip through their bytes in every
//! context, and no input makes the decoders panic.
#![cfg(feature = "test-strategies")]

use proptest::collection::vec;
use proptest::prelude::*;
use tls_wire::codec::{IntoOwned, Reader};
use tls_wire::extensions::{Extension, ExtensionContext, Extensions};
use tls_wire::testing::extensions::{extension, extension_context, extensions};

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

/// Whatever decodes from `bytes` re-encodes to exactly the bytes it consumed.
fn check_decode_never_panics(context: ExtensionContext, bytes: &[u8]) {
    let mut r = Reader::new(bytes);
    if let Ok(block) = Extensions::decode(&mut r, context) {
        let consumed = bytes.len() - r.remaining();
        assert_eq!(encode(&block), bytes[..consumed]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

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
}
