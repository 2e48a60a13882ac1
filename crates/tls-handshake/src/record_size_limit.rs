//! `record_size_limit` (RFC 8449): the limit we advertise (the configured one, or the
//! protocol's maximum: RFC 8449 §4 has endpoints advertise even without a need), a peer's limit
//! checked and clamped, and the [`Action::LimitRecordSize`] that puts both to work.
//!
//! ```text
//! client: ClientHello(ours) ─▶ EncryptedExtensions / TLS 1.2 ServerHello(theirs) ─▶ Limit
//! server: ClientHello(theirs) ─▶ Limit, then EncryptedExtensions / ServerHello(ours)
//!   send    = min(theirs, max) − (1 in TLS 1.3: the content type counts)
//!   receive = min(ours, max)          max = 2^14 + 1 (TLS 1.3), 2^14 (TLS 1.2)
//! ```

use tls_wire::extensions::{Extension, Extensions, RecordSizeLimit};
use tls_wire::ids::ExtensionType;
use tls_wire::record::MAX_PLAINTEXT_LEN;

use crate::action::Action;
use crate::config::{ClientConfig, SupportedVersion};
use crate::error::{HandshakeError, PeerMisbehaved};

/// The largest limit each version allows (RFC 8449 §4: "For TLS 1.2 and earlier, that limit
/// is 2^14 octets.  TLS 1.3 uses a limit of 2^14+1 octets.").
pub(crate) fn protocol_max(tls13: bool) -> u16 {
    let max = u16::try_from(MAX_PLAINTEXT_LEN).unwrap_or(u16::MAX);
    if tls13 { max.saturating_add(1) } else { max }
}

/// The limit we advertise for a version: the configured one, within the version's maximum.
pub(crate) fn ours(configured: Option<u16>, tls13: bool) -> u16 {
    configured.map_or(protocol_max(tls13), |limit| limit.min(protocol_max(tls13)))
}

/// The extension advertising `limit`.
pub(crate) fn extension(limit: u16) -> Option<Extension<'static>> {
    RecordSizeLimit::new(limit).map(Extension::RecordSizeLimit)
}

/// The extension a client advertises: one value for every version it offers, TLS 1.3's
/// maximum if it offers TLS 1.3 (a TLS 1.2 server holds it to 2^14 at most).
pub(crate) fn client_extension(config: &ClientConfig) -> Option<Extension<'static>> {
    let tls13 = config.versions().contains(&SupportedVersion::Tls13);
    extension(ours(config.record_size_limit(), tls13))
}

/// The limits both sides agreed on: ours, and the peer's, clamped to the version's maximum
/// (a server does not hold a client to a limit a later version may allow).
pub(crate) fn limit_action(ours: u16, theirs: u16, tls13: bool) -> Action {
    let max = protocol_max(tls13);
    let content_type = usize::from(tls13);
    Action::LimitRecordSize {
        send: usize::from(theirs.min(max)).saturating_sub(content_type),
        receive: usize::from(ours.min(max)),
    }
}

/// A client's first check of the server's extensions (the TLS 1.2 ServerHello's, the TLS 1.3
/// EncryptedExtensions'), before any other: both limits at once are refused.
pub(crate) fn refuse_beside_max_fragment_length(
    extensions: &Extensions<'_>,
) -> Result<(), HandshakeError> {
    //= https://www.rfc-editor.org/rfc/rfc8449#section-5
    //# A client MUST treat receipt of both max_fragment_length and
    //# record_size_limit as a fatal error, and it SHOULD generate an
    //# "illegal_parameter" alert.
    if extensions
        .find(ExtensionType::MAX_FRAGMENT_LENGTH)
        .is_some()
        && extensions.find(ExtensionType::RECORD_SIZE_LIMIT).is_some()
    {
        return Err(PeerMisbehaved::MaxFragmentLengthWithRecordSizeLimit.into());
    }
    Ok(())
}

/// The limits a client keeps once the server's extensions are checked: `None` if the server
/// sent no limit.
pub(crate) fn client_action(
    extensions: &Extensions<'_>,
    config: &ClientConfig,
    tls13: bool,
) -> Result<Option<Action>, HandshakeError> {
    let Some(limit) = extensions.record_size_limit()? else {
        return Ok(None);
    };
    let theirs = check_server_limit(limit, tls13)?;
    let ours = ours(config.record_size_limit(), tls13);
    Ok(Some(limit_action(ours, theirs, tls13)))
}

/// A client's check of the server's limit.
fn check_server_limit(limit: RecordSizeLimit, tls13: bool) -> Result<u16, HandshakeError> {
    //= https://www.rfc-editor.org/rfc/rfc8449#section-4
    //# A client MAY abort the handshake with an
    //# "illegal_parameter" alert if the record_size_limit extension includes
    //# a value greater than the maximum record size permitted by the
    //# negotiated protocol version and extensions.
    if limit.get() > protocol_max(tls13) {
        return Err(PeerMisbehaved::RecordSizeLimitTooLarge { limit: limit.get() }.into());
    }
    Ok(limit.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_version_has_its_maximum_and_its_content_type() {
        assert_eq!(protocol_max(true), 16385);
        assert_eq!(protocol_max(false), 16384);
        assert_eq!(ours(None, true), 16385);
        assert_eq!(ours(Some(512), false), 512);
        assert!(matches!(
            limit_action(512, 1000, true),
            Action::LimitRecordSize {
                send: 999,
                receive: 512
            }
        ));
        // A client's 2^16 - 1 is clamped by a server, as a later version might allow it.
        assert!(matches!(
            limit_action(16384, 65535, false),
            Action::LimitRecordSize {
                send: 16384,
                receive: 16384
            }
        ));
        assert!(check_server_limit(RecordSizeLimit::new(16386).unwrap(), true).is_err());
        assert_eq!(
            check_server_limit(RecordSizeLimit::new(16385).unwrap(), true).ok(),
            Some(16385)
        );
        assert!(check_server_limit(RecordSizeLimit::new(16385).unwrap(), false).is_err());
    }
}
