//! A TLS 1.2 ClientHello (RFC 5246 §7.4.1.2), once the version-neutral `ExpectClientHello`
//! chose TLS 1.2: compression, the extensions we act on (RFC 8422 groups and point formats,
//! RFC 5246 signature_algorithms, RFC 7627 extended master secret, RFC 5746
//! renegotiation_info, SNI, ALPN), then a stored session to resume (`resumption.rs`) or the
//! driver's choice of certificate. The suite waits for the certificate: its key type decides
//! between ECDHE_ECDSA and ECDHE_RSA.

use tls_wire::handshake::ClientHello;
use tls_wire::ids::{CipherSuite, ECPointFormat, ExtensionType};

use super::AwaitCertificate;
use super::resumption::{ExpectResumedChangeCipherSpec, find_session};
use crate::action::{Action, Actions, ClientHelloSummary, ProtocolNames, Request};
use crate::config::{ServerConfig, SupportedVersion};
use crate::error::{HandshakeError, PeerIncompatible, PeerMisbehaved};
use crate::server::ticket_opener::TicketOpener;
use crate::server::tls13::client_hello::no_common_cipher_suite;
use crate::server::tls13::offer::{choose_application_protocol, read_server_name};

/// Where a TLS 1.2 ClientHello leads.
pub(crate) enum AfterClientHello {
    /// A full handshake: the driver chooses our certificate.
    Full(Box<AwaitCertificate>),
    /// The session it offered is resumed: our flight is out.
    Resumed(Box<ExpectResumedChangeCipherSpec>),
}

