//! A self-signed certificate for a key the caller chooses: for tests that need a certificate
//! carrying a particular key (RSA-4096, another format of a key) rather than a chain.

use rcgen::{CertificateParams, KeyPair};

use crate::{Certificate, Error};

/// A self-signed certificate for `dns_name` whose key is the PKCS#8 PEM `key_pem` (any key
/// rcgen's ring backend loads: ECDSA P-256 and P-384, RSA, Ed25519), valid from 2020-01-01 to
/// 9999-12-31.
pub fn self_signed(key_pem: &str, dns_name: &str) -> Result<Certificate, Error> {
    let key = KeyPair::from_pem(key_pem)
        .map_err(|e| Error::new(format!("loading the key to self-sign: {e}")))?;
    let mut params = CertificateParams::new(vec![dns_name.to_owned()])
        .map_err(|e| Error::new(format!("the DNS name {dns_name:?}: {e}")))?;
    params.not_before = rcgen::date_time_ymd(2020, 1, 1);
    params.not_after = rcgen::date_time_ymd(9999, 12, 31);
    let certificate = params
        .self_signed(&key)
        .map_err(|e| Error::new(format!("self-signing: {e}")))?;
    Ok(Certificate::from(&certificate))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::KeyType;

    #[test]
    fn carries_the_key_it_was_given() {
        for key_type in KeyType::ALL {
            let pem = key_type.leaf_key_pem();
            let certificate = self_signed(pem, "example.com").unwrap();
            let parsed = {
                use der::Decode;
                x509_cert::Certificate::from_der(&certificate.der).unwrap()
            };
            let key = KeyPair::from_pem(pem).unwrap();
            assert_eq!(
                parsed
                    .tbs_certificate()
                    .subject_public_key_info()
                    .subject_public_key
                    .raw_bytes(),
                key.public_key_raw(),
                "{}",
                key_type.label()
            );
        }
    }

    #[test]
    fn refuses_a_key_that_is_not_pem() {
        assert!(self_signed("not a key", "example.com").is_err());
    }
}
