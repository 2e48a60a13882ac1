//! `ExpectServerHello`: the client's version-neutral state after its ClientHello. It reads the
//! version the server chose and hands the ServerHello to that version's machine; only version
//! selection happens here.
//!
//! ```text
//! ServerHello ──▶ supported_versions? ──┬─ TLS 1.3 ──▶ tls13::handle_server_hello
//!                                       └─ absent (TLS 1.2 or below) ──▶ downgrade sentinel? / NoCommonVersion
//! HelloRetryRequest ──▶ tls13::handle_hello_retry_request ──▶ ExpectServerHello again
//! ```

use tls_keyschedule::tls13::schedule::EarlySecret;
use tls_keyschedule::{HashAlgorithm, Transcript};
use tls_wire::handshake::{
    ClientHello, DOWNGRADE_TLS11_RANDOM_TAIL, DOWNGRADE_TLS12_RANDOM_TAIL, ServerHello,
};
use tls_wire::ids::{CipherSuite, NamedGroup, ProtocolVersion};

use super::ClientState;
use super::offer::Offer;
use crate::action::Actions;
use crate::config::ClientConfig;
use crate::error::{HandshakeError, PeerIncompatible, PeerMisbehaved};
use crate::key_exchange::KeyShare;

/// Waiting for the ServerHello (or a HelloRetryRequest).
#[derive(Debug)]
pub(crate) struct ExpectServerHello {
    /// What the ClientHello offered.
    pub(crate) offer: Offer,
    /// Our key share (one: for the first group we offer, or the group a HelloRetryRequest
    /// asked for); `None` when we offer TLS 1.2 alone.
    pub(crate) key_share: Option<KeyShare>,
    /// The ClientHello as sent (the second one after a HelloRetryRequest).
    pub(crate) hello: ClientHello<'static>,
    /// The transcript so far.
    pub(crate) transcript: HelloTranscript,
    /// The Early Secret of the PSK we offer, if we offer one: it keyed the binders (and the
    /// early keys), and the ServerHello either resumes it into the handshake secrets or drops
    /// it; it lives no longer.
    pub(crate) early_secret: Option<EarlySecret>,
}

/// The transcript before the ServerHello.
#[derive(Debug)]
pub(crate) enum HelloTranscript {
    /// Only our ClientHello, kept as bytes: the suite's hash is not known yet. One that offers
    /// a PSK is also hashed already, under the PSK's hash (its binder needed it), which is the
    /// hash of the suites a server resuming it can pick.
    First {
        /// The ClientHello as sent.
        client_hello: Vec<u8>,
        /// The running transcript of it, under the PSK's hash, if it offers one.
        hashed: Option<Transcript>,
    },
    /// After a HelloRetryRequest: message_hash(ClientHello1), the HelloRetryRequest and our
    /// second ClientHello, under the hash of the suite the retry selected; and what the retry
    /// selected, which the ServerHello must keep.
    Retried(Transcript, Retry),
}

impl HelloTranscript {
    /// The transcript of our first ClientHello under `hash`: the running one if it is under
    /// that hash, else hashed now.
    pub(crate) fn first_under(
        client_hello: &[u8],
        hashed: Option<Transcript>,
        hash: HashAlgorithm,
    ) -> Transcript {
        match hashed.filter(|transcript| transcript.hash_algorithm() == hash) {
            Some(transcript) => transcript,
            None => {
                let mut transcript = Transcript::new(hash);
                transcript.add(client_hello);
                transcript
            }
        }
    }
}

/// What a HelloRetryRequest selected (RFC 8446 §4.1.4): the ServerHello must select the same.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Retry {
    pub(crate) cipher_suite: CipherSuite,
    pub(crate) version: ProtocolVersion,
    pub(crate) group: NamedGroup,
}

impl ExpectServerHello {
    /// RFC 8446 §4.1.3, §4.2.1: reads the version the server chose. `supported_versions`
    /// present: TLS 1.3, handled by the TLS 1.3 machine. Absent: TLS 1.2 or below, which we
    /// do not offer.
    pub(crate) fn handle_server_hello(
        self,
        server_hello: &ServerHello<'_>,
        raw: &[u8],
        config: &ClientConfig,
        out: &mut Actions,
    ) -> Result<ClientState, HandshakeError> {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.1
        //# If this extension is present, clients MUST ignore the
        //# ServerHello.legacy_version value and MUST use only the
        //# "supported_versions" extension to determine the selected version.
        let selected = match &server_hello.extensions {
            Some(extensions) => extensions.selected_version()?,
            None => None,
        };
        match selected {
            Some(version) => Ok(ClientState::Tls13(self.handle_tls13_server_hello(
                server_hello,
                version,
                raw,
                config,
                out,
            )?)),
            None if server_hello.legacy_version == ProtocolVersion::TLSV1_2
                && self.offer.versions.contains(&ProtocolVersion::TLSV1_2) =>
            {
                if self.offer.versions.contains(&ProtocolVersion::TLSV1_3) {
                    check_downgrade_sentinel(server_hello)?;
                }
                Ok(ClientState::Tls12(self.handle_tls12_server_hello(
                    server_hello,
                    raw,
                    config,
                    out,
                )?))
            }
            None => Err(check_tls12_server_hello(server_hello)),
        }
    }
}

/// The error for a ServerHello that negotiates a version we did not offer: the downgrade
/// sentinel's `illegal_parameter`, otherwise `protocol_version`.
fn check_tls12_server_hello(server_hello: &ServerHello<'_>) -> HandshakeError {
    if let Err(error) = check_downgrade_sentinel(server_hello) {
        return error;
    }
    //= https://www.rfc-editor.org/rfc/rfc8446#appendix-D.1
    //# If the version chosen by the server is not supported by the client
    //# (or is not acceptable), the client MUST abort the handshake with a
    //# "protocol_version" alert.
    let version = server_hello.legacy_version;
    if version < ProtocolVersion::TLSV1_2 {
        return PeerIncompatible::ObsoleteVersion { version }.into();
    }
    PeerIncompatible::NoCommonVersion.into()
}

/// A client that offered TLS 1.3 and got a ServerHello for an earlier version: the server's
/// random must not end in either downgrade sentinel (a TLS 1.3 server negotiating down only
/// because an attacker stripped TLS 1.3 from our hello sets one).
fn check_downgrade_sentinel(server_hello: &ServerHello<'_>) -> Result<(), HandshakeError> {
    let tail = server_hello.random.get(24..);
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.3
    //# TLS 1.3 clients receiving a ServerHello indicating TLS 1.2 or below
    //# MUST check that the last 8 bytes are not equal to either of these
    //# values.
    //
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.3
    //# If a match is found, the client MUST abort the handshake with
    //# an "illegal_parameter" alert.
    if tail == Some(&DOWNGRADE_TLS12_RANDOM_TAIL[..])
        || tail == Some(&DOWNGRADE_TLS11_RANDOM_TAIL[..])
    {
        return Err(PeerMisbehaved::DowngradeSentinelInServerRandom {
            version: server_hello.legacy_version,
        }
        .into());
    }
    Ok(())
}
