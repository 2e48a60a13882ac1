//! Certificate, in its two wire forms: [`CertificateTls13`] (entries with extensions, and a
//! request context) and [`CertificateTls12`] (bare certificates).
//!
//! Only X.509 is supported: we do not negotiate raw public keys (RFC 7250), so an entry's data
//! is always `cert_data`.

use crate::codec::{Codec, IntoOwned, List, Opaque, Reader};
use crate::error::DecodeError;
use crate::extensions::{ExtensionContext, Extensions};

/// RFC 8446 §4.4.2: `opaque certificate_request_context<0..2^8-1>;` (also in
/// CertificateRequest, §4.3.2).
pub type CertificateRequestContext<'a> = Opaque<'a, 1, 0, 0xff>;

/// RFC 8446 §4.4.2: `opaque cert_data<1..2^24-1>;`
pub type CertData<'a> = Opaque<'a, 3, 1, 0x00ff_ffff>;

/// RFC 8446 §4.4.2: `CertificateEntry certificate_list<0..2^24-1>;`
pub type CertificateEntryList<'a> = List<CertificateEntry<'a>, 3, 0, 0x00ff_ffff>;

/// RFC 5246 §7.4.2: `opaque ASN.1Cert<1..2^24-1>;`
pub type Asn1Cert<'a> = Opaque<'a, 3, 1, 0x00ff_ffff>;

/// RFC 5246 §7.4.2: `ASN.1Cert certificate_list<0..2^24-1>;`
pub type CertificateList<'a> = List<Asn1Cert<'a>, 3, 0, 0x00ff_ffff>;

/// The TLS 1.3 Certificate message (RFC 8446 §4.4.2).
///
/// ```text
/// struct {
///     opaque certificate_request_context<0..2^8-1>;
///     CertificateEntry certificate_list<0..2^24-1>;
/// } Certificate;
/// ```
///
/// An empty `certificate_list` decodes: a client without a suitable certificate sends one.
/// That the server's list is non-empty is the handshake layer's check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateTls13<'a> {
    /// `certificate_request_context`: empty for server authentication, the CertificateRequest's
    /// context otherwise.
    pub certificate_request_context: CertificateRequestContext<'a>,
    /// `certificate_list`, the end-entity certificate first.
    pub certificate_list: CertificateEntryList<'a>,
}

impl<'a> Codec<'a> for CertificateTls13<'a> {
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            certificate_request_context: CertificateRequestContext::decode_named(
                r,
                "Certificate.certificate_request_context",
            )?,
            certificate_list: CertificateEntryList::decode_named(
                r,
                "Certificate.certificate_list",
            )?,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.certificate_request_context.encode(out);
        self.certificate_list.encode(out);
    }

    fn encoded_len(&self) -> usize {
        self.certificate_request_context
            .encoded_len()
            .saturating_add(self.certificate_list.encoded_len())
    }
}

impl IntoOwned for CertificateTls13<'_> {
    type Owned = CertificateTls13<'static>;

    fn into_owned(self) -> Self::Owned {
        CertificateTls13 {
            certificate_request_context: self.certificate_request_context.into_owned(),
            certificate_list: self.certificate_list.into_owned(),
        }
    }
}

/// One certificate of a TLS 1.3 chain, with its extensions (RFC 8446 §4.4.2), in the X.509
/// form: the RawPublicKey form is never negotiated here.
///
/// ```text
/// struct {
///     select (certificate_type) {
///         case RawPublicKey:
///           /* From RFC 7250 ASN.1_subjectPublicKeyInfo */
///           opaque ASN1_subjectPublicKeyInfo<1..2^24-1>;
///
///         case X509:
///           opaque cert_data<1..2^24-1>;
///     };
///     Extension extensions<0..2^16-1>;
/// } CertificateEntry;
/// ```
///
/// Its extensions decode with [`ExtensionContext::Certificate`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateEntry<'a> {
    /// `cert_data`: one DER-encoded X.509 certificate, not parsed here.
    pub cert_data: CertData<'a>,
    /// `extensions` (status_request's OCSP response, signed_certificate_timestamp, …), a
    /// block of [`ExtensionContext::Certificate`].
    pub extensions: Extensions<'a>,
}

impl<'a> Codec<'a> for CertificateEntry<'a> {
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            cert_data: CertData::decode_named(r, "CertificateEntry.cert_data")?,
            extensions: Extensions::decode(r, ExtensionContext::Certificate)?,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.cert_data.encode(out);
        self.extensions.encode(out);
    }

    fn encoded_len(&self) -> usize {
        self.cert_data
            .encoded_len()
            .saturating_add(self.extensions.encoded_len())
    }
}

impl IntoOwned for CertificateEntry<'_> {
    type Owned = CertificateEntry<'static>;

    fn into_owned(self) -> Self::Owned {
        CertificateEntry {
            cert_data: self.cert_data.into_owned(),
            extensions: self.extensions.into_owned(),
        }
    }
}

