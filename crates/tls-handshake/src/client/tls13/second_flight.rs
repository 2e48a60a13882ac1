//! Our second flight (RFC 8446 §4.4.2, §4.4.3, §4.4.4): after the server's Finished, our
//! Certificate and CertificateVerify when the server asked for them, then our Finished.
//!
//! ```text
//! ExpectFinished ──server Finished──▶ no CertificateRequest ──────────────▶ Finished ──▶ Traffic
//!                                    └ CertificateRequest ──▶ AwaitClientCertificate
//!                                        none chosen ──▶ empty Certificate, Finished ──▶ Traffic
//!                                        chosen ──▶ Certificate ──▶ AwaitClientSignature
//!                                                      ──▶ CertificateVerify, Finished ──▶ Traffic
//! ```

use std::sync::Arc;

use tls_keyschedule::Transcript;
use tls_keyschedule::suite::Suite;
use tls_keyschedule::tls13::TrafficSecret;
use tls_wire::ids::{NamedGroup, ProtocolVersion, SignatureScheme};

use super::Traffic;
use super::traffic::Resumption;
use crate::action::{
    Action, Actions, CertificateRequestSummary, Event, Level, Negotiated, Request,
};
use crate::certificate_chain::CertificateChain;
use crate::client::offer::Offer;
use crate::config::{CertifiedKey, ClientConfig, SupportedCipherSuite};
use crate::error::HandshakeError;
use crate::finished::finished_message;
use crate::key_update::ApplicationSecrets;
use crate::proof::{FinishedVerified, PeerAuth};
use crate::record_keys::RecordKeys;
use crate::tls13_common::{emit_certificate, emit_certificate_verify};
use crate::verify::{Side, certificate_verify_message};
use tls_keyschedule::tls13::schedule::MasterSecret;

/// Everything our second flight needs, once the server's Finished is checked.
#[derive(Debug)]
pub(crate) struct SecondFlight {
    pub(crate) offer: Offer,
    pub(crate) suite: Suite,
    pub(crate) group: Option<NamedGroup>,
    /// ClientHello … server Finished, then what we add.
    pub(crate) transcript: Transcript,
    pub(crate) client_handshake_traffic_secret: TrafficSecret,
    pub(crate) client_application_traffic_secret: TrafficSecret,
    pub(crate) secrets: ApplicationSecrets,
    pub(crate) alpn_protocol: Option<Vec<u8>>,
    pub(crate) signature_scheme: Option<SignatureScheme>,
    pub(crate) peer_auth: PeerAuth,
    pub(crate) finished_verified: FinishedVerified,
    /// For the resumption secret once our Finished is in the transcript (`None` in a replay
    /// that set the traffic secrets).
    pub(crate) master: Option<MasterSecret>,
    pub(crate) server_certificates: CertificateChain,
    /// Whether the server resumed our ticket.
    pub(crate) resumed: bool,
    /// Our EndOfEarlyData (in the transcript already), when the server accepted our early
    /// data: sent first.
    pub(crate) end_of_early_data: Option<Vec<u8>>,
}

/// Waiting for the choice of our certificate.
#[derive(Debug)]
pub(crate) struct AwaitClientCertificate {
    flight: SecondFlight,
    request: CertificateRequestSummary,
}

/// Waiting for the signature of our CertificateVerify.
#[derive(Debug)]
pub(crate) struct AwaitClientSignature {
    flight: SecondFlight,
    certificate: Vec<u8>,
    scheme: SignatureScheme,
    certified: Arc<CertifiedKey>,
}

/// Where the server's Finished leads.
pub(crate) enum AfterServerFinished {
    /// Our flight went out: the handshake is complete.
    Traffic(Box<Traffic>),
    /// The server asked for a certificate: which one is the driver's choice.
    ChooseCertificate(Box<AwaitClientCertificate>),
}

impl SecondFlight {
    /// With no CertificateRequest, our Finished; with one, the request for our certificate.
    pub(crate) fn start(
        self,
        request: Option<CertificateRequestSummary>,
        out: &mut Actions,
    ) -> Result<AfterServerFinished, HandshakeError> {
        match request {
            None => self
                .finish(None, None, out)
                .map(|traffic| AfterServerFinished::Traffic(Box::new(traffic))),
            Some(request) => {
                out.push(Action::Request(Request::SelectClientCertificate(
                    request.clone(),
                )));
                Ok(AfterServerFinished::ChooseCertificate(Box::new(
                    AwaitClientCertificate {
                        flight: self,
                        request,
                    },
                )))
            }
        }
    }

