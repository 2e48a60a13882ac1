//! What a TLS 1.3 ClientHello offers (RFC 8446 §4.1.2, §4.2, §9.2), read once: the rules on
//! the hello alone, and our choices of group and application protocol made in the same pass
//! over each list.
//!
//! A client may fill any list to the 64 KiB a message allows. The lists we only search (key
//! shares, protocol names, server names) are read as views of the hello's bytes, each item
//! decoded, checked and weighed in a single pass, never collected: a hostile hello costs a few
//! times a browser's, not the square of a list nor several passes over it.

use tls_pki::name::DnsName;
use tls_wire::extensions::{
    ClientSharesView, ExtensionContext, KeyShareEntry, NameType, ProtocolNameListView,
    ServerNameListView, SignatureSchemeList,
};
use tls_wire::handshake::ClientHello;
use tls_wire::ids::{ExtensionType, NamedGroup};

use crate::config::{ServerConfig, SupportedGroup};
use crate::error::{HandshakeError, PeerIncompatible, PeerMisbehaved};
use crate::tls13_common::check_allowed;

/// What a TLS 1.3 ClientHello offers, once the extensions we act on have been read and
/// checked, with the protocol we choose from them (the key shares are [`Shares`]).
pub(crate) struct Offer<'h> {
    pub(crate) signature_schemes: SignatureSchemeList,
    /// The client's application protocols, each checked, in its order.
    pub(crate) alpn_protocols: Option<ProtocolNameListView<'h>>,
    /// Our most preferred of them.
    pub(crate) alpn_protocol: Option<Vec<u8>>,
    pub(crate) server_name: Option<String>,
    /// The client's record_size_limit (RFC 8449), if it sent one.
    pub(crate) record_size_limit: Option<u16>,
}

/// How the server goes on with the client's groups.
pub(crate) enum GroupChoice<'h> {
    /// With this share of the client's.
    Share(KeyShareEntry<'h>),
    /// With a HelloRetryRequest for this group.
    Retry(NamedGroup),
}

