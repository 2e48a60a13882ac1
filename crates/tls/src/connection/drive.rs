//! Driving the handshake machine: each whole message from the joiner (or change_cipher_spec
//! record) in, its actions applied in order (messages sealed at their level and queued, keys
//! installed, requests answered in process, events kept).

use tls_handshake::action::{Action, Actions, Event};
use tls_handshake::input::Input;
use tls_wire::codec::Codec;
use tls_wire::handshake::HandshakeMessage;
use tls_wire::ids::{AlertLevel, ContentType, HandshakeType};
use tls_wire::record::Alert;

use super::{Connection, Direction};
use crate::error::Error;

impl Connection {
    /// Hands every whole message in the joiner to the machine, one step each.
    pub(super) fn process_handshake_messages(&mut self) -> Result<(), Error> {
        loop {
            // Messages wait in the joiner while the machine waits for an answer.
            if self.awaited.is_some() {
                return Ok(());
            }
            let Some(bytes) = self.joiner.next_message()? else {
                return Ok(());
            };
            // Only a failed step leaves no machine, and its error is then kept: no more
            // records are processed.
            let Some(handshake) = self.handshake.take() else {
                return Ok(());
            };
            let message = HandshakeMessage::decode(bytes, handshake.negotiated_version())?;
            if message.typ() == HandshakeType::KEY_UPDATE {
                self.key_updates_received = self.key_updates_received.saturating_add(1);
                self.key_updates = self.key_updates.saturating_add(1);
                if self.key_updates > super::MAX_KEY_UPDATES_WITHOUT_DATA {
                    return Err(Error::TooManyKeyUpdates);
                }
            }
            self.log.push(Direction::Received, message.typ());
            self.handshake = Some(handshake.handle(Input::Message(message), &mut self.actions)?);
            self.apply_actions()?;
        }
    }

    /// Hands an unprotected change_cipher_spec record (already checked to hold the byte 1)
    /// to the machine, whose version decides what it means.
    pub(super) fn process_change_cipher_spec(&mut self) -> Result<(), Error> {
        let Some(handshake) = self.handshake.take() else {
            return Ok(());
        };
        self.handshake = Some(handshake.handle(Input::ChangeCipherSpec, &mut self.actions)?);
        self.apply_actions()
    }

    /// Applies the actions of the last step in order; a request is answered in process and
    /// the answer's step applied in turn (or, deferred, kept for the application). Once the handshake is complete, sends the
    /// application data queued behind it.
    pub(super) fn apply_actions(&mut self) -> Result<(), Error> {
        loop {
            let mut actions = core::mem::take(&mut self.actions);
            let mut answer = None;
            for action in actions.drain() {
                match action {
                    Action::Send { level, message } => {
                        self.writer.send_handshake(level, &message)?;
                        let typ = message.first().copied().map(HandshakeType::from);
                        if let Some(typ) = typ {
                            self.log.push(Direction::Sent, typ);
                        }
                    }
                    Action::SendChangeCipherSpec => self.writer.send_change_cipher_spec(),
                    Action::SendWarning(description) => {
                        let alert = Alert::new(AlertLevel::WARNING, description).to_vec();
                        self.writer.send(ContentType::ALERT, &alert)?;
                    }
                    Action::InstallReadKey { level, keys } => {
                        self.joiner.check_aligned_for_key_change()?;
                        self.reader.install_key(level, &keys)?;
                    }
                    Action::InstallWriteKey { level, keys } => {
                        self.writer.install_key(level, &keys)?;
                    }
                    Action::LimitRecordSize { send, receive } => {
                        self.writer.limit_protected_content(send);
                        self.reader.limit_protected_plaintext(receive);
                    }
                    Action::AllowEarlyData { max } => self.early_mut().allowed = max,
                    Action::AcceptEarlyData { max } => self.early_mut().max = max,
                    Action::SkipEarlyData { max } => self.reader.skip_early_data(max),
                    Action::Request(request) if self.defer_requests => self.await_answer(request),
                    Action::Request(request) => {
                        answer = self
                            .handshake
                            .as_ref()
                            .map(|handshake| handshake.answer_in_process(&request));
                    }
                    Action::Event(Event::PeerCertificates(chain)) => {
                        self.peer_certificates = chain;
                    }
                    Action::Event(Event::HandshakeComplete(negotiated)) => {
                        self.negotiated = Some(negotiated);
                    }
                    Action::Event(Event::KeyUpdateRequested) => self.key_update_owed = true,
                    Action::Event(Event::EarlyDataAccepted) => {
                        self.early_mut().accepted = Some(true);
                    }
                    Action::Event(Event::EarlyDataRejected) => {
                        self.early_mut().accepted = Some(false);
                    }
                    Action::Event(Event::EarlyExporter(secret)) => {
                        self.early_mut().exporter = Some(secret);
                    }
                    // Events this connection does not keep yet.
                    Action::Event(_) => {}
                }
            }
            // Keep the allocation for the next step.
            self.actions = actions;
            let Some(answer) = answer else {
                break;
            };
            let Some(handshake) = self.handshake.take() else {
                break;
            };
            self.handshake = Some(handshake.handle(Input::Answer(answer), &mut self.actions)?);
        }
        if !self.is_handshaking() && (!self.queued.is_empty() || self.close_notify_pending) {
            self.send_after_handshake()?;
        }
        if !self.is_handshaking() {
            // The handshake's actions are done with: keep no buffer for them.
            self.actions = Actions::new();
        }
        Ok(())
    }
}
