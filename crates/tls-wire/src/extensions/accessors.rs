//! Typed access to an [`Extensions`] block: one method per typed form, `None` (or `false`)
//! when the block does not hold it.

use crate::extensions::{
    CertificateAuthorities, CertificateCompressionAlgorithms, CertificateStatus,
    CertificateStatusRequest, Cookie, ECPointFormatList, EncryptedClientHello, Extension,
    Extensions, HeartbeatMode, KeyShareClientHello, KeyShareHelloRetryRequest, KeyShareServerHello,
    MaxFragmentLength, NamedGroupList, OfferedPsks, Padding, ProtocolNameList, PskKeyExchangeModes,
    RecordSizeLimit, RenegotiationInfo, ServerNameList, SessionTicket, SignatureSchemeList,
    SignedCertificateTimestampList, SupportedVersionList,
};
use crate::ids::ProtocolVersion;

impl<'a> Extensions<'a> {
    /// `server_name` in a ClientHello: the names asked for.
    pub fn server_name(&self) -> Option<&ServerNameList<'a>> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::ServerName(v) => Some(v),
            _ => None,
        })
    }

    /// `server_name` in a ServerHello or EncryptedExtensions: whether the server acknowledged the
    /// name.
    pub fn server_name_acknowledged(&self) -> bool {
        self.as_slice()
            .iter()
            .any(|e| matches!(e, Extension::ServerNameEmpty))
    }

    /// `status_request` in a ClientHello.
    pub fn status_request(&self) -> Option<&CertificateStatusRequest<'a>> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::StatusRequest(v) => Some(v),
            _ => None,
        })
    }

    /// `status_request` in a CertificateRequest or TLS 1.2 ServerHello: whether it is present.
    pub fn status_request_empty(&self) -> bool {
        self.as_slice()
            .iter()
            .any(|e| matches!(e, Extension::StatusRequestEmpty))
    }

    /// `status_request` in a CertificateEntry: the stapled response.
    pub fn certificate_status(&self) -> Option<&CertificateStatus<'a>> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::CertificateStatus(v) => Some(v),
            _ => None,
        })
    }

    /// `supported_groups`.
    pub fn supported_groups(&self) -> Option<&NamedGroupList> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::SupportedGroups(v) => Some(v),
            _ => None,
        })
    }

    /// `signature_algorithms`.
    pub fn signature_algorithms(&self) -> Option<&SignatureSchemeList> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::SignatureAlgorithms(v) => Some(v),
            _ => None,
        })
    }

    /// `signature_algorithms_cert`.
    pub fn signature_algorithms_cert(&self) -> Option<&SignatureSchemeList> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::SignatureAlgorithmsCert(v) => Some(v),
            _ => None,
        })
    }

    /// `application_layer_protocol_negotiation`.
    pub fn application_layer_protocol_negotiation(&self) -> Option<&ProtocolNameList<'a>> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::ApplicationLayerProtocolNegotiation(v) => Some(v),
            _ => None,
        })
    }

    /// `padding`.
    pub fn padding(&self) -> Option<&Padding<'a>> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::Padding(v) => Some(v),
            _ => None,
        })
    }

    /// `key_share` in a ClientHello: the client's shares.
    pub fn key_share_client_hello(&self) -> Option<&KeyShareClientHello<'a>> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::KeyShareClientHello(v) => Some(v),
            _ => None,
        })
    }

    /// `key_share` in a ServerHello: the server's share.
    pub fn key_share_server_hello(&self) -> Option<&KeyShareServerHello<'a>> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::KeyShareServerHello(v) => Some(v),
            _ => None,
        })
    }

    /// `key_share` in a HelloRetryRequest: the group asked for.
    pub fn key_share_hello_retry_request(&self) -> Option<KeyShareHelloRetryRequest> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::KeyShareHelloRetryRequest(v) => Some(*v),
            _ => None,
        })
    }

    /// `pre_shared_key` in a ClientHello: the PSKs offered.
    pub fn pre_shared_key(&self) -> Option<&OfferedPsks<'a>> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::PreSharedKey(v) => Some(v),
            _ => None,
        })
    }

    /// `pre_shared_key` in a ServerHello: the index of the PSK the server selected.
    pub fn selected_identity(&self) -> Option<u16> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::SelectedIdentity(v) => Some(*v),
            _ => None,
        })
    }

    /// `psk_key_exchange_modes`.
    pub fn psk_key_exchange_modes(&self) -> Option<&PskKeyExchangeModes> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::PskKeyExchangeModes(v) => Some(v),
            _ => None,
        })
    }

    /// `early_data` in a ClientHello or EncryptedExtensions: whether it is present.
    pub fn early_data(&self) -> bool {
        self.as_slice()
            .iter()
            .any(|e| matches!(e, Extension::EarlyData))
    }

    /// `early_data` in a NewSessionTicket: `max_early_data_size`.
    pub fn max_early_data_size(&self) -> Option<u32> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::MaxEarlyDataSize(v) => Some(*v),
            _ => None,
        })
    }

    /// `cookie`.
    pub fn cookie(&self) -> Option<&Cookie<'a>> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::Cookie(v) => Some(v),
            _ => None,
        })
    }

    /// `supported_versions` in a ClientHello: the versions offered.
    pub fn supported_versions(&self) -> Option<&SupportedVersionList> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::SupportedVersions(v) => Some(v),
            _ => None,
        })
    }

    /// `supported_versions` in a ServerHello or HelloRetryRequest: the version selected.
    pub fn selected_version(&self) -> Option<ProtocolVersion> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::SelectedVersion(v) => Some(*v),
            _ => None,
        })
    }

    /// `certificate_authorities`.
    pub fn certificate_authorities(&self) -> Option<&CertificateAuthorities<'a>> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::CertificateAuthorities(v) => Some(v),
            _ => None,
        })
    }

    /// `post_handshake_auth`: whether the client offers it.
    pub fn post_handshake_auth(&self) -> bool {
        self.as_slice()
            .iter()
            .any(|e| matches!(e, Extension::PostHandshakeAuth))
    }

    /// `record_size_limit`.
    pub fn record_size_limit(&self) -> Option<RecordSizeLimit> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::RecordSizeLimit(v) => Some(*v),
            _ => None,
        })
    }

    /// `max_fragment_length`.
    pub fn max_fragment_length(&self) -> Option<MaxFragmentLength> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::MaxFragmentLength(v) => Some(*v),
            _ => None,
        })
    }

    /// `heartbeat`: the mode.
    pub fn heartbeat(&self) -> Option<HeartbeatMode> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::Heartbeat(v) => Some(*v),
            _ => None,
        })
    }

    /// `signed_certificate_timestamp` in a ClientHello or CertificateRequest: whether SCTs are
    /// asked for.
    pub fn signed_certificate_timestamp_empty(&self) -> bool {
        self.as_slice()
            .iter()
            .any(|e| matches!(e, Extension::SignedCertificateTimestampEmpty))
    }

    /// `signed_certificate_timestamp` in a TLS 1.2 ServerHello or a CertificateEntry: the SCTs.
    pub fn signed_certificate_timestamp(&self) -> Option<&SignedCertificateTimestampList<'a>> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::SignedCertificateTimestamp(v) => Some(v),
            _ => None,
        })
    }

    /// `compress_certificate`: the algorithms the sender can decompress.
    pub fn compress_certificate(&self) -> Option<&CertificateCompressionAlgorithms> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::CompressCertificate(v) => Some(v),
            _ => None,
        })
    }

    /// `encrypted_client_hello`: its body, opaque.
    pub fn encrypted_client_hello(&self) -> Option<&EncryptedClientHello<'a>> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::EncryptedClientHello(v) => Some(v),
            _ => None,
        })
    }

    /// `ec_point_formats`.
    pub fn ec_point_formats(&self) -> Option<&ECPointFormatList> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::EcPointFormats(v) => Some(v),
            _ => None,
        })
    }

    /// `extended_master_secret`: whether it is present.
    pub fn extended_master_secret(&self) -> bool {
        self.as_slice()
            .iter()
            .any(|e| matches!(e, Extension::ExtendedMasterSecret))
    }

    /// `session_ticket` in a ClientHello: the ticket (empty when the client asks for one).
    pub fn session_ticket(&self) -> Option<&SessionTicket<'a>> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::SessionTicket(v) => Some(v),
            _ => None,
        })
    }

    /// `session_ticket` in a TLS 1.2 ServerHello: whether the server will send a
    /// NewSessionTicket.
    pub fn session_ticket_empty(&self) -> bool {
        self.as_slice()
            .iter()
            .any(|e| matches!(e, Extension::SessionTicketEmpty))
    }

    /// `renegotiation_info`: `renegotiated_connection`.
    pub fn renegotiation_info(&self) -> Option<&RenegotiationInfo<'a>> {
        self.as_slice().iter().find_map(|e| match e {
            Extension::RenegotiationInfo(v) => Some(v),
            _ => None,
        })
    }

    /// `encrypt_then_mac`: whether it is present.
    pub fn encrypt_then_mac(&self) -> bool {
        self.as_slice()
            .iter()
            .any(|e| matches!(e, Extension::EncryptThenMac))
    }
}

