//! ServerHello and HelloRetryRequest: one `server_hello` message type, told apart by the random.

use crate::codec::{Codec, IntoOwned, Reader, Writer};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::extensions::{ExtensionContext, Extensions};
use crate::handshake::client_hello::decode_optional_extensions;
use crate::handshake::{HandshakePayload, Random, SessionId};
use crate::ids::{CipherSuite, ProtocolVersion};

/// The random that makes a `server_hello` a HelloRetryRequest: SHA-256 of
/// `"HelloRetryRequest"`.
//= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.3
//# For reasons of backward compatibility with middleboxes (see
//# Appendix D.4), the HelloRetryRequest message uses the same structure
//# as the ServerHello, but with Random set to the special value of the
//# SHA-256 of "HelloRetryRequest":
//#
//#   CF 21 AD 74 E5 9A 61 11 BE 1D 8C 02 1E 65 B8 91
//#   C2 A2 11 16 7A BB 8C 5E 07 9E 09 E2 C8 A8 33 9C
pub const HELLO_RETRY_REQUEST_RANDOM: Random = [
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

/// The last 8 bytes of a TLS 1.3-capable server's random when it negotiates TLS 1.2
/// (RFC 8446 §4.1.3: `44 4F 57 4E 47 52 44 01`).
pub const DOWNGRADE_TLS12_RANDOM_TAIL: [u8; 8] = *b"DOWNGRD\x01";

/// The last 8 bytes of a TLS 1.3- or 1.2-capable server's random when it negotiates TLS 1.1 or
/// below (RFC 8446 §4.1.3: `44 4F 57 4E 47 52 44 00`).
pub const DOWNGRADE_TLS11_RANDOM_TAIL: [u8; 8] = *b"DOWNGRD\x00";

/// Decodes a `server_hello` body, which is all of `r`: a [`HelloRetryRequest`] if its random is
/// [`HELLO_RETRY_REQUEST_RANDOM`], a [`ServerHello`] otherwise.
//= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.3
//# Upon receiving a message with type server_hello, implementations MUST
//# first examine the Random value and, if it matches this value, process
//# it as described in Section 4.1.4).
pub(super) fn decode_server_hello_message<'a>(
    r: &mut Reader<'a>,
) -> Result<HandshakePayload<'a>, DecodeError> {
    // The random follows the two-byte legacy_version; a body too short to hold it fails in
    // ServerHello::decode with the field named.
    if r.peek_rest().get(2..34) == Some(&HELLO_RETRY_REQUEST_RANDOM[..]) {
        HelloRetryRequest::decode(r).map(HandshakePayload::HelloRetryRequest)
    } else {
        ServerHello::decode(r).map(HandshakePayload::ServerHello)
    }
}

/// The ServerHello (RFC 8446 §4.1.3; RFC 5246 §7.4.1.3 gives TLS 1.2 the same wire form, with
/// an optional extensions block).
///
/// ```text
/// struct {
///     ProtocolVersion legacy_version = 0x0303;    /* TLS v1.2 */
///     Random random;
///     opaque legacy_session_id_echo<0..32>;
///     CipherSuite cipher_suite;
///     uint8 legacy_compression_method = 0;
///     Extension extensions<6..2^16-1>;
/// } ServerHello;
/// ```
///
/// `extensions` is `None` when no byte follows the compression method (TLS 1.2's
/// `extensions_present` false), `Some` (possibly empty) otherwise; both round-trip. The
/// [`Codec`] impl decodes a whole message body and refuses a body whose random is
/// [`HELLO_RETRY_REQUEST_RANDOM`]: that is a [`HelloRetryRequest`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerHello<'a> {
    /// `legacy_version` (`server_version` in TLS 1.2).
    pub legacy_version: ProtocolVersion,
    /// `random`; never [`HELLO_RETRY_REQUEST_RANDOM`] in a decoded value.
    pub random: Random,
    /// `legacy_session_id_echo` (`session_id` in TLS 1.2).
    pub legacy_session_id_echo: SessionId<'a>,
    /// `cipher_suite`.
    pub cipher_suite: CipherSuite,
    /// `legacy_compression_method` (`compression_method` in TLS 1.2).
    pub legacy_compression_method: u8,
    /// `extensions`: `None` when the block is absent; a block of
    /// [`ExtensionContext::ServerHello`].
    pub extensions: Option<Extensions<'a>>,
}

