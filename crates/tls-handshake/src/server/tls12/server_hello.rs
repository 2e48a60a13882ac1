//! Our TLS 1.2 first flight (RFC 5246 §7.4.1.3 to §7.4.5): once the certificate is chosen,
//! the suite its key allows, the ServerHello and Certificate; once the ServerKeyExchange is
//! signed, it and the ServerHelloDone.

use std::sync::Arc;

use tls_keyschedule::Transcript;
use tls_keyschedule::suite::Suite;
use tls_keyschedule::tls12::Randoms;
use tls_wire::extensions::{
    ECPointFormatList, Extension, ExtensionContext, Extensions, ProtocolName, ProtocolNameList,
    RenegotiationInfo,
};
use tls_wire::handshake::{
    DOWNGRADE_TLS12_RANDOM_TAIL, DigitallySigned, ECParameters, ECPoint, HandshakePayload, Random,
    ServerECDHParams, ServerHello, ServerHelloDone, ServerKeyExchangeEcdhe, SessionId, Signature,
};
use tls_wire::ids::{
    CipherSuite, ECPointFormat, HandshakeType, NamedGroup, ProtocolVersion, SignatureScheme,
};

use super::ExpectClientKeyExchange;
use super::client_certificate::{ExpectClientCertificate, emit_certificate_request_tls12};
use crate::action::{Action, Actions, Level, Request};
use crate::config::{
    CertifiedKey, ClientAuth, ServerConfig, SupportedCipherSuite, SupportedVersion,
    Tls12Authentication,
};
use crate::error::{HandshakeError, LocalError, PeerIncompatible};
use crate::key_exchange::KeyShare;
use crate::proof::PeerAuth;
use crate::record_size_limit;
use crate::tls12_common::emit_certificate_tls12;
use crate::tls13_common::encode;
use crate::verify_tls12::server_key_exchange_message;

/// Waiting for the driver's choice of certificate; the ClientHello is read.
#[derive(Debug)]
pub(crate) struct AwaitCertificate {
    pub(crate) client_random: Random,
    /// Our TLS 1.2 suites the client offered, in our order.
    pub(crate) cipher_suites: Vec<SupportedCipherSuite>,
    pub(crate) group: NamedGroup,
    pub(crate) signature_schemes: Vec<SignatureScheme>,
    /// Whether the client sent ec_point_formats (we answer it).
    pub(crate) point_formats: bool,
    /// Whether the client signalled RFC 5746 (we answer with an empty renegotiation_info).
    pub(crate) secure_renegotiation: bool,
    pub(crate) extended_master_secret: bool,
    pub(crate) server_name: Option<String>,
    pub(crate) alpn_protocol: Option<Vec<u8>>,
    /// The ClientHello as received: the transcript starts once the suite names its hash.
    pub(crate) client_hello: Vec<u8>,
    /// Whether we give the client a ticket (RFC 5077): it asked, and we have a ticketer.
    pub(crate) issue_ticket: bool,
    /// The client's record_size_limit (RFC 8449), if it sent one: we answer with ours.
    pub(crate) record_size_limit: Option<u16>,
}

/// What the handshake settled, carried to its end.
#[derive(Debug)]
pub(crate) struct Agreed {
    pub(crate) cipher_suite: SupportedCipherSuite,
    pub(crate) suite: Suite,
    pub(crate) group: NamedGroup,
    pub(crate) scheme: SignatureScheme,
    pub(crate) randoms: Randoms,
    pub(crate) extended_master_secret: bool,
    pub(crate) server_name: Option<String>,
    pub(crate) alpn_protocol: Option<Vec<u8>>,
    /// The id our ServerHello gave the session (`None`: it will not be stored).
    pub(crate) session_id: Option<[u8; SESSION_ID_LEN]>,
    /// Whether a NewSessionTicket follows the client's Finished.
    pub(crate) issue_ticket: bool,
}

/// Waiting for the signature of our ServerKeyExchange.
#[derive(Debug)]
pub(crate) struct AwaitSignature {
    agreed: Agreed,
    certified: Arc<CertifiedKey>,
    params: ServerECDHParams<'static>,
    key_share: KeyShare,
    /// ClientHello, ServerHello, Certificate.
    transcript: Transcript,
}