/// Reads a TLS 1.3 ClientHello: compression, extension placement, the mandatory extensions,
/// each list we act on, and our choices from them. The version was chosen before (the first
/// hello by `ExpectClientHello`; the second repeats the first's `supported_versions`).
pub(crate) fn read_client_hello<'h>(
    hello: &'h ClientHello<'_>,
    config: &ServerConfig,
) -> Result<(Offer<'h>, Shares<'h>), HandshakeError> {
    // Only a hello that lists TLS 1.3 in supported_versions reaches here.
    let extensions = hello
        .extensions
        .as_ref()
        .ok_or(PeerIncompatible::NoCommonVersion)?;

    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2
    //# If a
    //# TLS 1.3 ClientHello is received with any other value in this
    //# field, the server MUST abort the handshake with an
    //# "illegal_parameter" alert.
    if hello.legacy_compression_methods.as_slice() != [0] {
        return Err(PeerMisbehaved::OfferedCompressionMethodsOtherThanNull.into());
    }

    // Each extension is one the RFC 8446 §4.2 table allows here (unknown types, GREASE among
    // them, are ignored): the block found the first that is not as it was decoded.
    if let Some(extension) = extensions.first_forbidden_in_tls13() {
        check_allowed(extension, ExtensionContext::ClientHello)?;
    }
    // The ones we act on are read, strictly; the others are not, so whatever they hold cannot
    // fail the hello.
    let signature_schemes = extensions.signature_algorithms()?;
    let groups = extensions.supported_groups()?;
    let shares = match extensions.find(ExtensionType::KEY_SHARE) {
        Some(raw) => raw.client_shares()?,
        None => None,
    };
    let alpn_protocols =
        match extensions.find(ExtensionType::APPLICATION_LAYER_PROTOCOL_NEGOTIATION) {
            Some(raw) => raw.protocol_names()?,
            None => None,
        };
    let server_names = match extensions.find(ExtensionType::SERVER_NAME) {
        Some(raw) => raw.server_names()?,
        None => None,
    };

    //= https://www.rfc-editor.org/rfc/rfc8446#section-9.2
    //# -  If not containing a "pre_shared_key" extension, it MUST contain
    //#    both a "signature_algorithms" extension and a "supported_groups"
    //#    extension.
    //
    //= https://www.rfc-editor.org/rfc/rfc8446#section-9.2
    //# -  If containing a "supported_groups" extension, it MUST also contain
    //#    a "key_share" extension, and vice versa.  An empty
    //#    KeyShare.client_shares vector is permitted.
    //
    // A ticket may not resume (too old, another key), and then the certificate authenticates
    // the server: signature_algorithms is required even beside a pre_shared_key
    // ("signature_algorithms" is REQUIRED for certificate authentication).
    let missing = |extension| PeerIncompatible::MissingExtension {
        extension,
        message: ExtensionContext::ClientHello,
    };
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.9
    //# If clients offer
    //# "pre_shared_key" without a "psk_key_exchange_modes" extension,
    //# servers MUST abort the handshake.
    //
    // Checked here for every hello (found without a walk, not decoded), so that a malformed
    // offer is refused whether or not its ticket would resume.
    if extensions.find(ExtensionType::PRE_SHARED_KEY).is_some()
        && extensions
            .find(ExtensionType::PSK_KEY_EXCHANGE_MODES)
            .is_none()
    {
        return Err(missing(ExtensionType::PSK_KEY_EXCHANGE_MODES).into());
    }
    let signature_schemes =
        signature_schemes.ok_or(missing(ExtensionType::SIGNATURE_ALGORITHMS))?;
    let groups = groups.ok_or(missing(ExtensionType::SUPPORTED_GROUPS))?;
    let shares = shares.ok_or(missing(ExtensionType::KEY_SHARE))?;
    let shares = read_key_shares(config, &groups, &shares)?;
    let server_name = match &server_names {
        Some(list) => read_server_name(list)?,
        None => None,
    };
    let alpn_protocol = match &alpn_protocols {
        Some(list) => choose_application_protocol(config, list)?,
        None => None,
    };

    //= https://www.rfc-editor.org/rfc/rfc8449#section-5
    //# A server that supports the record_size_limit extension MUST
    //# ignore a max_fragment_length that appears in a ClientHello if both
    //# extensions appear.
    //
    // We implement no max_fragment_length: ignored whether or not this comes with it.
    let record_size_limit = extensions.record_size_limit()?.map(|limit| limit.get());
    let offer = Offer {
        signature_schemes,
        alpn_protocols,
        alpn_protocol,
        server_name,
        record_size_limit,
    };
    Ok((offer, shares))
}

/// Shares up to which each is looked up in `supported_groups` by a scan: a browser sends one
/// to three, and a few scans cost less than building a set of the groups, which the next share
/// builds.
const SHARES_SCANNED: usize = 4;

/// What one pass over the client's key shares found.
pub(crate) struct Shares<'h> {
    /// Our choice among the client's groups and shares.
    pub(crate) choice: GroupChoice<'h>,
    /// How many shares the client sent, and the first: a second hello must hold exactly one.
    pub(crate) count: usize,
    pub(crate) first: Option<KeyShareEntry<'h>>,
}

