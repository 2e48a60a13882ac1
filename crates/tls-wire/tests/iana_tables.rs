//! The generated IANA tables against the registry CSVs in `testdata/iana/`: every assigned value
//! is in its table under the registry's name or the documented RFC name, every entry round-trips
//! through its integer, its name and its encoding, and `Display` and `is_grease()` follow RFC 8701.

use core::fmt::{Debug, Display};

use tls_wire::codec::Codec;
use tls_wire::ids::{
    AlertDescription, AlertLevel, CertificateCompressionAlgorithm, CertificateStatusType,
    CipherSuite, ClientCertificateType, ContentType, ECCurveType, ECPointFormat, ExtensionType,
    HandshakeType, HashAlgorithm, NamedGroup, ProtocolVersion, PskKeyExchangeMode,
    SignatureAlgorithm, SignatureScheme,
};

/// The names we use instead of the 2026 registry's (csv, registry name, our name): RFC 9846
/// marked these `_RESERVED`, or renamed them, but an RFC we implement names them plainly.
const RENAMED: &[(&str, &str, &str)] = &[
    // RFC 5246 §7.4.
    (
        "tls-parameters-7",
        "hello_request_RESERVED",
        "hello_request",
    ),
    (
        "tls-parameters-7",
        "server_key_exchange_RESERVED",
        "server_key_exchange",
    ),
    (
        "tls-parameters-7",
        "server_hello_done_RESERVED",
        "server_hello_done",
    ),
    (
        "tls-parameters-7",
        "client_key_exchange_RESERVED",
        "client_key_exchange",
    ),
    // RFC 6347 §4.3.2 (DTLS 1.2).
    (
        "tls-parameters-7",
        "hello_verify_request_RESERVED",
        "hello_verify_request",
    ),
    // RFC 6066 §2.
    (
        "tls-parameters-7",
        "certificate_url_RESERVED",
        "certificate_url",
    ),
    (
        "tls-parameters-7",
        "certificate_status_RESERVED",
        "certificate_status",
    ),
    // RFC 4680 §2.
    (
        "tls-parameters-7",
        "supplemental_data_RESERVED",
        "supplemental_data",
    ),
    // RFC 5246 §7.2.
    (
        "tls-parameters-6",
        "decompression_failure_RESERVED",
        "decompression_failure",
    ),
    (
        "tls-parameters-6",
        "no_renegotiation_RESERVED",
        "no_renegotiation",
    ),
    // RFC 6066 §9.
    (
        "tls-parameters-6",
        "certificate_unobtainable_RESERVED",
        "certificate_unobtainable",
    ),
    (
        "tls-parameters-6",
        "bad_certificate_hash_value_RESERVED",
        "bad_certificate_hash_value",
    ),
    // RFC 7627 §5.1.
    (
        "tls-extensiontype-values-1",
        "extended_main_secret",
        "extended_master_secret",
    ),
];

/// Table entries the registry does not list (csv, value, name).
const EXTRAS: &[(&str, u32, &str)] = &[
    // RFC 8446 §5.1: `invalid(0)`.
    ("tls-parameters-5", 0, "invalid"),
];

/// One registry under test: its CSV, its table and its inherent functions.
struct Registry<T: 'static> {
    csv: &'static str,
    known: &'static [T],
    name: fn(T) -> Option<&'static str>,
    from_name: fn(&str) -> Option<T>,
    is_grease: fn(T) -> bool,
    /// The GREASE values RFC 8701 reserves in this registry.
    grease: &'static [u32],
}

/// RFC 8701 §2: `0x0A0A`, `0x1A1A`, … `0xFAFA`.
const GREASE_U16: &[u32] = &[
    0x0a0a, 0x1a1a, 0x2a2a, 0x3a3a, 0x4a4a, 0x5a5a, 0x6a6a, 0x7a7a, 0x8a8a, 0x9a9a, 0xaaaa, 0xbaba,
    0xcaca, 0xdada, 0xeaea, 0xfafa,
];

/// RFC 8701 §2: `0x0B`, `0x2A`, `0x49`, `0x68`, `0x87`, `0xA6`, `0xC5`, `0xE4`.
const GREASE_PSK_MODES: &[u32] = &[0x0b, 0x2a, 0x49, 0x68, 0x87, 0xa6, 0xc5, 0xe4];

fn csv_text(csv: &str) -> String {
    let path = format!(
        "{}/../../testdata/iana/{csv}.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

/// The fields of one CSV line (RFC 4180 quoting: `"a,b"`, `""` for a quote inside quotes).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let field = fields.last_mut().unwrap();
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => field.push(c),
        }
    }
    fields
}

