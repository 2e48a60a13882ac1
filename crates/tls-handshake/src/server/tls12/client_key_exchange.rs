//! The client's ClientKeyExchange and ChangeCipherSpec (RFC 8422 §5.7, RFC 5246 §7.1): the
//! shared secret, the master secret (extended when agreed, RFC 7627), the key block, and the
//! client's write key from its next record on.

use tls_keyschedule::Transcript;
use tls_keyschedule::tls12::{KeyBlock, MasterSecret, MasterSecretSeed, PreMasterSecret};
use tls_wire::handshake::ClientKeyExchangeEcdhe;

use super::ExpectFinished;
use super::client_certificate::{AcceptedCertificate, ExpectClientCertificateVerify};
use super::server_hello::Agreed;
use crate::action::{Action, Actions, Level};
use crate::certificate_chain::CertificateChain;
use crate::config::ServerConfig;
use crate::error::HandshakeError;
use crate::key_exchange::KeyShare;
use crate::key_log::HandshakeKeyLog;
use crate::proof::PeerAuth;
use crate::record_keys::RecordKeys;

/// Waiting for the ClientKeyExchange; our flight is out.
#[derive(Debug)]
pub(crate) struct ExpectClientKeyExchange {
    pub(crate) agreed: Agreed,
    pub(crate) key_share: KeyShare,
    /// ClientHello … ServerHelloDone (and the client's Certificate, if we asked for one).
    pub(crate) transcript: Transcript,
    /// How the client authenticated so far.
    pub(crate) peer_auth: PeerAuth,
    /// The client's accepted chain, whose CertificateVerify follows the key exchange.
    pub(crate) accepted: Option<AcceptedCertificate>,
}

/// Waiting for the client's ChangeCipherSpec; the keys are derived.
#[derive(Debug)]
pub(crate) struct ExpectChangeCipherSpec {
    agreed: Agreed,
    pub(crate) transcript: Transcript,
    pub(crate) peer_auth: PeerAuth,
    /// The client's chain, once its CertificateVerify proved it (for the session).
    pub(crate) peer_certificates: CertificateChain,
    master_secret: MasterSecret,
    key_block: KeyBlock,
}

/// Where the ClientKeyExchange leads.
pub(crate) enum AfterClientKeyExchange {
    /// No client certificate to prove: on to the client's ChangeCipherSpec.
    ChangeCipherSpec(ExpectChangeCipherSpec),
    /// The client's key must sign the handshake first.
    CertificateVerify(ExpectClientCertificateVerify),
}

impl ExpectClientKeyExchange {
    /// RFC 8422 §5.7: the client's ephemeral key, on our group; the agreement validates it.
    /// The master secret it leads to goes to the config's key log.
    pub(crate) fn handle_client_key_exchange(
        self,
        client_key_exchange: &ClientKeyExchangeEcdhe<'_>,
        raw: &[u8],
        config: &ServerConfig,
    ) -> Result<AfterClientKeyExchange, HandshakeError> {
        let Self {
            agreed,
            key_share,
            mut transcript,
            peer_auth,
            accepted,
        } = self;
        //= https://www.rfc-editor.org/rfc/rfc8422#section-5.7
        //# The server retrieves the client's ephemeral ECDH public key from the
        //# ClientKeyExchange message and checks that it is on the same elliptic
        //# curve as the server's ECDH key.
        let shared = key_share.agree(client_key_exchange.ecdh_yc.as_slice())?;
        transcript.add(raw);
        let session_hash = transcript.current_hash();
        let seed = if agreed.extended_master_secret {
            //= https://www.rfc-editor.org/rfc/rfc7627#section-5.2
            //# Both client and server MUST use the extended master secret
            //# derivation algorithm, as defined in Section 4.
            MasterSecretSeed::Extended {
                session_hash: &session_hash,
            }
        } else {
            MasterSecretSeed::Legacy {
                randoms: &agreed.randoms,
            }
        };
        let master_secret =
            PreMasterSecret::new(shared).into_master_secret(agreed.suite.hash, seed);
        HandshakeKeyLog::new(config.key_log().as_ref(), &agreed.randoms.client_random)
            .master_secret(&master_secret);
        let key_block = master_secret.derive_key_block(agreed.suite.aead, &agreed.randoms);
        let change_cipher_spec = ExpectChangeCipherSpec {
            agreed,
            transcript,
            peer_auth,
            peer_certificates: CertificateChain::default(),
            master_secret,
            key_block,
        };
        Ok(match accepted {
            //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.8
            //# This message is only sent following a client certificate that has
            //# signing capability (i.e., all certificates except those containing
            //# fixed Diffie-Hellman parameters).
            Some(accepted) => {
                AfterClientKeyExchange::CertificateVerify(ExpectClientCertificateVerify {
                    change_cipher_spec,
                    accepted,
                })
            }
            None => AfterClientKeyExchange::ChangeCipherSpec(change_cipher_spec),
        })
    }
}

impl ExpectChangeCipherSpec {
    /// RFC 5246 §7.1: the client's records are protected from the next one on.
    pub(crate) fn handle_change_cipher_spec(self, out: &mut Actions) -> ExpectFinished {
        let Self {
            agreed,
            transcript,
            peer_auth,
            peer_certificates,
            master_secret,
            key_block,
        } = self;
        out.push(Action::InstallReadKey {
            level: Level::Application,
            keys: RecordKeys::Tls12 {
                suite: agreed.suite,
                keys: key_block.client_write,
            },
        });
        ExpectFinished {
            agreed,
            transcript,
            peer_auth,
            peer_certificates,
            master_secret,
            server_write: key_block.server_write,
        }
    }
}
