//! Traffic secrets (RFC 8446 §7.3): the write key and IV of each direction and epoch, the
//! Finished key, and the next application traffic secret for KeyUpdate (§7.2).

use crate::secret::{IV_LEN, Iv, Secret};
use crate::suite::{AeadAlgorithm, HashAlgorithm};
use crate::tls13::finished::FinishedKey;
use crate::tls13::hkdf::{Prk, expand_label_secret};

/// One direction's traffic secret: client_early_traffic_secret,
/// `[sender]_handshake_traffic_secret` or `[sender]_application_traffic_secret_N`.
#[derive(Clone, Debug)]
pub struct TrafficSecret {
    hash: HashAlgorithm,
    secret: Secret,
}

/// A direction's AEAD key and IV, from which the record layer builds its ring key.
///
/// ```text
/// [sender]_write_key = HKDF-Expand-Label(Secret, "key", "", key_length)
/// [sender]_write_iv  = HKDF-Expand-Label(Secret, "iv", "", iv_length)
/// ```
#[derive(Clone, Debug)]
pub struct TrafficKeys {
    /// `[sender]_write_key`, `key_length` bytes.
    pub key: Secret,
    /// `[sender]_write_iv`.
    pub iv: Iv,
}

impl TrafficSecret {
    /// Wraps a traffic secret from elsewhere, e.g. a key log line.
    pub fn new(hash: HashAlgorithm, secret: Secret) -> Self {
        Self { hash, secret }
    }

    /// The suite's hash.
    pub fn hash(&self) -> HashAlgorithm {
        self.hash
    }

    /// The secret's bytes (key log, tests).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// The write key and IV for `aead` (RFC 8446 §7.3).
    pub fn derive_traffic_keys(&self, aead: AeadAlgorithm) -> TrafficKeys {
        const KEY: &[u8] = b"key";
        const IV: &[u8] = b"iv";
        // One PRK for both: the key and the IV expand the same secret.
        let prk = Prk::new(self.hash, &self.secret);
        let key = prk.expand_label_secret(KEY, &[], aead.key_len());
        let iv_bytes = prk.expand_label_secret(IV, &[], IV_LEN);
        let mut iv = Iv::new([0; IV_LEN]);
        iv.as_mut_bytes()
            .iter_mut()
            .zip(iv_bytes.as_bytes())
            .for_each(|(to, from)| *to = *from);
        TrafficKeys { key, iv }
    }

    /// `finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length)`, with this
    /// secret as the BaseKey (RFC 8446 §4.4.4): a handshake traffic secret for the handshake's
    /// Finished, a client application traffic secret for post-handshake authentication.
    pub fn derive_finished_key(&self) -> FinishedKey {
        FinishedKey::derive(self.hash, &self.secret)
    }

    /// The next generation after a KeyUpdate (RFC 8446 §7.2); this one is consumed and
    /// zeroized:
    ///
    /// ```text
    /// application_traffic_secret_N+1 =
    ///     HKDF-Expand-Label(application_traffic_secret_N,
    ///                       "traffic upd", "", Hash.length)
    /// ```
    //= https://www.rfc-editor.org/rfc/rfc8446#section-7.2
    //# Once client_/server_application_traffic_secret_N+1 and its associated
    //# traffic keys have been computed, implementations SHOULD delete
    //# client_/server_application_traffic_secret_N and its associated
    //# traffic keys.
    pub fn into_next_application_traffic_secret(self) -> Self {
        const TRAFFIC_UPD: &[u8] = b"traffic upd";
        Self {
            hash: self.hash,
            secret: expand_label_secret(
                self.hash,
                &self.secret,
                TRAFFIC_UPD,
                &[],
                self.hash.output_len(),
            ),
        }
    }
}