/// Reads the client's shares in one pass: each decodes, is for a group of its
/// `supported_groups`, one per group; and the one kept is in the group we rank highest of
/// those both sides offer. Without such a share, a HelloRetryRequest for our most preferred
/// common group.
///
/// The wire profile may insist on our most preferred group even when the client sent a share
/// for another (RFC 8448's HelloRetryRequest trace).
fn read_key_shares<'h>(
    config: &ServerConfig,
    groups: &[NamedGroup],
    shares: &ClientSharesView<'h>,
) -> Result<Shares<'h>, HandshakeError> {
    // Our rank for each group we implement (None: not configured), so that each group and
    // share of the client's costs one match and one load.
    let ours = config.groups();
    let mut rank_of = [None; SupportedGroup::ALL.len()];
    for (rank, group) in ours.iter().enumerate() {
        if let Some(slot) = rank_of.get_mut(group.index()) {
            *slot = Some(rank);
        }
    }
    let rank = |group: NamedGroup| {
        SupportedGroup::from_id(group).and_then(|group| rank_of.get(group.index()).copied()?)
    };
    // One pass over the client's groups marks which of ours it offers.
    let mut offered = [false; SupportedGroup::ALL.len()];
    for group in groups {
        if let Some(mark) = rank(*group).and_then(|rank| offered.get_mut(rank)) {
            *mark = true;
        }
    }
    let preferred_rank = offered.iter().position(|offered| *offered);
    let acceptable = |rank: usize| {
        offered.get(rank) == Some(&true)
            && (Some(rank) == preferred_rank || !config.wire_profile().retry_for_preferred_group())
    };

    let mut share_groups = ShareGroups::new(groups);
    let mut best: Option<(usize, KeyShareEntry<'h>)> = None;
    let mut count = 0usize;
    let mut first = None;
    for share in shares.iter() {
        let share = share?;
        share_groups.admit(share.group)?;
        count = count.saturating_add(1);
        if let Some(rank) = rank(share.group).filter(|rank| acceptable(*rank))
            && best.as_ref().is_none_or(|(best, _)| rank < *best)
        {
            best = Some((rank, share.clone()));
        }
        if first.is_none() {
            first = Some(share);
        }
    }

    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.1.1
    //# If there is no overlap between the received
    //# "supported_groups" and the groups supported by the server, then the
    //# server MUST abort the handshake with a "handshake_failure" or an
    //# "insufficient_security" alert.
    let preferred = preferred_rank
        .and_then(|rank| ours.get(rank))
        .map(|group| group.id())
        .ok_or(PeerIncompatible::NoCommonGroup)?;
    Ok(Shares {
        choice: best.map_or(GroupChoice::Retry(preferred), |(_, share)| {
            GroupChoice::Share(share)
        }),
        count,
        first,
    })
}

/// The two rules on the group of each share, linear in both lists: scans while the client has
/// sent a handful of shares, then one table over every group value, marking whether it is in
/// `supported_groups` and whether a share used it (one load per share).
struct ShareGroups<'g> {
    groups: &'g [NamedGroup],
    /// The groups of the shares so far, while there are at most [`SHARES_SCANNED`].
    seen: Vec<NamedGroup>,
    table: Option<Box<[u8]>>,
}

/// In a [`ShareGroups`] table: the group is in `supported_groups`.
const LISTED: u8 = 1;
/// In a [`ShareGroups`] table: a share used the group.
const SHARED: u8 = 2;

impl<'g> ShareGroups<'g> {
    fn new(groups: &'g [NamedGroup]) -> Self {
        Self {
            groups,
            seen: Vec::with_capacity(SHARES_SCANNED),
            table: None,
        }
    }

    /// Records a share in `group`, if it is the first in its group and in `supported_groups`.
    fn admit(&mut self, group: NamedGroup) -> Result<(), HandshakeError> {
        let (twice, listed) = match &mut self.table {
            Some(table) => match table.get_mut(usize::from(group.get())) {
                Some(slot) => {
                    let marks = *slot;
                    *slot |= SHARED;
                    (marks & SHARED != 0, marks & LISTED != 0)
                }
                None => (false, false),
            },
            None => {
                let twice = self.seen.contains(&group);
                self.seen.push(group);
                (twice, self.groups.contains(&group))
            }
        };
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.8
        //# Clients MUST NOT offer multiple KeyShareEntry values
        //# for the same group.  Clients MUST NOT offer any KeyShareEntry values
        //# for groups not listed in the client's "supported_groups" extension.
        //# Servers MAY check for violations of these rules and abort the
        //# handshake with an "illegal_parameter" alert if one is violated.
        if twice {
            return Err(PeerMisbehaved::DuplicateKeyShareGroup { group }.into());
        }
        if !listed {
            return Err(PeerMisbehaved::KeyShareGroupNotInSupportedGroups { group }.into());
        }
        if self.table.is_none() && self.seen.len() == SHARES_SCANNED {
            self.table = Some(self.build_table());
        }
        Ok(())
    }

    /// The table of every group value: the listed ones and the ones shares used so far.
    fn build_table(&self) -> Box<[u8]> {
        // Allocated zeroed, never built on the stack.
        let mut table = vec![0u8; 1 << 16].into_boxed_slice();
        let marks = self.groups.iter().map(|group| (*group, LISTED));
        for (group, mark) in marks.chain(self.seen.iter().map(|group| (*group, SHARED))) {
            if let Some(slot) = table.get_mut(usize::from(group.get())) {
                *slot |= mark;
            }
        }
        table
    }
}