impl AwaitCertificate {
    /// The certificate is chosen: the suite its key allows, the scheme to sign with, our
    /// random, ServerHello and Certificate out, and the Sign request for the
    /// ServerKeyExchange.
    pub(crate) fn handle_certificate(
        self,
        certified: Arc<CertifiedKey>,
        config: &ServerConfig,
        out: &mut Actions,
    ) -> Result<AwaitSignature, HandshakeError> {
        let limit = self.record_size_limit(config);
        let key = certified.key();
        //= https://www.rfc-editor.org/rfc/rfc8422#section-2.1
        //# In ECDHE_ECDSA, the server's certificate MUST contain an ECDSA- or
        //# EdDSA-capable public key.
        let wanted = if key.is_rsa() {
            Tls12Authentication::Rsa
        } else {
            Tls12Authentication::Ecdsa
        };
        let cipher_suite = self
            .cipher_suites
            .iter()
            .copied()
            .find(|suite| suite.tls12_authentication() == Some(wanted));
        // The ClientHello step made sure some suite is common; none fits this key.
        let cipher_suite = cipher_suite.ok_or(PeerIncompatible::NoCommonCipherSuite)?;
        let scheme = key.choose_tls12_scheme(&self.signature_schemes)?;

        let random = server_random(config)?;
        //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.1.3
        //# session_id
        //#    This is the identity of the session corresponding to this
        //#    connection.
        //
        // A fresh one when we can store the session; none otherwise, so that no client waits
        // to resume it.
        //= https://www.rfc-editor.org/rfc/rfc5077#section-3.4
        //# If a server is planning on issuing a session ticket to a client that
        //# does not present one, it SHOULD include an empty Session ID in the
        //# ServerHello.
        let session_id = match config.session_store().filter(|_| !self.issue_ticket) {
            Some(_) => {
                let mut id = [0; SESSION_ID_LEN];
                config.rng().fill(&mut id)?;
                Some(id)
            }
            None => None,
        };
        let server_hello = self.emit_server_hello(
            cipher_suite.id(),
            random,
            session_id.as_ref().map_or(&[][..], |id| id.as_slice()),
            config,
        )?;
        let certificate = emit_certificate_tls12(certified.chain())?;

        let key_share = KeyShare::generate(self.group, config.rng().as_ref())?;
        let params = ServerECDHParams::new(
            ECParameters {
                namedcurve: self.group,
            },
            ECPoint::new(key_share.public_key().to_vec()).map_err(|_| unencodable())?,
        );
        let mut message = Vec::new();
        server_key_exchange_message(&self.client_random, &random, params.encoded(), &mut message);

        let suite = cipher_suite.suite();
        // A client's TLS 1.2 CertificateVerify signs the raw messages: keep them if we will
        // ask for one.
        let mut transcript = match config.client_auth() {
            ClientAuth::None => Transcript::new(suite.hash),
            ClientAuth::Optional(_) | ClientAuth::Required(_) => {
                Transcript::keeping_messages(suite.hash)
            }
        };
        transcript.add(&self.client_hello);
        transcript.add(&server_hello);
        transcript.add(&certificate);
        out.extend(limit);
        out.send(Level::Initial, server_hello);
        out.send(Level::Initial, certificate);
        out.push(Action::Request(Request::Sign { scheme, message }));
        Ok(AwaitSignature {
            agreed: Agreed {
                cipher_suite,
                suite,
                group: self.group,
                scheme,
                randoms: Randoms {
                    client_random: self.client_random,
                    server_random: random,
                },
                extended_master_secret: self.extended_master_secret,
                server_name: self.server_name,
                alpn_protocol: self.alpn_protocol,
                session_id,
                issue_ticket: self.issue_ticket,
            },
            certified,
            params,
            key_share,
            transcript,
        })
    }

    /// RFC 8449 §4: the client's record_size_limit holds for our protected records, ours for
    /// its (2^14 at most in TLS 1.2): the action that says so, if the client sent one.
    pub(crate) fn record_size_limit(&self, config: &ServerConfig) -> Option<Action> {
        let theirs = self.record_size_limit?;
        let ours = record_size_limit::ours(config.record_size_limit(), false);
        Some(record_size_limit::limit_action(ours, theirs, false))
    }

    /// RFC 5246 §7.4.1.3: our ServerHello, answering the extensions the client sent that we
    /// act on, for the session `session_id` (a new one, or the one resumed).
    pub(crate) fn emit_server_hello(
        &self,
        cipher_suite: CipherSuite,
        random: Random,
        session_id: &[u8],
        config: &ServerConfig,
    ) -> Result<Vec<u8>, HandshakeError> {
        let mut extensions = Vec::new();
        if self.record_size_limit.is_some() {
            let ours = record_size_limit::ours(config.record_size_limit(), false);
            extensions.extend(record_size_limit::extension(ours));
        }
        //= https://www.rfc-editor.org/rfc/rfc5746#section-3.6
        //# If the secure_renegotiation flag is set to TRUE, the server MUST
        //# include an empty "renegotiation_info" extension in the ServerHello
        //# message.
        if self.secure_renegotiation {
            extensions.push(Extension::RenegotiationInfo(
                RenegotiationInfo::new(Vec::new()).map_err(|_| unencodable())?,
            ));
        }
        //= https://www.rfc-editor.org/rfc/rfc7627#section-5.2
        //# If the server implements this document and receives the
        //# "extended_master_secret" extension, it MUST include the extension in
        //# its ServerHello message.
        if self.extended_master_secret {
            extensions.push(Extension::ExtendedMasterSecret);
        }
        if self.point_formats {
            extensions.push(Extension::EcPointFormats(
                ECPointFormatList::new(vec![ECPointFormat::UNCOMPRESSED])
                    .map_err(|_| unencodable())?,
            ));
        }
        //= https://www.rfc-editor.org/rfc/rfc5077#section-3.2
        //# The server uses a zero-length SessionTicket extension to indicate to the client
        //# that it will send a new session ticket using the NewSessionTicket handshake message
        //# described in Section 3.3.
        if self.issue_ticket {
            extensions.push(Extension::SessionTicketEmpty);
        }
        if let Some(protocol) = &self.alpn_protocol {
            let name = ProtocolName::new(protocol.clone()).map_err(|_| unencodable())?;
            extensions.push(Extension::ApplicationLayerProtocolNegotiation(
                ProtocolNameList::new(vec![name]).map_err(|_| unencodable())?,
            ));
        }
        let extensions = if extensions.is_empty() {
            None
        } else {
            Some(
                Extensions::new(ExtensionContext::ServerHello, extensions)
                    .map_err(|_| unencodable())?,
            )
        };
        encode(HandshakePayload::ServerHello(ServerHello {
            legacy_version: ProtocolVersion::TLSV1_2,
            random,
            legacy_session_id_echo: SessionId::new(session_id).map_err(|_| unencodable())?,
            cipher_suite,
            legacy_compression_method: 0,
            extensions,
        }))
    }
}

