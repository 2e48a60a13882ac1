//! The registries `gen-iana` writes, and the decisions on names: where the tables follow an
//! RFC we implement rather than the 2026 registry.

/// Width of the wire value.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Repr {
    U8,
    U16,
}

impl Repr {
    pub(super) fn rust(self) -> &'static str {
        match self {
            Self::U8 => "u8",
            Self::U16 => "u16",
        }
    }

    pub(super) fn max(self) -> u32 {
        match self {
            Self::U8 => u32::from(u8::MAX),
            Self::U16 => u32::from(u16::MAX),
        }
    }

    /// The literal the table uses: decimal for one-byte registries (as the RFC enums write them,
    /// `client_hello(1)`), four hex digits for two-byte ones (`0x1301`).
    pub(super) fn literal(self, value: u32) -> String {
        match self {
            Self::U8 => value.to_string(),
            Self::U16 => format!("{value:#06x}"),
        }
    }
}

/// One registry to generate.
pub(super) struct Registry {
    /// CSV file name in `testdata/iana/`, without `.csv`.
    pub(super) csv: &'static str,
    /// Rust type name.
    pub(super) type_name: &'static str,
    /// Output module name (file `tables/<module>.rs`).
    pub(super) module: &'static str,
    pub(super) repr: Repr,
    /// Path of the GREASE predicate, if RFC 8701 reserves values in this registry.
    pub(super) grease: Option<&'static str>,
    /// The type's doc comment, one string per line.
    pub(super) doc: &'static [&'static str],
}

const GREASE_U16: Option<&str> = Some("crate::ids::is_grease_u16");