/// The assigned rows of a registry CSV as (value, name), with the registry's own spelling.
fn assigned_rows(csv: &str) -> Vec<(u32, String)> {
    let text = csv_text(csv);
    let mut rows = Vec::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let fields = csv_fields(line);
        let (value, name) = (fields[0].trim(), fields[1].trim());
        if value.contains('-') || value.contains('*') {
            continue;
        }
        if name.starts_with("Unassigned") || name.starts_with("Reserved") {
            continue;
        }
        let value = match value.split_once(',') {
            Some((high, low)) => {
                let byte = |s: &str| u32::from_str_radix(s.trim().trim_start_matches("0x"), 16);
                byte(high).unwrap() << 8 | byte(low).unwrap()
            }
            None => match value.strip_prefix("0x") {
                Some(hex) => u32::from_str_radix(hex, 16).unwrap(),
                None => value.parse().unwrap(),
            },
        };
        let name = match name.find(" (renamed from ") {
            Some(at) => &name[..at],
            None => name,
        };
        rows.push((value, name.to_owned()));
    }
    assert!(!rows.is_empty(), "{csv}.csv has no assigned rows");
    rows
}

fn our_name<'a>(csv: &str, registry_name: &'a str) -> &'a str {
    RENAMED
        .iter()
        .find(|(c, from, _)| *c == csv && *from == registry_name)
        .map_or(registry_name, |(_, _, to)| to)
}

/// Everything the tests check on one registry whose wire value is `R`.
fn check_registry<T, R>(registry: &Registry<T>)
where
    T: for<'a> Codec<'a> + Copy + Eq + Debug + Display + From<R> + Into<R>,
    R: Copy + Into<u32> + TryFrom<u32> + Debug,
    <R as TryFrom<u32>>::Error: Debug,
{
    let csv = registry.csv;
    let value_of = |x: T| -> u32 { x.into().into() };
    let from_value = |v: u32| T::from(R::try_from(v).unwrap());

    // Every assigned CSV row is in the table, under its registry or RFC name.
    let rows = assigned_rows(csv);
    for (value, registry_name) in &rows {
        let expected = our_name(csv, registry_name);
        assert_eq!(
            (registry.name)(from_value(*value)),
            Some(expected),
            "{csv}.csv value {value:#x} ({registry_name})"
        );
    }
    // Every table entry is a CSV row or a documented extra; nothing else.
    for &x in registry.known {
        let (value, name) = (value_of(x), (registry.name)(x).unwrap());
        let in_csv = rows
            .iter()
            .any(|(v, n)| *v == value && our_name(csv, n) == name);
        let extra = EXTRAS
            .iter()
            .any(|&(c, v, n)| c == csv && v == value && n == name);
        assert!(
            in_csv || extra,
            "{csv}: table entry {name} ({value:#x}) is not in the CSV"
        );
    }
    assert_eq!(
        registry.known.len(),
        rows.len() + EXTRAS.iter().filter(|(c, _, _)| *c == csv).count(),
        "{csv}: table and CSV differ in length"
    );

    // Round trips through the integer, the name and the encoding; Display is the name.
    for &x in registry.known {
        let name = (registry.name)(x).unwrap();
        assert_eq!(
            (registry.from_name)(name),
            Some(x),
            "{csv}: from_name({name})"
        );
        assert_eq!(
            from_value(value_of(x)),
            x,
            "{csv}: {name} through its integer"
        );
        assert_eq!(x.to_string(), name);
        assert_eq!(format!("{x:?}"), name);
        let bytes = x.to_vec();
        assert_eq!(bytes.len(), core::mem::size_of::<R>());
        assert_eq!(
            T::decode_exact(&bytes).unwrap(),
            x,
            "{csv}: {name} through its encoding"
        );
        assert!(
            !(registry.is_grease)(x),
            "{csv}: named value {name} reported as GREASE"
        );
    }
    assert_eq!((registry.from_name)("no_such_name"), None);

    // Every value of the registry's width: GREASE exactly where RFC 8701 puts it, and
    // unnamed values display as `unknown(0x..)` or `GREASE(0x..)`.
    let width = core::mem::size_of::<R>() * 2;
    let max = if width == 2 { 0xff } else { 0xffff };
    for value in 0..=max {
        let x = from_value(value);
        let grease = registry.grease.contains(&value);
        assert_eq!(
            (registry.is_grease)(x),
            grease,
            "{csv}: is_grease({value:#x})"
        );
        if (registry.name)(x).is_none() {
            let expected = if grease {
                format!("GREASE({value:#0w$x})", w = width + 2)
            } else {
                format!("unknown({value:#0w$x})", w = width + 2)
            };
            assert_eq!(x.to_string(), expected);
        }
    }
}