#[cfg(test)]
mod tests {
    use crate::codec::Reader;
    use crate::extensions::test_support::*;
    use crate::extensions::test_vectors::*;
    use crate::extensions::{Extension, ExtensionContext, Extensions, RecordSizeLimit};
    use crate::ids::{ExtensionType, NamedGroup, ProtocolVersion};

    /// Every real block, cut out of its message, with its context.
    fn real_blocks() -> Vec<(&'static str, Vec<u8>, ExtensionContext)> {
        let ch = |m: &str| client_hello_block(&hex(m)).to_vec();
        let sh = |m: &str| server_hello_block(&hex(m)).to_vec();
        vec![
            (
                "CHROME_GREASE",
                ch(CHROME_GREASE),
                ExtensionContext::ClientHello,
            ),
            (
                "BADCURVEBALL",
                ch(BADCURVEBALL),
                ExtensionContext::ClientHello,
            ),
            ("GNUTLS", ch(GNUTLS), ExtensionContext::ClientHello),
            ("CURL", ch(CURL), ExtensionContext::ClientHello),
            (
                "ILLUSTRATED_CH",
                ch(ILLUSTRATED_CH),
                ExtensionContext::ClientHello,
            ),
            ("RESUMED_CH", ch(RESUMED_CH), ExtensionContext::ClientHello),
            ("HRR_CH2", ch(HRR_CH2), ExtensionContext::ClientHello),
            (
                "ILLUSTRATED_SH",
                sh(ILLUSTRATED_SH),
                ExtensionContext::ServerHello,
            ),
            ("RESUMED_SH", sh(RESUMED_SH), ExtensionContext::ServerHello),
            ("HRR", sh(HRR), ExtensionContext::HelloRetryRequest),
            (
                "SIMPLE_EE",
                encrypted_extensions_block(&hex(SIMPLE_EE)).to_vec(),
                ExtensionContext::EncryptedExtensions,
            ),
            (
                "RESUMED_EE",
                encrypted_extensions_block(&hex(RESUMED_EE)).to_vec(),
                ExtensionContext::EncryptedExtensions,
            ),
            (
                "CLIENT_AUTH_CR",
                certificate_request_block(&hex(CLIENT_AUTH_CR)).to_vec(),
                ExtensionContext::CertificateRequest,
            ),
            (
                "SIMPLE_NST",
                new_session_ticket_block(&hex(SIMPLE_NST)).to_vec(),
                ExtensionContext::NewSessionTicket,
            ),
            (
                "OPENSSL_TLS12_CH",
                ch(OPENSSL_TLS12_CH),
                ExtensionContext::ClientHello,
            ),
            (
                "OPENSSL_TLS12_SH",
                sh(OPENSSL_TLS12_SH),
                ExtensionContext::ServerHello,
            ),
            (
                "ILLUSTRATED_TLS12_CH",
                ch(ILLUSTRATED_TLS12_CH),
                ExtensionContext::ClientHello,
            ),
            (
                "ILLUSTRATED_TLS12_SH",
                sh(ILLUSTRATED_TLS12_SH),
                ExtensionContext::ServerHello,
            ),
        ]
    }