/// Every generated registry, in the order `tables/mod.rs` declares them.
pub(super) const REGISTRIES: &[Registry] = &[
    Registry {
        csv: "tls-parameters-5",
        type_name: "ContentType",
        module: "content_type",
        repr: Repr::U8,
        grease: None,
        doc: &[
            "TLS ContentType (IANA \"TLS ContentType\"). RFC 8446 §5.1:",
            "",
            "```text",
            "enum {",
            "    invalid(0),",
            "    change_cipher_spec(20),",
            "    alert(21),",
            "    handshake(22),",
            "    application_data(23),",
            "    (255)",
            "} ContentType;",
            "```",
        ],
    },
    Registry {
        csv: "tls-parameters-6",
        type_name: "AlertDescription",
        module: "alert_description",
        repr: Repr::U8,
        grease: None,
        doc: &[
            "TLS AlertDescription (IANA \"TLS Alerts\"). RFC 8446 §6 / RFC 5246 §7.2:",
            "`enum { close_notify(0), ..., (255) } AlertDescription;`",
        ],
    },
    Registry {
        csv: "tls-parameters-7",
        type_name: "HandshakeType",
        module: "handshake_type",
        repr: Repr::U8,
        grease: None,
        doc: &[
            "TLS HandshakeType (IANA \"TLS HandshakeType\"). RFC 8446 §4 / RFC 5246 §7.4:",
            "`enum { client_hello(1), ..., (255) } HandshakeType;`",
        ],
    },
    Registry {
        csv: "tls-parameters-4",
        type_name: "CipherSuite",
        module: "cipher_suite",
        repr: Repr::U16,
        grease: GREASE_U16,
        doc: &[
            "TLS CipherSuite (IANA \"TLS Cipher Suites\"). RFC 8446 §4.1.2:",
            "`uint8 CipherSuite[2];    /* Cryptographic suite selector */`",
        ],
    },
    Registry {
        csv: "tls-parameters-8",
        type_name: "NamedGroup",
        module: "named_group",
        repr: Repr::U16,
        grease: GREASE_U16,
        doc: &[
            "TLS NamedGroup (IANA \"TLS Supported Groups\"; RFC 8422 calls it NamedCurve).",
            "RFC 8446 §4.2.7: `enum { ..., (0xFFFF) } NamedGroup;`",
        ],
    },
    Registry {
        csv: "tls-signaturescheme",
        type_name: "SignatureScheme",
        module: "signature_scheme",
        repr: Repr::U16,
        grease: GREASE_U16,
        doc: &[
            "TLS SignatureScheme (IANA \"TLS SignatureScheme\").",
            "RFC 8446 §4.2.3: `enum { ..., (0xFFFF) } SignatureScheme;`",
        ],
    },
    Registry {
        csv: "tls-extensiontype-values-1",
        type_name: "ExtensionType",
        module: "extension_type",
        repr: Repr::U16,
        grease: GREASE_U16,
        doc: &[
            "TLS ExtensionType (IANA \"TLS ExtensionType Values\").",
            "RFC 8446 §4.2: `enum { ..., (65535) } ExtensionType;`",
        ],
    },
    Registry {
        csv: "tls-pskkeyexchangemode",
        type_name: "PskKeyExchangeMode",
        module: "psk_key_exchange_mode",
        repr: Repr::U8,
        grease: Some("crate::ids::is_grease_u8_psk_mode"),
        doc: &[
            "TLS PskKeyExchangeMode (IANA \"TLS PskKeyExchangeMode\").",
            "RFC 8446 §4.2.9: `enum { psk_ke(0), psk_dhe_ke(1), (255) } PskKeyExchangeMode;`",
        ],
    },
    Registry {
        csv: "tls-parameters-9",
        type_name: "ECPointFormat",
        module: "ec_point_format",
        repr: Repr::U8,
        grease: None,
        doc: &[
            "TLS ECPointFormat (IANA \"TLS EC Point Formats\"). RFC 8422 §5.1.2:",
            "`enum { uncompressed (0), deprecated (1..2), reserved (248..255) } ECPointFormat;`",
        ],
    },
    Registry {
        csv: "tls-certificate-compression-algorithm-ids",
        type_name: "CertificateCompressionAlgorithm",
        module: "certificate_compression_algorithm",
        repr: Repr::U16,
        grease: None,
        doc: &[
            "TLS CertificateCompressionAlgorithm (IANA \"TLS Certificate Compression Algorithm",
            "IDs\"). RFC 8879 §3: `enum { zlib(1), brotli(2), zstd(3), (65535) }",
            "CertificateCompressionAlgorithm;`",
        ],
    },
    Registry {
        csv: "tls-parameters-2",
        type_name: "ClientCertificateType",
        module: "client_certificate_type",
        repr: Repr::U8,
        grease: None,
        doc: &[
            "TLS 1.2 ClientCertificateType (IANA \"TLS ClientCertificateType Identifiers\").",
            "RFC 5246 §7.4.4: `enum { rsa_sign(1), ..., (255) } ClientCertificateType;`",
        ],
    },
    Registry {
        csv: "tls-parameters-10",
        type_name: "ECCurveType",
        module: "ec_curve_type",
        repr: Repr::U8,
        grease: None,
        doc: &[
            "TLS 1.2 ECCurveType (IANA \"TLS EC Curve Types\"). RFC 8422 §5.4:",
            "`enum { deprecated (1..2), named_curve (3), reserved(248..255) } ECCurveType;`",
        ],
    },
    Registry {
        csv: "certificate-status",
        type_name: "CertificateStatusType",
        module: "certificate_status_type",
        repr: Repr::U8,
        grease: None,
        doc: &[
            "TLS CertificateStatusType (IANA \"TLS Certificate Status Types\").",
            "RFC 6066 §8: `enum { ocsp(1), (255) } CertificateStatusType;`",
        ],
    },
    Registry {
        csv: "tls-parameters-18",
        type_name: "HashAlgorithm",
        module: "hash_algorithm",
        repr: Repr::U8,
        grease: None,
        doc: &[
            "TLS 1.2 HashAlgorithm (IANA \"TLS HashAlgorithm\"). RFC 5246 §7.4.1.4.1:",
            "`enum { none(0), md5(1), sha1(2), sha224(3), sha256(4), sha384(5), sha512(6), (255) }",
            "HashAlgorithm;`",
        ],
    },
    Registry {
        csv: "tls-parameters-16",
        type_name: "SignatureAlgorithm",
        module: "signature_algorithm",
        repr: Repr::U8,
        grease: None,
        doc: &[
            "TLS 1.2 SignatureAlgorithm (IANA \"TLS SignatureAlgorithm\"). RFC 5246 §7.4.1.4.1:",
            "`enum { anonymous(0), rsa(1), dsa(2), ecdsa(3), (255) } SignatureAlgorithm;`",
        ],
    },
];

/// One rename: in registry `csv`, the row the registry calls `registry_name` is named
/// `our_name`, as the RFC in `source` names it.
pub(super) struct Rename {
    pub(super) csv: &'static str,
    pub(super) registry_name: &'static str,
    pub(super) our_name: &'static str,
    pub(super) source: &'static str,
}

