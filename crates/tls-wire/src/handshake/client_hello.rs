//! ClientHello: one wire form for TLS 1.2 and 1.3, whose extensions block may be absent.

use crate::codec::{Codec, IntoOwned, List, Opaque, Reader, Writer};
use crate::error::DecodeError;
use crate::extensions::{Extension, ExtensionContext, Extensions, OfferedPsks};
use crate::ids::{CipherSuite, ProtocolVersion};

/// RFC 8446 §4.1.2: `opaque Random[32];`
pub type Random = [u8; 32];

/// RFC 8446 §4.1.2: `opaque legacy_session_id<0..32>;` (and §4.1.3's
/// `legacy_session_id_echo<0..32>`).
pub type SessionId<'a> = Opaque<'a, 1, 0, 32>;

/// RFC 8446 §4.1.2: `CipherSuite cipher_suites<2..2^16-2>;`
pub type CipherSuites = List<CipherSuite, 2, 2, 0xfffe>;

/// RFC 8446 §4.1.2: `opaque legacy_compression_methods<1..2^8-1>;`
pub type CompressionMethods<'a> = Opaque<'a, 1, 1, 0xff>;

/// The ClientHello (RFC 8446 §4.1.2; RFC 5246 §7.4.1.2 gives TLS 1.2 the same wire form under
/// other field names).
///
/// ```text
/// struct {
///     ProtocolVersion legacy_version = 0x0303;    /* TLS v1.2 */
///     Random random;
///     opaque legacy_session_id<0..32>;
///     CipherSuite cipher_suites<2..2^16-2>;
///     opaque legacy_compression_methods<1..2^8-1>;
///     Extension extensions<8..2^16-1>;
/// } ClientHello;
/// ```
///
/// RFC 5246 makes the extensions block optional (`select (extensions_present)`), and a TLS 1.3
/// server still meets such hellos before it knows the version, so `extensions` is an `Option`:
/// `None` when no byte follows the compression methods, `Some` (possibly empty) when a block is
/// there. Both forms round-trip. Whether a TLS 1.3 hello has the extensions it needs is the
/// handshake layer's check.
///
/// The [`Codec`] impl decodes a whole message body: "extensions present" means "bytes left in
/// the reader", so the reader must end where the body ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientHello<'a> {
    /// `legacy_version` (`client_version` in TLS 1.2).
    pub legacy_version: ProtocolVersion,
    /// `random`.
    pub random: Random,
    /// `legacy_session_id` (`session_id` in TLS 1.2).
    pub legacy_session_id: SessionId<'a>,
    /// `cipher_suites`, in the client's order of preference.
    pub cipher_suites: CipherSuites,
    /// `legacy_compression_methods` (`compression_methods` in TLS 1.2).
    pub legacy_compression_methods: CompressionMethods<'a>,
    /// `extensions`: `None` when the block is absent; a block of
    /// [`ExtensionContext::ClientHello`].
    pub extensions: Option<Extensions<'a>>,
}

impl<'a> ClientHello<'a> {
    /// The offered PSKs, if the last extension is `pre_shared_key` (decoding refuses a
    /// ClientHello where it is anywhere else), decoded strictly.
    pub fn pre_shared_key(&self) -> Result<Option<OfferedPsks<'_>>, DecodeError> {
        let Some(last) = self.extensions.as_ref().and_then(Extensions::last) else {
            return Ok(None);
        };
        match last.decode()? {
            Extension::PreSharedKey(offered) => Ok(Some(offered)),
            _ => Ok(None),
        }
    }
}

impl<'a> Codec<'a> for ClientHello<'a> {
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            legacy_version: ProtocolVersion::from(r.u16("ClientHello.legacy_version")?),
            random: r.array("ClientHello.random")?,
            legacy_session_id: SessionId::decode_named(r, "ClientHello.legacy_session_id")?,
            cipher_suites: CipherSuites::decode_named(r, "ClientHello.cipher_suites")?,
            legacy_compression_methods: CompressionMethods::decode_named(
                r,
                "ClientHello.legacy_compression_methods",
            )?,
            extensions: decode_optional_extensions(r, ExtensionContext::ClientHello)?,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.legacy_version.encode(out);
        out.put_bytes(&self.random);
        self.legacy_session_id.encode(out);
        self.cipher_suites.encode(out);
        self.legacy_compression_methods.encode(out);
        if let Some(extensions) = &self.extensions {
            extensions.encode(out);
        }
    }
}

