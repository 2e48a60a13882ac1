//! What the certificate tests share: the real certificates of `testdata/`, and a tiny DER
//! toolkit that takes a certificate apart into its fields and builds it back with one change.

#![allow(
    dead_code,
    reason = "each test file that includes this module uses part of it"
)]

use tls_pki::Error;
use tls_pki::cert::Certificate;

/// `id-kp-serverAuth` and `id-kp-clientAuth` (RFC 5280 §4.2.1.12).
pub(crate) const SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
pub(crate) const CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";

/// A tiny DER toolkit: enough to take a certificate apart and build it back with one change.
pub(crate) mod der {
    /// One TLV: its tag byte and contents, from the front of `bytes`; also returns the rest.
    /// Only what certificates use: one-byte tags, definite lengths of up to four octets.
    pub(crate) fn split(bytes: &[u8]) -> (u8, &[u8], &[u8]) {
        let tag = bytes[0];
        let (len, header) = match bytes[1] {
            short @ 0..=0x7f => (usize::from(short), 2),
            long => {
                let octets = usize::from(long & 0x7f);
                let len = bytes[2..2 + octets]
                    .iter()
                    .fold(0usize, |acc, byte| acc << 8 | usize::from(*byte));
                (len, 2 + octets)
            }
        };
        let (tlv_contents, rest) = bytes[header..].split_at(len);
        (tag, tlv_contents, rest)
    }

    /// The contents of the single TLV that is `tlv`.
    pub(crate) fn contents(tlv: &[u8]) -> &[u8] {
        let (_, contents, rest) = split(tlv);
        assert!(rest.is_empty());
        contents
    }

    /// The TLVs inside the constructed TLV `tlv`, each whole.
    pub(crate) fn children(tlv: &[u8]) -> Vec<Vec<u8>> {
        let mut rest = contents(tlv);
        let mut children = Vec::new();
        while !rest.is_empty() {
            let (_, inner, after) = split(rest);
            let whole = rest.len() - after.len();
            debug_assert!(inner.len() <= whole);
            children.push(rest[..whole].to_vec());
            rest = after;
        }
        children
    }

    /// A TLV with the minimal DER length.
    pub(crate) fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        match contents.len() {
            len @ 0..=0x7f => out.push(u8::try_from(len).unwrap()),
            len => {
                let octets: Vec<u8> = len
                    .to_be_bytes()
                    .into_iter()
                    .skip_while(|byte| *byte == 0)
                    .collect();
                out.push(0x80 | u8::try_from(octets.len()).unwrap());
                out.extend(octets);
            }
        }
        out.extend_from_slice(contents);
        out
    }

    /// A SEQUENCE of the given TLVs.
    pub(crate) fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
        tlv(0x30, &parts.concat())
    }

    pub(crate) fn integer(contents: &[u8]) -> Vec<u8> {
        tlv(0x02, contents)
    }

    pub(crate) fn boolean(value: bool) -> Vec<u8> {
        tlv(0x01, &[if value { 0xff } else { 0x00 }])
    }

    pub(crate) fn octet_string(contents: &[u8]) -> Vec<u8> {
        tlv(0x04, contents)
    }

    /// An OBJECT IDENTIFIER from its dotted form.
    pub(crate) fn oid(dotted: &str) -> Vec<u8> {
        let arcs: Vec<u64> = dotted.split('.').map(|arc| arc.parse().unwrap()).collect();
        let mut body = vec![u8::try_from(arcs[0] * 40 + arcs[1]).unwrap()];
        for arc in &arcs[2..] {
            let mut groups = vec![u8::try_from(arc & 0x7f).unwrap()];
            let mut rest = arc >> 7;
            while rest > 0 {
                groups.push(0x80 | u8::try_from(rest & 0x7f).unwrap());
                rest >>= 7;
            }
            groups.reverse();
            body.extend(groups);
        }
        tlv(0x06, &body)
    }

    /// An `Extension` SEQUENCE.
    pub(crate) fn extension(oid_dotted: &str, critical: Option<bool>, value: &[u8]) -> Vec<u8> {
        let mut parts = vec![oid(oid_dotted)];
        parts.extend(critical.map(boolean));
        parts.push(octet_string(value));
        seq(&parts)
    }
}

/// The capture file shared with the other crates.
pub(crate) fn captures() -> serde_json::Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/openssl-captures.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

pub(crate) fn pem_der(text: &str) -> Vec<u8> {
    pem::parse(text).unwrap().into_contents()
}

/// The OpenSSL chain: (root, intermediate, ECDSA leaf, RSA leaf).
pub(crate) fn openssl_chain() -> (Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>) {
    let captures = captures();
    let leaf = |name: &str| {
        let connection = captures["connections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap();
        pem_der(
            connection["server_certificate_chain_pem"][0]
                .as_str()
                .unwrap(),
        )
    };
    (
        pem_der(captures["ca_certificate_pem"].as_str().unwrap()),
        pem_der(
            captures["intermediate_ca_certificate_pem"]
                .as_str()
                .unwrap(),
        ),
        leaf("tls13-aes-128-gcm-sha256"),
        leaf("tls12-ecdhe-rsa-aes256-gcm-sha384"),
    )
}

/// The OpenSSL leaf (ECDSA P-256, v3, six extensions): the base of every malformed case.
pub(crate) fn leaf() -> Vec<u8> {
    openssl_chain().2
}

/// A certificate taken apart: the TBS fields, `signatureAlgorithm`, `signatureValue`.
#[derive(Clone)]
pub(crate) struct Parts {
    pub(crate) tbs: Vec<Vec<u8>>,
    pub(crate) algorithm: Vec<u8>,
    pub(crate) signature: Vec<u8>,
}

/// Indices of the TBS fields of a v3 certificate with extensions.
pub(crate) const VERSION: usize = 0;
pub(crate) const SERIAL: usize = 1;
pub(crate) const SIGNATURE: usize = 2;
pub(crate) const VALIDITY: usize = 4;
pub(crate) const EXTENSIONS: usize = 7;

impl Parts {
    pub(crate) fn of(der: &[u8]) -> Self {
        let [tbs, algorithm, signature]: [Vec<u8>; 3] = der::children(der).try_into().unwrap();
        Self {
            tbs: der::children(&tbs),
            algorithm,
            signature,
        }
    }

    pub(crate) fn build(&self) -> Vec<u8> {
        der::seq(&[
            der::seq(&self.tbs),
            self.algorithm.clone(),
            self.signature.clone(),
        ])
    }

    /// The extensions, each a whole `Extension` TLV.
    pub(crate) fn extensions(&self) -> Vec<Vec<u8>> {
        der::children(der::contents(&self.tbs[EXTENSIONS]))
            .into_iter()
            .collect()
    }

    pub(crate) fn with_extensions(mut self, extensions: &[Vec<u8>]) -> Self {
        self.tbs[EXTENSIONS] = der::tlv(0xa3, &der::seq(extensions));
        self
    }

    pub(crate) fn with_field(mut self, index: usize, field: Vec<u8>) -> Self {
        self.tbs[index] = field;
        self
    }

    pub(crate) fn with_serial(self, contents: &[u8]) -> Self {
        self.with_field(SERIAL, der::integer(contents))
    }

    pub(crate) fn with_version(self, contents: &[u8]) -> Self {
        self.with_field(VERSION, der::tlv(0xa0, &der::integer(contents)))
    }

    pub(crate) fn without_version(mut self) -> Self {
        self.tbs.remove(VERSION);
        self
    }

    pub(crate) fn parse(&self) -> Result<(), Error> {
        Certificate::from_der(&self.build()).map(drop)
    }
}
