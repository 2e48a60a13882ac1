//! [`HandshakeMessage`]: one whole handshake message, typed under the rules of a
//! [`NegotiatedVersion`], together with the exact bytes it came from.
//!
//! ```text
//! RFC 8446 §4:
//!    struct {
//!        HandshakeType msg_type;    /* handshake type */
//!        uint24 length;             /* remaining bytes in message */
//!        select (Handshake.msg_type) { ... };
//!    } Handshake;
//! ```
//!
//! Which form each handshake type decodes to:
//!
//! | type                 | `NotYet`     | `Tls12`                  | `Tls13`                 |
//! |----------------------|--------------|--------------------------|-------------------------|
//! | hello_request        | Unknown      | HelloRequest             | Unknown                 |
//! | client_hello         | ClientHello  | ClientHello              | ClientHello             |
//! | server_hello         | ServerHello¹ | ServerHello¹             | ServerHello¹            |
//! | new_session_ticket   | Unknown      | NewSessionTicketTls12    | NewSessionTicketTls13   |
//! | end_of_early_data    | Unknown      | Unknown                  | EndOfEarlyData          |
//! | encrypted_extensions | Unknown      | Unknown                  | EncryptedExtensions     |
//! | certificate          | Unknown      | CertificateTls12         | CertificateTls13        |
//! | server_key_exchange  | Unknown      | ServerKeyExchangeEcdhe²  | Unknown                 |
//! | certificate_request  | Unknown      | CertificateRequestTls12  | CertificateRequestTls13 |
//! | server_hello_done    | Unknown      | ServerHelloDone          | Unknown                 |
//! | certificate_verify   | Unknown      | CertificateVerify³       | CertificateVerify       |
//! | client_key_exchange  | Unknown      | ClientKeyExchangeEcdhe²  | Unknown                 |
//! | finished             | Unknown      | Finished                 | Finished                |
//! | certificate_status   | Unknown      | CertificateStatus        | Unknown                 |
//! | key_update           | Unknown      | Unknown                  | KeyUpdate               |
//! | message_hash         | Unknown      | Unknown                  | MessageHash             |
//! | any other type       | Unknown      | Unknown                  | Unknown                 |
//!
//! ¹ or HelloRetryRequest, when the random is
//! [`HELLO_RETRY_REQUEST_RANDOM`](super::HELLO_RETRY_REQUEST_RANDOM).
//!
//! ² The form depends on the key exchange of the negotiated suite, which the codec does not
//! know; we only negotiate ECDHE suites (the handshake refuses any other at ServerHello), so
//! these always decode in their ECDHE form, and a body of another form fails to decode.
//!
//! ³ TLS 1.2's `digitally-signed` CertificateVerify has the TLS 1.3 wire form (RFC 8446
//! §4.2.3 aligned the algorithm values), so one type serves both.
//!
//! The hellos come before the version is known and have one wire form for both versions; every
//! other message is typed only under the version that defines it, and is kept as
//! [`HandshakePayload::Unknown`], with its type and its body byte for byte, under any other.
//! The handshake layer, which knows what it expects next, turns an unexpected type into
//! `unexpected_message`.

use std::borrow::Cow;

use crate::codec::{Codec, IntoOwned, LengthPrefix, Reader, Writer};
use crate::error::{DecodeError, LengthError};
use crate::extensions::Extensions;
use crate::handshake::server_hello::decode_server_hello_message;
use crate::handshake::{
    CertificateRequestTls12, CertificateRequestTls13, CertificateStatus, CertificateTls12,
    CertificateTls13, CertificateVerify, ClientHello, ClientKeyExchangeEcdhe, EncryptedExtensions,
    EndOfEarlyData, Finished, HelloRequest, HelloRetryRequest, KeyUpdate, MessageHash,
    NewSessionTicketTls12, NewSessionTicketTls13, ServerHello, ServerHelloDone,
    ServerKeyExchangeEcdhe,
};
use crate::ids::HandshakeType;

