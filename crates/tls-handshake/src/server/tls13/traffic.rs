//! `Traffic`: the handshake is complete; application data flows both ways.

/// The handshake is over. Post-handshake messages (KeyUpdate, NewSessionTicket) are not
/// handled yet: any handshake message here is unexpected.
#[derive(Debug)]
pub(crate) struct Traffic;