impl<'a> Codec<'a> for ServerHello<'a> {
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let legacy_version = ProtocolVersion::from(r.u16("ServerHello.legacy_version")?);
        let at = r.offset();
        let random: Random = r.array("ServerHello.random")?;
        if random == HELLO_RETRY_REQUEST_RANDOM {
            return Err(hello_retry_request_random_error(
                at,
                "ServerHello.random",
                &random,
            ));
        }
        Ok(Self {
            legacy_version,
            random,
            legacy_session_id_echo: SessionId::decode_named(
                r,
                "ServerHello.legacy_session_id_echo",
            )?,
            cipher_suite: CipherSuite::from(r.u16("ServerHello.cipher_suite")?),
            legacy_compression_method: r.u8("ServerHello.legacy_compression_method")?,
            extensions: decode_optional_extensions(r, ExtensionContext::ServerHello)?,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.legacy_version.encode(out);
        out.put_bytes(&self.random);
        self.legacy_session_id_echo.encode(out);
        self.cipher_suite.encode(out);
        out.put_u8(self.legacy_compression_method);
        if let Some(extensions) = &self.extensions {
            extensions.encode(out);
        }
    }
}

impl IntoOwned for ServerHello<'_> {
    type Owned = ServerHello<'static>;

    fn into_owned(self) -> Self::Owned {
        ServerHello {
            legacy_version: self.legacy_version,
            random: self.random,
            legacy_session_id_echo: self.legacy_session_id_echo.into_owned(),
            cipher_suite: self.cipher_suite,
            legacy_compression_method: self.legacy_compression_method,
            extensions: self.extensions.map(IntoOwned::into_owned),
        }
    }
}

/// The HelloRetryRequest (RFC 8446 §4.1.4): a ServerHello structure whose random is
/// [`HELLO_RETRY_REQUEST_RANDOM`], so the random is not stored.
///
/// ```text
/// struct {
///     ProtocolVersion legacy_version = 0x0303;    /* TLS v1.2 */
///     Random random;                              /* HELLO_RETRY_REQUEST_RANDOM */
///     opaque legacy_session_id_echo<0..32>;
///     CipherSuite cipher_suite;
///     uint8 legacy_compression_method = 0;
///     Extension extensions<6..2^16-1>;
/// } ServerHello;
/// ```
///
/// HelloRetryRequest exists only in TLS 1.3, where the extensions block is not optional, so a
/// body that ends after the compression method is refused. Its extensions decode with
/// [`ExtensionContext::HelloRetryRequest`] (where `key_share` is a bare `selected_group`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelloRetryRequest<'a> {
    /// `legacy_version`.
    pub legacy_version: ProtocolVersion,
    /// `legacy_session_id_echo`.
    pub legacy_session_id_echo: SessionId<'a>,
    /// `cipher_suite`.
    pub cipher_suite: CipherSuite,
    /// `legacy_compression_method`.
    pub legacy_compression_method: u8,
    /// `extensions`, a block of [`ExtensionContext::HelloRetryRequest`].
    pub extensions: Extensions<'a>,
}

impl<'a> Codec<'a> for HelloRetryRequest<'a> {
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let legacy_version = ProtocolVersion::from(r.u16("HelloRetryRequest.legacy_version")?);
        let at = r.offset();
        let random: Random = r.array("HelloRetryRequest.random")?;
        if random != HELLO_RETRY_REQUEST_RANDOM {
            return Err(hello_retry_request_random_error(
                at,
                "HelloRetryRequest.random",
                &random,
            ));
        }
        Ok(Self {
            legacy_version,
            legacy_session_id_echo: SessionId::decode_named(
                r,
                "HelloRetryRequest.legacy_session_id_echo",
            )?,
            cipher_suite: CipherSuite::from(r.u16("HelloRetryRequest.cipher_suite")?),
            legacy_compression_method: r.u8("HelloRetryRequest.legacy_compression_method")?,
            extensions: Extensions::decode(r, ExtensionContext::HelloRetryRequest)?,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.legacy_version.encode(out);
        out.put_bytes(&HELLO_RETRY_REQUEST_RANDOM);
        self.legacy_session_id_echo.encode(out);
        self.cipher_suite.encode(out);
        out.put_u8(self.legacy_compression_method);
        self.extensions.encode(out);
    }
}

