//! The server's optional CertificateRequest and its ServerHelloDone (RFC 5246 §7.4.4, §7.4.5),
//! and our answering flight: Certificate (if requested; `client_certificate.rs`),
//! ClientKeyExchange, CertificateVerify (if we sent a certificate), ChangeCipherSpec and
//! Finished, under the keys the master secret gives.

use std::borrow::Cow;

use tls_keyschedule::tls12::{MasterSecret, MasterSecretSeed, PreMasterSecret};
use tls_wire::handshake::{
    CertificateRequestTls12, ClientKeyExchangeEcdhe, ECPoint, Finished, HandshakePayload,
};
use tls_wire::ids::{ClientCertificateType, HandshakeType, NamedGroup, SignatureScheme};

use super::client_certificate::AwaitClientCertificate;
use super::{ExpectChangeCipherSpec, Negotiation};
use crate::action::{Action, Actions, CertificateRequestSummary, Level, Request};
use crate::config::ClientConfig;
use crate::error::{HandshakeError, LocalError};
use crate::key_exchange::KeyShare;
use crate::key_log::HandshakeKeyLog;
use crate::proof::PeerAuth;
use crate::record_keys::RecordKeys;
use crate::tls13_common::encode;

/// Waiting for the ServerHelloDone (or, before it, a CertificateRequest); the server's key
/// exchange is verified.
#[derive(Debug)]
pub(crate) struct ExpectServerHelloDone {
    pub(crate) flight: OurFlight,
    /// What the server's CertificateRequest asked for, if it sent one.
    pub(crate) certificate_request: Option<CertificateRequestSummary>,
}

/// What our flight needs once the server's is complete.
#[derive(Debug)]
pub(crate) struct OurFlight {
    pub(crate) negotiation: Negotiation,
    /// The group of the server's ephemeral key, and the key.
    pub(crate) group: NamedGroup,
    pub(crate) server_public: Vec<u8>,
    pub(crate) signature_scheme: SignatureScheme,
    pub(crate) peer_auth: PeerAuth,
}

/// Where the ServerHelloDone leads.
pub(crate) enum AfterServerHelloDone {
    /// Our flight went out.
    ChangeCipherSpec(ExpectChangeCipherSpec),
    /// The server asked for a certificate: which one is the driver's choice.
    ChooseCertificate(AwaitClientCertificate),
}

impl ExpectServerHelloDone {
    /// Whether a CertificateRequest came already: a second one is unexpected.
    pub(crate) fn certificate_requested(&self) -> bool {
        self.certificate_request.is_some()
    }

    /// RFC 5246 §7.4.4: the server asks for our certificate, which our config's resolver
    /// chooses once the ServerHelloDone arrives. The resolver sees the schemes the server
    /// accepts whose key type the request's certificate_types allow.
    pub(crate) fn handle_certificate_request(
        mut self,
        certificate_request: &CertificateRequestTls12<'_>,
        raw: &[u8],
    ) -> Self {
        //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.4
        //# certificate_types
        //#    A list of the types of certificate types that the client may
        //#    offer.
        let types: Vec<ClientCertificateType> = certificate_request
            .certificate_types
            .iter()
            .copied()
            .collect();
        let signature_schemes = certificate_request
            .supported_signature_algorithms
            .iter()
            .copied()
            .filter(|scheme| scheme_fits_types(*scheme, &types))
            .collect();
        let certificate_authorities = certificate_request
            .certificate_authorities
            .iter()
            .map(|name| name.as_slice().to_vec())
            .collect();
        self.flight.negotiation.transcript.add(raw);
        self.certificate_request = Some(CertificateRequestSummary {
            signature_schemes,
            certificate_authorities,
        });
        self
    }

    /// RFC 5246 §7.4.5: the server's flight is complete. Without a CertificateRequest our
    /// flight goes out; with one, the request for our certificate.
    pub(crate) fn handle_server_hello_done(
        self,
        raw: &[u8],
        config: &ClientConfig,
        out: &mut Actions,
    ) -> Result<AfterServerHelloDone, HandshakeError> {
        let Self {
            mut flight,
            certificate_request,
        } = self;
        flight.negotiation.transcript.add(raw);
        match certificate_request {
            None => {
                // No CertificateVerify will sign the raw messages.
                flight.negotiation.transcript.discard_messages();
                let (client_key_exchange, master_secret) = flight.key_exchange(config)?;
                out.send(Level::Initial, client_key_exchange);
                flight
                    .finish(master_secret, out)
                    .map(AfterServerHelloDone::ChangeCipherSpec)
            }
            Some(request) => {
                out.push(Action::Request(Request::SelectClientCertificate(
                    request.clone(),
                )));
                Ok(AfterServerHelloDone::ChooseCertificate(
                    AwaitClientCertificate { flight, request },
                ))
            }
        }
    }
}