/// The client's `host_name`, lower-cased (DNS names compare without case, RFC 4343), if it
/// sent one, from one pass that decodes every name. An IP address literal counts as no name:
/// RFC 6066 forbids it, but clients send one, and refusing them breaks them. Two host names,
/// or one that is no DNS name, are the client's error; names of other types are not judged.
pub(crate) fn read_server_name(
    list: &ServerNameListView<'_>,
) -> Result<Option<String>, HandshakeError> {
    let mut host_name = None;
    for entry in list.iter() {
        let entry = entry?;
        if entry.name_type != NameType::HOST_NAME {
            continue;
        }
        //= https://www.rfc-editor.org/rfc/rfc6066#section-3
        //# The ServerNameList MUST NOT contain more than one name of the same
        //# name_type.
        if host_name.is_some() {
            return Err(PeerMisbehaved::DuplicateServerNameType {
                name_type: NameType::HOST_NAME.get(),
            }
            .into());
        }
        host_name = Some(entry.name);
    }
    let Some(name) = host_name else {
        return Ok(None);
    };
    let text = core::str::from_utf8(name.as_slice()).ok();
    if text.is_some_and(|text| text.parse::<std::net::IpAddr>().is_ok()) {
        return Ok(None);
    }
    //= https://www.rfc-editor.org/rfc/rfc6066#section-3
    //# "HostName" contains the fully qualified DNS hostname of the server,
    //# as understood by the client.  The hostname is represented as a byte
    //# string using ASCII encoding without a trailing dot.
    let Some(text) = text.filter(|text| DnsName::try_from(*text).is_ok()) else {
        return Err(PeerMisbehaved::MalformedServerName.into());
    };
    Ok(Some(text.to_ascii_lowercase()))
}

/// Our most preferred application protocol among the client's, from one pass that decodes
/// every name; `None` when we speak none.
pub(crate) fn choose_application_protocol(
    config: &ServerConfig,
    offered: &ProtocolNameListView<'_>,
) -> Result<Option<Vec<u8>>, HandshakeError> {
    let ours = config.alpn_protocols();
    let mut best: Option<usize> = None;
    for name in offered.iter() {
        let name = name?;
        let rank = ours
            .iter()
            .position(|ours| ours.as_slice() == name.as_slice());
        if let Some(rank) = rank
            && best.is_none_or(|best| rank < best)
        {
            best = Some(rank);
        }
    }
    if ours.is_empty() {
        return Ok(None);
    }
    //= https://www.rfc-editor.org/rfc/rfc7301#section-3.2
    //# In that case, the server SHOULD select the most
    //# highly preferred protocol that it supports and that is also
    //# advertised by the client.  In the event that the server supports no
    //# protocols that the client advertises, then the server SHALL respond
    //# with a fatal "no_application_protocol" alert.
    best.and_then(|rank| ours.get(rank))
        .cloned()
        .map(Some)
        .ok_or_else(|| PeerIncompatible::NoCommonApplicationProtocol.into())
}

#[cfg(test)]
mod tests {
    use crate::server::test_support::*;

    /// RFC 8446 §4.1.2 has a server ignore what it does not recognize; a registered extension
    /// we do not use, sent in a form we would not decode, is no different: none of these fails
    /// the hello.
    #[test]
    fn ignores_malformed_extensions_it_does_not_act_on() {
        use ExtensionType as T;
        for (typ, body) in [
            (T::STATUS_REQUEST, &[1, 0][..]),
            (T::MAX_FRAGMENT_LENGTH, &[9][..]),
            (T::HEARTBEAT, &[][..]),
            (T::EC_POINT_FORMATS, &[][..]),
            (T::SIGNED_CERTIFICATE_TIMESTAMP, &[1][..]),
            (T::POST_HANDSHAKE_AUTH, &[1][..]),
            (T::COMPRESS_CERTIFICATE, &[1][..]),
            (T::CERTIFICATE_AUTHORITIES, &[0, 0][..]),
            (T::SIGNATURE_ALGORITHMS_CERT, &[0][..]),
            (T::PSK_KEY_EXCHANGE_MODES, &[][..]),
            (T::EXTENDED_MASTER_SECRET, &[1][..]),
            (T::ENCRYPT_THEN_MAC, &[1][..]),
            (T::RENEGOTIATION_INFO, &[][..]),
            (T::EARLY_DATA, &[1][..]),
        ] {
            let hello = with_raw_extension(&Hello::new(), typ, body);
            let (server, out) = start(config(), &hello)
                .unwrap_or_else(|error| panic!("{typ} {body:?} refused: {error}"));
            assert_eq!(server.expects(), "the answer to SelectCertificate", "{typ}");
            assert!(matches!(last_request(&out), Request::SelectCertificate(_)));
        }
    }

