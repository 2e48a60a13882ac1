//! KeyUpdate (RFC 8446 §4.6.3, §7.2): after the handshake each side steps its application
//! traffic secret on its own; a KeyUpdate tells the peer to step its read secret, and may ask
//! it to step its write secret too.
//!
//! ```text
//! handle_key_update:  peer's KeyUpdate ──▶ theirs = next(theirs) ──▶ InstallReadKey
//!                                      └─ update_requested ──▶ Event::KeyUpdateRequested
//! emit_key_update:    Send(KeyUpdate) under the old key ──▶ ours = next(ours) ──▶ InstallWriteKey
//! ```
//!
//! When the requested answer goes out is the record layer's choice (before its next
//! application data, RFC 8446 §4.6.3), so it can answer several requests at once; so is
//! updating before the AEAD limits of §5.5.

use tls_keyschedule::suite::Suite;
use tls_keyschedule::tls13::exporter::ExporterMasterSecret;
use tls_keyschedule::tls13::traffic::TrafficSecret;
use tls_wire::handshake::{HandshakePayload, KeyUpdate, KeyUpdateRequest};

use crate::action::{Action, Actions, Event, Level};
use crate::error::{ExportError, HandshakeError};
use crate::record_keys::RecordKeys;
use crate::tls13_common::encode;

/// The application secrets of a TLS 1.3 connection: the traffic secrets, ours (write) and
/// the peer's (read), each at its latest generation, and the exporter secret, which KeyUpdate
/// leaves alone. The secrets zeroize on drop, each old one as soon as the next is derived.
#[derive(Debug)]
pub(crate) struct ApplicationSecrets {
    suite: Suite,
    ours: TrafficSecret,
    theirs: TrafficSecret,
    /// `None` when a replayed trace set the traffic secrets.
    exporter: Option<ExporterMasterSecret>,
}

impl ApplicationSecrets {
    /// The secrets of generation 0, as the handshake derived them.
    pub(crate) fn new(
        suite: Suite,
        ours: TrafficSecret,
        theirs: TrafficSecret,
        exporter: Option<ExporterMasterSecret>,
    ) -> Self {
        Self {
            suite,
            ours,
            theirs,
            exporter,
        }
    }

    /// RFC 8446 §7.5: `TLS-Exporter(label, context_value, out.len())` into `out`. No context
    /// and an empty one are the same in TLS 1.3.
    pub(crate) fn export_keying_material(
        &self,
        label: &[u8],
        context: Option<&[u8]>,
        out: &mut [u8],
    ) -> Result<(), ExportError> {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-7.5
        //# The exporter value is computed as:
        let exporter = self
            .exporter
            .as_ref()
            .ok_or(ExportError::NoExporterSecret)?;
        exporter
            .derive_keying_material(label, context.unwrap_or_default(), out)
            .map_err(ExportError::Refused)
    }

    /// RFC 8446 §4.6.3: the peer's KeyUpdate. Its next records are protected with its next
    /// secret; whether it asked us to update too is reported for the record layer to answer.
    pub(crate) fn handle_key_update(&mut self, key_update: &KeyUpdate, out: &mut Actions) {
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.6.3
        //# Upon receiving a KeyUpdate, the receiver MUST update its receiving
        //# keys.
        self.theirs = self.theirs.clone().into_next_application_traffic_secret();
        out.push(Action::InstallReadKey {
            level: Level::Application,
            keys: RecordKeys::Tls13 {
                suite: self.suite,
                secret: self.theirs.clone(),
            },
        });
        if key_update.request_update == KeyUpdateRequest::UpdateRequested {
            out.push(Action::Event(Event::KeyUpdateRequested));
        }
    }

    /// Sends a KeyUpdate under our current key, then seals with the next one.
    pub(crate) fn emit_key_update(
        &mut self,
        request_update: KeyUpdateRequest,
        out: &mut Actions,
    ) -> Result<(), HandshakeError> {
        let message = encode(HandshakePayload::KeyUpdate(KeyUpdate { request_update }))?;
        //= https://www.rfc-editor.org/rfc/rfc8446#section-4.6.3
        //# After sending a KeyUpdate message, the sender SHALL send all
        //# its traffic using the next generation of keys, computed as described
        //# in Section 7.2.
        out.send(Level::Application, message);
        self.ours = self.ours.clone().into_next_application_traffic_secret();
        out.push(Action::InstallWriteKey {
            level: Level::Application,
            keys: RecordKeys::Tls13 {
                suite: self.suite,
                secret: self.ours.clone(),
            },
        });
        Ok(())
    }
}
