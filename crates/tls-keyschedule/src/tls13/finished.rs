//! Finished keys, verify_data (RFC 8446 §4.4.4) and PSK binders (§4.2.11.2).

use ring::hmac;

use crate::secret::Secret;
use crate::suite::HashAlgorithm;
use crate::tls13::hkdf::expand_label_secret;
use crate::transcript::TranscriptHash;

/// `finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length)`.
#[derive(Clone, Debug)]
pub struct FinishedKey {
    hash: HashAlgorithm,
    key: Secret,
}

impl FinishedKey {
    /// The finished_key of `base_key`.
    pub(crate) fn derive(hash: HashAlgorithm, base_key: &Secret) -> Self {
        const FINISHED: &[u8] = b"finished";
        Self {
            hash,
            key: expand_label_secret(hash, base_key, FINISHED, &[], hash.output_len()),
        }
    }

    /// The key's bytes (tests).
    pub fn secret(&self) -> &Secret {
        &self.key
    }

    /// `verify_data = HMAC(finished_key, Transcript-Hash(Handshake Context,
    /// Certificate*, CertificateVerify*))`, or a binder over a truncated ClientHello's
    /// transcript hash.
    ///
    /// Compare a peer's value with `==` on the returned [`Secret`], which runs in constant
    /// time.
    pub fn derive_verify_data(&self, transcript_hash: &TranscriptHash) -> Secret {
        // ring's HMAC key cannot be zeroized; it lives for this call only.
        let key = hmac::Key::new(self.hash.hmac(), self.key.as_bytes());
        Secret::new(hmac::sign(&key, transcript_hash.as_bytes()).as_ref())
    }
}

/// `binder_key = Derive-Secret(Early Secret, "ext binder" | "res binder", "")`, from
/// [`EarlySecret::binder_key`](crate::tls13::EarlySecret::binder_key).
#[derive(Clone, Debug)]
pub struct BinderKey {
    hash: HashAlgorithm,
    secret: Secret,
}

impl BinderKey {
    pub(crate) fn new(hash: HashAlgorithm, secret: Secret) -> Self {
        Self { hash, secret }
    }

    /// The key's bytes (tests).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// The binder's finished_key, `HKDF-Expand-Label(binder_key, "finished", "", Hash.length)`.
    pub fn derive_finished_key(&self) -> FinishedKey {
        FinishedKey::derive(self.hash, &self.secret)
    }

    /// The PSK binder: "computed in the same way as the Finished message (Section 4.4.4) but
    /// with the BaseKey being the binder_key" (RFC 8446 §4.2.11.2), over the transcript hash of
    /// the ClientHello truncated before its binders list (preceded, after a
    /// HelloRetryRequest, by the first ClientHello's message_hash and the HelloRetryRequest).
    pub fn derive_binder(&self, truncated_client_hello: &TranscriptHash) -> Secret {
        self.derive_finished_key()
            .derive_verify_data(truncated_client_hello)
    }
}
