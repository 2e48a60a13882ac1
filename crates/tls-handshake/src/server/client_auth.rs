//! What both versions' servers share when they ask for a client certificate: what the request
//! asked for ([`Requested`]) and the names of the roots it offers.

use std::sync::Arc;

use tls_wire::extensions::DistinguishedName;
use tls_wire::ids::SignatureScheme;

use crate::config::{ClientAuth, ServerConfig};
use crate::verifier::ClientCertVerifier;

/// What our CertificateRequest asked for, and who judges the answer.
#[derive(Clone, Debug)]
pub(crate) struct Requested {
    /// A client without a certificate is refused.
    pub(crate) required: bool,
    /// The schemes we offered for its CertificateVerify.
    pub(crate) schemes: Vec<SignatureScheme>,
    /// The config's client verifier.
    pub(crate) verifier: Arc<dyn ClientCertVerifier>,
}

impl Requested {
    /// What a CertificateRequest offering `schemes` asks for, if the config asks for client
    /// certificates at all.
    pub(crate) fn by(config: &ServerConfig, schemes: &[SignatureScheme]) -> Option<Self> {
        let (required, verifier) = match config.client_auth() {
            ClientAuth::None => return None,
            ClientAuth::Optional(verifier) => (false, verifier),
            ClientAuth::Required(verifier) => (true, verifier),
        };
        Some(Self {
            required,
            schemes: schemes.to_vec(),
            verifier: Arc::clone(verifier),
        })
    }

    /// The subjects of the roots the verifier accepts, as the request's distinguished names
    /// (they help a client choose), or `None` if one does not fit the wire form.
    pub(crate) fn root_names(&self) -> Option<Vec<DistinguishedName<'static>>> {
        self.verifier
            .root_subjects()
            .into_iter()
            .map(DistinguishedName::new)
            .collect::<Result<_, _>>()
            .ok()
    }
}
