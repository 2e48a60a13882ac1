//! Driving the handshake machine: each whole message from the joiner in, its actions
//! applied in order (messages sealed and queued, keys installed, requests answered in
//! process, events kept).

use tls_handshake::action::{Action, Event};
use tls_handshake::input::Input;
use tls_wire::handshake::HandshakeMessage;
use tls_wire::ids::{ContentType, HandshakeType};

use super::{Connection, Direction};
use crate::error::Error;

impl Connection {
    /// Hands every whole message in the joiner to the machine, one step each.
    pub(super) fn process_handshake_messages(&mut self) -> Result<(), Error> {
        loop {
            let Some(bytes) = self.joiner.next_message()? else {
                return Ok(());
            };
            // Only a failed step leaves no machine, and its error is then kept: no more
            // records are processed.
            let Some(side) = self.side.take() else {
                return Ok(());
            };
            let message = HandshakeMessage::decode(bytes, side.negotiated_version())?;
            // Not `log_message`: `message` still borrows the joiner.
            if self.log.len() < super::MAX_LOGGED_MESSAGES {
                self.log.push((Direction::Received, message.typ()));
            }
            self.side = Some(side.handle(Input::Message(message), &mut self.actions)?);
            self.apply_actions()?;
        }
    }

    /// Applies the actions of the last step in order; a request is answered in process and
    /// the answer's step applied in turn. Once the handshake is complete, sends the
    /// application data queued behind it.
    pub(super) fn apply_actions(&mut self) -> Result<(), Error> {
        loop {
            let mut actions = core::mem::take(&mut self.actions);
            let mut answer = None;
            for action in actions.drain() {
                match action {
                    Action::Send { message, .. } => {
                        let typ = message.first().copied().map(HandshakeType::from);
                        if let Some(typ) = typ {
                            self.log_message(Direction::Sent, typ);
                        }
                        self.writer.send(ContentType::HANDSHAKE, &message)?;
                    }
                    Action::SendChangeCipherSpec => self.writer.send_change_cipher_spec(),
                    Action::InstallReadKey {
                        level,
                        suite,
                        secret,
                    } => {
                        self.joiner.check_aligned_for_key_change()?;
                        self.reader.install_key(level, suite, &secret)?;
                    }
                    Action::InstallWriteKey { suite, secret, .. } => {
                        self.writer.install_key(suite, &secret)?;
                    }
                    Action::Request(request) => {
                        answer = self
                            .side
                            .as_ref()
                            .map(|side| side.answer_in_process(&request));
                    }
                    Action::Event(Event::PeerCertificates(chain)) => {
                        self.peer_certificates = chain;
                    }
                    Action::Event(Event::HandshakeComplete(negotiated)) => {
                        self.negotiated = Some(negotiated);
                    }
                }
            }
            // Keep the allocation for the next step.
            self.actions = actions;
            let Some(answer) = answer else {
                break;
            };
            let Some(side) = self.side.take() else {
                break;
            };
            self.side = Some(side.handle(Input::Answer(answer), &mut self.actions)?);
        }
        if !self.is_handshaking() && !self.queued.is_empty() {
            let queued = core::mem::take(&mut self.queued);
            self.writer.send(ContentType::APPLICATION_DATA, &queued)?;
        }
        Ok(())
    }
}
