//! What the TLS 1.2 client and server share: the Certificate message we send, and the state
//! after the handshake, with the session's secrets for exporters (RFC 5705).

use tls_keyschedule::tls12::{MasterSecret, Randoms};
use tls_wire::handshake::{Asn1Cert, CertificateList, CertificateTls12, HandshakePayload};
use tls_wire::ids::HandshakeType;

use crate::action::Negotiated;
use crate::error::{ExportError, HandshakeError, LocalError};
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

/// The secrets a TLS 1.2 session keeps after its handshake.
#[derive(Debug)]
pub(crate) struct SessionSecrets {
    pub(crate) master_secret: MasterSecret,
    pub(crate) randoms: Randoms,
    /// Whether the master secret is the extended one (RFC 7627), bound to this handshake.
    pub(crate) extended_master_secret: bool,
}

/// A completed TLS 1.2 handshake, either side. It cannot be reached without the peer's
/// Finished and how the peer authenticated: [`Traffic::new`] takes both.
#[derive(Debug)]
pub(crate) struct Traffic {
    negotiated: Negotiated,
    peer_auth: PeerAuth,
    secrets: SessionSecrets,
    _finished: FinishedVerified,
}

impl Traffic {
    /// The state after the peer's Finished, holding the proofs of the checks that led here.
    pub(crate) fn new(
        negotiated: Negotiated,
        peer_auth: PeerAuth,
        finished: FinishedVerified,
        secrets: SessionSecrets,
    ) -> Self {
        Self {
            negotiated,
            peer_auth,
            secrets,
            _finished: finished,
        }
    }

    /// RFC 5705 §4: keying material for `label` and `context` into `out`, from a session with
    /// the extended master secret only. Unlike TLS 1.3, no context and an empty one differ.
    pub(crate) fn export_keying_material(
        &self,
        label: &[u8],
        context: Option<&[u8]>,
        out: &mut [u8],
    ) -> Result<(), ExportError> {
        //= https://www.rfc-editor.org/rfc/rfc7627#section-6.1
        //# Once the master secret is synchronized on two sessions, any security
        //# property that relies on the uniqueness of the master secret is
        //# compromised.  For example, a TLS exporter [RFC5705] no longer
        //# provides a unique key bound to the current session.
        //
        // Without the extended master secret a man in the middle can synchronize it (the
        // triple handshake): we refuse rather than export a value that may not bind this
        // connection.
        if !self.secrets.extended_master_secret {
            return Err(ExportError::NoExtendedMasterSecret);
        }
        self.secrets
            .master_secret
            .derive_keying_material(&self.secrets.randoms, label, context, out)
            .map_err(ExportError::Refused)
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
