//! Property tests of the handshake messages: every typed message round-trips through its
//! encoding, and no input makes decoding panic.
#![cfg(feature = "test-strategies")]

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use tls_wire::codec::{Codec, IntoOwned};
use tls_wire::handshake::{
    HandshakeMessage, HandshakePayload, NegotiatedVersion, ServerECDHParams,
};
use tls_wire::testing::handshake::{
    client_hello, handshake_payload, negotiated_version, server_ecdh_params, tls12_only_payload,
    versioned_payload,
};

/// Every type TLS 1.2 gives a typed form, hellos aside.
const TLS12_TYPES: [u8; 10] = [0, 4, 11, 12, 13, 14, 15, 16, 20, 22];

/// `msg_type`, a `uint24` length, then `body`.
fn frame(msg_type: u8, body: &[u8]) -> Vec<u8> {
    let len = u32::try_from(body.len()).unwrap().to_be_bytes();
    let mut out = vec![msg_type, len[1], len[2], len[3]];
    out.extend_from_slice(body);
    out
}

/// Whatever decodes re-encodes, through the typed payload, to the same bytes.
fn assert_round_trips_if_it_decodes(bytes: &[u8], version: NegotiatedVersion) {
    if let Ok(message) = HandshakeMessage::decode(bytes, version) {
        let mut encoded = Vec::new();
        message.encode(&mut encoded);
        assert_eq!(encoded, bytes);
        assert_eq!(message.raw(), bytes);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn typed_message_round_trips((version, payload) in versioned_payload()) {
        let built = HandshakeMessage::new(payload.clone()).unwrap();
        let mut encoded = Vec::new();
        built.encode(&mut encoded);
        prop_assert_eq!(built.raw(), &encoded[..]);
        // The Certificate messages size their encoding up front, from `encoded_len`.
        let body_len = encoded.len() - 4;
        match &payload {
            HandshakePayload::CertificateTls13(m) => prop_assert_eq!(m.encoded_len(), body_len),
            HandshakePayload::CertificateTls12(m) => prop_assert_eq!(m.encoded_len(), body_len),
            _ => {}
        }

        let decoded = HandshakeMessage::decode(&encoded, version).unwrap();
        prop_assert_eq!(decoded.payload(), &payload);
        let mut again = Vec::new();
        decoded.encode(&mut again);
        prop_assert_eq!(&again, &encoded);
        prop_assert_eq!(decoded.into_owned().into_payload(), payload);
    }

    #[test]
    fn hello_decodes_the_same_under_every_version(
        payload in handshake_payload(NegotiatedVersion::NotYet),
        version in negotiated_version(),
    ) {
        let is_hello = matches!(
            payload,
            HandshakePayload::ClientHello(_)
                | HandshakePayload::ServerHello(_)
                | HandshakePayload::HelloRetryRequest(_)
        );
        prop_assume!(is_hello);
        let built = HandshakeMessage::new(payload).unwrap();
        let late = HandshakeMessage::decode(built.raw(), version).unwrap();
        prop_assert_eq!(late.payload(), built.payload());
    }

    #[test]
    fn binder_prefix_is_the_hello_without_its_binders(hello in client_hello()) {
        let psk_binders = hello
            .pre_shared_key()
            .unwrap()
            .map(|offered| offered.binders_encoded_len());
        let message = HandshakeMessage::new(HandshakePayload::ClientHello(hello)).unwrap();
        let truncated = message.client_hello_truncated_for_binders().unwrap();
        match psk_binders {
            Some(len) => prop_assert_eq!(truncated, Some(&message.raw()[..message.raw().len() - len])),
            None => prop_assert_eq!(truncated, None),
        }
    }

    #[test]
    fn tls12_only_message_round_trips(payload in tls12_only_payload()) {
        let built = HandshakeMessage::new(payload.clone()).unwrap();
        let decoded = HandshakeMessage::decode(built.raw(), NegotiatedVersion::Tls12).unwrap();
        prop_assert_eq!(decoded.payload(), &payload);
        let mut again = Vec::new();
        decoded.encode(&mut again);
        prop_assert_eq!(&again[..], built.raw());
        // Under any other version the same bytes are kept opaque, with their type.
        for version in [NegotiatedVersion::NotYet, NegotiatedVersion::Tls13] {
            let other = HandshakeMessage::decode(built.raw(), version);
            if let Ok(other) = other {
                prop_assert_eq!(other.typ(), payload.typ());
                prop_assert_eq!(other.raw(), built.raw());
            }
        }
    }

    #[test]
    fn server_ecdh_params_keep_their_encoding(params in server_ecdh_params()) {
        let bytes = params.to_vec();
        prop_assert_eq!(params.encoded(), &bytes[..]);
        let decoded = ServerECDHParams::decode_exact(&bytes).unwrap();
        prop_assert_eq!(decoded.encoded(), &bytes[..]);
        prop_assert_eq!(&decoded, &params);
        prop_assert_eq!(decoded.into_owned(), params);
    }

    #[test]
    fn tls12_bodies_never_panic(
        msg_type in select(&TLS12_TYPES[..]),
        body in vec(any::<u8>(), 0..400),
    ) {
        assert_round_trips_if_it_decodes(&frame(msg_type, &body), NegotiatedVersion::Tls12);
    }

    #[test]
    fn mutated_tls12_messages_never_panic(
        payload in tls12_only_payload(),
        at in any::<prop::sample::Index>(),
        xor in 1u8..=255,
    ) {
        let mut bytes = HandshakeMessage::new(payload).unwrap().raw().to_vec();
        let i = at.index(bytes.len());
        bytes[i] ^= xor;
        assert_round_trips_if_it_decodes(&bytes, NegotiatedVersion::Tls12);
    }

    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in vec(any::<u8>(), 0..600),
        version in negotiated_version(),
    ) {
        assert_round_trips_if_it_decodes(&bytes, version);
    }

    #[test]
    fn framed_arbitrary_bodies_never_panic(
        msg_type in prop_oneof![any::<u8>(), (0u8..26), Just(254u8)],
        body in vec(any::<u8>(), 0..600),
        version in negotiated_version(),
    ) {
        assert_round_trips_if_it_decodes(&frame(msg_type, &body), version);
    }

    #[test]
    fn mutated_messages_never_panic(
        (version, payload) in versioned_payload(),
        at in any::<prop::sample::Index>(),
        xor in 1u8..=255,
    ) {
        let mut bytes = HandshakeMessage::new(payload).unwrap().raw().to_vec();
        let i = at.index(bytes.len());
        bytes[i] ^= xor;
        assert_round_trips_if_it_decodes(&bytes, version);
    }
}
