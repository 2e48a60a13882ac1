//! The record layer: headers, length limits, the [`Deframer`], TLS 1.3 inner plaintext, alerts
//! and change_cipher_spec.
