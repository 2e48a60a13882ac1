//! HKDF-Extract and HKDF-Expand against RFC 5869 Appendix A (`testdata/hkdf-vectors.json`).
//!
//! The SHA-256 cases (1-3) run through our [`extract`] and [`expand`]. The SHA-1 cases (4-7)
//! are skipped: TLS 1.3 has no SHA-1 suite, so [`HashAlgorithm`] has no SHA-1 (ring's
//! `HKDF_SHA1_FOR_LEGACY_USE_ONLY` would test ring, not us).

#![forbid(unsafe_code)]

mod common;

use common::{hex_field, str_field, testdata};
use proptest::prelude::*;
use tls_keyschedule::tls13::hkdf::{expand, expand_label, extract};
use tls_keyschedule::{Error, HashAlgorithm, Secret};

#[test]
fn rfc5869_sha256_cases() {
    let vectors = testdata("hkdf-vectors.json");
    let mut checked = 0;
    for vector in vectors["vectors"].as_array().unwrap() {
        if str_field(vector, "hash") != "SHA-256" {
            continue;
        }
        let case = &vector["case"];
        // Case 3's salt is empty, RFC 5869's "not provided": HMAC pads it to HashLen zeros.
        let salt = vector["salt"]
            .as_str()
            .map(|s| hex::decode(s).unwrap())
            .unwrap_or_default();
        let prk = extract(HashAlgorithm::Sha256, &salt, &hex_field(vector, "ikm"));
        assert_eq!(
            hex::encode(prk.as_bytes()),
            str_field(vector, "prk"),
            "RFC 5869 case {case} PRK"
        );
        let len = usize::try_from(vector["length"].as_u64().unwrap()).unwrap();
        let mut okm = vec![0; len];
        let info = hex_field(vector, "info");
        // The info split in two slices: the parts are concatenated, as HkdfLabel's are.
        let (a, b) = info.split_at(info.len() / 2);
        expand(HashAlgorithm::Sha256, &prk, &[a, b], &mut okm).unwrap();
        assert_eq!(
            hex::encode(&okm),
            str_field(vector, "okm"),
            "RFC 5869 case {case} OKM"
        );
        checked += 1;
    }
    assert_eq!(checked, 3);
}

#[test]
fn rejects_output_over_255_hash_lengths() {
    let prk = Secret::new(&[7; 48]);
    let mut out = vec![0; 255 * 48 + 1];
    assert_eq!(
        expand(HashAlgorithm::Sha384, &prk, &[], &mut out),
        Err(Error::OutputLength {
            len: 255 * 48 + 1,
            max: 255 * 48
        })
    );
    assert!(expand(HashAlgorithm::Sha384, &prk, &[], &mut out[1..]).is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the secret, label, context and hash, HKDF-Expand-Label fills exactly the
    /// length asked for, writes nothing past it, and gives the same bytes again.
    #[test]
    fn expand_label_gives_the_length_asked(
        secret in proptest::collection::vec(any::<u8>(), 1..64),
        label in proptest::collection::vec(any::<u8>(), 1..=249),
        context in proptest::collection::vec(any::<u8>(), 0..=255),
        len in 0_usize..600,
        sha384 in any::<bool>(),
    ) {
        let hash = if sha384 { HashAlgorithm::Sha384 } else { HashAlgorithm::Sha256 };
        let secret = Secret::new(&secret);
        let mut out = vec![0xa5; len + 1];
        let (head, tail) = out.split_at_mut(len);
        expand_label(hash, &secret, &label, &context, head).unwrap();
        prop_assert_eq!(tail, [0xa5]);
        let mut again = vec![0; len];
        expand_label(hash, &secret, &label, &context, &mut again).unwrap();
        prop_assert_eq!(&out[..len], again.as_slice());
    }
}
