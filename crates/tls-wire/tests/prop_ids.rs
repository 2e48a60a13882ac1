//! Property tests for the IANA registries: any value (named, GREASE or unassigned) survives
//! encode → decode unchanged, and decoding arbitrary bytes never panics.
#![cfg(feature = "test-strategies")]

use core::fmt::Debug;

use proptest::prelude::*;
use tls_wire::codec::Codec;
use tls_wire::testing::ids;

/// value → encode → decode gives the value back, the encoding is the wire value's width, and
/// re-encoding gives the same bytes.
fn round_trips<T>(value: T) -> Result<(), TestCaseError>
where
    T: for<'a> Codec<'a> + Eq + Debug,
{
    let bytes = value.to_vec();
    prop_assert_eq!(Some(bytes.len()), T::FIXED_SIZE);
    let decoded = T::decode_exact(&bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&decoded, &value);
    prop_assert_eq!(decoded.to_vec(), bytes);
    Ok(())
}

/// Decoding arbitrary bytes returns (never panics), and succeeds exactly on the right length.
fn decodes_without_panic<T>(bytes: &[u8]) -> Result<(), TestCaseError>
where
    T: for<'a> Codec<'a> + Debug,
{
    let decoded = T::decode_exact(bytes);
    prop_assert_eq!(decoded.is_ok(), Some(bytes.len()) == T::FIXED_SIZE);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn two_byte_registries_round_trip(
        suite in ids::cipher_suite(),
        group in ids::named_group(),
        scheme in ids::signature_scheme(),
        extension in ids::extension_type(),
        version in ids::protocol_version(),
        compression in ids::certificate_compression_algorithm(),
    ) {
        round_trips(suite)?;
        round_trips(group)?;
        round_trips(scheme)?;
        round_trips(extension)?;
        round_trips(version)?;
        round_trips(compression)?;
    }

    #[test]
    fn one_byte_registries_round_trip(
        handshake in ids::handshake_type(),
        content in ids::content_type(),
        alert in ids::alert_description(),
        level in ids::alert_level(),
        mode in ids::psk_key_exchange_mode(),
        point_format in ids::ec_point_format(),
        certificate_type in ids::client_certificate_type(),
        curve_type in ids::ec_curve_type(),
        status_type in ids::certificate_status_type(),
        hash in ids::hash_algorithm(),
        signature in ids::signature_algorithm(),
    ) {
        round_trips(handshake)?;
        round_trips(content)?;
        round_trips(alert)?;
        round_trips(level)?;
        round_trips(mode)?;
        round_trips(point_format)?;
        round_trips(certificate_type)?;
        round_trips(curve_type)?;
        round_trips(status_type)?;
        round_trips(hash)?;
        round_trips(signature)?;
    }

    #[test]
    fn registry_decoders_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4)) {
        use tls_wire::ids::*;
        decodes_without_panic::<CipherSuite>(&bytes)?;
        decodes_without_panic::<NamedGroup>(&bytes)?;
        decodes_without_panic::<SignatureScheme>(&bytes)?;
        decodes_without_panic::<ExtensionType>(&bytes)?;
        decodes_without_panic::<ProtocolVersion>(&bytes)?;
        decodes_without_panic::<CertificateCompressionAlgorithm>(&bytes)?;
        decodes_without_panic::<HandshakeType>(&bytes)?;
        decodes_without_panic::<ContentType>(&bytes)?;
        decodes_without_panic::<AlertDescription>(&bytes)?;
        decodes_without_panic::<AlertLevel>(&bytes)?;
        decodes_without_panic::<PskKeyExchangeMode>(&bytes)?;
        decodes_without_panic::<ECPointFormat>(&bytes)?;
        decodes_without_panic::<ClientCertificateType>(&bytes)?;
        decodes_without_panic::<ECCurveType>(&bytes)?;
        decodes_without_panic::<CertificateStatusType>(&bytes)?;
        decodes_without_panic::<HashAlgorithm>(&bytes)?;
        decodes_without_panic::<SignatureAlgorithm>(&bytes)?;
    }

    #[test]
    fn grease_strategies_produce_grease(suite in ids::cipher_suite(), mode in ids::psk_key_exchange_mode()) {
        prop_assert_eq!(suite.is_grease(), ids::GREASE_U16.contains(&suite.get()));
        prop_assert_eq!(mode.is_grease(), ids::GREASE_PSK_MODES.contains(&mode.get()));
    }
}
