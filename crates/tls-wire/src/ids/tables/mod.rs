//! Generated registry tables (`cargo xtask gen-iana`).
