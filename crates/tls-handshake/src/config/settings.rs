//! What both sides configure alike ([`Settings`]: versions, suites, groups, ALPN, randomness,
//! time, buffer limits, wire form, key log), and the checks a builder runs on them.

use std::sync::Arc;

use tls_wire::extensions::RecordSizeLimit;
use tls_wire::record::{MAX_PLAINTEXT_LEN, MAX_TLS12_CIPHERTEXT_LEN, RecordHeader};

use super::supported::{SupportedCipherSuite, SupportedGroup, SupportedVersion};
use crate::deps::{Clock, Rng, SystemClock, SystemRng};
use crate::error::ConfigError;
use crate::key_log::{KeyLog, NoKeyLog};
use crate::profile::WireProfile;
use crate::session_store::{MemorySessionStore, SessionStore};

/// The most application data a connection buffers, by default, once it is received and before
/// the application reads it: four maximal records.
pub const DEFAULT_RECEIVED_PLAINTEXT_LIMIT: usize = 64 * 1024;

/// The most unsent output a connection holds, by default, before `write` takes fewer bytes:
/// four maximal records.
pub const DEFAULT_UNSENT_OUTPUT_LIMIT: usize = 64 * 1024;

/// The smallest received-plaintext limit: a connection takes bytes only while the plaintext
/// of a whole receive buffer (one record of the largest size either version allows, header
/// included) still fits, so a smaller limit would never take any.
pub const MIN_RECEIVED_PLAINTEXT_LIMIT: usize = MAX_TLS12_CIPHERTEXT_LEN + RecordHeader::LEN;

/// The smallest unsent-output limit: one record of maximal plaintext must fit.
pub const MIN_UNSENT_OUTPUT_LIMIT: usize = MAX_PLAINTEXT_LEN;

/// The longest application protocol name (RFC 7301 §3.1: `opaque ProtocolName<1..2^8-1>`).
const MAX_PROTOCOL_NAME_LEN: usize = 255;

/// The most bytes a `ProtocolNameList` holds (RFC 7301 §3.1: `ProtocolName
/// protocol_name_list<2..2^16-1>`), length prefixes included.
const MAX_PROTOCOL_NAME_LIST_LEN: usize = 0xffff;

/// How much a connection buffers, at most.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BufferLimits {
    /// The most received application data kept for the application to read; `receive` takes
    /// bytes only while a whole receive buffer's plaintext still fits.
    pub received_plaintext: usize,
    /// The most sealed output kept for the socket before `write` takes fewer bytes. Alerts and
    /// handshake messages are never refused by it.
    pub unsent_output: usize,
}

impl Default for BufferLimits {
    fn default() -> Self {
        Self {
            received_plaintext: DEFAULT_RECEIVED_PLAINTEXT_LIMIT,
            unsent_output: DEFAULT_UNSENT_OUTPUT_LIMIT,
        }
    }
}

/// The settings both sides share, checked by the builders' `build`.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub(crate) versions: Vec<SupportedVersion>,
    pub(crate) cipher_suites: Vec<SupportedCipherSuite>,
    pub(crate) groups: Vec<SupportedGroup>,
    pub(crate) alpn_protocols: Vec<Vec<u8>>,
    pub(crate) rng: Arc<dyn Rng>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) limits: BufferLimits,
    pub(crate) wire_profile: WireProfile,
    /// Whether a TLS 1.2 peer must agree on the extended master secret (RFC 7627).
    pub(crate) require_extended_master_secret: bool,
    /// Where TLS 1.2 sessions are kept for resumption; `None`: no resumption.
    pub(crate) session_store: Option<Arc<dyn SessionStore>>,
    /// Whether a TLS 1.3 resumption may skip the (EC)DHE exchange (psk_ke).
    pub(crate) allow_psk_ke: bool,
    /// The record size limit we advertise (RFC 8449); `None`: the protocol's maximum.
    pub(crate) record_size_limit: Option<u16>,
    /// Where the handshake's secrets are logged ([`NoKeyLog`]: nowhere). Its `Debug` is the
    /// log's own, which names it and holds no secret.
    pub(crate) key_log: Arc<dyn KeyLog>,
}

