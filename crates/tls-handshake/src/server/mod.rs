//! The server side of the handshake (being written).