    /// Sends our flight: the compatibility change_cipher_spec, our handshake key, the
    /// Certificate and CertificateVerify if any, our Finished over all of it, our application
    /// key; the handshake is complete.
    fn finish(
        self,
        certificate: Option<Vec<u8>>,
        certificate_verify: Option<Vec<u8>>,
        out: &mut Actions,
    ) -> Result<Traffic, HandshakeError> {
        let Self {
            offer,
            suite,
            group,
            mut transcript,
            client_handshake_traffic_secret,
            client_application_traffic_secret,
            secrets,
            alpn_protocol,
            signature_scheme,
            peer_auth,
            finished_verified,
            master,
            server_certificates,
            resumed,
            end_of_early_data,
        } = self;
        // The certificate messages are in the transcript already.
        let client_finished = finished_message(
            &client_handshake_traffic_secret.derive_finished_key(),
            &transcript,
        )?;
        transcript.add(&client_finished);
        //= https://www.rfc-editor.org/rfc/rfc8446#section-7.1
        //# resumption_master_secret = Derive-Secret(., "res master",
        //#                                ClientHello...client Finished)
        let resumption =
            master
                .zip(SupportedCipherSuite::from_id(suite.id))
                .map(|(master, cipher_suite)| Resumption {
                    secret: master.resumption_master_secret(&transcript.current_hash()),
                    cipher_suite,
                    server_certificates,
                });
        //= https://www.rfc-editor.org/rfc/rfc8446#appendix-D.4
        //# If not offering early data, the client sends a dummy
        //# change_cipher_spec record (see the third paragraph of Section 5)
        //# immediately before its second flight.  This may either be before
        //# its second ClientHello or before its encrypted handshake flight.
        if let Some(message) = end_of_early_data {
            out.send(Level::Early, message);
        }
        if offer.compat() && !offer.change_cipher_spec_sent {
            out.push(Action::SendChangeCipherSpec);
        }
        out.push(Action::InstallWriteKey {
            level: Level::Handshake,
            keys: RecordKeys::Tls13 {
                suite,
                secret: client_handshake_traffic_secret,
            },
        });
        for message in certificate.into_iter().chain(certificate_verify) {
            out.send(Level::Handshake, message);
        }
        out.send(Level::Handshake, client_finished);
        out.push(Action::InstallWriteKey {
            level: Level::Application,
            keys: RecordKeys::Tls13 {
                suite,
                secret: client_application_traffic_secret,
            },
        });
        let negotiated = Negotiated {
            version: ProtocolVersion::TLSV1_3,
            cipher_suite: suite.id,
            group,
            signature_scheme,
            alpn_protocol,
            server_name: offer.server_name,
            server_name_check_skipped: offer.server_name_check_skipped,
            resumed,
        };
        out.push(Action::Event(Event::HandshakeComplete(negotiated.clone())));
        Ok(Traffic::new(
            negotiated,
            peer_auth,
            finished_verified,
            secrets,
            resumption,
        ))
    }
}

impl AwaitClientCertificate {
    /// The driver's choice: none (an empty Certificate), or a chain whose key signs our
    /// CertificateVerify with a scheme the server accepts.
    pub(crate) fn handle_client_certificate(
        self,
        certified: Option<Arc<CertifiedKey>>,
        config: &ClientConfig,
        out: &mut Actions,
    ) -> Result<AfterClientCertificate, HandshakeError> {
        let Self {
            mut flight,
            request,
        } = self;
        // A key that cannot sign with any scheme the server accepts is as good as none.
        let chosen = certified.and_then(|certified| {
            let scheme = certified
                .key()
                .choose_tls13_scheme(&request.signature_schemes)
                .ok()?;
            Some((certified, scheme))
        });
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.2
        //# If the server requests client authentication but no
        //# suitable certificate is available, the client MUST send a Certificate
        //# message containing no certificates (i.e., with the "certificate_list"
        //# field having length 0).
        let Some((certified, scheme)) = chosen else {
            let certificate = emit_certificate(&[])?;
            flight.transcript.add(&certificate);
            return flight
                .finish(Some(certificate), None, out)
                .map(|traffic| AfterClientCertificate::Traffic(Box::new(traffic)));
        };
        // A replay presents the trace's chain (whose key ring may not load); the chosen key
        // then only decides the scheme.
        let chain = config
            .wire_profile()
            .certificate_chain()
            .unwrap_or_else(|| certified.chain());
        let certificate = emit_certificate(chain)?;
        flight.transcript.add(&certificate);
        let mut content = Vec::new();
        certificate_verify_message(
            Side::Client,
            flight.transcript.current_hash().as_bytes(),
            &mut content,
        );
        out.push(Action::Request(Request::Sign {
            scheme,
            message: content,
        }));
        Ok(AfterClientCertificate::Sign(Box::new(
            AwaitClientSignature {
                flight,
                certificate,
                scheme,
                certified,
            },
        )))
    }
}

/// Where our choice of certificate leads.
pub(crate) enum AfterClientCertificate {
    /// No certificate: our flight went out.
    Traffic(Box<Traffic>),
    /// Our CertificateVerify waits for its signature.
    Sign(Box<AwaitClientSignature>),
}

impl AwaitClientSignature {
    /// The in-process answer to our Sign request: the chosen key, the configured generator.
    pub(crate) fn sign(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        config: &ClientConfig,
    ) -> Result<Vec<u8>, HandshakeError> {
        self.certified
            .key()
            .sign(scheme, message, config.rng().as_ref())
    }

    /// RFC 8446 §4.4.3: our CertificateVerify, then the rest of our flight.
    pub(crate) fn handle_signature(
        self,
        signature: Vec<u8>,
        out: &mut Actions,
    ) -> Result<Traffic, HandshakeError> {
        let Self {
            mut flight,
            certificate,
            scheme,
            ..
        } = self;
        let certificate_verify = emit_certificate_verify(scheme, signature)?;
        flight.transcript.add(&certificate_verify);
        flight.finish(Some(certificate), Some(certificate_verify), out)
    }
}