    /// RFC 8449 §5: a ClientHello with both max_fragment_length and record_size_limit is
    /// answered by record_size_limit alone (we implement no max_fragment_length), and the
    /// limits are the client's (clamped to 2^14 + 1) and ours.
    #[test]
    fn a_max_fragment_length_beside_a_record_size_limit_is_ignored() {
        use crate::action::Action;
        use tls_wire::extensions::{Extension, RecordSizeLimit};

        let hello = Hello::new().with(Extension::RecordSizeLimit(
            RecordSizeLimit::new(512).unwrap(),
        ));
        let hello = with_raw_extension(&hello, ExtensionType::MAX_FRAGMENT_LENGTH, &[1]);
        let (server, mut out) = start(config(), &hello).unwrap();
        through_server_flight(server, &mut out).unwrap();
        let answered: Vec<ExtensionType> =
            encrypted_extensions(&out).iter().map(|e| e.typ()).collect();
        assert!(
            answered.contains(&ExtensionType::RECORD_SIZE_LIMIT),
            "{answered:?}"
        );
        assert!(!answered.contains(&ExtensionType::MAX_FRAGMENT_LENGTH));
        assert!(out.as_slice().iter().any(|action| matches!(
            action,
            Action::LimitRecordSize {
                send: 511,
                receive: 16385
            }
        )));
    }

    /// The extensions the server acts on are decoded strictly: a malformed one is the client's
    /// decode_error (RFC 8446 §6).
    #[test]
    fn refuses_malformed_extensions_it_acts_on() {
        use ExtensionType as T;
        for (typ, body) in [
            (T::SUPPORTED_GROUPS, &[0, 3, 0, 0x1d, 0][..]),
            (T::SIGNATURE_ALGORITHMS, &[0, 0][..]),
            (T::KEY_SHARE, &[0, 4, 0, 0x1d, 0, 0][..]),
            (T::APPLICATION_LAYER_PROTOCOL_NEGOTIATION, &[0, 2, 0, 0][..]),
            (T::SERVER_NAME, &[0, 3, 0, 0, 0][..]),
            (T::SUPPORTED_VERSIONS, &[3, 3, 4][..]),
            (T::RECORD_SIZE_LIMIT, &[0][..]),
        ] {
            let hello = with_raw_extension(&Hello::new().without(typ), typ, body);
            let error = start(config(), &hello).unwrap_err();
            assert!(
                matches!(error, HandshakeError::Decode(_)),
                "{typ} {body:?}: {error:?}"
            );
            assert_eq!(error.alert(), Some(AlertDescription::DECODE_ERROR), "{typ}");
        }
    }

    /// A client's protocols are decoded to the end, even after the one we choose: a malformed
    /// name further on is refused.
    #[test]
    fn reads_every_protocol_name_even_after_ours() {
        let config = builder().alpn_protocols(&["h2"]).build().unwrap();
        let hello = with_raw_extension(
            &Hello::new(),
            ExtensionType::APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
            &[0, 4, 2, b'h', b'2', 0],
        );
        let error = start(config, &hello).unwrap_err();
        assert_eq!(error.alert(), Some(AlertDescription::DECODE_ERROR));
    }

