//! The TLS 1.2 PRF (RFC 5246 §5): P_SHA256 or P_SHA384, the suite's hash.
//!
//! ```text
//! P_hash(secret, seed) = HMAC_hash(secret, A(1) + seed) +
//!                        HMAC_hash(secret, A(2) + seed) +
//!                        HMAC_hash(secret, A(3) + seed) + ...
//! A(0) = seed
//! A(i) = HMAC_hash(secret, A(i-1))
//!
//! PRF(secret, label, seed) = P_<hash>(secret, label + seed)
//! ```
//!
//! The seed is passed as slices and never concatenated, and the output can be spread over
//! several buffers (the key block's partition), so no derivation allocates.

use ring::hmac;

use crate::secret::Secret;
use crate::suite::HashAlgorithm;

/// `PRF(secret, label, seed)` into `out`, `seed` given as slices that are concatenated.
pub fn prf(hash: HashAlgorithm, secret: &Secret, label: &[u8], seed: &[&[u8]], out: &mut [u8]) {
    prf_into(hash, secret, label, seed, &mut [out]);
}

/// `PRF(secret, label, seed)` written across `outs` in order, as if they were one buffer.
pub(crate) fn prf_into(
    hash: HashAlgorithm,
    secret: &Secret,
    label: &[u8],
    seed: &[&[u8]],
    outs: &mut [&mut [u8]],
) {
    // ring's HMAC key cannot be zeroized; it lives for this call only.
    let key = hmac::Key::new(hash.hmac(), secret.as_bytes());
    let mut out = outs.iter_mut().flat_map(|o| o.iter_mut()).peekable();
    // A(1) = HMAC_hash(secret, A(0)), A(0) = label + seed.
    let mut a = sign(&key, &[], label, seed);
    while out.peek().is_some() {
        let block = sign(&key, a.as_ref(), label, seed);
        // The block drives the zip, so an output byte is never taken and then dropped when
        // the block runs out.
        block
            .as_ref()
            .iter()
            .zip(out.by_ref())
            .for_each(|(from, to)| *to = *from);
        // A(i+1) only if another block follows: most outputs (a Finished's 12 bytes, a GCM
        // key block) fit in one or two, and an HMAC is most of a block's cost.
        if out.peek().is_none() {
            break;
        }
        a = hmac::sign(&key, a.as_ref());
    }
}

/// `HMAC_hash(secret, prefix + label + seed)`.
fn sign(key: &hmac::Key, prefix: &[u8], label: &[u8], seed: &[&[u8]]) -> hmac::Tag {
    let mut context = hmac::Context::with_key(key);
    context.update(prefix);
    context.update(label);
    seed.iter().for_each(|part| context.update(part));
    context.sign()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_split_across_buffers_equals_one_buffer() {
        let secret = Secret::new(b"secret");
        let mut whole = [0; 100];
        prf(
            HashAlgorithm::Sha384,
            &secret,
            b"label",
            &[b"se", b"ed"],
            &mut whole,
        );
        let (mut a, mut b, mut c) = ([0; 7], [0; 0], [0; 93]);
        prf_into(
            HashAlgorithm::Sha384,
            &secret,
            b"label",
            &[b"seed"],
            &mut [&mut a, &mut b, &mut c],
        );
        assert_eq!(whole[..7], a);
        assert_eq!(whole[7..], c);
    }
}
