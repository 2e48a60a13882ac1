//! The checks every extension block the server sends must pass: the RFC 8446 §4.2 table (is
//! this extension allowed in this message?) and the rule that a server only answers what the
//! client asked.

use tls_wire::extensions::{ExtensionContext, Extensions};
use tls_wire::ids::ExtensionType;

use crate::error::{HandshakeError, PeerMisbehaved};
use crate::tls13_common::check_allowed;

/// Checks each extension of `block` (from a server message of type `message`) against the
/// table and against `offered`, the types our ClientHello carried.
pub(crate) fn check_server_extensions(
    block: &Extensions<'_>,
    message: ExtensionContext,
    offered: &[ExtensionType],
) -> Result<(), HandshakeError> {
    for extension in block.types() {
        match check_allowed(extension, message)? {
            true if offered.contains(&extension) => {}
            // An extension we do not recognise can answer nothing we sent, except where the
            // message is a request of its own (CertificateRequest, NewSessionTicket).
            false if message.ignores_unrecognized() => {}
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2
            //# Implementations MUST NOT send extension responses if the remote
            //# endpoint did not send the corresponding extension requests, with the
            //# exception of the "cookie" extension in the HelloRetryRequest.  Upon
            //# receiving such an extension, an endpoint MUST abort the handshake
            //# with an "unsupported_extension" alert.
            _ => {
                return Err(PeerMisbehaved::UnsolicitedExtension { extension, message }.into());
            }
        }
    }
    Ok(())
}

/// The server's `application_layer_protocol_negotiation` (EncryptedExtensions in TLS 1.3,
/// ServerHello in TLS 1.2), if any: exactly one protocol, one of those we `offered`.
pub(crate) fn selected_application_protocol(
    extensions: &Extensions<'_>,
    offered: &[Vec<u8>],
) -> Result<Option<Vec<u8>>, HandshakeError> {
    let Some(list) = extensions.application_layer_protocol_negotiation()? else {
        return Ok(None);
    };
    //= https://www.rfc-editor.org/rfc/rfc7301#section-3.1
    //# The "extension_data"
    //# field of the ("application_layer_protocol_negotiation(16)") extension
    //# is structured the same as described above for the client
    //# "extension_data", except that the "ProtocolNameList" MUST contain
    //# exactly one "ProtocolName".
    match list.as_slice() {
        [selected] if offered.iter().any(|name| name == selected.as_slice()) => {
            Ok(Some(selected.as_slice().to_vec()))
        }
        _ => Err(PeerMisbehaved::SelectedUnofferedApplicationProtocol.into()),
    }
}

#[cfg(test)]
mod tests {
    use tls_wire::extensions::Extension;
    use tls_wire::ids::ProtocolVersion;

    use super::*;

    fn block(context: ExtensionContext, list: Vec<Extension<'static>>) -> Extensions<'static> {
        Extensions::new(context, list).unwrap()
    }

    #[test]
    fn accepts_answers_to_what_we_offered() {
        let server_hello = block(
            ExtensionContext::ServerHello,
            vec![Extension::SelectedVersion(ProtocolVersion::TLSV1_3)],
        );
        let offered = [ExtensionType::SUPPORTED_VERSIONS];
        assert_eq!(
            check_server_extensions(&server_hello, ExtensionContext::ServerHello, &offered),
            Ok(())
        );
    }

    #[test]
    fn rejects_an_answer_to_what_we_did_not_offer() {
        let encrypted = block(
            ExtensionContext::EncryptedExtensions,
            vec![Extension::ServerNameEmpty],
        );
        assert_eq!(
            check_server_extensions(&encrypted, ExtensionContext::EncryptedExtensions, &[]),
            Err(PeerMisbehaved::UnsolicitedExtension {
                extension: ExtensionType::SERVER_NAME,
                message: ExtensionContext::EncryptedExtensions,
            }
            .into())
        );
    }

    #[test]
    fn rejects_an_extension_the_table_forbids_in_the_message() {
        let encrypted = block(
            ExtensionContext::EncryptedExtensions,
            vec![Extension::Opaque {
                typ: ExtensionType::SUPPORTED_VERSIONS,
                body: tls_wire::extensions::ExtensionBody::new(vec![3, 4]).unwrap(),
            }],
        );
        let offered = [ExtensionType::SUPPORTED_VERSIONS];
        assert_eq!(
            check_server_extensions(&encrypted, ExtensionContext::EncryptedExtensions, &offered)
                .unwrap_err()
                .alert(),
            Some(tls_wire::ids::AlertDescription::ILLEGAL_PARAMETER)
        );
    }

    #[test]
    fn rejects_an_unknown_extension_in_encrypted_extensions() {
        let encrypted = block(
            ExtensionContext::EncryptedExtensions,
            vec![Extension::Opaque {
                typ: ExtensionType::new(0xfeed),
                body: tls_wire::extensions::ExtensionBody::new(vec![]).unwrap(),
            }],
        );
        assert_eq!(
            check_server_extensions(&encrypted, ExtensionContext::EncryptedExtensions, &[])
                .unwrap_err()
                .alert(),
            Some(tls_wire::ids::AlertDescription::UNSUPPORTED_EXTENSION)
        );
    }
}
