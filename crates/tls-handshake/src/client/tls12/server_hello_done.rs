//! The server's optional CertificateRequest and its ServerHelloDone (RFC 5246 §7.4.4, §7.4.5),
//! and our answering flight: Certificate (if requested), ClientKeyExchange, ChangeCipherSpec
//! and Finished, under the keys the master secret gives.

use std::borrow::Cow;

use tls_keyschedule::tls12::{MasterSecretSeed, PreMasterSecret};
use tls_wire::handshake::{
    CertificateRequestTls12, ClientKeyExchangeEcdhe, ECPoint, Finished, HandshakePayload,
};
use tls_wire::ids::{HandshakeType, NamedGroup, SignatureScheme};

use super::{ExpectChangeCipherSpec, Negotiation};
use crate::action::{Action, Actions, Level};
use crate::config::ClientConfig;
use crate::error::{HandshakeError, LocalError};
use crate::key_exchange::KeyShare;
use crate::proof::PeerAuth;
use crate::record_keys::RecordKeys;
use crate::tls12_common::emit_certificate_tls12;
use crate::tls13_common::encode;

/// Waiting for the ServerHelloDone (or, before it, a CertificateRequest); the server's key
/// exchange is verified.
#[derive(Debug)]
pub(crate) struct ExpectServerHelloDone {
    pub(crate) negotiation: Negotiation,
    /// The group of the server's ephemeral key, and the key.
    pub(crate) group: NamedGroup,
    pub(crate) server_public: Vec<u8>,
    pub(crate) signature_scheme: SignatureScheme,
    pub(crate) peer_auth: PeerAuth,
    /// Whether the server asked for our certificate.
    pub(crate) certificate_requested: bool,
}

impl ExpectServerHelloDone {
    /// Whether a CertificateRequest came already: a second one is unexpected.
    pub(crate) fn certificate_requested(&self) -> bool {
        self.certificate_requested
    }

    /// RFC 5246 §7.4.4: the server asks for our certificate. We answer with an empty
    /// Certificate (client certificates in TLS 1.2 come with the resolver's next step).
    pub(crate) fn handle_certificate_request(
        mut self,
        _certificate_request: &CertificateRequestTls12<'_>,
        raw: &[u8],
    ) -> Self {
        self.negotiation.transcript.add(raw);
        self.certificate_requested = true;
        self
    }

    /// RFC 5246 §7.4.5, §7.4.7, §7.4.9, §8.1: the server's flight is complete; ours goes out.
    ///
    /// Transcript → [empty Certificate] → our ephemeral key and the shared secret →
    /// ClientKeyExchange → master secret (extended, RFC 7627, when agreed) → key block →
    /// ChangeCipherSpec, our write key, Finished.
    pub(crate) fn handle_server_hello_done(
        self,
        raw: &[u8],
        config: &ClientConfig,
        out: &mut Actions,
    ) -> Result<ExpectChangeCipherSpec, HandshakeError> {
        let Self {
            mut negotiation,
            group,
            server_public,
            signature_scheme,
            peer_auth,
            certificate_requested,
        } = self;
        negotiation.transcript.add(raw);
        let unencodable =
            |message| HandshakeError::from(LocalError::UnencodableMessage { message });

        //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.6
        //# If no suitable certificate is available,
        //# the client MUST send a certificate message containing no
        //# certificates.
        if certificate_requested {
            let certificate = emit_certificate_tls12(&[])?;
            negotiation.transcript.add(&certificate);
            out.send(Level::Initial, certificate);
        }

        let key_share = KeyShare::generate(group, config.rng().as_ref())?;
        let client_key_exchange = encode(HandshakePayload::ClientKeyExchangeEcdhe(
            ClientKeyExchangeEcdhe {
                ecdh_yc: ECPoint::new(key_share.public_key().to_vec())
                    .map_err(|_| unencodable(HandshakeType::CLIENT_KEY_EXCHANGE))?,
            },
        ))?;
        //= https://www.rfc-editor.org/rfc/rfc8422#section-5.10
        //# All ECDH calculations for the NIST curves (including parameter and
        //# key generation as well as the shared secret calculation) are
        //# performed according to [IEEE.P1363] using the ECKAS-DH1 scheme with
        //# the identity map as the Key Derivation Function (KDF) so that the
        //# premaster secret is the x-coordinate of the ECDH shared secret
        //# elliptic curve point represented as an octet string.
        let shared = key_share.agree(&server_public)?;
        negotiation.transcript.add(&client_key_exchange);

        let hash = negotiation.suite.hash;
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
        let master_secret = PreMasterSecret::new(shared).into_master_secret(hash, seed);
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

        out.send(Level::Initial, client_key_exchange);
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