/// Whose rules decide the wire form of the messages whose form depends on the version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NegotiatedVersion {
    /// No version negotiated yet: only the hellos are typed.
    NotYet,
    /// TLS 1.2 (RFC 5246).
    Tls12,
    /// TLS 1.3 (RFC 8446).
    Tls13,
}

/// The typed content of one handshake message: one variant per message form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HandshakePayload<'a> {
    /// `hello_request` (TLS 1.2).
    HelloRequest(HelloRequest),
    /// `client_hello`, TLS 1.2 and 1.3.
    ClientHello(ClientHello<'a>),
    /// `server_hello` whose random is not the HelloRetryRequest value, TLS 1.2 and 1.3.
    ServerHello(ServerHello<'a>),
    /// `server_hello` carrying the HelloRetryRequest random (RFC 8446 §4.1.3).
    HelloRetryRequest(HelloRetryRequest<'a>),
    /// `end_of_early_data` (TLS 1.3).
    EndOfEarlyData(EndOfEarlyData),
    /// `encrypted_extensions` (TLS 1.3).
    EncryptedExtensions(EncryptedExtensions<'a>),
    /// `certificate` in its TLS 1.2 form.
    CertificateTls12(CertificateTls12<'a>),
    /// `certificate` in its TLS 1.3 form.
    CertificateTls13(CertificateTls13<'a>),
    /// `certificate_request` in its TLS 1.3 form.
    CertificateRequestTls13(CertificateRequestTls13<'a>),
    /// `certificate_verify`, the same wire form in TLS 1.2 and 1.3.
    CertificateVerify(CertificateVerify<'a>),
    /// `finished`, TLS 1.2 and 1.3.
    Finished(Finished<'a>),
    /// `new_session_ticket` in its TLS 1.3 form.
    NewSessionTicketTls13(NewSessionTicketTls13<'a>),
    /// `new_session_ticket` in its TLS 1.2 form (RFC 5077).
    NewSessionTicketTls12(NewSessionTicketTls12<'a>),
    /// `server_key_exchange` (TLS 1.2), in its ECDHE form.
    ServerKeyExchangeEcdhe(ServerKeyExchangeEcdhe<'a>),
    /// `certificate_request` in its TLS 1.2 form.
    CertificateRequestTls12(CertificateRequestTls12<'a>),
    /// `server_hello_done` (TLS 1.2).
    ServerHelloDone(ServerHelloDone),
    /// `client_key_exchange` (TLS 1.2), in its ECDHE form.
    ClientKeyExchangeEcdhe(ClientKeyExchangeEcdhe<'a>),
    /// `certificate_status` (TLS 1.2, RFC 6066 §8).
    CertificateStatus(CertificateStatus<'a>),
    /// `key_update` (TLS 1.3).
    KeyUpdate(KeyUpdate),
    /// The synthetic `message_hash` that replaces ClientHello1 in the transcript after a
    /// HelloRetryRequest (RFC 8446 §4.4.1).
    MessageHash(MessageHash<'a>),
    /// A type this version does not define, or that we do not parse yet (see the module docs):
    /// kept as it came.
    Unknown {
        /// The `msg_type` byte.
        typ: HandshakeType,
        /// The whole body.
        body: Cow<'a, [u8]>,
    },
}

impl<'a> HandshakePayload<'a> {
    /// Every extension block the message carries, in wire order (one per CertificateEntry in a
    /// TLS 1.3 Certificate): for tools that read a message whole, since a block decodes its
    /// extensions only when asked.
    pub fn extension_blocks(&self) -> Vec<&Extensions<'a>> {
        match self {
            Self::ClientHello(hello) => hello.extensions.iter().collect(),
            Self::ServerHello(hello) => hello.extensions.iter().collect(),
            Self::HelloRetryRequest(hrr) => vec![&hrr.extensions],
            Self::EncryptedExtensions(ee) => vec![&ee.extensions],
            Self::CertificateTls13(certificate) => certificate
                .certificate_list
                .iter()
                .map(|entry| &entry.extensions)
                .collect(),
            Self::CertificateRequestTls13(request) => vec![&request.extensions],
            Self::NewSessionTicketTls13(ticket) => vec![&ticket.extensions],
            _ => Vec::new(),
        }
    }

    /// The `msg_type` this payload is sent with (`server_hello` for a HelloRetryRequest).
    pub fn typ(&self) -> HandshakeType {
        match self {
            Self::HelloRequest(_) => HandshakeType::HELLO_REQUEST,
            Self::ClientHello(_) => HandshakeType::CLIENT_HELLO,
            Self::ServerHello(_) | Self::HelloRetryRequest(_) => HandshakeType::SERVER_HELLO,
            Self::EndOfEarlyData(_) => HandshakeType::END_OF_EARLY_DATA,
            Self::EncryptedExtensions(_) => HandshakeType::ENCRYPTED_EXTENSIONS,
            Self::CertificateTls12(_) | Self::CertificateTls13(_) => HandshakeType::CERTIFICATE,
            Self::CertificateRequestTls12(_) | Self::CertificateRequestTls13(_) => {
                HandshakeType::CERTIFICATE_REQUEST
            }
            Self::CertificateVerify(_) => HandshakeType::CERTIFICATE_VERIFY,
            Self::Finished(_) => HandshakeType::FINISHED,
            Self::NewSessionTicketTls12(_) | Self::NewSessionTicketTls13(_) => {
                HandshakeType::NEW_SESSION_TICKET
            }
            Self::ServerKeyExchangeEcdhe(_) => HandshakeType::SERVER_KEY_EXCHANGE,
            Self::ServerHelloDone(_) => HandshakeType::SERVER_HELLO_DONE,
            Self::ClientKeyExchangeEcdhe(_) => HandshakeType::CLIENT_KEY_EXCHANGE,
            Self::CertificateStatus(_) => HandshakeType::CERTIFICATE_STATUS,
            Self::KeyUpdate(_) => HandshakeType::KEY_UPDATE,
            Self::MessageHash(_) => HandshakeType::MESSAGE_HASH,
            Self::Unknown { typ, .. } => *typ,
        }
    }

    /// Decodes the body of a `typ` message, which is all of `r`, under `version`'s rules.
    fn decode_body(
        typ: HandshakeType,
        r: &mut Reader<'a>,
        version: NegotiatedVersion,
    ) -> Result<Self, DecodeError> {
        use NegotiatedVersion::{Tls12, Tls13};
        Ok(match (typ, version) {
            (HandshakeType::HELLO_REQUEST, Tls12) => Self::HelloRequest(HelloRequest::decode(r)?),
            (HandshakeType::CLIENT_HELLO, _) => Self::ClientHello(ClientHello::decode(r)?),
            (HandshakeType::SERVER_HELLO, _) => decode_server_hello_message(r)?,
            (HandshakeType::END_OF_EARLY_DATA, Tls13) => {
                Self::EndOfEarlyData(EndOfEarlyData::decode(r)?)
            }
            (HandshakeType::ENCRYPTED_EXTENSIONS, Tls13) => {
                Self::EncryptedExtensions(EncryptedExtensions::decode(r)?)
            }
            (HandshakeType::CERTIFICATE, Tls12) => {
                Self::CertificateTls12(CertificateTls12::decode(r)?)
            }
            (HandshakeType::CERTIFICATE, Tls13) => {
                Self::CertificateTls13(CertificateTls13::decode(r)?)
            }
            (HandshakeType::SERVER_KEY_EXCHANGE, Tls12) => {
                Self::ServerKeyExchangeEcdhe(ServerKeyExchangeEcdhe::decode(r)?)
            }
            (HandshakeType::CERTIFICATE_REQUEST, Tls12) => {
                Self::CertificateRequestTls12(CertificateRequestTls12::decode(r)?)
            }
            (HandshakeType::CERTIFICATE_REQUEST, Tls13) => {
                Self::CertificateRequestTls13(CertificateRequestTls13::decode(r)?)
            }
            (HandshakeType::SERVER_HELLO_DONE, Tls12) => {
                Self::ServerHelloDone(ServerHelloDone::decode(r)?)
            }
            (HandshakeType::CERTIFICATE_VERIFY, Tls12 | Tls13) => {
                Self::CertificateVerify(CertificateVerify::decode(r)?)
            }
            (HandshakeType::CLIENT_KEY_EXCHANGE, Tls12) => {
                Self::ClientKeyExchangeEcdhe(ClientKeyExchangeEcdhe::decode(r)?)
            }
            (HandshakeType::FINISHED, Tls12 | Tls13) => Self::Finished(Finished::decode(r)?),
            (HandshakeType::NEW_SESSION_TICKET, Tls12) => {
                Self::NewSessionTicketTls12(NewSessionTicketTls12::decode(r)?)
            }
            (HandshakeType::NEW_SESSION_TICKET, Tls13) => {
                Self::NewSessionTicketTls13(NewSessionTicketTls13::decode(r)?)
            }
            (HandshakeType::CERTIFICATE_STATUS, Tls12) => {
                Self::CertificateStatus(CertificateStatus::decode(r)?)
            }
            (HandshakeType::KEY_UPDATE, Tls13) => Self::KeyUpdate(KeyUpdate::decode(r)?),
            (HandshakeType::MESSAGE_HASH, Tls13) => Self::MessageHash(MessageHash::decode(r)?),
            // Kept opaque, not refused: whether the type may come now is the handshake
            // layer's decision, and the transcript needs its bytes either way.
            _ => Self::Unknown {
                typ,
                body: Cow::Borrowed(r.take_rest()),
            },
        })
    }

    /// The RFC name of the structure, for errors about bytes left after it.
    fn what(&self) -> &'static str {
        match self {
            Self::HelloRequest(_) => "HelloRequest",
            Self::ClientHello(_) => "ClientHello",
            Self::ServerHello(_) => "ServerHello",
            Self::HelloRetryRequest(_) => "HelloRetryRequest",
            Self::EndOfEarlyData(_) => "EndOfEarlyData",
            Self::EncryptedExtensions(_) => "EncryptedExtensions",
            Self::CertificateTls12(_) | Self::CertificateTls13(_) => "Certificate",
            Self::CertificateRequestTls12(_) | Self::CertificateRequestTls13(_) => {
                "CertificateRequest"
            }
            Self::CertificateVerify(_) => "CertificateVerify",
            Self::Finished(_) => "Finished",
            Self::NewSessionTicketTls12(_) | Self::NewSessionTicketTls13(_) => "NewSessionTicket",
            Self::ServerKeyExchangeEcdhe(_) => "ServerKeyExchange",
            Self::ServerHelloDone(_) => "ServerHelloDone",
            Self::ClientKeyExchangeEcdhe(_) => "ClientKeyExchange",
            Self::CertificateStatus(_) => "CertificateStatus",
            Self::KeyUpdate(_) => "KeyUpdate",
            Self::MessageHash(_) => "message_hash",
            Self::Unknown { .. } => "Handshake",
        }
    }

    /// Room for the whole message, header included: exact for a Certificate, the one message
    /// we send that is often larger than [`HandshakeMessage::TYPICAL_LEN`], which is the hint
    /// for the others.
    fn size_hint(&self) -> usize {
        match self {
            Self::CertificateTls13(m) => m.encoded_len().saturating_add(4),
            Self::CertificateTls12(m) => m.encoded_len().saturating_add(4),
            _ => HandshakeMessage::TYPICAL_LEN,
        }
    }

    /// Appends the body (no header).
    fn encode_body(&self, out: &mut Vec<u8>) {
        match self {
            Self::HelloRequest(m) => m.encode(out),
            Self::ClientHello(m) => m.encode(out),
            Self::ServerHello(m) => m.encode(out),
            Self::HelloRetryRequest(m) => m.encode(out),
            Self::EndOfEarlyData(m) => m.encode(out),
            Self::EncryptedExtensions(m) => m.encode(out),
            Self::CertificateTls12(m) => m.encode(out),
            Self::CertificateTls13(m) => m.encode(out),
            Self::CertificateRequestTls13(m) => m.encode(out),
            Self::CertificateVerify(m) => m.encode(out),
            Self::Finished(m) => m.encode(out),
            Self::NewSessionTicketTls13(m) => m.encode(out),
            Self::NewSessionTicketTls12(m) => m.encode(out),
            Self::ServerKeyExchangeEcdhe(m) => m.encode(out),
            Self::CertificateRequestTls12(m) => m.encode(out),
            Self::ServerHelloDone(m) => m.encode(out),
            Self::ClientKeyExchangeEcdhe(m) => m.encode(out),
            Self::CertificateStatus(m) => m.encode(out),
            Self::KeyUpdate(m) => m.encode(out),
            Self::MessageHash(m) => m.encode(out),
            Self::Unknown { body, .. } => out.put_bytes(body),
        }
    }
}

impl IntoOwned for HandshakePayload<'_> {
    type Owned = HandshakePayload<'static>;

    fn into_owned(self) -> Self::Owned {
        match self {
            Self::HelloRequest(m) => HandshakePayload::HelloRequest(m),
            Self::ClientHello(m) => HandshakePayload::ClientHello(m.into_owned()),
            Self::ServerHello(m) => HandshakePayload::ServerHello(m.into_owned()),
            Self::HelloRetryRequest(m) => HandshakePayload::HelloRetryRequest(m.into_owned()),
            Self::EndOfEarlyData(m) => HandshakePayload::EndOfEarlyData(m),
            Self::EncryptedExtensions(m) => HandshakePayload::EncryptedExtensions(m.into_owned()),
            Self::CertificateTls12(m) => HandshakePayload::CertificateTls12(m.into_owned()),
            Self::CertificateTls13(m) => HandshakePayload::CertificateTls13(m.into_owned()),
            Self::CertificateRequestTls13(m) => {
                HandshakePayload::CertificateRequestTls13(m.into_owned())
            }
            Self::CertificateVerify(m) => HandshakePayload::CertificateVerify(m.into_owned()),
            Self::Finished(m) => HandshakePayload::Finished(m.into_owned()),
            Self::NewSessionTicketTls13(m) => {
                HandshakePayload::NewSessionTicketTls13(m.into_owned())
            }
            Self::NewSessionTicketTls12(m) => {
                HandshakePayload::NewSessionTicketTls12(m.into_owned())
            }
            Self::ServerKeyExchangeEcdhe(m) => {
                HandshakePayload::ServerKeyExchangeEcdhe(m.into_owned())
            }
            Self::CertificateRequestTls12(m) => {
                HandshakePayload::CertificateRequestTls12(m.into_owned())
            }
            Self::ServerHelloDone(m) => HandshakePayload::ServerHelloDone(m),
            Self::ClientKeyExchangeEcdhe(m) => {
                HandshakePayload::ClientKeyExchangeEcdhe(m.into_owned())
            }
            Self::CertificateStatus(m) => HandshakePayload::CertificateStatus(m.into_owned()),
            Self::KeyUpdate(m) => HandshakePayload::KeyUpdate(m),
            Self::MessageHash(m) => HandshakePayload::MessageHash(m.into_owned()),
            Self::Unknown { typ, body } => HandshakePayload::Unknown {
                typ,
                body: Cow::Owned(body.into_owned()),
            },
        }
    }
}

/// One handshake message: its typed payload, and the exact bytes (4-byte header included)
/// that the transcript hashes.
///
/// A decoded message keeps the bytes it was decoded from, borrowed; a message we build keeps
/// the encoding made when it was built. Either way [`raw`](Self::raw) is what goes on the wire
/// and into the transcript, and [`encode`](Self::encode) re-encodes the typed payload, which
/// gives the same bytes (the round-trip property the tests check).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandshakeMessage<'a> {
    payload: HandshakePayload<'a>,
    raw: Cow<'a, [u8]>,
}

impl<'a> HandshakeMessage<'a> {
    /// Decodes one whole message, header included, that must take all of `bytes`, under
    /// `version`'s rules (see the module docs for which form each type takes).
    pub fn decode(bytes: &'a [u8], version: NegotiatedVersion) -> Result<Self, DecodeError> {
        let mut r = Reader::new(bytes);
        let typ = HandshakeType::from(r.u8("Handshake.msg_type")?);
        let mut body = r.prefixed_u24("Handshake.length")?;
        let payload = HandshakePayload::decode_body(typ, &mut body, version)?;
        body.finish(payload.what())?;
        r.finish("Handshake")?;
        Ok(Self {
            payload,
            raw: Cow::Borrowed(bytes),
        })
    }

    /// A message carrying `payload`, encoded once here; fails if the body would not fit the
    /// header's `uint24` length (a Certificate list near 2^24 bytes plus its context can).
    pub fn new(payload: HandshakePayload<'a>) -> Result<Self, LengthError> {
        // One buffer, sized up front (exactly for a Certificate; for the others, room that
        // most take): the header goes first and its length is patched once the body is in, so
        // nothing is copied, and usually nothing regrown.
        let mut raw = Vec::with_capacity(payload.size_hint());
        raw.put_u8(payload.typ().get());
        raw.put_u24(0);
        payload.encode_body(&mut raw);
        let len = raw.len().saturating_sub(4);
        let max = LengthPrefix::U24.max_len();
        let header_len = u32::try_from(len).ok().filter(|_| len <= max);
        let Some(header_len) = header_len else {
            return Err(LengthError { len, min: 0, max });
        };
        let [_, a, b, c] = header_len.to_be_bytes();
        if let Some(slot) = raw.get_mut(1..4) {
            slot.copy_from_slice(&[a, b, c]);
        }
        Ok(Self {
            payload,
            raw: Cow::Owned(raw),
        })
    }

    /// Room [`new`](Self::new) reserves up front: a ClientHello with a hybrid key share, or a
    /// ServerHello, fits without regrowing.
    const TYPICAL_LEN: usize = 512;

    /// The `msg_type`.
    pub fn typ(&self) -> HandshakeType {
        self.payload.typ()
    }

    /// The typed content.
    pub const fn payload(&self) -> &HandshakePayload<'a> {
        &self.payload
    }

    /// The typed content, without the bytes.
    pub fn into_payload(self) -> HandshakePayload<'a> {
        self.payload
    }

    /// The message's bytes, header included: as received for a decoded message, as encoded by
    /// [`new`](Self::new) for one we built. This is what the transcript hashes.
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }

    /// The message's bytes, header included, by value: no copy for a message built with
    /// [`new`](Self::new).
    pub fn into_raw(self) -> Vec<u8> {
        self.raw.into_owned()
    }

    /// The typed content and the bytes, both by value: for a sender that keeps what it sent.
    pub fn into_parts(self) -> (HandshakePayload<'a>, Vec<u8>) {
        (self.payload, self.raw.into_owned())
    }

    /// Appends a fresh encoding of the typed payload, header included. For anything decoded or
    /// built it equals [`raw`](Self::raw).
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.put_u8(self.typ().get());
        out.u24_prefixed(|out| self.payload.encode_body(out));
    }

    /// For a ClientHello whose last extension is `pre_shared_key`, its bytes up to and
    /// including `PreSharedKeyExtension.identities`: what the PSK binders are computed over.
    /// `None` for any other message; an error if the `pre_shared_key` extension is malformed.
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.11.2
    //# Each entry in the binders list is computed as an HMAC
    //# over a transcript hash (see Section 4.4.1) containing a partial
    //# ClientHello up to and including the PreSharedKeyExtension.identities
    //# field.  That is, it includes all of the ClientHello but not the
    //# binders list itself.
    pub fn client_hello_truncated_for_binders(&self) -> Result<Option<&[u8]>, DecodeError> {
        let HandshakePayload::ClientHello(hello) = &self.payload else {
            return Ok(None);
        };
        let Some(offered) = hello.pre_shared_key()? else {
            return Ok(None);
        };
        Ok(offered
            .binders_start(self.raw.len())
            .and_then(|keep| self.raw.get(..keep)))
    }
}

impl IntoOwned for HandshakeMessage<'_> {
    type Owned = HandshakeMessage<'static>;

    fn into_owned(self) -> Self::Owned {
        HandshakeMessage {
            payload: self.payload.into_owned(),
            raw: Cow::Owned(self.raw.into_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DecodeErrorKind;
    use crate::handshake::test_support::{assert_all, frame};

    /// RFC 8448 §4 (resumed-0rtt), client `send handshake record` payload: the whole
    /// ClientHello, binders included.
    const RESUMED_CLIENT_HELLO: &str = "010001fc03031bc3ceb6bbe39cff938355b5a50adb6db21b7a6af649d7b4bc419d7876487d95000006130113031302010001cd0000000b0009000006736572766572ff01000100000a00140012001d00170018001901000101010201030104003300260024001d0020e4ffb68ac05f8d96c99da26698346c6be16482badddafe051a66b4f18d668f0b002a0000002b0003020304000d0020001e040305030603020308040805080604010501060102010402050206020202002d00020101001c0002400100150057000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002900dd00b800b22c035d829359ee5ff7af4ec900000000262a6494dc486d2c8a34cb33fa90bf1b0070ad3c498883c9367c09a2be785abc55cd226097a3a982117283f82a03a143efd3ff5dd36d64e861be7fd61d2827db279cce145077d454a3664d4e6da4d29ee03725a6a4dafcd0fc67d2aea70529513e3da2677fa5906c5b3f7d8f92f228bda40dda721470f9fbf297b5aea617646fac5c03272e970727c621a79141ef5f7de6505e5bfbc388e93343694093934ae4d357fad6aacb0021203add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d";

    /// RFC 8448 §3 (simple-1rtt), server Finished.
    const FINISHED: &str =
        "140000209b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718";

    /// openssl-captures.json, tls12-ecdhe-ecdsa-aes128-gcm-sha256, s2c record 4: the TLS 1.2
    /// ServerHelloDone.
    const SERVER_HELLO_DONE: &str = "0e000000";

    #[test]
    fn client_hello_truncated_for_binders_matches_rfc8448_resumed_prefix() {
        let bytes = hex::decode(RESUMED_CLIENT_HELLO).unwrap();
        let message = assert_all(&bytes, NegotiatedVersion::NotYet);
        let truncated = message
            .client_hello_truncated_for_binders()
            .unwrap()
            .unwrap();
        // rfc8448-vectors.json resumed-0rtt: the `ClientHello` item (the hello the binder is
        // computed over) is 477 bytes and a prefix of the 512-byte record payload.
        assert_eq!(truncated.len(), 477);
        assert_eq!(truncated, &bytes[..477]);
    }

    #[test]
    fn messages_other_than_a_client_hello_with_psk_have_no_binder_prefix() {
        let bytes = hex::decode(FINISHED).unwrap();
        let message = HandshakeMessage::decode(&bytes, NegotiatedVersion::Tls13).unwrap();
        assert_eq!(message.client_hello_truncated_for_binders(), Ok(None));
    }

    #[test]
    fn tls12_only_types_are_typed_under_tls12_and_opaque_otherwise() {
        let bytes = hex::decode(SERVER_HELLO_DONE).unwrap();
        let message = assert_all(&bytes, NegotiatedVersion::Tls12);
        assert_eq!(
            message.payload(),
            &HandshakePayload::ServerHelloDone(ServerHelloDone)
        );
        for version in [NegotiatedVersion::NotYet, NegotiatedVersion::Tls13] {
            let message = assert_all(&bytes, version);
            assert_eq!(
                message.payload(),
                &HandshakePayload::Unknown {
                    typ: HandshakeType::SERVER_HELLO_DONE,
                    body: Cow::Borrowed(&[][..])
                }
            );
        }
    }

    #[test]
    fn unassigned_types_are_kept_opaque() {
        let bytes = frame(0x63, &[1, 2, 3]);
        for version in [
            NegotiatedVersion::NotYet,
            NegotiatedVersion::Tls12,
            NegotiatedVersion::Tls13,
        ] {
            let message = assert_all(&bytes, version);
            assert_eq!(message.typ(), HandshakeType::from(0x63));
            assert!(
                matches!(message.payload(), HandshakePayload::Unknown { body, .. } if **body == [1, 2, 3])
            );
        }
    }

    #[test]
    fn only_the_version_that_defines_a_form_types_it() {
        let bytes = hex::decode(FINISHED).unwrap();
        let not_yet = HandshakeMessage::decode(&bytes, NegotiatedVersion::NotYet).unwrap();
        assert!(matches!(
            not_yet.payload(),
            HandshakePayload::Unknown { .. }
        ));
        let tls13 = HandshakeMessage::decode(&bytes, NegotiatedVersion::Tls13).unwrap();
        assert!(matches!(tls13.payload(), HandshakePayload::Finished(_)));
        // end_of_early_data is TLS 1.3 only.
        let eoed = [5, 0, 0, 0];
        let tls12 = HandshakeMessage::decode(&eoed, NegotiatedVersion::Tls12).unwrap();
        assert!(matches!(tls12.payload(), HandshakePayload::Unknown { .. }));
    }

    #[test]
    fn rejects_trailing_bytes_after_the_message() {
        let mut bytes = hex::decode(FINISHED).unwrap();
        bytes.push(0);
        let err = HandshakeMessage::decode(&bytes, NegotiatedVersion::Tls13).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 1 });
        assert_eq!(err.what(), "Handshake");
    }

    #[test]
    fn rejects_trailing_bytes_inside_the_body() {
        // key_update with two body bytes: the second is past the KeyUpdate struct.
        let bytes = frame(24, &[0, 0]);
        let err = HandshakeMessage::decode(&bytes, NegotiatedVersion::Tls13).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 1 });
        assert_eq!(err.what(), "KeyUpdate");
        assert_eq!(err.offset(), 5);
    }

    #[test]
    fn rejects_header_announcing_more_than_is_there() {
        let err =
            HandshakeMessage::decode(&[20, 0, 0, 2, 7], NegotiatedVersion::Tls13).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::Truncated {
                needed: 2,
                available: 1
            }
        );
    }

    #[test]
    fn built_message_keeps_its_encoding_as_raw() {
        let payload = HandshakePayload::Finished(Finished {
            verify_data: Cow::Borrowed(&[7; 12]),
        });
        let message = HandshakeMessage::new(payload).unwrap();
        let mut expected = vec![20, 0, 0, 12];
        expected.extend_from_slice(&[7; 12]);
        assert_eq!(message.raw(), expected);
        assert_eq!(message.typ(), HandshakeType::FINISHED);
        let mut encoded = Vec::new();
        message.encode(&mut encoded);
        assert_eq!(encoded, expected);
    }

    #[test]
    fn refuses_to_build_a_body_longer_than_the_header_can_announce() {
        let body = vec![0; LengthPrefix::U24.max_len() + 1];
        let payload = HandshakePayload::Unknown {
            typ: HandshakeType::from(99),
            body: body.into(),
        };
        let err = HandshakeMessage::new(payload).unwrap_err();
        assert_eq!(err.len, 0x0100_0000);
    }

    #[test]
    fn into_owned_keeps_payload_and_raw() {
        let bytes = hex::decode(FINISHED).unwrap();
        let message = HandshakeMessage::decode(&bytes, NegotiatedVersion::Tls13).unwrap();
        let owned = message.clone().into_owned();
        drop(bytes);
        assert_eq!(owned.raw().len(), 36);
        assert_eq!(owned.typ(), HandshakeType::FINISHED);
        assert!(
            matches!(owned.into_payload(), HandshakePayload::Finished(f) if f.verify_data.len() == 32)
        );
    }
}
