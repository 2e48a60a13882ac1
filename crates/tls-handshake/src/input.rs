//! What a state machine is fed: a handshake message from the peer, the driver's answer to a
//! request the machine made (HOUSE-STYLE §4: `Input::{Message, Answer}`), or a
//! change_cipher_spec record, which each version treats its own way (TLS 1.3 drops the one it
//! tolerates; TLS 1.2 switches its read key on it).

use tls_wire::handshake::HandshakeMessage;

use crate::action::Answer;

/// One input to a handshake step.
#[derive(Debug)]
#[allow(
    clippy::large_enum_variant,
    reason = "built once per message and consumed by the step it is given to: a box would \
              cost an allocation per message to save a move of a few hundred bytes"
)]
pub enum Input<'a> {
    /// A whole handshake message, decoded by tls-wire with the version the machine reports
    /// (`negotiated_version()`), its raw bytes kept for the transcript.
    Message(HandshakeMessage<'a>),
    /// The answer to the machine's last [`Request`](crate::action::Request).
    Answer(Answer),
    /// An unprotected change_cipher_spec record holding the single byte 1; the record layer
    /// refuses any other.
    ChangeCipherSpec,
}