    #[test]
    fn every_real_block_round_trips_and_no_strict_prefix_decodes() {
        for (name, block, context) in real_blocks() {
            let extensions = block_round_trip(&block, context);
            assert!(!extensions.is_empty(), "{name}");
            assert_eq!(extensions.context(), context);
        }
    }

    #[test]
    fn every_mutated_length_in_a_real_block_fails() {
        for (name, block, context) in real_blocks() {
            let mut lengths = vec![(0, 2)];
            let mut at = 2;
            while at < block.len() {
                lengths.push((at + 2, 2));
                at += 4 + usize::from(u16::from_be_bytes([block[at + 2], block[at + 3]]));
            }
            for (offset, _) in lengths {
                for delta in [1i32, -1] {
                    let mut mutated = block.clone();
                    let len = i32::from(u16::from_be_bytes([block[offset], block[offset + 1]]));
                    let Ok(len) = u16::try_from(len + delta) else {
                        continue;
                    };
                    mutated[offset..offset + 2].copy_from_slice(&len.to_be_bytes());
                    let mut r = Reader::new(&mutated);
                    let decoded = Extensions::decode(&mut r, context).and_then(|e| {
                        r.finish("block")?;
                        Ok(e)
                    });
                    assert!(
                        decoded.is_err(),
                        "{name}: length at {offset} moved by {delta}"
                    );
                }
            }
        }
    }

