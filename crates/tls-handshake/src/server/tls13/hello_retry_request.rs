//! The HelloRetryRequest (RFC 8446 §4.1.4) and `ExpectRetriedClientHello`, the state that
//! waits for the second ClientHello with a share in the group we asked for.

use tls_keyschedule::suite::Suite;
use tls_keyschedule::transcript::Transcript;
use tls_wire::extensions::{
    Cookie, Extension, ExtensionContext, Extensions, KeyShareHelloRetryRequest,
};
use tls_wire::handshake::{
    ClientHello, ClientHelloFields, HandshakePayload, HelloRetryRequest, SessionId,
};
use tls_wire::ids::{ExtensionType, HandshakeType, NamedGroup, ProtocolVersion};

use super::client_hello::{Accepted, accept, choose_cipher_suite};
use super::early_data::{self, EarlyData};
use super::offer::read_client_hello;
use super::resumption::find_resumption;
use super::{State, encode};
use crate::action::{Action, Actions, Level};
use crate::config::ServerConfig;
use crate::error::{HandshakeError, LocalError, PeerMisbehaved};
use crate::server::ticket_opener::{AnsweredTicket, TicketOpener};

/// We sent a HelloRetryRequest; waiting for the second ClientHello.
#[derive(Debug)]
pub(crate) struct ExpectRetriedClientHello {
    /// The first ClientHello as received, whose fields before the extensions the second must
    /// repeat byte for byte.
    first: Vec<u8>,
    /// The first ClientHello's extension block without the extensions a second hello may
    /// change: the second's, cut the same way, must be these bytes.
    first_kept: Vec<u8>,
    /// The suite the HelloRetryRequest selected.
    suite: Suite,
    /// The group the HelloRetryRequest asked for.
    requested: NamedGroup,
    /// The cookie the HelloRetryRequest carried, if any.
    cookie: Option<Vec<u8>>,
    /// ClientHello1's message_hash, HelloRetryRequest.
    transcript: Transcript,
    /// The first hello's ticket, when it was asked about (the ticketer opens tickets later).
    answered: Option<AnsweredTicket>,
}

/// Extensions the second ClientHello may change (RFC 8446 §4.1.2): compared apart, or not at
/// all.
const MAY_CHANGE: [ExtensionType; 5] = [
    ExtensionType::KEY_SHARE,
    ExtensionType::EARLY_DATA,
    ExtensionType::COOKIE,
    ExtensionType::PRE_SHARED_KEY,
    ExtensionType::PADDING,
];

impl ExpectRetriedClientHello {
    /// RFC 8446 §4.1.4: asks for a share in `group`, for the first ClientHello `hello`
    /// (`raw` as received) and what its step `accepted` (the application protocol is chosen
    /// again from the second hello). The transcript's ClientHello1 becomes its message_hash
    /// (RFC 8446 §4.4.1).
    pub(crate) fn emit_hello_retry_request(
        accepted: Accepted,
        group: NamedGroup,
        hello: &ClientHello<'_>,
        raw: &[u8],
        config: &ServerConfig,
        answered: Option<AnsweredTicket>,
        out: &mut Actions,
    ) -> Result<Self, HandshakeError> {
        let Accepted {
            suite,
            mut transcript,
            change_cipher_spec,
            early_data,
            ..
        } = accepted;
        // Skipped until the second ClientHello (application_data records, before any key).
        if let EarlyData::Skip(max) = early_data {
            out.push(Action::SkipEarlyData { max });
        }
        // Check: the message encodes.
        let cookie = config.wire_profile().retry_cookie().map(<[u8]>::to_vec);
        let unencodable = || LocalError::UnencodableMessage {
            message: HandshakeType::SERVER_HELLO,
        };
        let mut list = vec![Extension::KeyShareHelloRetryRequest(
            KeyShareHelloRetryRequest {
                selected_group: group,
            },
        )];
        if let Some(cookie) = &cookie {
            list.push(Extension::Cookie(
                Cookie::new(cookie.clone()).map_err(|_| unencodable())?,
            ));
        }
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.4
        //# The server's extensions MUST contain "supported_versions".
        list.push(Extension::SelectedVersion(ProtocolVersion::TLSV1_3));
        let extensions = Extensions::new(ExtensionContext::HelloRetryRequest, list)
            .map_err(|_| unencodable())?;
        let hello_retry_request = encode(HandshakePayload::HelloRetryRequest(HelloRetryRequest {
            legacy_version: ProtocolVersion::TLSV1_2,
            legacy_session_id_echo: SessionId::new(hello.legacy_session_id.as_slice().to_vec())
                .map_err(|_| unencodable())?,
            cipher_suite: suite.id,
            legacy_compression_method: 0,
            extensions,
        }))?;

        // Transcript.
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.1
        //# As an exception to this general rule, when the server responds to a
        //# ClientHello with a HelloRetryRequest, the value of ClientHello1 is
        //# replaced with a special synthetic handshake message of handshake type
        //# "message_hash" containing Hash(ClientHello1).
        transcript.replace_client_hello_with_message_hash();
        transcript.add(&hello_retry_request);

        // Emit.
        out.send(Level::Initial, hello_retry_request);
        if change_cipher_spec {
            out.push(Action::SendChangeCipherSpec);
        }
        Ok(Self {
            first: raw.to_vec(),
            first_kept: hello
                .extensions
                .as_ref()
                .map(|block| block.without(&MAY_CHANGE).concat())
                .unwrap_or_default(),
            suite,
            requested: group,
            cookie,
            transcript,
            answered,
        })
    }

