//! TLS 1.3 exporters (RFC 8446 §7.5), with the early exporter behind its own type.
//!
//! ```text
//! TLS-Exporter(label, context_value, key_length) =
//!     HKDF-Expand-Label(Derive-Secret(Secret, label, ""),
//!                       "exporter", Hash(context_value), key_length)
//! ```
//!
//! TLS 1.3 makes no difference between an absent and an empty context, so the context is a
//! plain slice here (TLS 1.2's exporter takes an `Option`).

use ring::digest;

use crate::error::Error;
use crate::secret::Secret;
use crate::suite::HashAlgorithm;
use crate::tls13::hkdf::expand_label;
use crate::transcript::TranscriptHash;

/// The exporter_master_secret: the secret behind every exporter of the connection.
//= https://www.rfc-editor.org/rfc/rfc8446#section-7.5
//# Implementations MUST use the
//# exporter_master_secret unless explicitly specified by the
//# application.
#[derive(Clone, Debug)]
pub struct ExporterMasterSecret {
    hash: HashAlgorithm,
    secret: Secret,
}

/// The early_exporter_master_secret, for exporters over 0-RTT data only.
///
/// A type of its own, as RFC 8446 §7.5 recommends ("A separate interface for the early
/// exporter is RECOMMENDED"), so an application cannot take one exporter for the other.
#[derive(Clone, Debug)]
pub struct EarlyExporterMasterSecret {
    hash: HashAlgorithm,
    secret: Secret,
}

impl ExporterMasterSecret {
    /// Wraps an exporter_master_secret from elsewhere, e.g. a key log's `EXPORTER_SECRET`.
    pub fn new(hash: HashAlgorithm, secret: Secret) -> Self {
        Self { hash, secret }
    }

    /// The secret's bytes (key log, tests).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// `TLS-Exporter(label, context_value, out.len())` into `out`.
    ///
    /// Fails on a label outside 1..=249 bytes or an output over 255 · Hash.length bytes.
    pub fn derive_keying_material(
        &self,
        label: &[u8],
        context_value: &[u8],
        out: &mut [u8],
    ) -> Result<(), Error> {
        tls_exporter(self.hash, &self.secret, label, context_value, out)
    }
}

impl EarlyExporterMasterSecret {
    /// Wraps an early_exporter_master_secret from elsewhere, e.g. a key log's
    /// `EARLY_EXPORTER_SECRET`.
    pub fn new(hash: HashAlgorithm, secret: Secret) -> Self {
        Self { hash, secret }
    }

    /// The secret's bytes (key log, tests).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// `TLS-Exporter(label, context_value, out.len())` into `out`, keyed by the early
    /// exporter secret.
    ///
    /// Fails on a label outside 1..=249 bytes or an output over 255 · Hash.length bytes.
    pub fn derive_keying_material(
        &self,
        label: &[u8],
        context_value: &[u8],
        out: &mut [u8],
    ) -> Result<(), Error> {
        tls_exporter(self.hash, &self.secret, label, context_value, out)
    }
}

/// `TLS-Exporter` keyed by `secret`.
fn tls_exporter(
    hash: HashAlgorithm,
    secret: &Secret,
    label: &[u8],
    context_value: &[u8],
    out: &mut [u8],
) -> Result<(), Error> {
    const EXPORTER: &[u8] = b"exporter";
    let empty = TranscriptHash::of_empty(hash);
    let mut derived = Secret::zeroed(hash.output_len());
    expand_label(
        hash,
        secret,
        label,
        empty.as_bytes(),
        derived.as_mut_bytes(),
    )?;
    let context_hash = digest::digest(hash.digest(), context_value);
    expand_label(hash, &derived, EXPORTER, context_hash.as_ref(), out)
}
