//! Handshake messages, one file per RFC message, and the [`HandshakeJoiner`] that reassembles
//! them from records.
