//! ProtocolVersion. IANA keeps no registry file for it, so the table is written here from the
//! RFCs: RFC 6101 (SSL 3.0), RFC 2246, 4346, 5246 and 8446 (TLS 1.0-1.3).

registry! {
    /// RFC 8446 §4.1.2: `uint16 ProtocolVersion;` (`legacy_version`, `supported_versions`, the
    /// record layer's `legacy_record_version`).
    pub struct ProtocolVersion(u16) grease(super::is_grease_u16);
    SSLV3 = 0x0300 => "SSLv3",
    TLSV1_0 = 0x0301 => "TLSv1.0",
    TLSV1_1 = 0x0302 => "TLSv1.1",
    TLSV1_2 = 0x0303 => "TLSv1.2",
    TLSV1_3 = 0x0304 => "TLSv1.3",
}