/// The TLS 1.2 Certificate message (RFC 5246 §7.4.2).
///
/// ```text
/// opaque ASN.1Cert<1..2^24-1>;
///
/// struct {
///     ASN.1Cert certificate_list<0..2^24-1>;
/// } Certificate;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateTls12<'a> {
    /// `certificate_list`, the sender's certificate first.
    pub certificate_list: CertificateList<'a>,
}

impl<'a> Codec<'a> for CertificateTls12<'a> {
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            certificate_list: CertificateList::decode_named(r, "Certificate.certificate_list")?,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        self.certificate_list.encode(out);
    }

    fn encoded_len(&self) -> usize {
        self.certificate_list.encoded_len()
    }
}

impl IntoOwned for CertificateTls12<'_> {
    type Owned = CertificateTls12<'static>;

    fn into_owned(self) -> Self::Owned {
        CertificateTls12 {
            certificate_list: self.certificate_list.into_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DecodeErrorKind;
    use crate::handshake::test_support::{assert_all, frame};
    use crate::handshake::{HandshakeMessage, HandshakePayload, NegotiatedVersion};

    /// rfc8448-vectors.json, client-auth, server `construct a Certificate handshake message`:
    /// one ECDSA P-256 certificate, no extensions.
    const RFC8448_CERTIFICATE: &str = "0b00013b000001370001323082012e3081d5a003020102020107300a06082a8648ce3d04030230133111300f060355040313086563647361323536301e170d3136303733303031323430305a170d3236303733303031323430305a30133111300f0603550403130865636473613235363059301306072a8648ce3d020106082a8648ce3d0301070342000408d530161575f4cfe7f154ee3448180086001e88431a79ee62ee6e2f83ef38ba61e9fb37f34e007a7df4d2f5b56d1f04ece45d621f468406f5c3a15158948dd0a31a301830090603551d1304023000300b0603551d0f040403020780300a06082a8648ce3d0403020348003045022100df30fd4507f5edd22c1a6ff86db479ca693feeca3b71b3f9ef556b2937c0594d022062e2a47250d320fea83c7e2dcb5b76a50e0200c09adbd13fee946e513e011d110000";

    /// openssl-captures.json, tls12-ecdhe-ecdsa-aes128-gcm-sha256, s2c record 2: a TLS 1.2
    /// Certificate with the leaf (501 bytes) and the intermediate (470 bytes).
    const OPENSSL_TLS12_CERTIFICATE: &str = "0b0003d40003d10001f5308201f130820197a003020102020103300a06082a8648ce3d040302304131163014060355040a0c0d544c532073706563207061636b3127302506035504030c1e53706563205061636b205465737420496e7465726d6564696174652043413020170d3236313132323036333634325a180f32313030313032353036333634325a302c31163014060355040a0c0d544c532073706563207061636b3112301006035504030c096c6f63616c686f73743059301306072a8648ce3d020106082a8648ce3d03010703420004e6567d303313baa6759d95236c41306e9a67ce3ca7664c04329fd6f073872ac29bfea8a779681a19725f3863de812d0321be6d2db4bb925b82b04abca12d743fa3819230818f300c0603551d130101ff04023000300e0603551d0f0101ff04040302078030130603551d25040c300a06082b06010505070301301a0603551d110413301182096c6f63616c686f737487047f000001301d0603551d0e04160414f43b628fd2357f9bcf5c950af32bda1f9efa3b52301f0603551d23041830168014b4055ce52fb0f94a76c3e8b53d102cf6f6932ec2300a06082a8648ce3d0403020348003045022100b83b61f594e32de5f0fb434a72b8cb8b50d2424d83ee541cef1eff326716c899022029b8fe576d9970b34c47c7ca53937d8b25db712bac38d80c234537f4c10c77ac0001d6308201d230820177a003020102020102300a06082a8648ce3d040302303931163014060355040a0c0d544c532073706563207061636b311f301d06035504030c1653706563205061636b205465737420526f6f742043413020170d3236313132323036333634325a180f32313030313032353036333634325a304131163014060355040a0c0d544c532073706563207061636b3127302506035504030c1e53706563205061636b205465737420496e7465726d6564696174652043413059301306072a8648ce3d020106082a8648ce3d030107034200041f5317c1048884c80a50906c53ef8cf88f0ad0dec835a3915059c5f07f7d02608910c0db7f42476f9eddeeca3960cd908655f0381b254f4e8704a37db7a74cf2a366306430120603551d130101ff040830060101ff020100300e0603551d0f0101ff040403020106301d0603551d0e04160414b4055ce52fb0f94a76c3e8b53d102cf6f6932ec2301f0603551d23041830168014c6a8a3c10a1cd0138dd807d3901e7428eba3403b300a06082a8648ce3d0403020349003046022100d4434815a4a37e0eb27b2a826b8c6ba8f6a1e4431e7bc746651bfc4902c48fdc022100cf32d5ca6c6073872fa7fec2a1647d4d1136b926eb9e88cb9750d59efcd2d96e";

    #[test]
    fn decodes_rfc8448_certificate() {
        let bytes = hex::decode(RFC8448_CERTIFICATE).unwrap();
        let message = assert_all(&bytes, NegotiatedVersion::Tls13);
        let HandshakePayload::CertificateTls13(certificate) = message.payload() else {
            panic!()
        };
        assert!(certificate.certificate_request_context.is_empty());
        let [entry] = certificate.certificate_list.as_slice() else {
            panic!()
        };
        assert_eq!(entry.cert_data.len(), 0x132);
        assert_eq!(entry.cert_data[..2], [0x30, 0x82]);
        assert!(entry.extensions.is_empty());
    }

    #[test]
    fn decodes_openssl_tls12_certificate() {
        let bytes = hex::decode(OPENSSL_TLS12_CERTIFICATE).unwrap();
        let message = assert_all(&bytes, NegotiatedVersion::Tls12);
        let HandshakePayload::CertificateTls12(certificate) = message.payload() else {
            panic!()
        };
        let lengths: Vec<_> = certificate
            .certificate_list
            .iter()
            .map(|c| c.len())
            .collect();
        assert_eq!(lengths, [501, 470]);
    }

    #[test]
    fn the_version_picks_the_form() {
        // The TLS 1.2 message is not a valid TLS 1.3 one: its list length would be read as a
        // context length.
        let bytes = hex::decode(OPENSSL_TLS12_CERTIFICATE).unwrap();
        assert!(HandshakeMessage::decode(&bytes, NegotiatedVersion::Tls13).is_err());
        let bytes = hex::decode(RFC8448_CERTIFICATE).unwrap();
        assert!(HandshakeMessage::decode(&bytes, NegotiatedVersion::Tls12).is_err());
    }

    #[test]
    fn empty_certificate_lists_decode_in_both_forms() {
        let bytes = frame(11, &[0, 0, 0, 0]);
        let tls13 = assert_all(&bytes, NegotiatedVersion::Tls13);
        let HandshakePayload::CertificateTls13(c) = tls13.payload() else {
            panic!()
        };
        assert!(c.certificate_list.is_empty());
        let bytes = frame(11, &[0, 0, 0]);
        let tls12 = assert_all(&bytes, NegotiatedVersion::Tls12);
        let HandshakePayload::CertificateTls12(c) = tls12.payload() else {
            panic!()
        };
        assert!(c.certificate_list.is_empty());
    }

    #[test]
    fn keeps_the_certificate_request_context() {
        // Context 0x2a, one entry of one byte with no extensions.
        let body = [1, 0x2a, 0, 0, 6, 0, 0, 1, 0xff, 0, 0];
        let bytes = frame(11, &body);
        let message = assert_all(&bytes, NegotiatedVersion::Tls13);
        let HandshakePayload::CertificateTls13(c) = message.payload() else {
            panic!()
        };
        assert_eq!(c.certificate_request_context.as_slice(), [0x2a]);
        assert_eq!(c.certificate_list[0].cert_data.as_slice(), [0xff]);
    }

    #[test]
    fn rejects_empty_cert_data() {
        let body = [0, 0, 0, 5, 0, 0, 0, 0, 0];
        let err =
            HandshakeMessage::decode(&frame(11, &body), NegotiatedVersion::Tls13).unwrap_err();
        assert_eq!(err.what(), "CertificateEntry.cert_data");
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthOutOfBounds {
                len: 0,
                min: 1,
                max: 0x00ff_ffff
            }
        );

        let body = [0, 0, 3, 0, 0, 0];
        let err =
            HandshakeMessage::decode(&frame(11, &body), NegotiatedVersion::Tls12).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthOutOfBounds {
                len: 0,
                min: 1,
                max: 0x00ff_ffff
            }
        );
    }

    #[test]
    fn rejects_entry_without_its_extensions_block() {
        let body = [0, 0, 0, 4, 0, 0, 1, 0xff];
        let err =
            HandshakeMessage::decode(&frame(11, &body), NegotiatedVersion::Tls13).unwrap_err();
        assert!(
            matches!(err.kind(), DecodeErrorKind::Truncated { .. }),
            "{err}"
        );
    }

    #[test]
    fn into_owned_outlives_the_input() {
        let bytes = hex::decode(OPENSSL_TLS12_CERTIFICATE).unwrap();
        let certificate = CertificateTls12::decode_exact(&bytes[4..]).unwrap();
        let expected = certificate.to_vec();
        let owned: CertificateTls12<'static> = certificate.into_owned();
        drop(bytes);
        assert_eq!(owned.to_vec(), expected);

        let bytes = hex::decode(RFC8448_CERTIFICATE).unwrap();
        let certificate = CertificateTls13::decode_exact(&bytes[4..]).unwrap();
        let owned: CertificateTls13<'static> = certificate.clone().into_owned();
        assert_eq!(owned, certificate);
    }
}
