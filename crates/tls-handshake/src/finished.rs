//! The Finished message (RFC 8446 §4.4.4): ours, made over the transcript, and the peer's,
//! checked in constant time, which is the one way to obtain a [`FinishedVerified`].

use std::borrow::Cow;

use tls_keyschedule::Secret;
use tls_keyschedule::tls13::finished::FinishedKey;
use tls_keyschedule::transcript::Transcript;
use tls_wire::handshake::{Finished, HandshakePayload};

use crate::error::{HandshakeError, PeerMisbehaved};
use crate::tls13_common::encode;

/// Proof that the peer's Finished carried the `verify_data` we computed. Only
/// the Finished check makes one.
#[derive(Debug)]
pub struct FinishedVerified(());

/// Our Finished over `transcript` so far, framed.
pub(crate) fn finished_message(
    finished_key: &FinishedKey,
    transcript: &Transcript,
) -> Result<Vec<u8>, HandshakeError> {
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.4
    //# verify_data =
    //#     HMAC(finished_key,
    //#          Transcript-Hash(Handshake Context,
    //#                          Certificate*, CertificateVerify*))
    let verify_data = finished_key.derive_verify_data(&transcript.current_hash());
    encode(HandshakePayload::Finished(Finished {
        verify_data: Cow::Borrowed(verify_data.as_bytes()),
    }))
}

/// Checks the peer's Finished against `transcript` so far, in constant time (`Secret == [u8]`).
pub(crate) fn check_finished(
    finished_key: &FinishedKey,
    transcript: &Transcript,
    finished: &Finished<'_>,
) -> Result<FinishedVerified, HandshakeError> {
    let expected = finished_key.derive_verify_data(&transcript.current_hash());
    check_verify_data(&expected, finished)
}

/// Checks the peer's TLS 1.2 Finished against `expected`, the verify_data of RFC 5246 §7.4.9
/// we computed, in constant time.
pub(crate) fn check_tls12_finished(
    expected: &Secret,
    finished: &Finished<'_>,
) -> Result<FinishedVerified, HandshakeError> {
    //= https://www.rfc-editor.org/rfc/rfc5246#section-7.4.9
    //# Recipients of Finished messages MUST verify that the contents are
    //# correct.
    check_verify_data(expected, finished)
}

/// Either version's comparison: the length first, then the value in constant time
/// (`Secret == [u8]`).
fn check_verify_data(
    expected: &Secret,
    finished: &Finished<'_>,
) -> Result<FinishedVerified, HandshakeError> {
    // The length is public (the suite's hash) and a wrong one is a malformed message: checked
    // apart, before the constant-time comparison of the value.
    //= https://www.rfc-editor.org/rfc/rfc8446#section-6
    //# Peers which receive a message which
    //# cannot be parsed according to the syntax (e.g., have a length
    //# extending beyond the message boundary or contain an out-of-range
    //# length) MUST terminate the connection with a "decode_error" alert.
    let len = finished.verify_data.len();
    if len != expected.len() {
        return Err(PeerMisbehaved::FinishedWrongLength {
            len,
            expected: expected.len(),
        }
        .into());
    }
    //= https://www.rfc-editor.org/rfc/rfc8446#section-4.4.4
    //# Recipients of Finished messages MUST verify that the contents are
    //# correct and if incorrect MUST terminate the connection with a
    //# "decrypt_error" alert.
    if expected.eq(finished.verify_data.as_ref()) {
        Ok(FinishedVerified(()))
    } else {
        Err(PeerMisbehaved::BadFinished.into())
    }
}
