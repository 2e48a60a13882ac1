//! [`ExtensionContext`]: which message an extension block sits in. It fixes the bounds of the
//! block and which form each extension takes (the columns of the RFC 8446 §4.2 table).

use crate::codec::VecBounds;

/// Which message an extension block sits in: the columns of the RFC 8446 §4.2 table, with the
/// HelloRetryRequest told apart from the ServerHello (their `key_share` forms differ). The
/// table itself, which extension may appear in which message, is [`allowed_in`].
///
/// ```text
/// CH (ClientHello), SH (ServerHello), EE (EncryptedExtensions), CT (Certificate),
/// CR (CertificateRequest), NST (NewSessionTicket), and HRR (HelloRetryRequest)
/// ```
///
/// [`allowed_in`]: crate::extensions::allowed_in
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExtensionContext {
    /// A ClientHello (TLS 1.2 or 1.3): `CH`.
    ClientHello,
    /// A ServerHello (TLS 1.2 or 1.3), not a HelloRetryRequest: `SH`.
    ServerHello,
    /// A HelloRetryRequest: `HRR`.
    HelloRetryRequest,
    /// A TLS 1.3 EncryptedExtensions: `EE`.
    EncryptedExtensions,
    /// A TLS 1.3 CertificateEntry: `CT`.
    Certificate,
    /// A TLS 1.3 CertificateRequest: `CR`.
    CertificateRequest,
    /// A TLS 1.3 NewSessionTicket: `NST`.
    NewSessionTicket,
}

impl ExtensionContext {
    /// Every context, in the order of the RFC 8446 §4.2 table's legend.
    pub const ALL: [Self; 7] = [
        Self::ClientHello,
        Self::ServerHello,
        Self::HelloRetryRequest,
        Self::EncryptedExtensions,
        Self::Certificate,
        Self::CertificateRequest,
        Self::NewSessionTicket,
    ];

    /// The bounds of the extension block in this context, as the codec checks them.
    ///
    /// The hellos take `<0..2^16-1>`: one ClientHello (and ServerHello) type serves TLS 1.2 and
    /// 1.3, and a TLS 1.2 hello may carry an empty block (RFC 5246 §7.4.1.2). The TLS 1.3
    /// minimums, `Extension extensions<8..2^16-1>` in a ClientHello and `<6..2^16-1>` in a
    /// ServerHello, hold once the version is known, so the handshake checks them, not the codec.
    pub const fn bounds(self) -> VecBounds {
        match self {
            Self::ClientHello
            | Self::ServerHello
            | Self::HelloRetryRequest
            | Self::EncryptedExtensions
            | Self::Certificate => VecBounds::u16(0, 0xffff),
            // RFC 8446 §4.3.2: `Extension extensions<2..2^16-1>;`
            Self::CertificateRequest => VecBounds::u16(2, 0xffff),
            // RFC 8446 §4.6.1: `Extension extensions<0..2^16-2>;`
            Self::NewSessionTicket => VecBounds::u16(0, 0xfffe),
        }
    }

    /// The table's abbreviation for the message: `CH`, `SH`, `HRR`, `EE`, `CT`, `CR` or `NST`.
    pub const fn abbreviation(self) -> &'static str {
        match self {
            Self::ClientHello => "CH",
            Self::ServerHello => "SH",
            Self::HelloRetryRequest => "HRR",
            Self::EncryptedExtensions => "EE",
            Self::Certificate => "CT",
            Self::CertificateRequest => "CR",
            Self::NewSessionTicket => "NST",
        }
    }

    /// The RFC field holding the block, for errors.
    pub const fn field(self) -> &'static str {
        match self {
            Self::ClientHello => "ClientHello.extensions",
            Self::ServerHello => "ServerHello.extensions",
            Self::HelloRetryRequest => "HelloRetryRequest.extensions",
            Self::EncryptedExtensions => "EncryptedExtensions.extensions",
            Self::Certificate => "CertificateEntry.extensions",
            Self::CertificateRequest => "CertificateRequest.extensions",
            Self::NewSessionTicket => "NewSessionTicket.extensions",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificate_request_block_needs_one_extension_and_ticket_block_stops_short() {
        assert_eq!(ExtensionContext::CertificateRequest.bounds().min, 2);
        assert_eq!(ExtensionContext::NewSessionTicket.bounds().max, 0xfffe);
        assert_eq!(ExtensionContext::ClientHello.bounds().min, 0);
    }
}
