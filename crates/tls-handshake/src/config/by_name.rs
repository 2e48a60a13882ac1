//! Several certificates, chosen per ClientHello: by the server name the client asked for
//! (SNI, exact or under a wildcard), then by what its `signature_algorithms` and, in TLS 1.2,
//! its suites let each key sign with, so that one name can have an ECDSA and an RSA chain and
//! each client gets the one it can check.
//!
//! ```text
//! SNI "www.example.com" ─▶ "www.example.com" │ "*.example.com" │ the default chains
//!   ─▶ the first whose key signs with a scheme (and, in TLS 1.2, a suite) the client offered
//! ```

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use super::server::{CertifiedKey, ServerCertSelector};
use super::supported::{SupportedVersion, Tls12Authentication};
use crate::action::ClientHelloSummary;
use crate::error::{HandshakeError, PeerIncompatible};

/// Certificates by server name, and for clients that send none (or one we have none for).
#[derive(Default)]
pub struct CertificatesByName {
    by_name: HashMap<String, Vec<Arc<CertifiedKey>>>,
    default: Vec<Arc<CertifiedKey>>,
}

impl CertificatesByName {
    /// No certificates yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Serves `certified` to clients asking for `name` (a host name, or `*.` and a domain for
    /// its direct subdomains; compared without regard to case). Several for one name are
    /// tried in the order added.
    pub fn add(&mut self, name: &str, certified: Arc<CertifiedKey>) {
        self.by_name
            .entry(name.to_ascii_lowercase())
            .or_default()
            .push(certified);
    }

    /// Serves `certified` to clients that name no server, or one not added.
    pub fn add_default(&mut self, certified: Arc<CertifiedKey>) {
        self.default.push(certified);
    }

    /// The chains for `name`: its own, else its parent's wildcard's, else the default.
    fn candidates(&self, name: Option<&str>) -> &[Arc<CertifiedKey>] {
        let Some(name) = name.map(str::to_ascii_lowercase) else {
            return &self.default;
        };
        if let Some(exact) = self.by_name.get(&name) {
            return exact;
        }
        let wildcard = name
            .split_once('.')
            .map(|(_, parent)| format!("*.{parent}"));
        wildcard
            .and_then(|wildcard| self.by_name.get(&wildcard))
            .map_or(&self.default, Vec::as_slice)
    }
}

/// Whether `certified`'s key can sign for a client that sent `hello`.
fn suits(certified: &CertifiedKey, hello: &ClientHelloSummary) -> bool {
    let key = certified.key();
    match hello.version {
        SupportedVersion::Tls13 => key.choose_tls13_scheme(&hello.signature_schemes).is_ok(),
        SupportedVersion::Tls12 => {
            let authentication = if key.is_rsa() {
                Tls12Authentication::Rsa
            } else {
                Tls12Authentication::Ecdsa
            };
            key.choose_tls12_scheme(&hello.signature_schemes).is_ok()
                && hello
                    .cipher_suites
                    .iter()
                    .any(|suite| suite.tls12_authentication() == Some(authentication))
        }
    }
}

impl ServerCertSelector for CertificatesByName {
    fn select(&self, hello: &ClientHelloSummary) -> Result<Arc<CertifiedKey>, HandshakeError> {
        self.candidates(hello.server_name.as_deref())
            .iter()
            .find(|certified| suits(certified, hello))
            .cloned()
            .ok_or_else(|| PeerIncompatible::NoCommonSignatureScheme.into())
    }
}

impl fmt::Debug for CertificatesByName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<&String> = self.by_name.keys().collect();
        names.sort();
        f.debug_struct("CertificatesByName")
            .field("names", &names)
            .field("default", &self.default.len())
            .finish()
    }
}
