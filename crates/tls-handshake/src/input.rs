//! What a state machine is fed: a handshake message from the peer, or the driver's answer to a
//! request the machine made (HOUSE-STYLE §4: `Input::{Message, Answer}`).

use tls_wire::handshake::HandshakeMessage;

use crate::action::Answer;

/// One input to a handshake step.
#[derive(Debug)]
pub enum Input<'a> {
    /// A whole handshake message, decoded by tls-wire with the version the machine reports
    /// (`negotiated_version()`), its raw bytes kept for the transcript.
    Message(HandshakeMessage<'a>),
    /// The answer to the machine's last [`Request`](crate::action::Request).
    Answer(Answer),
}