    /// RFC 8446 §4.1.2: the second ClientHello, which must be the first with only the changes
    /// the RFC lists, and hold one share, in the group we asked for.
    pub(crate) fn handle_client_hello(
        self,
        hello: &ClientHello<'_>,
        raw: &[u8],
        config: &ServerConfig,
        out: &mut Actions,
    ) -> Result<State, HandshakeError> {
        // Check.
        self.check_unchanged(hello, raw)?;
        let (offer, shares) = read_client_hello(hello, config)?;
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2
        //# -  If a "key_share" extension was supplied in the HelloRetryRequest,
        //#    replacing the list of shares with a list containing a single
        //#    KeyShareEntry from the indicated group.
        let peer_share = match shares.first {
            Some(share) if shares.count == 1 && share.group == self.requested => share,
            _ => {
                return Err(PeerMisbehaved::RetriedKeyShareNotForRequestedGroup {
                    requested: self.requested,
                }
                .into());
            }
        };
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.4
        //# Servers MUST ensure that they negotiate the
        //# same cipher suite when receiving a conformant updated ClientHello (if
        //# the server selects the cipher suite as the first step in the
        //# negotiation, then this will happen automatically).
        let suite = choose_cipher_suite(config, hello)?;
        if suite != self.suite {
            return Err(PeerMisbehaved::SecondClientHelloChanged {
                field: "cipher_suites",
            }
            .into());
        }
        let alpn_protocol = offer.alpn_protocol.clone();

        early_data::check_retried_hello(hello)?;
        let opener = self
            .answered
            .as_ref()
            .map_or(TicketOpener::Now, AnsweredTicket::opener);
        // Transcript: the retried hello goes in as the PSK is looked for.
        let mut transcript = self.transcript;
        let resumed = find_resumption(
            hello,
            raw,
            &mut transcript,
            suite,
            config,
            &opener,
            offer.server_name.as_deref(),
        )?;

        // Derive and emit. A change_cipher_spec, if due, followed the HelloRetryRequest.
        accept(
            Accepted {
                suite,
                alpn_protocol,
                transcript,
                change_cipher_spec: false,
                resumed,
                early_data: EarlyData::NotOffered,
            },
            hello,
            offer,
            &peer_share,
            config,
            out,
        )
    }

    /// The second ClientHello (`raw` as received, `hello` decoded) repeats the first but for
    /// the changes RFC 8446 §4.1.2 allows. Compared as wire bytes, field by field and then
    /// extension by extension, in one pass over each: TLS encodes a value one way only, so
    /// equal bytes are equal values, and the first hello is never decoded again.
    fn check_unchanged(&self, hello: &ClientHello<'_>, raw: &[u8]) -> Result<(), HandshakeError> {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2
        //# The client will also send a
        //# ClientHello when the server has responded to its ClientHello with a
        //# HelloRetryRequest.  In that case, the client MUST send the same
        //# ClientHello without modification, except as follows:
        let changed = |field| Err(PeerMisbehaved::SecondClientHelloChanged { field }.into());
        // Both hellos decoded whole already, so both split; failing here would be ours, and
        // fails closed.
        let (Ok(first), Ok(second)) = (
            ClientHelloFields::split(&self.first),
            ClientHelloFields::split(raw),
        ) else {
            return changed("ClientHello");
        };
        for (field, first, second) in [
            (
                "legacy_version",
                first.legacy_version,
                second.legacy_version,
            ),
            ("random", first.random, second.random),
            (
                "legacy_session_id",
                first.legacy_session_id,
                second.legacy_session_id,
            ),
            ("cipher_suites", first.cipher_suites, second.cipher_suites),
            (
                "legacy_compression_methods",
                first.legacy_compression_methods,
                second.legacy_compression_methods,
            ),
        ] {
            if first != second {
                return changed(field);
            }
        }
        let extensions = hello.extensions.as_ref();
        let kept = extensions
            .map(|block| block.without(&MAY_CHANGE))
            .unwrap_or_default();
        if !is_concatenation(&self.first_kept, &kept) {
            return changed("extensions");
        }
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2
        //# -  Removing the "early_data" extension (Section 4.2.10) if one was
        //#    present.  Early data is not permitted after a HelloRetryRequest.
        if let Some(extensions) = extensions
            && extensions.early_data()?
        {
            return changed("early_data");
        }
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.2
        //# When sending the new ClientHello, the client MUST copy
        //# the contents of the extension received in the HelloRetryRequest into
        //# a "cookie" extension in the new ClientHello.
        let cookie = match extensions {
            Some(extensions) => extensions.cookie()?,
            None => None,
        };
        if cookie.as_ref().map(|cookie| cookie.as_slice()) != self.cookie.as_deref() {
            return changed("cookie");
        }
        Ok(())
    }
}