/// RFC 8422 §5.5: ecdsa_sign admits ECDSA and EdDSA keys, RFC 5246 §7.4.4 rsa_sign RSA keys;
/// a scheme of a key type the server did not list is one it cannot accept.
fn scheme_fits_types(scheme: SignatureScheme, types: &[ClientCertificateType]) -> bool {
    let needed = match scheme {
        SignatureScheme::ECDSA_SECP256R1_SHA256
        | SignatureScheme::ECDSA_SECP384R1_SHA384
        | SignatureScheme::ECDSA_SECP521R1_SHA512
        | SignatureScheme::ED25519 => ClientCertificateType::ECDSA_SIGN,
        SignatureScheme::RSA_PKCS1_SHA256
        | SignatureScheme::RSA_PKCS1_SHA384
        | SignatureScheme::RSA_PKCS1_SHA512
        | SignatureScheme::RSA_PSS_RSAE_SHA256
        | SignatureScheme::RSA_PSS_RSAE_SHA384
        | SignatureScheme::RSA_PSS_RSAE_SHA512 => ClientCertificateType::RSA_SIGN,
        // Schemes we never sign with (SHA-1, DSA, Ed448, …).
        _ => return false,
    };
    types.contains(&needed)
}

impl OurFlight {
    /// RFC 8422 §5.7, RFC 7627 §4: our ephemeral key, the shared secret, our
    /// ClientKeyExchange (added to the transcript, returned to send) and the master secret
    /// (extended when agreed: its session hash ends with the ClientKeyExchange), logged to the
    /// config's key log.
    pub(crate) fn key_exchange(
        &mut self,
        config: &ClientConfig,
    ) -> Result<(Vec<u8>, MasterSecret), HandshakeError> {
        let negotiation = &mut self.negotiation;
        let key_share = match negotiation.offered_share.take() {
            Some(offered) if offered.group() == self.group => offered,
            _ => KeyShare::generate(self.group, config.rng().as_ref())?,
        };
        let client_key_exchange = encode(HandshakePayload::ClientKeyExchangeEcdhe(
            ClientKeyExchangeEcdhe {
                ecdh_yc: ECPoint::new(key_share.public_key().to_vec()).map_err(|_| {
                    LocalError::UnencodableMessage {
                        message: HandshakeType::CLIENT_KEY_EXCHANGE,
                    }
                })?,
            },
        ))?;
        //= https://www.rfc-editor.org/rfc/rfc8422#section-5.10
        //# All ECDH calculations for the NIST curves (including parameter and
        //# key generation as well as the shared secret calculation) are
        //# performed according to [IEEE.P1363] using the ECKAS-DH1 scheme with
        //# the identity map as the Key Derivation Function (KDF) so that the
        //# premaster secret is the x-coordinate of the ECDH shared secret
        //# elliptic curve point represented as an octet string.
        let shared = key_share.agree(&self.server_public)?;
        negotiation.transcript.add(&client_key_exchange);

        let session_hash = negotiation.transcript.current_hash();
        let seed = if negotiation.extended_master_secret {
            //= https://www.rfc-editor.org/rfc/rfc7627#section-4
            //# When the extended master secret extension is negotiated in a full
            //# handshake, the "master_secret" is computed as
            //#
            //# master_secret = PRF(pre_master_secret, "extended master secret",
            //#                     session_hash)
            //#                     [0..47];
            MasterSecretSeed::Extended {
                session_hash: &session_hash,
            }
        } else {
            MasterSecretSeed::Legacy {
                randoms: &negotiation.randoms,
            }
        };
        let master_secret =
            PreMasterSecret::new(shared).into_master_secret(negotiation.suite.hash, seed);
        HandshakeKeyLog::new(
            config.key_log().as_ref(),
            &negotiation.randoms.client_random,
        )
        .master_secret(&master_secret);
        Ok((client_key_exchange, master_secret))
    }

    /// RFC 5246 §7.1, §7.4.9: the key block, our ChangeCipherSpec, our write key and our
    /// Finished over every handshake message so far (those before it are sent already).
    pub(crate) fn finish(
        self,
        master_secret: MasterSecret,
        out: &mut Actions,
    ) -> Result<ExpectChangeCipherSpec, HandshakeError> {
        let Self {
            mut negotiation,
            group,
            signature_scheme,
            peer_auth,
            ..
        } = self;
        let key_block =
            master_secret.derive_key_block(negotiation.suite.aead, &negotiation.randoms);
        //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.9
        //# verify_data
        //#    PRF(master_secret, finished_label, Hash(handshake_messages))
        //#       [0..verify_data_length-1];
        let verify_data =
            master_secret.derive_client_verify_data(&negotiation.transcript.current_hash());
        let finished = encode(HandshakePayload::Finished(Finished {
            verify_data: Cow::Borrowed(verify_data.as_bytes()),
        }))?;
        negotiation.transcript.add(&finished);

        out.push(Action::SendChangeCipherSpec);
        out.push(Action::InstallWriteKey {
            level: Level::Application,
            keys: RecordKeys::Tls12 {
                suite: negotiation.suite,
                keys: key_block.client_write,
            },
        });
        out.send(Level::Application, finished);
        Ok(ExpectChangeCipherSpec {
            negotiation,
            group,
            signature_scheme,
            peer_auth,
            master_secret,
            server_write: key_block.server_write,
        })
    }
}
