//! What the TLS 1.2 client and server share: the Certificate message we send, and the state
//! after the handshake.

use tls_wire::handshake::{Asn1Cert, CertificateList, CertificateTls12, HandshakePayload};
use tls_wire::ids::HandshakeType;

use crate::action::Negotiated;
use crate::error::{HandshakeError, LocalError};
use crate::proof::{FinishedVerified, PeerAuth};
use crate::tls13_common::encode;

/// RFC 5246 §7.4.2, §7.4.6: a Certificate in its TLS 1.2 form (`chain` empty: a client with no
/// certificate to present).
pub(crate) fn emit_certificate_tls12(chain: &[Vec<u8>]) -> Result<Vec<u8>, HandshakeError> {
    let unencodable = || {
        HandshakeError::from(LocalError::UnencodableMessage {
            message: HandshakeType::CERTIFICATE,
        })
    };
    let certificates = chain
        .iter()
        .map(|der| Asn1Cert::new(der.clone()).map_err(|_| unencodable()))
        .collect::<Result<Vec<_>, _>>()?;
    encode(HandshakePayload::CertificateTls12(CertificateTls12 {
        certificate_list: CertificateList::new(certificates).map_err(|_| unencodable())?,
    }))
}

/// A completed TLS 1.2 handshake, either side. It cannot be reached without the peer's
/// Finished and how the peer authenticated: [`Traffic::new`] takes both.
#[derive(Debug)]
pub(crate) struct Traffic {
    negotiated: Negotiated,
    peer_auth: PeerAuth,
    _finished: FinishedVerified,
}

impl Traffic {
    /// The state after the peer's Finished, holding the proofs of the checks that led here.
    pub(crate) fn new(
        negotiated: Negotiated,
        peer_auth: PeerAuth,
        finished: FinishedVerified,
    ) -> Self {
        Self {
            negotiated,
            peer_auth,
            _finished: finished,
        }
    }

    /// What the handshake agreed on.
    pub(crate) fn negotiated(&self) -> &Negotiated {
        &self.negotiated
    }

    /// How the peer authenticated.
    pub(crate) fn peer_auth(&self) -> &PeerAuth {
        &self.peer_auth
    }
}
