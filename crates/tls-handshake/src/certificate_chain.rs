//! [`CertificateChain`]: the certificates a peer sent, shared by everything that keeps them.

use std::sync::Arc;

/// The certificates a peer sent, DER, end-entity first, in the order sent.
///
/// One copy is made, when the Certificate message is read; the verifier's request, the
/// handshake states and the connection's record of the peer then share it (cloning is a
/// reference count).
/// The default chain is empty, and allocates nothing.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct CertificateChain(Arc<[Vec<u8>]>);

impl CertificateChain {
    /// The chain of `certificates`, copied once.
    pub fn copied<'a>(certificates: impl ExactSizeIterator<Item = &'a [u8]>) -> Self {
        Self(certificates.map(<[u8]>::to_vec).collect())
    }

    /// The end-entity certificate; empty for an empty chain (which no request carries).
    pub fn end_entity(&self) -> &[u8] {
        self.0.first().map(Vec::as_slice).unwrap_or_default()
    }

    /// The certificates after the end-entity one, in the order sent.
    pub fn intermediates(&self) -> &[Vec<u8>] {
        self.0.get(1..).unwrap_or_default()
    }
}

impl From<Vec<Vec<u8>>> for CertificateChain {
    fn from(certificates: Vec<Vec<u8>>) -> Self {
        Self(certificates.into())
    }
}

impl core::ops::Deref for CertificateChain {
    type Target = [Vec<u8>];

    fn deref(&self) -> &[Vec<u8>] {
        &self.0
    }
}

impl core::fmt::Debug for CertificateChain {
    // Certificates are public, but kilobytes of DER drown a log: their sizes say enough.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.0.iter().map(Vec::len)).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_copied_once_and_shared_by_its_clones() {
        let sent: [&[u8]; 3] = [b"leaf", b"intermediate", b"root"];
        let chain = CertificateChain::copied(sent.iter().copied());
        let shared = chain.clone();
        assert_eq!(shared.end_entity(), b"leaf");
        assert_eq!(
            shared.intermediates(),
            [b"intermediate".to_vec(), b"root".to_vec()]
        );
        assert_eq!(shared.len(), 3);
        assert!(core::ptr::eq(chain.as_ptr(), shared.as_ptr()));
        assert_eq!(format!("{chain:?}"), "[4, 12, 4]");
        let empty = CertificateChain::from(Vec::new());
        assert!(empty.end_entity().is_empty() && empty.intermediates().is_empty());
    }
}