/// The length of the session ids we give (RFC 5246 §7.4.1.2: `opaque SessionID<0..32>`).
const SESSION_ID_LEN: usize = 32;

/// Our random for a TLS 1.2 ServerHello.
pub(crate) fn server_random(config: &ServerConfig) -> Result<Random, HandshakeError> {
    let mut random: Random = [0; 32];
    config.rng().fill(&mut random)?;
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.3
    //# If negotiating TLS 1.2, TLS 1.3 servers MUST set the last 8 bytes of
    //# their Random value to the bytes:
    //#
    //#   44 4F 57 4E 47 52 44 01
    if config.versions().contains(&SupportedVersion::Tls13)
        && let Some(tail) = random.get_mut(24..)
    {
        tail.copy_from_slice(&DOWNGRADE_TLS12_RANDOM_TAIL);
    }
    Ok(random)
}

fn unencodable() -> HandshakeError {
    LocalError::UnencodableMessage {
        message: HandshakeType::SERVER_HELLO,
    }
    .into()
}

impl AwaitSignature {
    /// The in-process answer to our Sign request: the selected key, the configured generator.
    pub(crate) fn sign(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        config: &ServerConfig,
    ) -> Result<Vec<u8>, HandshakeError> {
        self.certified
            .key()
            .sign_tls12(scheme, message, config.rng().as_ref())
    }

    /// RFC 8422 §5.4, RFC 5246 §7.4.4, §7.4.5: the signed ServerKeyExchange, our
    /// CertificateRequest if the config asks for client certificates, and the
    /// ServerHelloDone.
    pub(crate) fn handle_signature(
        self,
        signature: Vec<u8>,
        config: &ServerConfig,
        out: &mut Actions,
    ) -> Result<AfterServerHelloDone, HandshakeError> {
        let Self {
            agreed,
            params,
            key_share,
            mut transcript,
            ..
        } = self;
        let server_key_exchange = encode(HandshakePayload::ServerKeyExchangeEcdhe(
            ServerKeyExchangeEcdhe {
                params,
                signed_params: DigitallySigned {
                    algorithm: agreed.scheme,
                    signature: Signature::new(signature).map_err(|_| {
                        LocalError::UnencodableMessage {
                            message: HandshakeType::SERVER_KEY_EXCHANGE,
                        }
                    })?,
                },
            },
        ))?;
        let certificate_request = emit_certificate_request_tls12(config)?;
        let server_hello_done = encode(HandshakePayload::ServerHelloDone(ServerHelloDone))?;
        transcript.add(&server_key_exchange);
        out.send(Level::Initial, server_key_exchange);
        if let Some((message, _)) = &certificate_request {
            transcript.add(message);
            out.send(Level::Initial, message.clone());
        }
        transcript.add(&server_hello_done);
        out.send(Level::Initial, server_hello_done);
        let key_exchange = ExpectClientKeyExchange {
            agreed,
            key_share,
            transcript,
            peer_auth: PeerAuth::NotRequested,
            accepted: None,
        };
        //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.6
        //# This is the first message the client can send after receiving a
        //# ServerHelloDone message.  This message is only sent if the server
        //# requests a certificate.
        Ok(match certificate_request {
            Some((_, requested)) => AfterServerHelloDone::Certificate(ExpectClientCertificate {
                key_exchange,
                requested,
            }),
            None => AfterServerHelloDone::KeyExchange(key_exchange),
        })
    }
}

/// Where our flight leads.
pub(crate) enum AfterServerHelloDone {
    /// We asked for a client certificate: its Certificate comes first.
    Certificate(ExpectClientCertificate),
    /// We did not: the ClientKeyExchange comes first.
    KeyExchange(ExpectClientKeyExchange),
}
