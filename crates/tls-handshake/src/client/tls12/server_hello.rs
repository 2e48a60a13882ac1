//! The TLS 1.2 ServerHello (RFC 5246 §7.4.1.3): the suite, compression, the extensions that
//! answer ours (RFC 8422 point formats, RFC 7627 extended master secret, RFC 5746
//! renegotiation_info, ALPN), then the transcript under the suite's hash.

use tls_keyschedule::Transcript;
use tls_keyschedule::tls12::Randoms;
use tls_wire::extensions::{ExtensionContext, Extensions};
use tls_wire::handshake::ServerHello;
use tls_wire::ids::{ECPointFormat, ExtensionType};

use super::{ExpectCertificate, Negotiation, State, resume};
use crate::action::Actions;
use crate::certificate_chain::CertificateChain;
use crate::client::extensions::selected_application_protocol;
use crate::client::offer::Offer;
use crate::client::server_hello::{ExpectServerHello, HelloTranscript};
use crate::config::{ClientConfig, SupportedCipherSuite, SupportedVersion};
use crate::error::{HandshakeError, PeerIncompatible, PeerMisbehaved};
use crate::record_size_limit;
use crate::session::SessionIdBuf;

/// The extensions a TLS 1.2 ServerHello may answer ours with: anything else, TLS 1.3's among
/// them, was not solicited for this version.
const TLS12_SERVER_HELLO_EXTENSIONS: [ExtensionType; 7] = [
    ExtensionType::SERVER_NAME,
    ExtensionType::EC_POINT_FORMATS,
    ExtensionType::EXTENDED_MASTER_SECRET,
    ExtensionType::RENEGOTIATION_INFO,
    ExtensionType::APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
    ExtensionType::SESSION_TICKET,
    ExtensionType::RECORD_SIZE_LIMIT,
];

impl ExpectServerHello {
    /// RFC 5246 §7.4.1.3: a ServerHello that selected TLS 1.2, which we offered.
    ///
    /// Check (suite, compression, extensions) → transcript (ClientHello, ServerHello) → wait
    /// for the server's Certificate.
    pub(crate) fn handle_tls12_server_hello(
        self,
        server_hello: &ServerHello<'_>,
        raw: &[u8],
        config: &ClientConfig,
        out: &mut Actions,
    ) -> Result<State, HandshakeError> {
        // A TLS 1.2 server resumes no TLS 1.3 ticket: the Early Secret goes with the state.
        let Self {
            offer,
            key_share,
            hello,
            transcript,
            early_secret: _,
        } = self;
        let client_hello = match transcript {
            HelloTranscript::First { client_hello, .. } => client_hello,
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.4
            //# The value of selected_version in the HelloRetryRequest
            //# "supported_versions" extension MUST be retained in the ServerHello,
            //# and a client MUST abort the handshake with an "illegal_parameter"
            //# alert if the value changes.
            HelloTranscript::Retried(_, retry) => {
                return Err(PeerMisbehaved::VersionChangedAfterRetry {
                    retry: retry.version,
                    server_hello: server_hello.legacy_version,
                }
                .into());
            }
        };
        //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.1.3
        //# cipher_suite
        //#    The single cipher suite selected by the server from the list in
        //#    ClientHello.cipher_suites.
        let suite_id = server_hello.cipher_suite;
        let cipher_suite = SupportedCipherSuite::from_id(suite_id)
            .filter(|suite| suite.version() == SupportedVersion::Tls12)
            .filter(|_| offer.cipher_suites.contains(&suite_id))
            .ok_or(PeerMisbehaved::SelectedUnofferedCipherSuite { suite: suite_id })?;
        //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.1.3
        //# compression_method
        //#    The single compression algorithm selected by the server from the
        //#    list in ClientHello.compression_methods.
        if server_hello.legacy_compression_method != 0 {
            return Err(PeerMisbehaved::SelectedCompressionMethod {
                method: server_hello.legacy_compression_method,
            }
            .into());
        }
        let (extended_master_secret, alpn_protocol) = match &server_hello.extensions {
            Some(extensions) => check_extensions(extensions, &offer)?,
            None => (false, None),
        };
        //= https://www.rfc-editor.org/rfc/rfc5077#section-3.2
        //# The server uses a zero-length SessionTicket extension to indicate to the client
        //# that it will send a new session ticket using the NewSessionTicket handshake message
        //# described in Section 3.3.
        let ticket_promised = match &server_hello.extensions {
            Some(extensions) => extensions.session_ticket_empty()?,
            None => false,
        };
        // RFC 8449 §4: the server's limit (2^14 at most in TLS 1.2) holds for our protected
        // records, ours for its.
        let limit = match &server_hello.extensions {
            Some(extensions) => record_size_limit::client_action(extensions, config, false)?,
            None => None,
        };
        //= https://www.rfc-editor.org/rfc/rfc7627#section-5.2
        //# If a client receives a ServerHello without the extension, it SHOULD
        //# abort the handshake if it does not wish to interoperate with legacy
        //# servers.
        if offer.require_extended_master_secret && !extended_master_secret {
            return Err(PeerIncompatible::ExtendedMasterSecretRequired.into());
        }
        let randoms = Randoms {
            client_random: hello.random,
            server_random: server_hello.random,
        };
        //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.1.3
        //# If a match is
        //# found and the server is willing to establish the new connection
        //# using the specified session state, the server will respond with
        //# the same value as was supplied by the client.  This indicates a
        //# resumed session and dictates that the parties must proceed
        //# directly to the Finished messages.
        let echo = server_hello.legacy_session_id_echo.as_slice();
        if !echo.is_empty() && echo == offer.legacy_session_id {
            let next = resume(
                offer,
                cipher_suite,
                extended_master_secret,
                alpn_protocol,
                randoms,
                (&client_hello, raw),
                ticket_promised,
                config.key_log().as_ref(),
            )?;
            out.extend(limit);
            return Ok(State::ExpectResumedChangeCipherSpec(Box::new(next)));
        }

        let suite = cipher_suite.suite();
        // Our TLS 1.2 CertificateVerify would sign the raw messages: keep them while we have
        // a certificate to give.
        let mut transcript = if config.client_certificates().is_some() {
            Transcript::keeping_messages(suite.hash)
        } else {
            Transcript::new(suite.hash)
        };
        transcript.add(&client_hello);
        transcript.add(raw);
        out.extend(limit);
        Ok(State::ExpectCertificate(Box::new(ExpectCertificate {
            negotiation: Negotiation {
                offer,
                cipher_suite,
                suite,
                randoms,
                extended_master_secret,
                alpn_protocol,
                transcript,
                session_id: SessionIdBuf::new(echo),
                ticket_promised,
                ticket: None,
                server_certificates: CertificateChain::default(),
                offered_share: key_share,
            },
        })))
    }
}