impl IntoOwned for HelloRetryRequest<'_> {
    type Owned = HelloRetryRequest<'static>;

    fn into_owned(self) -> Self::Owned {
        HelloRetryRequest {
            legacy_version: self.legacy_version,
            legacy_session_id_echo: self.legacy_session_id_echo.into_owned(),
            cipher_suite: self.cipher_suite,
            legacy_compression_method: self.legacy_compression_method,
            extensions: self.extensions.into_owned(),
        }
    }
}

/// The random decides which of the two structures a body is, so decoding it as the other is
/// an illegal value; the error carries the random's first four bytes. Only a caller that picks
/// the type itself gets here: [`HandshakeMessage::decode`](super::HandshakeMessage::decode)
/// looks at the random first.
fn hello_retry_request_random_error(at: usize, what: &'static str, random: &Random) -> DecodeError {
    let [a, b, c, d, ..] = *random;
    DecodeError::new(
        DecodeErrorKind::IllegalValue {
            value: u32::from_be_bytes([a, b, c, d]),
        },
        what,
        at,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handshake::test_support::{assert_all, frame};
    use crate::handshake::{HandshakeMessage, NegotiatedVersion};
    use crate::ids::ExtensionType;

    /// rfc8448-vectors.json, simple-1rtt, server `construct a ServerHello handshake message`.
    const RFC8448_SERVER_HELLO: &str = "020000560303a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e2692800130100002e00330024001d0020c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f002b00020304";

    /// rfc8448-vectors.json, hrr, the server's first `construct a ServerHello handshake
    /// message`: the HelloRetryRequest (key_share selected_group secp256r1, and a cookie).
    const RFC8448_HELLO_RETRY_REQUEST: &str = "020000ac0303cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c001301000084003300020017002c0074007271dcd04bb88bc3189119398a00000000eefafc76c146b823b096f8aacad365dd0030953f4edf625636e5f21bb2e23fcc654b1b5b40318d10d137abcbb87574e36e8a1f025f7dfa5d6e50781b5eda4aa15b0c8be778257d16aa3030e9e7841dd9e4c0342267e8ca0caf571fb2b7cff0f934b0002b00020304";

    /// openssl-captures.json, tls12-ecdhe-ecdsa-aes128-gcm-sha256, s2c record 1: a TLS 1.2
    /// ServerHello (renegotiation_info, ec_point_formats, session_ticket, extended_master_secret).
    const OPENSSL_TLS12_SERVER_HELLO: &str = "0200003d03033b3ae4b48b09ff0c1788aa02f85756dc312202820f2c3b43a0851b5f8f145e7a00c02b000015ff01000100000b0004030001020023000000170000";

    #[test]
    fn decodes_rfc8448_server_hello() {
        let bytes = hex::decode(RFC8448_SERVER_HELLO).unwrap();
        let message = assert_all(&bytes, NegotiatedVersion::NotYet);
        let HandshakePayload::ServerHello(hello) = message.payload() else {
            panic!()
        };
        assert_eq!(hello.legacy_version, ProtocolVersion::TLSV1_2);
        assert_eq!(hello.random[..2], [0xa6, 0xaf]);
        assert_eq!(hello.cipher_suite, CipherSuite::TLS_AES_128_GCM_SHA256);
        assert_eq!(hello.legacy_compression_method, 0);
        let extensions = hello.extensions.as_ref().unwrap();
        assert!(extensions.find(ExtensionType::KEY_SHARE).is_some());
        assert!(extensions.find(ExtensionType::SUPPORTED_VERSIONS).is_some());
    }

    #[test]
    fn recognises_rfc8448_hello_retry_request_by_its_random() {
        let bytes = hex::decode(RFC8448_HELLO_RETRY_REQUEST).unwrap();
        for version in [
            NegotiatedVersion::NotYet,
            NegotiatedVersion::Tls12,
            NegotiatedVersion::Tls13,
        ] {
            let message = assert_all(&bytes, version);
            let HandshakePayload::HelloRetryRequest(hrr) = message.payload() else {
                panic!()
            };
            assert_eq!(hrr.cipher_suite, CipherSuite::TLS_AES_128_GCM_SHA256);
            assert!(hrr.extensions.find(ExtensionType::COOKIE).is_some());
        }
    }

    #[test]
    fn decodes_openssl_tls12_server_hello() {
        let bytes = hex::decode(OPENSSL_TLS12_SERVER_HELLO).unwrap();
        let message = assert_all(&bytes, NegotiatedVersion::NotYet);
        let HandshakePayload::ServerHello(hello) = message.payload() else {
            panic!()
        };
        assert_eq!(
            hello.cipher_suite,
            CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
        );
        assert_eq!(hello.extensions.as_ref().unwrap().len(), 4);
    }

    #[test]
    fn absent_and_empty_extensions_both_round_trip() {
        let bytes = hex::decode(OPENSSL_TLS12_SERVER_HELLO).unwrap();
        // Cut before the extensions block: 2 + 32 + 1 + 0 + 2 + 1 body bytes.
        let absent = frame(2, &bytes[4..4 + 38]);
        let message = assert_all(&absent, NegotiatedVersion::Tls12);
        let HandshakePayload::ServerHello(hello) = message.payload() else {
            panic!()
        };
        assert!(hello.extensions.is_none());

        let mut body = bytes[4..4 + 38].to_vec();
        body.extend_from_slice(&[0, 0]);
        let empty = frame(2, &body);
        let message = assert_all(&empty, NegotiatedVersion::Tls12);
        let HandshakePayload::ServerHello(hello) = message.payload() else {
            panic!()
        };
        assert!(hello.extensions.as_ref().is_some_and(Extensions::is_empty));
    }

    #[test]
    fn rejects_hello_retry_request_without_extensions() {
        let bytes = hex::decode(RFC8448_HELLO_RETRY_REQUEST).unwrap();
        let cut = frame(2, &bytes[4..4 + 38]);
        let err = HandshakeMessage::decode(&cut, NegotiatedVersion::NotYet).unwrap_err();
        assert!(
            matches!(err.kind(), DecodeErrorKind::Truncated { .. }),
            "{err}"
        );
    }

    #[test]
    fn rejects_hello_retry_request_with_a_server_hello_key_share() {
        // The HRR random in front of the RFC 8448 ServerHello: its key_share carries a whole
        // KeyShareEntry, where a HelloRetryRequest has only selected_group.
        let mut bytes = hex::decode(RFC8448_SERVER_HELLO).unwrap();
        bytes[6..38].copy_from_slice(&HELLO_RETRY_REQUEST_RANDOM);
        // The block's framing holds, so the message decodes; the key_share is refused when
        // read, as a HelloRetryRequest's.
        let message = HandshakeMessage::decode(&bytes, NegotiatedVersion::NotYet).unwrap();
        let HandshakePayload::HelloRetryRequest(hrr) = message.payload() else {
            panic!("the HRR random makes a HelloRetryRequest")
        };
        let err = hrr.extensions.key_share_hello_retry_request().unwrap_err();
        assert!(
            matches!(err.kind(), DecodeErrorKind::TrailingBytes { .. }),
            "{err}"
        );
    }

    #[test]
    fn rejects_each_random_as_the_other_structure() {
        let hrr = hex::decode(RFC8448_HELLO_RETRY_REQUEST).unwrap();
        let err = ServerHello::decode_exact(&hrr[4..]).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::IllegalValue { value: 0xcf21_ad74 }
        );
        assert_eq!((err.what(), err.offset()), ("ServerHello.random", 2));

        let sh = hex::decode(RFC8448_SERVER_HELLO).unwrap();
        let err = HelloRetryRequest::decode_exact(&sh[4..]).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::IllegalValue { value: 0xa6af_06a4 }
        );
    }

    #[test]
    fn into_owned_outlives_the_input() {
        let bytes = hex::decode(RFC8448_HELLO_RETRY_REQUEST).unwrap();
        let hrr = HelloRetryRequest::decode_exact(&bytes[4..]).unwrap();
        let expected = hrr.to_vec();
        let owned: HelloRetryRequest<'static> = hrr.into_owned();
        drop(bytes);
        assert_eq!(owned.to_vec(), expected);
    }
}
