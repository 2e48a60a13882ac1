//! Sealers and openers built straight from the key schedule's keys, so the connection hands
//! what the schedule derived to the record layer without unpacking key bytes itself.
//!
//! ```text
//! TLS 1.3: TrafficSecret::derive_traffic_keys(aead) ─▶ TrafficKeys
//!            ─▶ Tls13Record{Sealer,Opener}::from_traffic_keys(aead, &keys)
//! TLS 1.2: MasterSecret::derive_key_block(aead, randoms) ─▶ KeyBlock { client_write, server_write }
//!            ─▶ Tls12Record{Sealer,Opener}::from_write_keys(aead, &key_block.client_write)
//! ```
//!
//! The AEAD is still named: a key's length does not tell AES-256-GCM from ChaCha20-Poly1305.
//! Keys derived for another AEAD fail with
//! [`Error::KeyMaterialLength`](crate::error::Error::KeyMaterialLength) where their length
//! shows it.

use crate::error::Error;
use crate::record::{Tls12RecordOpener, Tls12RecordSealer, Tls13RecordOpener, Tls13RecordSealer};
use crate::suite::AeadAlgorithm;
use crate::tls12::WriteKeys;
use crate::tls13::TrafficKeys;

impl Tls13RecordSealer {
    /// A sealer for `aead` from our [`TrafficKeys`] (RFC 8446 §7.3), as
    /// [`TrafficSecret::derive_traffic_keys`](crate::tls13::TrafficSecret::derive_traffic_keys)
    /// gives them, starting at sequence number 0.
    pub fn from_traffic_keys(aead: AeadAlgorithm, keys: &TrafficKeys) -> Result<Self, Error> {
        Self::new(aead, keys.key.as_bytes(), *keys.iv.as_bytes())
    }
}

impl Tls13RecordOpener {
    /// An opener for `aead` from the peer's [`TrafficKeys`] (RFC 8446 §7.3), as
    /// [`TrafficSecret::derive_traffic_keys`](crate::tls13::TrafficSecret::derive_traffic_keys)
    /// gives them, expecting sequence number 0.
    pub fn from_traffic_keys(aead: AeadAlgorithm, keys: &TrafficKeys) -> Result<Self, Error> {
        Self::new(aead, keys.key.as_bytes(), *keys.iv.as_bytes())
    }
}

impl Tls12RecordSealer {
    /// A sealer for `aead` from our side's [`WriteKeys`] of the key block (RFC 5246 §6.3), as
    /// [`MasterSecret::derive_key_block`](crate::tls12::MasterSecret::derive_key_block) gives
    /// them, starting at sequence number 0.
    pub fn from_write_keys(aead: AeadAlgorithm, keys: &WriteKeys) -> Result<Self, Error> {
        Self::new(aead, keys.key.as_bytes(), keys.iv.as_bytes())
    }
}

