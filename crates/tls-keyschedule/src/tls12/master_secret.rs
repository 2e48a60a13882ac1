//! The TLS 1.2 master secret, from the premaster secret: extended (RFC 7627) or not
//! (RFC 5246 §8.1).

use tls_wire::handshake::Random;

use crate::secret::Secret;
use crate::suite::HashAlgorithm;
use crate::tls12::prf::prf;
use crate::transcript::TranscriptHash;

/// The master secret is always 48 bytes: `[0..47]` in both formulas.
pub const MASTER_SECRET_LEN: usize = 48;

/// `ClientHello.random` and `ServerHello.random`, which the key block and the exporters mix in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Randoms {
    /// `ClientHello.random`.
    pub client_random: Random,
    /// `ServerHello.random`.
    pub server_random: Random,
}

/// The premaster secret: here always the ECDHE shared secret (RFC 8422 §5.10), since we have
/// no RSA key exchange.
#[derive(Debug)]
pub struct PreMasterSecret(Secret);

/// What the master secret binds the premaster secret to.
#[derive(Clone, Copy, Debug)]
pub enum MasterSecretSeed<'a> {
    /// RFC 7627's session hash, `Hash(handshake_messages)` from ClientHello up to and including
    /// ClientKeyExchange: the extended master secret, what we negotiate.
    Extended {
        /// The transcript hash after ClientKeyExchange.
        session_hash: &'a TranscriptHash,
    },
    /// The randoms alone (RFC 5246 §8.1), when the peer did not negotiate
    /// `extended_master_secret`.
    Legacy {
        /// The hellos' randoms.
        randoms: &'a Randoms,
    },
}

impl PreMasterSecret {
    /// Wraps the premaster secret.
    pub fn new(secret: Secret) -> Self {
        Self(secret)
    }

    /// The master secret under the suite's PRF hash; the premaster secret is consumed and
    /// zeroized.
    ///
    /// ```text
    /// master_secret = PRF(pre_master_secret, "extended master secret",
    ///                     session_hash)
    ///                     [0..47];
    ///
    /// master_secret = PRF(pre_master_secret, "master secret",
    ///                     ClientHello.random + ServerHello.random)
    ///                     [0..47];
    /// ```
    //= https://www.rfc-editor.org/rfc/rfc7627#section-5.1
    //# If the client and server agree on this extension and a full handshake
    //# takes place, both client and server MUST use the extended master
    //# secret derivation algorithm, as defined in Section 4.
    pub fn into_master_secret(
        self,
        hash: HashAlgorithm,
        seed: MasterSecretSeed<'_>,
    ) -> MasterSecret {
        const EXTENDED_MASTER_SECRET: &[u8] = b"extended master secret";
        const MASTER_SECRET: &[u8] = b"master secret";
        let mut secret = Secret::zeroed(MASTER_SECRET_LEN);
        match seed {
            MasterSecretSeed::Extended { session_hash } => prf(
                hash,
                &self.0,
                EXTENDED_MASTER_SECRET,
                &[session_hash.as_bytes()],
                secret.as_mut_bytes(),
            ),
            MasterSecretSeed::Legacy { randoms } => prf(
                hash,
                &self.0,
                MASTER_SECRET,
                &[&randoms.client_random, &randoms.server_random],
                secret.as_mut_bytes(),
            ),
        }
        MasterSecret { hash, secret }
    }
}

/// The TLS 1.2 master secret, with the hash of the suite's PRF.
#[derive(Clone, Debug)]
pub struct MasterSecret {
    pub(crate) hash: HashAlgorithm,
    pub(crate) secret: Secret,
}

impl MasterSecret {
    /// Wraps a master secret from elsewhere: a key log's `CLIENT_RANDOM` line, or a session
    /// being resumed.
    pub fn new(hash: HashAlgorithm, secret: Secret) -> Self {
        Self { hash, secret }
    }

    /// The PRF's hash.
    pub fn hash(&self) -> HashAlgorithm {
        self.hash
    }

    /// The secret's bytes (key log, session cache, tests).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }
}