#[test]
fn cipher_suites_match_the_registry() {
    check_registry::<_, u16>(&Registry {
        csv: "tls-parameters-4",
        known: CipherSuite::KNOWN,
        name: CipherSuite::name,
        from_name: CipherSuite::from_name,
        is_grease: CipherSuite::is_grease,
        grease: GREASE_U16,
    });
}

#[test]
fn named_groups_match_the_registry() {
    check_registry::<_, u16>(&Registry {
        csv: "tls-parameters-8",
        known: NamedGroup::KNOWN,
        name: NamedGroup::name,
        from_name: NamedGroup::from_name,
        is_grease: NamedGroup::is_grease,
        grease: GREASE_U16,
    });
}

#[test]
fn signature_schemes_match_the_registry() {
    check_registry::<_, u16>(&Registry {
        csv: "tls-signaturescheme",
        known: SignatureScheme::KNOWN,
        name: SignatureScheme::name,
        from_name: SignatureScheme::from_name,
        is_grease: SignatureScheme::is_grease,
        grease: GREASE_U16,
    });
}

#[test]
fn extension_types_match_the_registry() {
    check_registry::<_, u16>(&Registry {
        csv: "tls-extensiontype-values-1",
        known: ExtensionType::KNOWN,
        name: ExtensionType::name,
        from_name: ExtensionType::from_name,
        is_grease: ExtensionType::is_grease,
        grease: GREASE_U16,
    });
}

#[test]
fn handshake_types_match_the_registry() {
    check_registry::<_, u8>(&Registry {
        csv: "tls-parameters-7",
        known: HandshakeType::KNOWN,
        name: HandshakeType::name,
        from_name: HandshakeType::from_name,
        is_grease: HandshakeType::is_grease,
        grease: &[],
    });
}

#[test]
fn alert_descriptions_match_the_registry() {
    check_registry::<_, u8>(&Registry {
        csv: "tls-parameters-6",
        known: AlertDescription::KNOWN,
        name: AlertDescription::name,
        from_name: AlertDescription::from_name,
        is_grease: AlertDescription::is_grease,
        grease: &[],
    });
}

#[test]
fn content_types_match_the_registry() {
    check_registry::<_, u8>(&Registry {
        csv: "tls-parameters-5",
        known: ContentType::KNOWN,
        name: ContentType::name,
        from_name: ContentType::from_name,
        is_grease: ContentType::is_grease,
        grease: &[],
    });
}

#[test]
fn psk_key_exchange_modes_match_the_registry() {
    check_registry::<_, u8>(&Registry {
        csv: "tls-pskkeyexchangemode",
        known: PskKeyExchangeMode::KNOWN,
        name: PskKeyExchangeMode::name,
        from_name: PskKeyExchangeMode::from_name,
        is_grease: PskKeyExchangeMode::is_grease,
        grease: GREASE_PSK_MODES,
    });
}

#[test]
fn ec_point_formats_match_the_registry() {
    check_registry::<_, u8>(&Registry {
        csv: "tls-parameters-9",
        known: ECPointFormat::KNOWN,
        name: ECPointFormat::name,
        from_name: ECPointFormat::from_name,
        is_grease: ECPointFormat::is_grease,
        grease: &[],
    });
}

#[test]
fn certificate_compression_algorithms_match_the_registry() {
    check_registry::<_, u16>(&Registry {
        csv: "tls-certificate-compression-algorithm-ids",
        known: CertificateCompressionAlgorithm::KNOWN,
        name: CertificateCompressionAlgorithm::name,
        from_name: CertificateCompressionAlgorithm::from_name,
        is_grease: CertificateCompressionAlgorithm::is_grease,
        grease: &[],
    });
}

#[test]
fn client_certificate_types_match_the_registry() {
    check_registry::<_, u8>(&Registry {
        csv: "tls-parameters-2",
        known: ClientCertificateType::KNOWN,
        name: ClientCertificateType::name,
        from_name: ClientCertificateType::from_name,
        is_grease: ClientCertificateType::is_grease,
        grease: &[],
    });
}

#[test]
fn ec_curve_types_match_the_registry() {
    check_registry::<_, u8>(&Registry {
        csv: "tls-parameters-10",
        known: ECCurveType::KNOWN,
        name: ECCurveType::name,
        from_name: ECCurveType::from_name,
        is_grease: ECCurveType::is_grease,
        grease: &[],
    });
}

#[test]
fn certificate_status_types_match_the_registry() {
    check_registry::<_, u8>(&Registry {
        csv: "certificate-status",
        known: CertificateStatusType::KNOWN,
        name: CertificateStatusType::name,
        from_name: CertificateStatusType::from_name,
        is_grease: CertificateStatusType::is_grease,
        grease: &[],
    });
}