/// The extensions block that ends a hello: absent if the body has no byte left, otherwise a
/// whole block (the caller then checks that nothing follows it). RFC 5246 §7.4.1.2: "The
/// presence of extensions can be detected by determining whether there are bytes following the
/// compression_methods at the end of the ClientHello."
//= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2
//# If negotiating a version of TLS prior to 1.3,
//# a server MUST check that the message either contains no data after
//# legacy_compression_methods or that it contains a valid extensions
//# block with no data following.
pub(super) fn decode_optional_extensions<'a>(
    r: &mut Reader<'a>,
    context: ExtensionContext,
) -> Result<Option<Extensions<'a>>, DecodeError> {
    if r.is_empty() {
        Ok(None)
    } else {
        Extensions::decode(r, context).map(Some)
    }
}

impl IntoOwned for ClientHello<'_> {
    type Owned = ClientHello<'static>;

    fn into_owned(self) -> Self::Owned {
        ClientHello {
            legacy_version: self.legacy_version,
            random: self.random,
            legacy_session_id: self.legacy_session_id.into_owned(),
            cipher_suites: self.cipher_suites,
            legacy_compression_methods: self.legacy_compression_methods.into_owned(),
            extensions: self.extensions.map(IntoOwned::into_owned),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DecodeErrorKind;
    use crate::extensions::ExtensionContext;
    use crate::handshake::test_support::{assert_all, frame};
    use crate::handshake::{HandshakeMessage, HandshakePayload, NegotiatedVersion};
    use crate::ids::ExtensionType;

    /// rfc8448-vectors.json, simple-1rtt, client `construct a ClientHello handshake message`.
    const RFC8448_CLIENT_HELLO: &str = "010000c00303cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7000006130113031302010000910000000b0009000006736572766572ff01000100000a00140012001d0017001800190100010101020103010400230000003300260024001d002099381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c002b0003020304000d0020001e040305030603020308040805080604010501060102010402050206020202002d00020101001c00024001";

    /// fingerprint-vectors.json, `openssl-s_client-tls12-only-sni`: OpenSSL 3.0.22
    /// `s_client -tls1_2 -servername example.com`.
    const OPENSSL_TLS12_CLIENT_HELLO: &str = "010000c703035744b3558c3ce3a3d42a25460802238857cc1a5efffd055ae6c2475edb84851c000038c02cc030009fcca9cca8ccaac02bc02f009ec024c028006bc023c0270067c00ac0140039c009c0130033009d009c003d003c0035002f00ff0100006600000010000e00000b6578616d706c652e636f6d000b000403000102000a000c000a001d0017001e00190018002300000016000000170000000d002a0028040305030603080708080809080a080b080408050806040105010601030303010302040205020602";

    fn decode(bytes: &[u8]) -> ClientHello<'_> {
        match HandshakeMessage::decode(bytes, NegotiatedVersion::NotYet)
            .unwrap()
            .into_payload()
        {
            HandshakePayload::ClientHello(hello) => hello,
            other => panic!("not a ClientHello: {other:?}"),
        }
    }

    #[test]
    fn decodes_rfc8448_client_hello() {
        let bytes = hex::decode(RFC8448_CLIENT_HELLO).unwrap();
        assert_all(&bytes, NegotiatedVersion::NotYet);
        let hello = decode(&bytes);
        assert_eq!(hello.legacy_version, ProtocolVersion::TLSV1_2);
        assert_eq!(hello.random[..4], [0xcb, 0x34, 0xec, 0xb1]);
        assert!(hello.legacy_session_id.is_empty());
        assert_eq!(
            hello.cipher_suites.as_slice(),
            [
                CipherSuite::TLS_AES_128_GCM_SHA256,
                CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
                CipherSuite::TLS_AES_256_GCM_SHA384
            ]
        );
        assert_eq!(hello.legacy_compression_methods.as_slice(), [0]);
        let extensions = hello.extensions.as_ref().unwrap();
        assert_eq!(extensions.len(), 9);
        assert!(extensions.find(ExtensionType::KEY_SHARE).is_some());
        assert_eq!(hello.pre_shared_key(), Ok(None));
    }

    #[test]
    fn decodes_openssl_tls12_client_hello() {
        let bytes = hex::decode(OPENSSL_TLS12_CLIENT_HELLO).unwrap();
        assert_all(&bytes, NegotiatedVersion::NotYet);
        let hello = decode(&bytes);
        assert_eq!(hello.cipher_suites.len(), 28);
        assert_eq!(
            hello.cipher_suites.last(),
            Some(&CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV)
        );
        assert!(
            hello
                .extensions
                .as_ref()
                .unwrap()
                .find(ExtensionType::SERVER_NAME)
                .is_some()
        );
    }

    #[test]
    fn absent_and_empty_extensions_both_round_trip() {
        let bytes = hex::decode(OPENSSL_TLS12_CLIENT_HELLO).unwrap();
        let hello = decode(&bytes);
        let mut absent = hello.clone();
        absent.extensions = None;
        let absent_body = absent.to_vec();
        let bytes = frame(1, &absent_body);
        let absent_message = assert_all(&bytes, NegotiatedVersion::NotYet);
        assert_eq!(
            absent_message.payload(),
            &HandshakePayload::ClientHello(absent)
        );

        let mut empty_body = absent_body.clone();
        empty_body.extend_from_slice(&[0, 0]);
        let empty_framed = frame(1, &empty_body);
        let empty = decode(&empty_framed);
        assert!(empty.extensions.as_ref().is_some_and(Extensions::is_empty));
        assert_eq!(empty.to_vec(), empty_body);
    }

    #[test]
    fn rejects_a_byte_after_the_compression_methods_that_is_not_an_extensions_block() {
        let bytes = hex::decode(OPENSSL_TLS12_CLIENT_HELLO).unwrap();
        let hello = decode(&bytes);
        let mut body = ClientHello {
            extensions: None,
            ..hello
        }
        .to_vec();
        body.push(0);
        let err =
            HandshakeMessage::decode(&frame(1, &body), NegotiatedVersion::NotYet).unwrap_err();
        assert!(
            matches!(err.kind(), DecodeErrorKind::Truncated { .. }),
            "{err}"
        );
    }

    #[test]
    fn rejects_bytes_after_the_extensions_block() {
        let bytes = hex::decode(RFC8448_CLIENT_HELLO).unwrap();
        let mut body = bytes[4..].to_vec();
        body.push(0);
        let err =
            HandshakeMessage::decode(&frame(1, &body), NegotiatedVersion::NotYet).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 1 });
        assert_eq!(err.what(), "ClientHello");
    }

    #[test]
    fn rejects_session_id_longer_than_32_bytes() {
        let bytes = hex::decode(RFC8448_CLIENT_HELLO).unwrap();
        let hello = decode(&bytes);
        let mut body = hello.to_vec();
        // legacy_session_id is empty here: give it 33 bytes.
        let tail = body.split_off(34);
        body.push(33);
        body.extend_from_slice(&[0; 33]);
        body.extend_from_slice(&tail[1..]);
        let err =
            HandshakeMessage::decode(&frame(1, &body), NegotiatedVersion::NotYet).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthOutOfBounds {
                len: 33,
                min: 0,
                max: 32
            }
        );
        assert_eq!(err.what(), "ClientHello.legacy_session_id");
    }

    #[test]
    fn rejects_odd_cipher_suites_length_and_empty_compression_methods() {
        // legacy_version, random, empty session id, one cipher suite with a length of 3.
        let mut body = vec![3, 3];
        body.extend_from_slice(&[0; 32]);
        body.extend_from_slice(&[0, 0, 3, 0x13, 0x01, 0x13, 1, 0]);
        let err = ClientHello::decode_exact(&body).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthNotMultiple { len: 3, element: 2 }
        );

        let mut body = vec![3, 3];
        body.extend_from_slice(&[0; 32]);
        body.extend_from_slice(&[0, 0, 2, 0x13, 0x01, 0]);
        let err = ClientHello::decode_exact(&body).unwrap_err();
        assert_eq!(err.what(), "ClientHello.legacy_compression_methods");
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthOutOfBounds {
                len: 0,
                min: 1,
                max: 255
            }
        );
    }

    #[test]
    fn rejects_duplicate_extension() {
        // An extensions block with the unassigned type 0x1234 twice, each with an empty body.
        let bytes = hex::decode(RFC8448_CLIENT_HELLO).unwrap();
        let hello = decode(&bytes);
        let mut body = ClientHello {
            extensions: None,
            ..hello
        }
        .to_vec();
        body.extend_from_slice(&[0, 8, 0x12, 0x34, 0, 0, 0x12, 0x34, 0, 0]);
        let mut r = Reader::new(&body[body.len() - 10..]);
        let err = Extensions::decode(&mut r, ExtensionContext::ClientHello).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::DuplicateExtension(ExtensionType::from(0x1234))
        );
        assert!(HandshakeMessage::decode(&frame(1, &body), NegotiatedVersion::NotYet).is_err());
    }

    #[test]
    fn into_owned_outlives_the_input() {
        let bytes = hex::decode(RFC8448_CLIENT_HELLO).unwrap();
        let hello = decode(&bytes);
        let expected = hello.to_vec();
        let owned: ClientHello<'static> = hello.into_owned();
        drop(bytes);
        assert_eq!(owned.to_vec(), expected);
    }
}
