//! A HelloRetryRequest (RFC 8446 §4.1.4): the server asks for a key share in another group (or
//! for its cookie back), and we send our second ClientHello.

use tls_keyschedule::suite::{Suite, SuiteVersion};
use tls_wire::codec::IntoOwned;
use tls_wire::extensions::{Extension, ExtensionContext, Extensions};
use tls_wire::handshake::HelloRetryRequest;
use tls_wire::ids::{ExtensionType, HandshakeType};

use super::server_hello::{check_legacy_version, check_selected_version};
use crate::action::{Action, Actions, Event, Level};
use crate::client::client_hello::key_share_extension;
use crate::client::extensions::check_server_extensions;
use crate::client::psk::{add_with_binder, psk_extensions};
use crate::client::server_hello::{ExpectServerHello, HelloTranscript, Retry};
use crate::config::ClientConfig;
use crate::error::{HandshakeError, LocalError, PeerIncompatible, PeerMisbehaved};
use crate::key_exchange::KeyShare;
use crate::record_size_limit;
use crate::tls13_common::encode_client_hello;

impl ExpectServerHello {
    /// RFC 8446 §4.1.4: the server wants another ClientHello.
    ///
    /// Check (not a second retry; version, session id echo, suite, compression as for a
    /// ServerHello; extensions; the requested group offered and not already shared; some
    /// change asked for) → transcript (message_hash(ClientHello1), HelloRetryRequest) → a new
    /// key share → emit the second ClientHello → wait for the ServerHello again.
    pub(crate) fn handle_hello_retry_request(
        self,
        retry: &HelloRetryRequest<'_>,
        raw: &[u8],
        config: &ClientConfig,
        out: &mut Actions,
    ) -> Result<Self, HandshakeError> {
        let Self {
            offer,
            key_share,
            hello,
            transcript,
            mut early_secret,
        } = self;
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.4
        //# If a client receives a second
        //# HelloRetryRequest in the same connection (i.e., where the ClientHello
        //# was itself in response to a HelloRetryRequest), it MUST abort the
        //# handshake with an "unexpected_message" alert.
        let (client_hello, hashed) = match transcript {
            HelloTranscript::First {
                client_hello,
                hashed,
            } => (client_hello, hashed),
            HelloTranscript::Retried(..) => {
                return Err(PeerMisbehaved::SecondHelloRetryRequest.into());
            }
        };
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.4
        //# Upon receipt of a HelloRetryRequest, the client MUST check the
        //# legacy_version, legacy_session_id_echo, cipher_suite, and
        //# legacy_compression_method as specified in Section 4.1.3 and then
        //# process the extensions, starting with determining the version using
        //# "supported_versions".
        let extensions = &retry.extensions;
        let version = extensions
            .selected_version()?
            .ok_or(PeerIncompatible::MissingExtension {
                extension: ExtensionType::SUPPORTED_VERSIONS,
                message: ExtensionContext::HelloRetryRequest,
            })?;
        check_selected_version(version, &offer)?;
        // Offered TLS 1.3 (just checked), we made a key share; without one, the version the
        // server picked was not ours to pick.
        let key_share = key_share.ok_or(PeerMisbehaved::SelectedUnofferedVersion { version })?;
        check_legacy_version(ExtensionContext::HelloRetryRequest, retry.legacy_version)?;
        if retry.legacy_session_id_echo.as_slice() != offer.legacy_session_id.as_slice() {
            return Err(PeerMisbehaved::WrongLegacySessionIdEcho.into());
        }
        let cipher_suite = retry.cipher_suite;
        let suite = Suite::from_id(cipher_suite)
            .filter(|suite| suite.version == SuiteVersion::Tls13)
            .filter(|_| offer.cipher_suites.contains(&cipher_suite))
            .ok_or(PeerMisbehaved::SelectedUnofferedCipherSuite {
                suite: cipher_suite,
            })?;
        if retry.legacy_compression_method != 0 {
            return Err(PeerMisbehaved::SelectedCompressionMethod {
                method: retry.legacy_compression_method,
            }
            .into());
        }
        // The cookie is the one extension a HelloRetryRequest may send unasked.
        let mut answerable = offer.extensions.clone();
        answerable.push(ExtensionType::COOKIE);
        check_server_extensions(extensions, ExtensionContext::HelloRetryRequest, &answerable)?;
        let requested = extensions
            .key_share_hello_retry_request()?
            .map(|share| share.selected_group);
        if let Some(group) = requested {
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.8
            //# Upon receipt of this extension in a HelloRetryRequest, the client
            //# MUST verify that (1) the selected_group field corresponds to a group
            //# which was provided in the "supported_groups" extension in the
            //# original ClientHello and (2) the selected_group field does not
            //# correspond to a group which was provided in the "key_share" extension
            //# in the original ClientHello.  If either of these checks fails, then
            //# the client MUST abort the handshake with an "illegal_parameter"
            //# alert.
            if !offer.groups.contains(&group) {
                return Err(PeerMisbehaved::RetryRequestedUnofferedGroup { group }.into());
            }
            if group == key_share.group() {
                return Err(PeerMisbehaved::RetryRequestedGroupAlreadyShared { group }.into());
            }
        }
        let cookie = extensions.cookie()?;
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.4
        //# Clients MUST abort the handshake with an
        //# "illegal_parameter" alert if the HelloRetryRequest would not result
        //# in any change in the ClientHello.
        if requested.is_none() && cookie.is_none() {
            return Err(PeerMisbehaved::HelloRetryRequestWithoutChange.into());
        }

        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.1
        //# As an exception to this general rule, when the server responds to a
        //# ClientHello with a HelloRetryRequest, the value of ClientHello1 is
        //# replaced with a special synthetic handshake message of handshake type
        //# "message_hash" containing Hash(ClientHello1).
        let mut transcript = HelloTranscript::first_under(&client_hello, hashed, suite.hash);
        transcript.replace_client_hello_with_message_hash();
        transcript.add(raw);

        let key_share = match requested {
            Some(group) => KeyShare::generate(group, config.rng().as_ref())?,
            None => key_share,
        };
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2
        //# In that case, the client MUST send the same
        //# ClientHello without modification, except as follows:
        let share = key_share_extension(&key_share)?;
        let cookie = cookie.map(|cookie| Extension::Cookie(cookie.into_owned()));
        let recorded = config
            .wire_profile()
            .recorded_client_hello()
            .and_then(|recorded| recorded.retry_extensions());
        let unencodable = || LocalError::UnencodableMessage {
            message: HandshakeType::CLIENT_HELLO,
        };
        let list = match recorded {
            // The recorded retry with our record size limit, as in the first hello.
            Some(recorded) => {
                let limit = record_size_limit::client_extension(config).ok_or_else(unencodable)?;
                recorded
                    .iter()
                    .map(|extension| match extension {
                        Extension::RecordSizeLimit(_) => limit.clone(),
                        other => other.clone(),
                    })
                    .collect()
            }
            // We built the first hello's block, so each of its extensions decodes.
            None => match &hello.extensions {
                Some(block) => block
                    .decode_all()
                    .map_err(|_| unencodable())?
                    .into_iter()
                    .map(IntoOwned::into_owned)
                    .collect(),
                None => Vec::new(),
            },
        };
        let mut list = retried_extensions(list, share, cookie);
        let mut offer = offer;
        // Our early data, if we offered any, is rejected: the second hello offers none.
        let early_data_rejected = offer.early_data.take().is_some();
        if early_data_rejected {
            offer
                .extensions
                .retain(|typ| *typ != ExtensionType::EARLY_DATA);
        }
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2
        //# -  Updating the "pre_shared_key" extension if present by recomputing
        //#    the "obfuscated_ticket_age" and binder values and (optionally)
        //#    removing any PSKs which are incompatible with the server's
        //#    indicated cipher suite.
        //
        // Our one ticket is dropped if its hash is not the retry's suite's; kept, its age is
        // the age now (the binder follows once the hello is encoded).
        if offer
            .psk
            .as_ref()
            .is_some_and(|psk| psk.hash() != suite.hash)
        {
            offer.psk = None;
            early_secret = None;
            list.retain(|extension| {
                !matches!(
                    extension,
                    Extension::PreSharedKey(_) | Extension::PskKeyExchangeModes(_)
                )
            });
        } else if let Some(psk) = &offer.psk {
            let [_, fresh] = psk_extensions(psk, config.clock().now())?;
            for extension in &mut list {
                if matches!(extension, Extension::PreSharedKey(_)) {
                    *extension = fresh.clone();
                }
            }
        }
        let mut second = hello;
        second.extensions =
            Some(Extensions::new(ExtensionContext::ClientHello, list).map_err(|_| unencodable())?);
        let (second, mut second_client_hello) = encode_client_hello(second)?;
        match (&offer.psk, &early_secret) {
            (Some(psk), Some(early_secret)) => {
                add_with_binder(&mut second_client_hello, psk, early_secret, &mut transcript);
            }
            _ => transcript.add(&second_client_hello),
        }

        if early_data_rejected {
            out.push(Action::Event(Event::EarlyDataRejected));
        }
        out.send(Level::Initial, second_client_hello);
        let group = key_share.group();
        Ok(Self {
            offer,
            key_share: Some(key_share),
            hello: second,
            transcript: HelloTranscript::Retried(
                transcript,
                Retry {
                    cipher_suite,
                    version,
                    group,
                },
            ),
            early_secret,
        })
    }
}

/// The first ClientHello's extensions changed as RFC 8446 §4.1.2 allows after a retry: the
/// key share replaced by `share`, `cookie` echoed (in place of a recorded one, or just before
/// the key share), `early_data` removed.
fn retried_extensions(
    list: Vec<Extension<'static>>,
    share: Extension<'static>,
    cookie: Option<Extension<'static>>,
) -> Vec<Extension<'static>> {
    let cookie_in_place = list
        .iter()
        .any(|extension| matches!(extension, Extension::Cookie(_)));
    let mut cookie = cookie;
    let mut out = Vec::with_capacity(list.len().saturating_add(1));
    for extension in list {
        match extension {
            Extension::KeyShareClientHello(_) => {
                if !cookie_in_place {
                    out.extend(cookie.take());
                }
                out.push(share.clone());
            }
            Extension::Cookie(_) => out.extend(cookie.take()),
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2
            //# -  Removing the "early_data" extension (Section 4.2.10) if one was
            //#    present.  Early data is not permitted after a HelloRetryRequest.
            Extension::EarlyData => {}
            other => out.push(other),
        }
    }
    out
}