/// RFC 5246 §7.4.1.2, RFC 8422 §5.1: checks the ClientHello, chooses the group and
/// application protocol, then resumes the session it offers or asks the driver for a
/// certificate.
pub(crate) fn handle_client_hello(
    hello: &ClientHello<'_>,
    raw: &[u8],
    config: &ServerConfig,
    opener: &TicketOpener<'_>,
    out: &mut Actions,
) -> Result<AfterClientHello, HandshakeError> {
    //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.1.2
    //# This vector MUST contain, and all implementations MUST support,
    //# CompressionMethod.null.
    if !hello.legacy_compression_methods.as_slice().contains(&0) {
        return Err(PeerMisbehaved::CompressionMethodsWithoutNull.into());
    }
    let extensions = hello.extensions.as_ref();
    let find = |typ| extensions.and_then(|block| block.find(typ));

    //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.1.4.1
    //# If the client does not send the signature_algorithms extension, the
    //# server MUST do the following:
    //
    // ... assume SHA-1, which we never sign with: such a client shares no scheme with us.
    let signature_schemes = match extensions {
        Some(block) => block.signature_algorithms()?,
        None => None,
    }
    .ok_or(PeerIncompatible::NoCommonSignatureScheme)?;
    let groups = match extensions {
        Some(block) => block.supported_groups()?,
        None => None,
    }
    .ok_or(PeerIncompatible::NoCommonGroup)?;
    //= https://www.rfc-editor.org/rfc/rfc8422#section-5.1.1
    //# The server
    //# MUST select one of the curves in the list
    //
    // Our order: the groups are ours to prefer, as the suites are.
    let group = config
        .groups()
        .iter()
        .map(|group| group.id())
        .find(|group| groups.contains(group))
        .ok_or(PeerIncompatible::NoCommonGroup)?;
    //= https://www.rfc-editor.org/rfc/rfc8422#section-5.1.2
    //# If the client sends the extension and the extension does not contain
    //# the uncompressed point format, and the client has used the Supported
    //# Groups extension to indicate support for any of the curves defined in
    //# this specification, then the server MUST abort the handshake and
    //# return an illegal_parameter alert.
    let point_formats = match extensions {
        Some(block) => block.ec_point_formats()?,
        None => None,
    };
    if let Some(formats) = &point_formats
        && !formats.contains(&ECPointFormat::UNCOMPRESSED)
    {
        return Err(PeerMisbehaved::PointFormatsWithoutUncompressed.into());
    }
    //= https://www.rfc-editor.org/rfc/rfc5746#section-3.6
    //# The server MUST check if the "renegotiation_info" extension is
    //# included in the ClientHello.  If the extension is present, set
    //# secure_renegotiation flag to TRUE.  The server MUST verify that the
    //# length of the "renegotiated_connection" field is zero, and if it is
    //# not, MUST abort the handshake.
    let renegotiation_info = match extensions {
        Some(block) => block.renegotiation_info()?.map(|info| info.is_empty()),
        None => None,
    };
    if renegotiation_info == Some(false) {
        return Err(PeerMisbehaved::NonEmptyRenegotiationInfo.into());
    }
    let secure_renegotiation = renegotiation_info.is_some()
        || hello
            .cipher_suites
            .contains(&CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
    let extended_master_secret = match extensions {
        Some(block) => block.extended_master_secret()?,
        None => false,
    };
    //= https://www.rfc-editor.org/rfc/rfc7627#section-5.2
    //# If the server receives a ClientHello without the extension, it SHOULD
    //# abort the handshake if it does not wish to interoperate with legacy
    //# clients.
    if config.requires_extended_master_secret() && !extended_master_secret {
        return Err(PeerIncompatible::ExtendedMasterSecretRequired.into());
    }
    let server_name = match find(ExtensionType::SERVER_NAME) {
        Some(raw) => match raw.server_names()? {
            Some(list) => read_server_name(&list)?,
            None => None,
        },
        None => None,
    };
    let alpn_protocols = match find(ExtensionType::APPLICATION_LAYER_PROTOCOL_NEGOTIATION) {
        Some(raw) => raw.protocol_names()?,
        None => None,
    };
    let alpn_protocol = match &alpn_protocols {
        Some(list) => choose_application_protocol(config, list)?,
        None => None,
    };
    // The suites we could choose once the key type is known: ours, in our order, offered.
    let cipher_suites = config
        .cipher_suites()
        .iter()
        .copied()
        .filter(|suite| suite.version() == SupportedVersion::Tls12)
        .filter(|suite| hello.cipher_suites.contains(&suite.id()))
        .collect::<Vec<_>>();
    //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.1.3
    //# If no acceptable choices are presented, return a handshake failure
    //# alert and close the connection.
    if cipher_suites.is_empty() {
        return Err(no_common_cipher_suite(&hello.cipher_suites));
    }

    let session = find_session(
        hello,
        config,
        opener,
        &cipher_suites,
        extended_master_secret,
        server_name.as_deref(),
    );
    let summary = ClientHelloSummary {
        server_name: server_name.clone(),
        signature_schemes: signature_schemes.to_vec(),
        alpn_protocols: alpn_protocols
            .as_ref()
            .map(ProtocolNames::of)
            .unwrap_or_default(),
        version: SupportedVersion::Tls12,
        cipher_suites: cipher_suites.iter().copied().collect(),
    };
    let state = AwaitCertificate {
        client_random: hello.random,
        cipher_suites,
        group,
        signature_schemes: signature_schemes.into_vec(),
        point_formats: point_formats.is_some(),
        secure_renegotiation,
        extended_master_secret,
        server_name,
        alpn_protocol,
        record_size_limit: match extensions {
            Some(block) => block.record_size_limit()?.map(|limit| limit.get()),
            None => None,
        },
        client_hello: raw.to_vec(),
        //= https://www.rfc-editor.org/rfc/rfc5077#section-3.2
        //# The server MUST send this extension in the ServerHello if it wishes
        //# to issue a new ticket to the client using the NewSessionTicket
        //# handshake message.
        //
        // Not for a session without the extended master secret (RFC 7627 §5.4).
        issue_ticket: config.ticketer().is_some()
            && extended_master_secret
            && find(ExtensionType::SESSION_TICKET).is_some(),
    };
    match session {
        Some(session) => state
            .resume(session, hello.legacy_session_id.as_slice(), config, out)
            .map(|next| AfterClientHello::Resumed(Box::new(next))),
        None => {
            out.push(Action::Request(Request::SelectCertificate(summary)));
            Ok(AfterClientHello::Full(Box::new(state)))
        }
    }
}