    #[test]
    fn chrome_block_keeps_grease_and_order_and_types_the_rest() {
        let message = hex(CHROME_GREASE);
        let extensions =
            block_round_trip(client_hello_block(&message), ExtensionContext::ClientHello);
        let types: Vec<u16> = extensions
            .as_slice()
            .iter()
            .map(|e| e.typ().get())
            .collect();
        assert_eq!(
            types,
            [
                0x9a9a, 0xff01, 0x0033, 0x002d, 0x0005, 0x4469, 0x000d, 0x0010, 0x0023, 0x001b,
                0x002b, 0x0000, 0x0012, 0x000a, 0x0017, 0x000b, 0x6a6a, 0x0015
            ]
        );
        assert!(matches!(
            extensions.find(ExtensionType::new(0x9a9a)),
            Some(Extension::Opaque { body, .. }) if body.is_empty()
        ));
        let host = extensions
            .server_name()
            .and_then(|names| names[0].host_name());
        assert_eq!(host, Some(&b"clientservices.googleapis.com"[..]));
        assert_eq!(
            extensions.supported_groups().map(|g| g[1]),
            Some(NamedGroup::X25519)
        );
        assert_eq!(
            extensions
                .key_share_client_hello()
                .map(|k| k.client_shares.len()),
            Some(2)
        );
        assert_eq!(extensions.supported_versions().map(|v| v.len()), Some(3));
        assert!(extensions.padding().is_some());
        assert!(extensions.pre_shared_key().is_none());
    }

    #[test]
    fn accessors_find_each_context_form() {
        let message = hex(RESUMED_CH);
        let ch = block_round_trip(client_hello_block(&message), ExtensionContext::ClientHello);
        assert!(ch.early_data());
        assert_eq!(ch.pre_shared_key().map(|p| p.identities.len()), Some(1));
        assert_eq!(
            ch.record_size_limit().map(RecordSizeLimit::get),
            Some(0x4001)
        );
        let message = hex(RESUMED_SH);
        let sh = block_round_trip(server_hello_block(&message), ExtensionContext::ServerHello);
        assert_eq!(sh.selected_identity(), Some(0));
        assert_eq!(sh.selected_version(), Some(ProtocolVersion::TLSV1_3));
        assert!(sh.key_share_server_hello().is_some());
        let message = hex(HRR);
        let hrr = block_round_trip(
            server_hello_block(&message),
            ExtensionContext::HelloRetryRequest,
        );
        assert_eq!(
            hrr.key_share_hello_retry_request()
                .map(|k| k.selected_group),
            Some(NamedGroup::SECP256R1)
        );
        assert!(hrr.cookie().is_some());
        let message = hex(SIMPLE_EE);
        let ee = block_round_trip(
            encrypted_extensions_block(&message),
            ExtensionContext::EncryptedExtensions,
        );
        assert!(ee.server_name_acknowledged());
        assert!(!ee.early_data());
        let message = hex(SIMPLE_NST);
        let nst = block_round_trip(
            new_session_ticket_block(&message),
            ExtensionContext::NewSessionTicket,
        );
        assert_eq!(nst.max_early_data_size(), Some(0x400));
        let message = hex(CURL);
        let ch = block_round_trip(client_hello_block(&message), ExtensionContext::ClientHello);
        assert!(ch.post_handshake_auth());
        assert!(ch.application_layer_protocol_negotiation().is_some());
    }

    #[test]
    fn accessors_find_the_tls12_forms() {
        let message = hex(OPENSSL_TLS12_CH);
        let ch = block_round_trip(client_hello_block(&message), ExtensionContext::ClientHello);
        assert_eq!(ch.ec_point_formats().map(|f| f.len()), Some(3));
        assert!(ch.extended_master_secret());
        assert!(ch.encrypt_then_mac());
        assert_eq!(ch.session_ticket().map(|t| t.len()), Some(0));
        assert!(ch.renegotiation_info().is_none());
        let message = hex(OPENSSL_TLS12_SH);
        let sh = block_round_trip(server_hello_block(&message), ExtensionContext::ServerHello);
        assert!(sh.session_ticket_empty());
        assert!(sh.extended_master_secret());
        assert!(!sh.encrypt_then_mac());
        assert_eq!(sh.renegotiation_info().map(|r| r.len()), Some(0));
        assert!(sh.ec_point_formats().is_some());
        let types: Vec<u16> = sh.as_slice().iter().map(|e| e.typ().get()).collect();
        assert_eq!(types, [0xff01, 0x000b, 0x0023, 0x0017]);
        let message = hex(CHROME_GREASE);
        let ch = block_round_trip(client_hello_block(&message), ExtensionContext::ClientHello);
        assert_eq!(
            ch.compress_certificate().map(|a| a[0]),
            Some(crate::ids::CertificateCompressionAlgorithm::BROTLI)
        );
        assert!(ch.signed_certificate_timestamp_empty());
        assert!(ch.signed_certificate_timestamp().is_none());
        assert!(ch.encrypted_client_hello().is_none());
        assert!(ch.max_fragment_length().is_none());
        assert!(ch.heartbeat().is_none());
    }
}
