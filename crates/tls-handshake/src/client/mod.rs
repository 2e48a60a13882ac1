//! The client side of the handshake (being written).