impl Tls12RecordOpener {
    /// An opener for `aead` from the peer's [`WriteKeys`] of the key block (RFC 5246 §6.3), as
    /// [`MasterSecret::derive_key_block`](crate::tls12::MasterSecret::derive_key_block) gives
    /// them, expecting sequence number 0.
    pub fn from_write_keys(aead: AeadAlgorithm, keys: &WriteKeys) -> Result<Self, Error> {
        Self::new(aead, keys.key.as_bytes(), keys.iv.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use tls_wire::ids::{ContentType, ProtocolVersion};
    use tls_wire::record::RecordHeader;

    use super::*;
    use crate::secret::{Iv, Secret};
    use crate::suite::HashAlgorithm;
    use crate::tls12::WriteIv;
    use crate::tls13::TrafficSecret;

    /// RFC 8448 §3 (testdata/rfc8448-vectors.json, simple-1rtt): the
    /// client_application_traffic_secret_0 (server, `derive secret "tls13 c ap traffic"`,
    /// `expanded`) and the client's close_notify (`send alert record`, `complete record`), its
    /// second record under the key derived from that secret.
    const RFC8448_CLIENT_APPLICATION_TRAFFIC_SECRET: &str =
        "9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5";
    const RFC8448_CLIENT_CLOSE_NOTIFY: &str = "1703030013c9872760655666b74d7ff1153efd6db6d0b0e3";

    /// openssl-captures.json tls12-ecdhe-ecdsa-chacha20-poly1305: client_write key and IV,
    /// and the client's close_notify (seq 2).
    const CHACHA_KEY: &str = "61ef363d46e9838b9450c9db01dde3741caf2509665560456c14f80923eceaf7";
    const CHACHA_IV: &str = "b863679921348a1fe987ec2d";
    const CHACHA_CLOSE_NOTIFY: &str = "15030300120cb09bd1833adbb72711f4f56e1aa90c9b76";

    fn split(record: &mut [u8]) -> (RecordHeader, &mut [u8]) {
        let (header, fragment) = record.split_first_chunk_mut::<5>().unwrap();
        let header = RecordHeader::new(
            ContentType::from(header[0]),
            ProtocolVersion::from(u16::from_be_bytes([header[1], header[2]])),
            u16::from_be_bytes([header[3], header[4]]),
        );
        (header, fragment)
    }

    #[test]
    fn tls13_keys_derived_from_rfc8448_secret_open_and_reseal_its_close_notify() {
        let secret = hex::decode(RFC8448_CLIENT_APPLICATION_TRAFFIC_SECRET).unwrap();
        let aead = AeadAlgorithm::Aes128Gcm;
        let keys = TrafficSecret::new(HashAlgorithm::Sha256, Secret::new(&secret))
            .derive_traffic_keys(aead);
        let expected = hex::decode(RFC8448_CLIENT_CLOSE_NOTIFY).unwrap();
        let mut record = expected.clone();
        let (header, fragment) = split(&mut record);
        let mut opener = Tls13RecordOpener::from_traffic_keys(aead, &keys)
            .unwrap()
            .with_sequence_number(1);
        let (typ, content) = opener.open_in_place(header, fragment).unwrap();
        assert_eq!((typ, &*content), (ContentType::ALERT, &[1, 0][..]));

        let mut resealed = vec![0; Tls13RecordSealer::record_len(2, 0)];
        resealed[5..7].copy_from_slice(&[1, 0]);
        Tls13RecordSealer::from_traffic_keys(aead, &keys)
            .unwrap()
            .with_sequence_number(1)
            .seal_in_place(ContentType::ALERT, &mut resealed, 2)
            .unwrap();
        assert_eq!(resealed, expected);
    }

    #[test]
    fn tls12_write_keys_open_and_reseal_openssl_close_notify() {
        let aead = AeadAlgorithm::ChaCha20Poly1305;
        let keys = WriteKeys {
            key: Secret::new(&hex::decode(CHACHA_KEY).unwrap()),
            iv: WriteIv::ChaCha20Poly1305(Iv::new(
                hex::decode(CHACHA_IV).unwrap().try_into().unwrap(),
            )),
        };
        let expected = hex::decode(CHACHA_CLOSE_NOTIFY).unwrap();
        let mut record = expected.clone();
        let (header, fragment) = split(&mut record);
        let mut opener = Tls12RecordOpener::from_write_keys(aead, &keys)
            .unwrap()
            .with_sequence_number(2);
        let (typ, plaintext) = opener.open_in_place(header, fragment).unwrap();
        assert_eq!((typ, &*plaintext), (ContentType::ALERT, &[1, 0][..]));

        let mut sealer = Tls12RecordSealer::from_write_keys(aead, &keys)
            .unwrap()
            .with_sequence_number(2);
        let mut resealed = vec![0; sealer.overhead() + 2];
        let at = sealer.content_offset();
        resealed[at..at + 2].copy_from_slice(&[1, 0]);
        sealer
            .seal_in_place(ContentType::ALERT, &mut resealed)
            .unwrap();
        assert_eq!(resealed, expected);
    }

    #[test]
    fn rejects_keys_derived_for_another_aead() {
        // A 16-byte key derived for AES-128-GCM does not key AES-256-GCM.
        let keys = TrafficKeys {
            key: Secret::new(&[0; 16]),
            iv: Iv::new([0; 12]),
        };
        let wrong_key = Error::KeyMaterialLength {
            what: "key",
            len: 16,
            expected: 32,
        };
        let aead = AeadAlgorithm::Aes256Gcm;
        assert_eq!(
            Tls13RecordSealer::from_traffic_keys(aead, &keys).err(),
            Some(wrong_key.clone())
        );
        assert_eq!(
            Tls13RecordOpener::from_traffic_keys(aead, &keys).err(),
            Some(wrong_key)
        );

        // An AES-GCM salt does not key ChaCha20-Poly1305, whose IV has 12 bytes.
        let keys = WriteKeys {
            key: Secret::new(&[0; 32]),
            iv: WriteIv::AesGcmSalt([0; 4]),
        };
        let wrong_iv = Error::KeyMaterialLength {
            what: "iv",
            len: 4,
            expected: 12,
        };
        let aead = AeadAlgorithm::ChaCha20Poly1305;
        assert_eq!(
            Tls12RecordSealer::from_write_keys(aead, &keys).err(),
            Some(wrong_iv.clone())
        );
        assert_eq!(
            Tls12RecordOpener::from_write_keys(aead, &keys).err(),
            Some(wrong_iv)
        );
    }
}
