//! The TLS 1.2 key block (RFC 5246 §6.3), split into each direction's write key and IV.
//!
//! ```text
//! key_block = PRF(SecurityParameters.master_secret,
//!                 "key expansion",
//!                 SecurityParameters.server_random +
//!                 SecurityParameters.client_random);
//!
//! client_write_MAC_key[SecurityParameters.mac_key_length]
//! server_write_MAC_key[SecurityParameters.mac_key_length]
//! client_write_key[SecurityParameters.enc_key_length]
//! server_write_key[SecurityParameters.enc_key_length]
//! client_write_IV[SecurityParameters.fixed_iv_length]
//! server_write_IV[SecurityParameters.fixed_iv_length]
//! ```
//!
//! Only AEAD suites exist here, so `mac_key_length` is 0 and there are no MAC keys: we have no
//! CBC suites. `fixed_iv_length` is 4 for AES-GCM (RFC 5288 §3, the implicit "salt") and 12 for
//! ChaCha20-Poly1305 (RFC 7905 §2).

use crate::secret::{IV_LEN, Iv, Secret};
use crate::suite::AeadAlgorithm;
use crate::tls12::master_secret::{MasterSecret, Randoms};
use crate::tls12::prf::prf_into;

/// AES-GCM's `fixed_iv_length`: the 4-byte salt (RFC 5288 §3).
pub const GCM_SALT_LEN: usize = 4;

/// The key block, split: each direction's write key and IV.
#[derive(Clone, Debug)]
pub struct KeyBlock {
    /// `client_write_key` and `client_write_IV`.
    pub client_write: WriteKeys,
    /// `server_write_key` and `server_write_IV`.
    pub server_write: WriteKeys,
}

/// One direction's AEAD key and fixed IV.
#[derive(Clone, Debug)]
pub struct WriteKeys {
    /// `[sender]_write_key`, `enc_key_length` bytes.
    pub key: Secret,
    /// `[sender]_write_IV`.
    pub iv: WriteIv,
}

/// `[sender]_write_IV`, whose length and use depend on the AEAD.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteIv {
    /// AES-GCM: the salt, the implicit first 4 bytes of the nonce; the other 8 travel as the
    /// record's explicit nonce (RFC 5288 §3).
    AesGcmSalt([u8; GCM_SALT_LEN]),
    /// ChaCha20-Poly1305: a 12-byte IV that the sequence number is XORed into (RFC 7905 §2).
    ChaCha20Poly1305(Iv),
}

impl WriteIv {
    /// The IV's bytes: 4 for AES-GCM, 12 for ChaCha20-Poly1305.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Self::AesGcmSalt(salt) => salt,
            Self::ChaCha20Poly1305(iv) => iv.as_bytes(),
        }
    }
}

impl MasterSecret {
    /// The key block for `aead`, split into the client's and the server's write key and IV.
    pub fn derive_key_block(&self, aead: AeadAlgorithm, randoms: &Randoms) -> KeyBlock {
        const KEY_EXPANSION: &[u8] = b"key expansion";
        let mut client_key = Secret::zeroed(aead.key_len());
        let mut server_key = Secret::zeroed(aead.key_len());
        let mut client_iv = Iv::new([0; IV_LEN]);
        let mut server_iv = Iv::new([0; IV_LEN]);
        let iv_len = match aead {
            AeadAlgorithm::Aes128Gcm | AeadAlgorithm::Aes256Gcm => GCM_SALT_LEN,
            AeadAlgorithm::ChaCha20Poly1305 => IV_LEN,
        };
        // Both lengths are at most IV_LEN, so the slices are never empty stand-ins.
        let client_iv_part = client_iv
            .as_mut_bytes()
            .get_mut(..iv_len)
            .unwrap_or_default();
        let server_iv_part = server_iv
            .as_mut_bytes()
            .get_mut(..iv_len)
            .unwrap_or_default();
        prf_into(
            self.hash,
            &self.secret,
            KEY_EXPANSION,
            &[&randoms.server_random, &randoms.client_random],
            &mut [
                client_key.as_mut_bytes(),
                server_key.as_mut_bytes(),
                client_iv_part,
                server_iv_part,
            ],
        );
        KeyBlock {
            client_write: WriteKeys {
                key: client_key,
                iv: write_iv(aead, client_iv),
            },
            server_write: WriteKeys {
                key: server_key,
                iv: write_iv(aead, server_iv),
            },
        }
    }
}

/// The IV of `aead` from the first bytes of `iv`.
fn write_iv(aead: AeadAlgorithm, iv: Iv) -> WriteIv {
    match aead {
        AeadAlgorithm::Aes128Gcm | AeadAlgorithm::Aes256Gcm => {
            let [a, b, c, d, ..] = *iv.as_bytes();
            WriteIv::AesGcmSalt([a, b, c, d])
        }
        AeadAlgorithm::ChaCha20Poly1305 => WriteIv::ChaCha20Poly1305(iv),
    }
}