/// Whether `whole` is the bytes of `runs` one after another: a compare of each run in place,
/// no copy.
fn is_concatenation(whole: &[u8], runs: &[&[u8]]) -> bool {
    let mut rest = whole;
    for run in runs {
        match rest.split_at_checked(run.len()) {
            Some((head, tail)) if head == *run => rest = tail,
            _ => return false,
        }
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use crate::server::test_support::*;

    /// The ClientHello pair of a retry: the first without a share, the second with one for
    /// x25519.
    fn retry_pair() -> (Hello, Hello) {
        let share = KeyShare::generate(NamedGroup::X25519, &SystemRng::new()).unwrap();
        let first = Hello::new().with(key_share(&[]));
        let second = Hello::new().with(key_share(&[(
            NamedGroup::X25519,
            share.public_key().to_vec(),
        )]));
        (first, second)
    }

    #[test]
    fn retries_for_a_common_group_without_a_share_and_completes() {
        let (first, second) = retry_pair();
        let (first, second) = (first.encode(), second.encode());
        let (server, mut out) = start(config(), &first).unwrap();
        assert_eq!(server.expects(), "the second ClientHello");
        assert_eq!(server.negotiated_version(), NegotiatedVersion::Tls13);
        let hello_retry_request = sent(&out)[0].to_vec();
        assert!(matches!(
            HandshakeMessage::decode(&hello_retry_request, NegotiatedVersion::NotYet)
                .unwrap()
                .into_payload(),
            HandshakePayload::HelloRetryRequest(_)
        ));
        assert!(matches!(
            out.as_slice(),
            [Action::Send { .. }, Action::SendChangeCipherSpec]
        ));
        let server = server
            .handle(message(&second, NegotiatedVersion::Tls13), &mut out)
            .unwrap();
        let server = through_server_flight(server, &mut out).unwrap();
        let change_cipher_specs = out
            .as_slice()
            .iter()
            .filter(|action| matches!(action, Action::SendChangeCipherSpec))
            .count();
        assert_eq!(
            change_cipher_specs, 1,
            "one change_cipher_spec, after the HelloRetryRequest"
        );
        let finished = client_finished_with(HashAlgorithm::Sha256, &[&first, &second], &out);
        let server = server
            .handle(message(&finished, NegotiatedVersion::Tls13), &mut out)
            .unwrap();
        assert!(server.is_complete());
    }

    /// The server's refusal of `second` after `first` drew a HelloRetryRequest.
    fn pair_refusal(first: &Hello, second: &Hello) -> HandshakeError {
        let (server, _) = start(config(), &first.encode()).unwrap();
        server
            .handle(
                message(&second.encode(), NegotiatedVersion::Tls13),
                &mut Actions::new(),
            )
            .unwrap_err()
    }

    fn second_hello_refusal(second: Hello) -> HandshakeError {
        pair_refusal(&retry_pair().0, &second)
    }

    #[test]
    fn rejects_a_second_client_hello_with_a_share_in_another_group() {
        let share = KeyShare::generate(NamedGroup::SECP256R1, &SystemRng::new()).unwrap();
        let (_, second) = retry_pair();
        let second = second.with(key_share(&[(
            NamedGroup::SECP256R1,
            share.public_key().to_vec(),
        )]));
        let error = second_hello_refusal(second);
        assert_eq!(
            error,
            PeerMisbehaved::RetriedKeyShareNotForRequestedGroup {
                requested: NamedGroup::X25519
            }
            .into()
        );
        assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
    }

    #[test]
    fn rejects_a_second_client_hello_with_another_random() {
        let (_, mut second) = retry_pair();
        second.random = [8; 32];
        let error = second_hello_refusal(second);
        assert_eq!(
            error,
            PeerMisbehaved::SecondClientHelloChanged { field: "random" }.into()
        );
        assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
    }

    #[test]
    fn rejects_a_second_client_hello_with_other_extensions() {
        let (_, second) = retry_pair();
        let second = second.with(alpn(&[b"h2"]));
        let error = second_hello_refusal(second);
        assert_eq!(
            error,
            PeerMisbehaved::SecondClientHelloChanged {
                field: "extensions"
            }
            .into()
        );
    }

    #[test]
    fn rejects_a_second_client_hello_that_changes_any_field_it_must_repeat() {
        let unknown = |body: &[u8]| Extension::Opaque {
            typ: ExtensionType::new(0x4a4a),
            body: ExtensionBody::new(body.to_vec()).unwrap(),
        };
        type Change = fn(Hello) -> Hello;
        let changes: [(&str, Change); 7] = [
            ("legacy_version", |mut hello| {
                hello.legacy_version = ProtocolVersion::TLSV1_0;
                hello
            }),
            ("legacy_session_id", |mut hello| {
                hello.session_id = vec![1; 32];
                hello
            }),
            ("cipher_suites", |mut hello| {
                hello.cipher_suites.reverse();
                hello
            }),
            ("legacy_compression_methods", |mut hello| {
                hello.compression = vec![0, 1];
                hello
            }),
            // The same types, one body changed.
            ("extensions", |hello| hello.with(sni("other.example"))),
            // The same extensions in another order.
            ("extensions", |mut hello| {
                hello.extensions.swap(0, 1);
                hello
            }),
            ("extensions", |hello| {
                hello.without(ExtensionType::SERVER_NAME)
            }),
        ];
        for (field, change) in changes {
            let (first, second) = retry_pair();
            let (first, second) = (
                first.with(sni("name.example")),
                change(second.with(sni("name.example"))),
            );
            assert_eq!(
                pair_refusal(&first, &second),
                PeerMisbehaved::SecondClientHelloChanged { field }.into(),
                "{field}"
            );
        }
        // An unknown extension must be repeated too, body and all.
        let first = retry_pair().0.with(unknown(b"one"));
        for second in [retry_pair().1.with(unknown(b"two")), retry_pair().1] {
            assert_eq!(
                pair_refusal(&first, &second),
                PeerMisbehaved::SecondClientHelloChanged {
                    field: "extensions"
                }
                .into()
            );
        }
    }

    #[test]
    fn accepts_a_second_client_hello_that_changes_only_what_it_may() {
        // key_share (the pair differs in it) and padding may change; the rest is repeated.
        let (first, second) = retry_pair();
        let first = first.with(Extension::Padding(
            tls_wire::extensions::ExtensionData::new(vec![0; 7]).unwrap(),
        ));
        let second = second.with(Extension::Padding(
            tls_wire::extensions::ExtensionData::new(vec![0; 100]).unwrap(),
        ));
        let (server, _) = start(config(), &first.encode()).unwrap();
        let server = server
            .handle(
                message(&second.encode(), NegotiatedVersion::Tls13),
                &mut Actions::new(),
            )
            .unwrap();
        assert_eq!(server.expects(), "the answer to SelectCertificate");
    }

    #[test]
    fn rejects_a_second_client_hello_without_our_cookie() {
        let (first, second) = retry_pair();
        let config = builder()
            .wire_profile(WireProfile::default().with_retry_cookie(vec![1, 2, 3]))
            .build()
            .unwrap();
        let server = ServerHandshake::new(Arc::new(config));
        let mut out = Actions::new();
        let server = server
            .handle(
                message(&first.encode(), NegotiatedVersion::NotYet),
                &mut out,
            )
            .unwrap();
        let error = server
            .handle(
                message(&second.encode(), NegotiatedVersion::Tls13),
                &mut Actions::new(),
            )
            .unwrap_err();
        assert_eq!(
            error,
            PeerMisbehaved::SecondClientHelloChanged { field: "cookie" }.into()
        );
    }

    #[test]
    fn refuses_a_finished_in_place_of_the_second_client_hello() {
        let (first, _) = retry_pair();
        let (server, _) = start(config(), &first.encode()).unwrap();
        let finished = HandshakeMessage::new(HandshakePayload::Finished(Finished {
            verify_data: Cow::Owned(vec![0; 32]),
        }))
        .unwrap();
        let error = server
            .handle(Input::Message(finished), &mut Actions::new())
            .unwrap_err();
        assert_eq!(
            error,
            HandshakeError::UnexpectedMessage {
                expected: "the second ClientHello",
                got: HandshakeType::FINISHED,
            }
        );
    }
}
