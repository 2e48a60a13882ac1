//! proptest strategies for the IANA registries: any wire value, biased towards the values the
//! table names and, where RFC 8701 reserves some, towards GREASE.

use core::fmt::Debug;

use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::Union;

use crate::ids::{
    AlertDescription, AlertLevel, CertificateCompressionAlgorithm, CertificateStatusType,
    CipherSuite, ClientCertificateType, ContentType, ECCurveType, ECPointFormat, ExtensionType,
    HandshakeType, HashAlgorithm, NamedGroup, ProtocolVersion, PskKeyExchangeMode,
    SignatureAlgorithm, SignatureScheme,
};

/// RFC 8701 §2: the sixteen GREASE values of the two-byte registries (cipher suites, extension
/// types, named groups, signature schemes, versions), `0x0A0A`, `0x1A1A`, … `0xFAFA`.
pub const GREASE_U16: [u16; 16] = [
    0x0a0a, 0x1a1a, 0x2a2a, 0x3a3a, 0x4a4a, 0x5a5a, 0x6a6a, 0x7a7a, 0x8a8a, 0x9a9a, 0xaaaa, 0xbaba,
    0xcaca, 0xdada, 0xeaea, 0xfafa,
];

/// RFC 8701 §2: the eight GREASE PskKeyExchangeModes, `0x0B`, `0x2A`, … `0xE4`.
pub const GREASE_PSK_MODES: [u8; 8] = [0x0b, 0x2a, 0x49, 0x68, 0x87, 0xa6, 0xc5, 0xe4];

/// A named value most of the time, otherwise any wire value, with GREASE mixed in when the
/// registry has some (`grease` empty otherwise).
fn registry_value<T, R>(known: &'static [T], grease: &'static [R]) -> BoxedStrategy<T>
where
    T: Copy + Debug + From<R> + 'static,
    R: Arbitrary + Copy + Debug + 'static,
{
    let mut arms = vec![(3, any::<R>().prop_map(T::from).boxed())];
    if !known.is_empty() {
        arms.push((6, select(known).boxed()));
    }
    if !grease.is_empty() {
        arms.push((1, select(grease).prop_map(T::from).boxed()));
    }
    Union::new_weighted(arms).boxed()
}

/// Any [`CipherSuite`], biased to named ones and GREASE.
pub fn cipher_suite() -> BoxedStrategy<CipherSuite> {
    registry_value(CipherSuite::KNOWN, &GREASE_U16)
}

/// Any [`NamedGroup`], biased to named ones and GREASE.
pub fn named_group() -> BoxedStrategy<NamedGroup> {
    registry_value(NamedGroup::KNOWN, &GREASE_U16)
}

/// Any [`SignatureScheme`], biased to named ones and GREASE.
pub fn signature_scheme() -> BoxedStrategy<SignatureScheme> {
    registry_value(SignatureScheme::KNOWN, &GREASE_U16)
}

/// Any [`ExtensionType`], biased to named ones and GREASE.
pub fn extension_type() -> BoxedStrategy<ExtensionType> {
    registry_value(ExtensionType::KNOWN, &GREASE_U16)
}

/// Any [`ProtocolVersion`], biased to named ones and GREASE.
pub fn protocol_version() -> BoxedStrategy<ProtocolVersion> {
    registry_value(ProtocolVersion::KNOWN, &GREASE_U16)
}

/// Any [`PskKeyExchangeMode`], biased to named ones and GREASE.
pub fn psk_key_exchange_mode() -> BoxedStrategy<PskKeyExchangeMode> {
    registry_value(PskKeyExchangeMode::KNOWN, &GREASE_PSK_MODES)
}

/// Any [`HandshakeType`], biased to named ones.
pub fn handshake_type() -> BoxedStrategy<HandshakeType> {
    registry_value::<_, u8>(HandshakeType::KNOWN, &[])
}

/// Any [`ContentType`], biased to named ones.
pub fn content_type() -> BoxedStrategy<ContentType> {
    registry_value::<_, u8>(ContentType::KNOWN, &[])
}

/// Any [`AlertDescription`], biased to named ones.
pub fn alert_description() -> BoxedStrategy<AlertDescription> {
    registry_value::<_, u8>(AlertDescription::KNOWN, &[])
}

/// Any [`AlertLevel`], biased to named ones.
pub fn alert_level() -> BoxedStrategy<AlertLevel> {
    registry_value::<_, u8>(AlertLevel::KNOWN, &[])
}

/// Any [`ECPointFormat`], biased to named ones.
pub fn ec_point_format() -> BoxedStrategy<ECPointFormat> {
    registry_value::<_, u8>(ECPointFormat::KNOWN, &[])
}

/// Any [`CertificateCompressionAlgorithm`], biased to named ones.
pub fn certificate_compression_algorithm() -> BoxedStrategy<CertificateCompressionAlgorithm> {
    registry_value::<_, u16>(CertificateCompressionAlgorithm::KNOWN, &[])
}

/// Any [`ClientCertificateType`], biased to named ones.
pub fn client_certificate_type() -> BoxedStrategy<ClientCertificateType> {
    registry_value::<_, u8>(ClientCertificateType::KNOWN, &[])
}

/// Any [`ECCurveType`], biased to named ones.
pub fn ec_curve_type() -> BoxedStrategy<ECCurveType> {
    registry_value::<_, u8>(ECCurveType::KNOWN, &[])
}

/// Any [`CertificateStatusType`], biased to named ones.
pub fn certificate_status_type() -> BoxedStrategy<CertificateStatusType> {
    registry_value::<_, u8>(CertificateStatusType::KNOWN, &[])
}

/// Any [`HashAlgorithm`], biased to named ones.
pub fn hash_algorithm() -> BoxedStrategy<HashAlgorithm> {
    registry_value::<_, u8>(HashAlgorithm::KNOWN, &[])
}

/// Any [`SignatureAlgorithm`], biased to named ones.
pub fn signature_algorithm() -> BoxedStrategy<SignatureAlgorithm> {
    registry_value::<_, u8>(SignatureAlgorithm::KNOWN, &[])
}