/// The 2026 registry's spellings (RFC 9846 / RFC 9847 renames and `_RESERVED` markings) mapped
/// back to the names of the RFCs we implement. Every entry must match a row, so the table cannot
/// go stale silently.
pub(super) const RENAMES: &[Rename] = &[
    Rename {
        csv: "tls-parameters-7",
        registry_name: "hello_request_RESERVED",
        our_name: "hello_request",
        source: "RFC 5246 §7.4",
    },
    Rename {
        csv: "tls-parameters-7",
        registry_name: "hello_verify_request_RESERVED",
        our_name: "hello_verify_request",
        source: "RFC 6347 §4.3.2",
    },
    Rename {
        csv: "tls-parameters-7",
        registry_name: "server_key_exchange_RESERVED",
        our_name: "server_key_exchange",
        source: "RFC 5246 §7.4",
    },
    Rename {
        csv: "tls-parameters-7",
        registry_name: "server_hello_done_RESERVED",
        our_name: "server_hello_done",
        source: "RFC 5246 §7.4",
    },
    Rename {
        csv: "tls-parameters-7",
        registry_name: "client_key_exchange_RESERVED",
        our_name: "client_key_exchange",
        source: "RFC 5246 §7.4",
    },
    Rename {
        csv: "tls-parameters-7",
        registry_name: "certificate_url_RESERVED",
        our_name: "certificate_url",
        source: "RFC 6066 §2",
    },
    Rename {
        csv: "tls-parameters-7",
        registry_name: "certificate_status_RESERVED",
        our_name: "certificate_status",
        source: "RFC 6066 §2",
    },
    Rename {
        csv: "tls-parameters-7",
        registry_name: "supplemental_data_RESERVED",
        our_name: "supplemental_data",
        source: "RFC 4680 §2",
    },
    Rename {
        csv: "tls-parameters-6",
        registry_name: "decompression_failure_RESERVED",
        our_name: "decompression_failure",
        source: "RFC 5246 §7.2",
    },
    Rename {
        csv: "tls-parameters-6",
        registry_name: "no_renegotiation_RESERVED",
        our_name: "no_renegotiation",
        source: "RFC 5246 §7.2",
    },
    Rename {
        csv: "tls-parameters-6",
        registry_name: "certificate_unobtainable_RESERVED",
        our_name: "certificate_unobtainable",
        source: "RFC 6066 §9",
    },
    Rename {
        csv: "tls-parameters-6",
        registry_name: "bad_certificate_hash_value_RESERVED",
        our_name: "bad_certificate_hash_value",
        source: "RFC 6066 §9",
    },
    Rename {
        csv: "tls-extensiontype-values-1",
        registry_name: "extended_main_secret",
        our_name: "extended_master_secret",
        source: "RFC 7627 §5.1",
    },
];

/// A name ending in `_RESERVED` that stays as it is: `source` itself spells it so.
pub(super) struct Keep {
    pub(super) csv: &'static str,
    pub(super) name: &'static str,
    pub(super) source: &'static str,
}

/// Names ending in `_RESERVED` that stay as they are, with the RFC that itself spells them so.
pub(super) const KEEP_RESERVED: &[Keep] = &[
    // Value 6 was HelloRetryRequest's type only in TLS 1.3 drafts (up to
    // draft-ietf-tls-tls13-21); no published RFC uses it as a message type, and RFC 8446 lists it
    // only as `hello_retry_request_RESERVED(6)`.
    Keep {
        csv: "tls-parameters-7",
        name: "hello_retry_request_RESERVED",
        source: "RFC 8446 §B.3",
    },
    Keep {
        csv: "tls-parameters-6",
        name: "decryption_failed_RESERVED",
        source: "RFC 5246 §7.2",
    },
    Keep {
        csv: "tls-parameters-6",
        name: "no_certificate_RESERVED",
        source: "RFC 5246 §7.2",
    },
    Keep {
        csv: "tls-parameters-6",
        name: "export_restriction_RESERVED",
        source: "RFC 5246 §7.2",
    },
    Keep {
        csv: "tls-parameters-2",
        name: "rsa_ephemeral_dh_RESERVED",
        source: "RFC 5246 §7.4.4",
    },
    Keep {
        csv: "tls-parameters-2",
        name: "dss_ephemeral_dh_RESERVED",
        source: "RFC 5246 §7.4.4",
    },
    Keep {
        csv: "tls-parameters-2",
        name: "fortezza_dms_RESERVED",
        source: "RFC 5246 §7.4.4",
    },
    // RFC 6961 named it `ocsp_multi`, but RFC 8446 obsoletes RFC 6961 and its §11 renamed the
    // value; we implement neither RFC 6961 nor `status_request_v2`.
    Keep {
        csv: "certificate-status",
        name: "ocsp_multi_RESERVED",
        source: "RFC 8446 §11",
    },
];

/// A value an RFC we implement defines but the IANA registry does not list.
pub(super) struct Extra {
    pub(super) csv: &'static str,
    pub(super) name: &'static str,
    pub(super) value: u32,
    pub(super) source: &'static str,
}

/// Values the RFCs define outside the registry, added to the table in value order.
pub(super) const EXTRAS: &[Extra] = &[Extra {
    csv: "tls-parameters-5",
    name: "invalid",
    value: 0,
    source: "RFC 8446 §5.1",
}];