impl Default for Settings {
    /// The safe modern defaults: every version, suite and group we implement, in our order of
    /// preference; no ALPN; the system's randomness and clock; the default buffer limits; our
    /// production wire form; no key log.
    fn default() -> Self {
        Self {
            versions: SupportedVersion::ALL.to_vec(),
            cipher_suites: SupportedCipherSuite::ALL.to_vec(),
            groups: SupportedGroup::ALL.to_vec(),
            alpn_protocols: Vec::new(),
            rng: Arc::new(SystemRng::new()),
            clock: Arc::new(SystemClock),
            limits: BufferLimits::default(),
            wire_profile: WireProfile::default(),
            require_extended_master_secret: false,
            session_store: Some(Arc::new(MemorySessionStore::default())),
            allow_psk_ke: false,
            record_size_limit: None,
            key_log: Arc::new(NoKeyLog),
        }
    }
}

impl Settings {
    /// Checks everything the handshake relies on: no empty or repeated list, a suite for
    /// every enabled version, ALPN names that fit their bounds, limits
    /// that let a connection make progress.
    pub(crate) fn check(&self) -> Result<(), ConfigError> {
        check_list("versions", &self.versions)?;
        if let Some(limit) = self.record_size_limit
            && !(RecordSizeLimit::MIN..=crate::record_size_limit::protocol_max(true))
                .contains(&limit)
        {
            return Err(ConfigError::InvalidRecordSizeLimit { limit });
        }
        check_list("cipher suites", &self.cipher_suites)?;
        check_list("groups", &self.groups)?;
        // Suites of a version that is not enabled are never offered nor chosen; an enabled
        // version without a suite could never be negotiated.
        if let Some(version) = self.versions.iter().find(|version| {
            !self
                .cipher_suites
                .iter()
                .any(|suite| suite.version() == **version)
        }) {
            return Err(ConfigError::NoCipherSuiteForVersion { version: *version });
        }
        let mut list_len = 0usize;
        for name in &self.alpn_protocols {
            //= https://www.rfc-editor.org/rfc/rfc7301#section-3.1
            //# Empty strings
            //# MUST NOT be included and byte strings MUST NOT be truncated.
            if name.is_empty() || name.len() > MAX_PROTOCOL_NAME_LEN {
                return Err(ConfigError::InvalidApplicationProtocol { len: name.len() });
            }
            list_len = list_len.saturating_add(1).saturating_add(name.len());
        }
        if list_len > MAX_PROTOCOL_NAME_LIST_LEN {
            return Err(ConfigError::TooManyApplicationProtocols);
        }
        if has_duplicate(&self.alpn_protocols) {
            return Err(ConfigError::DuplicateInList {
                list: "application protocols",
            });
        }
        check_limit(
            "received plaintext",
            self.limits.received_plaintext,
            MIN_RECEIVED_PLAINTEXT_LIMIT,
        )?;
        check_limit(
            "unsent output",
            self.limits.unsent_output,
            MIN_UNSENT_OUTPUT_LIMIT,
        )
    }
}

/// A list the handshake needs: not empty, no entry twice.
pub(crate) fn check_list<T: PartialEq>(
    list: &'static str,
    entries: &[T],
) -> Result<(), ConfigError> {
    if entries.is_empty() {
        return Err(ConfigError::EmptyList { list });
    }
    if has_duplicate(entries) {
        return Err(ConfigError::DuplicateInList { list });
    }
    Ok(())
}

/// Whether `entries` holds an entry twice. Quadratic, but only in our own configuration's
/// lists (a handful of entries), never a peer's.
fn has_duplicate<T: PartialEq>(entries: &[T]) -> bool {
    entries
        .iter()
        .enumerate()
        .any(|(index, entry)| entries.get(..index).unwrap_or_default().contains(entry))
}

fn check_limit(limit: &'static str, asked: usize, min: usize) -> Result<(), ConfigError> {
    if asked < min {
        return Err(ConfigError::BufferLimitTooSmall { limit, asked, min });
    }
    Ok(())
}
