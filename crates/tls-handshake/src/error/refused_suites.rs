//! [`RefusedSuites`]: the kinds of cipher suite a client offered that we refuse outright, so
//! that "no common cipher suite" can say why (a client offering only RSA key exchange and CBC
//! suites is a configuration to fix, not a mystery).

use core::fmt;

use tls_wire::ids::CipherSuite;

/// The kinds of refused cipher suite found among a client's offer: each is a property of the
/// suite's registered name (RFC 5246 Appendix A.5, the IANA registry).
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct RefusedSuites {
    bits: u8,
}

/// One kind of suite we never negotiate, the bit that records it and how the error names it.
struct Kind {
    bit: u8,
    name: &'static str,
    matches: fn(&str) -> bool,
}

const KINDS: [Kind; 5] = [
    Kind {
        bit: 1 << 0,
        name: "RSA key exchange",
        matches: |name| name.starts_with("TLS_RSA_"),
    },
    Kind {
        bit: 1 << 1,
        name: "static or finite-field Diffie-Hellman",
        matches: |name| {
            name.starts_with("TLS_DHE_")
                || name.starts_with("TLS_DH_")
                || name.starts_with("TLS_ECDH_")
        },
    },
    Kind {
        bit: 1 << 2,
        name: "CBC",
        matches: |name| name.contains("_CBC_"),
    },
    Kind {
        bit: 1 << 3,
        name: "stream ciphers",
        matches: |name| name.contains("_RC4_"),
    },
    Kind {
        bit: 1 << 4,
        name: "no encryption",
        matches: |name| name.contains("_WITH_NULL_"),
    },
];

impl RefusedSuites {
    /// The refused kinds among `suites`, in one pass over the client's list.
    pub fn among(suites: &[CipherSuite]) -> Self {
        let bits = suites
            .iter()
            .filter_map(|suite| suite.name())
            .flat_map(|name| KINDS.iter().filter(move |kind| (kind.matches)(name)))
            .fold(0, |bits, kind| bits | kind.bit);
        Self { bits }
    }

    /// Whether no refused kind was found.
    pub fn is_empty(self) -> bool {
        self.bits == 0
    }

    /// The names of the kinds found, in a fixed order.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        KINDS
            .iter()
            .filter(move |kind| self.bits & kind.bit != 0)
            .map(|kind| kind.name)
    }
}

impl fmt::Display for RefusedSuites {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, name) in self.names().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(name)?;
        }
        Ok(())
    }
}

impl fmt::Debug for RefusedSuites {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.names()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_each_refused_kind_once() {
        let suites = [
            CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA,
            CipherSuite::TLS_RSA_WITH_AES_256_CBC_SHA,
            CipherSuite::TLS_DHE_RSA_WITH_AES_128_GCM_SHA256,
            CipherSuite::TLS_ECDHE_RSA_WITH_RC4_128_SHA,
            CipherSuite::new(0x0a0a),
        ];
        let refused = RefusedSuites::among(&suites);
        assert_eq!(
            refused.to_string(),
            "RSA key exchange, static or finite-field Diffie-Hellman, CBC, stream ciphers"
        );
    }

    #[test]
    fn aead_ecdhe_suites_are_not_refused_kinds() {
        let suites = [
            CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite::TLS_AES_128_GCM_SHA256,
            CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV,
        ];
        assert!(RefusedSuites::among(&suites).is_empty());
    }

    #[test]
    fn null_encryption_is_named() {
        let refused = RefusedSuites::among(&[CipherSuite::TLS_ECDHE_ECDSA_WITH_NULL_SHA]);
        assert_eq!(refused.to_string(), "no encryption");
    }
}
