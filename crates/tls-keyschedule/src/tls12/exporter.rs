//! TLS 1.2 keying material exporters (RFC 5705 §4).
//!
//! ```text
//! PRF(SecurityParameters.master_secret, label,
//!     SecurityParameters.client_random +
//!     SecurityParameters.server_random
//!     )[length]                                         (no context)
//!
//! PRF(SecurityParameters.master_secret, label,
//!     SecurityParameters.client_random +
//!     SecurityParameters.server_random +
//!     context_value_length + context_value
//!     )[length]                                         (with a context)
//! ```
//!
//! Unlike TLS 1.3, an absent context and an empty one give different values, so the context is
//! an `Option`.

use crate::error::Error;
use crate::tls12::master_secret::{MasterSecret, Randoms};
use crate::tls12::prf::prf;

/// The PRF labels of RFC 5246 (and RFC 7627's) that an exporter must not use.
const RESERVED_LABELS: [&str; 5] = [
    "client finished",
    "server finished",
    "master secret",
    "key expansion",
    "extended master secret",
];

impl MasterSecret {
    /// The exporter's keying material for `label` and `context_value` into `out`, with the
    /// connection's randoms.
    ///
    /// Fails on a context over 65 535 bytes (its length is a `uint16`) and on the labels the
    /// PRF itself uses (`"client finished"`, `"server finished"`, `"master secret"`,
    /// `"key expansion"`, and RFC 7627's `"extended master secret"`).
    pub fn derive_keying_material(
        &self,
        randoms: &Randoms,
        label: &[u8],
        context_value: Option<&[u8]>,
        out: &mut [u8],
    ) -> Result<(), Error> {
        //= https://www.rfc-editor.org/rfc/rfc5705#section-6
        //# Note: (1) These entries are reserved and MUST NOT be used for the
        //# purpose described in RFC 5705, in order to avoid confusion with
        //# similar, but distinct, use in RFC 5246.
        if let Some(&reserved) = RESERVED_LABELS.iter().find(|r| r.as_bytes() == label) {
            return Err(Error::ReservedLabel { label: reserved });
        }
        let randoms_seed: [&[u8]; 2] = [&randoms.client_random, &randoms.server_random];
        match context_value {
            None => prf(self.hash, &self.secret, label, &randoms_seed, out),
            Some(context) => {
                let length = u16::try_from(context.len()).map_err(|_| Error::ContextLength {
                    len: context.len(),
                    max: usize::from(u16::MAX),
                })?;
                prf(
                    self.hash,
                    &self.secret,
                    label,
                    &[
                        &randoms.client_random,
                        &randoms.server_random,
                        &length.to_be_bytes(),
                        context,
                    ],
                    out,
                );
            }
        }
        Ok(())
    }
}
