//! Offering a TLS 1.3 ticket (RFC 8446 §4.2.9, §4.2.11): the ticket taken from our session
//! store (each used once), the `psk_key_exchange_modes` and `pre_shared_key` extensions, and
//! the binder over the ClientHello truncated before the binders.
//!
//! ```text
//! stored_ticket ──▶ psk_extensions (binder: zeros) ──▶ encode ClientHello ──▶ add_with_binder
//!   binder = HMAC(finished_key(binder_key(Early Secret(psk), "res binder")),
//!                 Transcript-Hash([message_hash, HelloRetryRequest,] truncated ClientHello))
//! ```

use tls_keyschedule::HashAlgorithm;
use tls_keyschedule::tls13::schedule::{BinderKind, EarlySecret};
use tls_keyschedule::transcript::Transcript;
use tls_pki::UnixTime;
use tls_pki::name::ServerName;
use tls_wire::extensions::{
    Extension, OfferedPsks, PskBinderEntry, PskBinders, PskIdentities, PskIdentity,
    PskIdentityValue, PskKeyExchangeModes,
};
use tls_wire::ids::PskKeyExchangeMode;

use crate::client::client_session_key;
use crate::config::{ClientConfig, SupportedVersion};
use crate::error::{HandshakeError, LocalError};
use crate::tls13_session::{Tls13Session, take_ticket};

/// The ticket a ClientHello offers, and what it resumes.
#[derive(Debug)]
pub(crate) struct PskOffer {
    pub(crate) ticket: Vec<u8>,
    pub(crate) session: Tls13Session,
    /// Whether we offer psk_ke beside psk_dhe_ke (the config allows it).
    pub(crate) psk_ke: bool,
}

impl PskOffer {
    /// The hash of the ticket's suite: the one its binder, and a resumed handshake, use.
    pub(crate) fn hash(&self) -> HashAlgorithm {
        self.session.cipher_suite.suite().hash
    }

    /// The Early Secret of the ticket's PSK: computed once per connection, for the binders,
    /// the early keys and, if the server resumes the ticket, the handshake secrets; kept by
    /// the client until the ServerHello (see `ExpectServerHello::early_secret`).
    pub(crate) fn early_secret(&self) -> EarlySecret {
        EarlySecret::new(self.hash(), Some(&self.session.psk))
    }
}

/// A ticket stored for `server_name` that we may offer: TLS 1.3 enabled, our own ClientHello
/// (not a replayed one), fresh, and of a suite we enable. Taken from the store: each ticket is
/// offered once.
pub(crate) fn stored_ticket(config: &ClientConfig, server_name: &ServerName) -> Option<PskOffer> {
    let store = config.session_store()?;
    if !config.versions().contains(&SupportedVersion::Tls13)
        || config.wire_profile().recorded_client_hello().is_some()
    {
        return None;
    }
    //= https://www.rfc-editor.org/rfc/rfc8446#appendix-C.4
    //# Clients SHOULD NOT reuse a
    //# ticket for multiple connections.
    let (ticket, session) = take_ticket(
        store.as_ref(),
        &client_session_key(server_name),
        config.clock().now(),
        |suite| config.cipher_suites().contains(&suite),
    )?;
    Some(PskOffer {
        ticket,
        session,
        psk_ke: config.allows_psk_ke(),
    })
}

/// The two extensions that offer `psk`: `psk_key_exchange_modes` (psk_dhe_ke, which keeps
/// forward secrecy with an ECDHE exchange; and psk_ke too if the config allows it) and
/// `pre_shared_key` with a placeholder binder, which [`add_with_binder`] replaces once the
/// hello is encoded.
pub(crate) fn psk_extensions(
    psk: &PskOffer,
    now: UnixTime,
) -> Result<[Extension<'static>; 2], HandshakeError> {
    let unencodable = || LocalError::UnencodableMessage {
        message: tls_wire::ids::HandshakeType::CLIENT_HELLO,
    };
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.11.1
    //# The "obfuscated_ticket_age"
    //# field of each PskIdentity contains an obfuscated version of the
    //# ticket age formed by taking the age in milliseconds and adding the
    //# "ticket_age_add" value that was included with the ticket (see
    //# Section 4.6.1), modulo 2^32.
    let age_ms = psk.session.age_ms(now);
    let obfuscated_ticket_age = u32::try_from(age_ms)
        .unwrap_or(u32::MAX)
        .wrapping_add(psk.session.age_add);
    let identity = PskIdentity {
        identity: PskIdentityValue::new(psk.ticket.clone()).map_err(|_| unencodable())?,
        obfuscated_ticket_age,
    };
    let placeholder =
        PskBinderEntry::new(vec![0; psk.hash().output_len()]).map_err(|_| unencodable())?;
    Ok([
        Extension::PskKeyExchangeModes(
            PskKeyExchangeModes::new(if psk.psk_ke {
                vec![PskKeyExchangeMode::PSK_DHE_KE, PskKeyExchangeMode::PSK_KE]
            } else {
                vec![PskKeyExchangeMode::PSK_DHE_KE]
            })
            .map_err(|_| unencodable())?,
        ),
        Extension::PreSharedKey(OfferedPsks {
            identities: PskIdentities::new(vec![identity]).map_err(|_| unencodable())?,
            binders: PskBinders::new(vec![placeholder]).map_err(|_| unencodable())?,
        }),
    ])
}

/// Adds `client_hello` (our encoded ClientHello, whose last extension is the `pre_shared_key`
/// of [`psk_extensions`]) to `transcript` (empty, under the PSK's hash; or after a retry,
/// message_hash(ClientHello1) and the HelloRetryRequest), writing its real binder over the
/// placeholder on the way: the binder is over the transcript up to the hello's binders, keyed
/// by `early_secret`, the PSK's. The hello is hashed once.
pub(crate) fn add_with_binder(
    client_hello: &mut [u8],
    psk: &PskOffer,
    early_secret: &EarlySecret,
    transcript: &mut Transcript,
) {
    // The binders vector: its 2-byte length, the entry's 1-byte length, the binder.
    let binders_len = 2 + 1 + psk.hash().output_len();
    let truncated_len = client_hello.len().saturating_sub(binders_len);
    transcript.add_completing(client_hello, truncated_len, |transcript_hash, binders| {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.11.2
        //# The PskBinderEntry is computed in the same way as the Finished
        //# message (Section 4.4.4) but with the BaseKey being the binder_key
        //# derived via the key schedule from the corresponding PSK which is
        //# being offered (see Section 7.1).
        let binder = early_secret
            .binder_key(BinderKind::Resumption)
            .derive_binder(transcript_hash);
        if let Some(slot) = binders
            .get_mut(3..)
            .filter(|slot| slot.len() == binder.as_bytes().len())
        {
            slot.copy_from_slice(binder.as_bytes());
        }
    });
}
