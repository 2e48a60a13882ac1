//! TLS 1.2 Finished verify_data (RFC 5246 §7.4.9).
//!
//! ```text
//! verify_data
//!    PRF(master_secret, finished_label, Hash(handshake_messages))
//!       [0..verify_data_length-1];
//! ```
//!
//! `verify_data_length` is 12 for every suite we have: "Any cipher suite which does not
//! explicitly specify verify_data_length has a verify_data_length equal to 12."

use crate::secret::Secret;
use crate::tls12::master_secret::MasterSecret;
use crate::tls12::prf::prf;
use crate::transcript::TranscriptHash;

/// `verify_data_length` of every suite we have.
pub const VERIFY_DATA_LEN: usize = 12;

impl MasterSecret {
    /// The client's verify_data, over every handshake message before the client's Finished.
    ///
    /// Compare a received value with `==` on the returned [`Secret`], which runs in constant
    /// time.
    pub fn derive_client_verify_data(&self, handshake_messages: &TranscriptHash) -> Secret {
        const CLIENT_FINISHED: &[u8] = b"client finished";
        self.derive_verify_data(CLIENT_FINISHED, handshake_messages)
    }

    /// The server's verify_data, over every handshake message before the server's Finished
    /// (in a full handshake, the client's Finished included).
    pub fn derive_server_verify_data(&self, handshake_messages: &TranscriptHash) -> Secret {
        const SERVER_FINISHED: &[u8] = b"server finished";
        self.derive_verify_data(SERVER_FINISHED, handshake_messages)
    }

    //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.9
    //# For the PRF
    //# defined in Section 5, the Hash MUST be the Hash used as the basis
    //# for the PRF.
    fn derive_verify_data(
        &self,
        finished_label: &[u8],
        handshake_messages: &TranscriptHash,
    ) -> Secret {
        // A TranscriptHash of another hash would have another length; the handshake builds its
        // transcript from the same suite as this master secret.
        let mut verify_data = Secret::zeroed(VERIFY_DATA_LEN);
        prf(
            self.hash,
            &self.secret,
            finished_label,
            &[handshake_messages.as_bytes()],
            verify_data.as_mut_bytes(),
        );
        verify_data
    }
}
