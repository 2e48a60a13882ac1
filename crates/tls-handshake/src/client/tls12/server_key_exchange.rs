//! The server's TLS 1.2 ServerKeyExchange in its ECDHE form (RFC 8422 §5.4): its ephemeral
//! public key on a group we offered, signed with its certificate's key over both randoms.

use tls_wire::handshake::ServerKeyExchangeEcdhe;
use tls_wire::ids::SignatureScheme;

use super::server_hello_done::OurFlight;
use super::{ExpectServerHelloDone, Negotiation};
use crate::certificate_chain::CertificateChain;
use crate::config::{ClientConfig, Tls12Authentication};
use crate::error::{HandshakeError, PeerMisbehaved};
use crate::proof::{CertificateVerified, PeerAuth};
use crate::verify_tls12::server_key_exchange_message;

/// Waiting for the ServerKeyExchange; the server's chain was accepted.
#[derive(Debug)]
pub(crate) struct ExpectServerKeyExchange {
    pub(crate) negotiation: Negotiation,
    /// The server's certificates, DER, end-entity first.
    pub(crate) certificates: CertificateChain,
    pub(crate) certificate_verified: CertificateVerified,
}

impl ExpectServerKeyExchange {
    /// RFC 8422 §5.4: the server's ECDHE parameters and their signature.
    ///
    /// Check (a group we offered, a scheme we offered that fits the suite's key type, the
    /// signature: the config's verifier, by default
    /// [`verify_tls12_signature`](crate::verify_tls12::verify_tls12_signature)) → transcript.
    pub(crate) fn handle_server_key_exchange(
        self,
        server_key_exchange: &ServerKeyExchangeEcdhe<'_>,
        raw: &[u8],
        config: &ClientConfig,
    ) -> Result<ExpectServerHelloDone, HandshakeError> {
        let Self {
            mut negotiation,
            certificates,
            certificate_verified,
        } = self;
        let params = &server_key_exchange.params;
        let group = params.curve_params().namedcurve;
        //= https://www.rfc-editor.org/rfc/rfc8422#section-5.4
        //# A possible reason for a
        //# fatal handshake failure is that the client's capabilities for
        //# handling elliptic curves and point formats are exceeded
        //
        // The server must pick from the groups we listed (RFC 8422 §5.1.1); one we did not
        // list is a parameter the server may not send.
        if !negotiation.offer.groups.contains(&group) {
            return Err(PeerMisbehaved::KeyShareInUnofferedGroup { group }.into());
        }
        let scheme = server_key_exchange.signed_params.algorithm;
        check_scheme_fits_suite(scheme, negotiation.cipher_suite.tls12_authentication())?;
        let mut message = Vec::new();
        server_key_exchange_message(
            &negotiation.randoms.client_random,
            &negotiation.randoms.server_random,
            params.encoded(),
            &mut message,
        );
        let end_entity = certificates.end_entity();
        //= https://www.rfc-editor.org/rfc/rfc8422#section-5.4
        //# The client verifies the signature (when present) and retrieves the
        //# server's elliptic curve domain parameters and ephemeral ECDH public
        //# key from the ServerKeyExchange message.
        let signature_verified = config.verifier.verify_tls12_server_key_exchange(
            end_entity,
            scheme,
            &negotiation.offer.signature_schemes,
            &message,
            &server_key_exchange.signed_params.signature,
        )?;
        negotiation.transcript.add(raw);
        negotiation.server_certificates = certificates;
        Ok(ExpectServerHelloDone {
            flight: OurFlight {
                negotiation,
                group,
                server_public: params.public().as_slice().to_vec(),
                signature_scheme: scheme,
                peer_auth: PeerAuth::Certificate(certificate_verified, signature_verified),
            },
            certificate_request: None,
        })
    }
}

/// RFC 8422 §2: an ECDHE_ECDSA suite is signed with an ECDSA (or EdDSA) key, an ECDHE_RSA
/// suite with an RSA key; a scheme of the other kind means a certificate the suite does not
/// allow.
fn check_scheme_fits_suite(
    scheme: SignatureScheme,
    authentication: Option<Tls12Authentication>,
) -> Result<(), HandshakeError> {
    let fits = match authentication {
        Some(Tls12Authentication::Ecdsa) => matches!(
            scheme,
            SignatureScheme::ECDSA_SECP256R1_SHA256
                | SignatureScheme::ECDSA_SECP384R1_SHA384
                | SignatureScheme::ED25519
        ),
        Some(Tls12Authentication::Rsa) => matches!(
            scheme,
            SignatureScheme::RSA_PKCS1_SHA256
                | SignatureScheme::RSA_PKCS1_SHA384
                | SignatureScheme::RSA_PKCS1_SHA512
                | SignatureScheme::RSA_PSS_RSAE_SHA256
                | SignatureScheme::RSA_PSS_RSAE_SHA384
                | SignatureScheme::RSA_PSS_RSAE_SHA512
        ),
        None => false,
    };
    //= https://www.rfc-editor.org/rfc/rfc8422#section-2.1
    //# In ECDHE_ECDSA, the server's certificate MUST contain an ECDSA- or
    //# EdDSA-capable public key.
    if fits {
        Ok(())
    } else {
        Err(PeerMisbehaved::SignatureSchemeKeyMismatch { scheme }.into())
    }
}