#[test]
fn hash_algorithms_match_the_registry() {
    check_registry::<_, u8>(&Registry {
        csv: "tls-parameters-18",
        known: HashAlgorithm::KNOWN,
        name: HashAlgorithm::name,
        from_name: HashAlgorithm::from_name,
        is_grease: HashAlgorithm::is_grease,
        grease: &[],
    });
}

#[test]
fn signature_algorithms_match_the_registry() {
    check_registry::<_, u8>(&Registry {
        csv: "tls-parameters-16",
        known: SignatureAlgorithm::KNOWN,
        name: SignatureAlgorithm::name,
        from_name: SignatureAlgorithm::from_name,
        is_grease: SignatureAlgorithm::is_grease,
        grease: &[],
    });
}

#[test]
fn every_renamed_entry_uses_the_rfc_name() {
    assert_eq!(ExtensionType::EXTENDED_MASTER_SECRET.get(), 23);
    assert_eq!(ExtensionType::from_name("extended_main_secret"), None);
    assert_eq!(HandshakeType::HELLO_REQUEST.to_string(), "hello_request");
    assert_eq!(HandshakeType::SERVER_KEY_EXCHANGE.get(), 12);
    assert_eq!(HandshakeType::SERVER_HELLO_DONE.get(), 14);
    assert_eq!(HandshakeType::CLIENT_KEY_EXCHANGE.get(), 16);
    assert_eq!(HandshakeType::CERTIFICATE_STATUS.get(), 22);
    assert_eq!(AlertDescription::NO_RENEGOTIATION.get(), 100);
    assert_eq!(AlertDescription::DECOMPRESSION_FAILURE.get(), 30);
    assert_eq!(AlertDescription::CERTIFICATE_UNOBTAINABLE.get(), 111);
    assert_eq!(AlertDescription::BAD_CERTIFICATE_HASH_VALUE.get(), 114);
}

#[test]
fn rfc_reserved_spellings_are_kept() {
    // RFC 5246 §7.2 and §7.4.4 and RFC 8446 §B.3 spell these with the suffix themselves.
    assert_eq!(AlertDescription::DECRYPTION_FAILED_RESERVED.get(), 21);
    assert_eq!(AlertDescription::NO_CERTIFICATE_RESERVED.get(), 41);
    assert_eq!(AlertDescription::EXPORT_RESTRICTION_RESERVED.get(), 60);
    assert_eq!(HandshakeType::HELLO_RETRY_REQUEST_RESERVED.get(), 6);
    assert_eq!(ClientCertificateType::FORTEZZA_DMS_RESERVED.get(), 20);
    assert_eq!(CertificateStatusType::OCSP_MULTI_RESERVED.get(), 2);
}

#[test]
fn display_formats_unknown_and_grease_values() {
    assert_eq!(CipherSuite::from(0x0a0a).to_string(), "GREASE(0x0a0a)");
    assert_eq!(ExtensionType::from(0xfafa).to_string(), "GREASE(0xfafa)");
    assert_eq!(PskKeyExchangeMode::from(0x0b).to_string(), "GREASE(0x0b)");
    assert_eq!(NamedGroup::from(0x1234).to_string(), "unknown(0x1234)");
    assert_eq!(HandshakeType::from(7).to_string(), "unknown(0x07)");
    assert_eq!(
        CertificateCompressionAlgorithm::from(0x0a0a).to_string(),
        "unknown(0x0a0a)"
    );
    assert_eq!(
        CipherSuite::TLS_AES_128_GCM_SHA256.to_string(),
        "TLS_AES_128_GCM_SHA256"
    );
    assert_eq!(CipherSuite::TLS_AES_128_GCM_SHA256.get(), 0x1301);
}

#[test]
fn alert_level_and_protocol_version_tables_round_trip() {
    for &x in AlertLevel::KNOWN {
        assert_eq!(AlertLevel::from_name(x.name().unwrap()), Some(x));
        assert_eq!(AlertLevel::from(x.get()), x);
        assert!(!x.is_grease());
    }
    assert_eq!(AlertLevel::WARNING.get(), 1);
    assert_eq!(AlertLevel::FATAL.get(), 2);
    assert_eq!(AlertLevel::from(3).to_string(), "unknown(0x03)");
    for &x in ProtocolVersion::KNOWN {
        assert_eq!(ProtocolVersion::from_name(x.name().unwrap()), Some(x));
        assert_eq!(ProtocolVersion::from(x.get()), x);
    }
    assert!(ProtocolVersion::from(0x3a3a).is_grease());
}