    /// The shares are read to the end too: a malformed share after the one we would take is
    /// refused.
    #[test]
    fn reads_every_key_share_even_after_the_one_taken() {
        let share = KeyShare::generate(NamedGroup::X25519, &SystemRng::new()).unwrap();
        let mut body = vec![];
        body.extend(NamedGroup::X25519.get().to_be_bytes());
        body.extend(32u16.to_be_bytes());
        body.extend(share.public_key());
        body.extend(NamedGroup::SECP256R1.get().to_be_bytes());
        body.extend(0u16.to_be_bytes());
        let mut framed = u16::try_from(body.len()).unwrap().to_be_bytes().to_vec();
        framed.extend(body);
        let hello = with_raw_extension(
            &Hello::new().without(ExtensionType::KEY_SHARE),
            ExtensionType::KEY_SHARE,
            &framed,
        );
        let error = start(config(), &hello).unwrap_err();
        assert_eq!(error.alert(), Some(AlertDescription::DECODE_ERROR));
    }

    /// Past a handful of shares the checks move to a table; both rules hold there too, for a
    /// share before the switch and one after.
    #[test]
    fn share_rules_hold_for_many_shares() {
        let x25519 = KeyShare::generate(NamedGroup::X25519, &SystemRng::new()).unwrap();
        let unknown: Vec<NamedGroup> = (0..12u16).map(|i| NamedGroup::new(0x1000 + i)).collect();
        let hello = |shares: &[NamedGroup], listed: &[NamedGroup]| {
            let mut entries: Vec<(NamedGroup, Vec<u8>)> =
                shares.iter().map(|group| (*group, vec![1])).collect();
            entries.push((NamedGroup::X25519, x25519.public_key().to_vec()));
            let mut groups = listed.to_vec();
            groups.push(NamedGroup::X25519);
            Hello::new()
                .with(Extension::SupportedGroups(List::new(groups).unwrap()))
                .with(key_share(&entries))
        };
        // Twelve shares, all listed: taken.
        let (server, _) = start(config(), &hello(&unknown, &unknown).encode()).unwrap();
        assert_eq!(server.expects(), "the answer to SelectCertificate");
        for repeated in [1, 9] {
            let mut shares = unknown.clone();
            shares.push(unknown[repeated]);
            let error = refusal(config(), hello(&shares, &unknown));
            assert_eq!(
                error,
                PeerMisbehaved::DuplicateKeyShareGroup {
                    group: unknown[repeated]
                }
                .into()
            );
        }
        for unlisted in [2, 10] {
            let mut listed = unknown.clone();
            listed.remove(unlisted);
            let error = refusal(config(), hello(&unknown, &listed));
            assert_eq!(
                error,
                PeerMisbehaved::KeyShareGroupNotInSupportedGroups {
                    group: unknown[unlisted]
                }
                .into()
            );
            assert_eq!(error.alert(), Some(AlertDescription::ILLEGAL_PARAMETER));
        }
    }

    /// RFC 8446 §4.2.9: a PSK offered without its key exchange modes is refused, with
    /// missing_extension; with them, the PSK is ignored (we resume nothing).
    #[test]
    fn a_psk_without_key_exchange_modes_is_missing_extension() {
        // One identity "id", age 0; one 32-byte binder.
        let mut psk = vec![0, 8, 0, 2, b'i', b'd', 0, 0, 0, 0, 0, 33, 32];
        psk.extend([7; 32]);
        let hello = with_raw_extension(&Hello::new(), ExtensionType::PRE_SHARED_KEY, &psk);
        let error = start(config(), &hello).unwrap_err();
        assert_eq!(
            error,
            PeerIncompatible::MissingExtension {
                extension: ExtensionType::PSK_KEY_EXCHANGE_MODES,
                message: ExtensionContext::ClientHello,
            }
            .into()
        );
        assert_eq!(error.alert(), Some(AlertDescription::MISSING_EXTENSION));
        let with_modes = Hello::new().with(Extension::PskKeyExchangeModes(
            List::new(vec![tls_wire::ids::PskKeyExchangeMode::PSK_DHE_KE]).unwrap(),
        ));
        let hello = with_raw_extension(&with_modes, ExtensionType::PRE_SHARED_KEY, &psk);
        let (server, _) = start(config(), &hello).unwrap();
        assert_eq!(server.expects(), "the answer to SelectCertificate");
    }
}