/// The TLS 1.2 ServerHello's extensions: each answers one we sent and belongs to TLS 1.2;
/// returns whether the extended master secret was agreed and the ALPN protocol chosen.
fn check_extensions(
    extensions: &Extensions<'_>,
    offer: &Offer,
) -> Result<(bool, Option<Vec<u8>>), HandshakeError> {
    record_size_limit::refuse_beside_max_fragment_length(extensions)?;
    for extension in extensions.types() {
        //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.1.4
        //# If a client receives an extension type in ServerHello that it did
        //# not request in the associated ClientHello, it MUST abort the
        //# handshake with an unsupported_extension fatal alert.
        if !offer.extensions.contains(&extension)
            || !TLS12_SERVER_HELLO_EXTENSIONS.contains(&extension)
        {
            return Err(PeerMisbehaved::UnsolicitedExtension {
                extension,
                message: ExtensionContext::ServerHello,
            }
            .into());
        }
    }
    //= https://www.rfc-editor.org/rfc/rfc8422#section-5.2
    //# If the server sends the extension, the extension
    //# MUST contain the uncompressed format
    if let Some(formats) = extensions.ec_point_formats()?
        && !formats.contains(&ECPointFormat::UNCOMPRESSED)
    {
        return Err(PeerMisbehaved::PointFormatsWithoutUncompressed.into());
    }
    //= https://www.rfc-editor.org/rfc/rfc5746#section-3.4
    //# The client MUST then verify that the length of the
    //# "renegotiated_connection" field is zero, and if it is not, MUST abort
    //# the handshake (by sending a fatal handshake_failure alert).
    if let Some(info) = extensions.renegotiation_info()?
        && !info.is_empty()
    {
        return Err(PeerMisbehaved::NonEmptyRenegotiationInfo.into());
    }
    let extended_master_secret = extensions.extended_master_secret()?;
    let alpn_protocol = selected_application_protocol(extensions, &offer.alpn_protocols)?;
    Ok((extended_master_secret, alpn_protocol))
}
