//! CertificateStatus (TLS 1.2): the OCSP response a server staples after its Certificate.
//!
//! The message body is the struct a TLS 1.3 CertificateEntry carries in its `status_request`
//! extension (RFC 8446 §4.4.2.1 reuses RFC 6066's definition), so both decode to the one type,
//! [`CertificateStatus`], defined with the extensions. This file gives it its codec as a
//! message body.
//!
//! ```text
//! struct {
//!     CertificateStatusType status_type;
//!     select (status_type) {
//!         case ocsp: OCSPResponse;
//!     } response;
//! } CertificateStatus;
//!
//! opaque OCSPResponse<1..2^24-1>;
//! ```
//!
//! A status type other than `ocsp` is kept with the rest of the body as received
//! ([`CertificateStatus::Unknown`]), so the message round-trips; we only ever request `ocsp`,
//! so the handshake layer refuses anything else. Whether the response is satisfactory is the
//! handshake layer's check (RFC 6066 §8: `bad_certificate_status_response`).

use crate::codec::{Codec, Reader};
use crate::error::DecodeError;
use crate::extensions::CertificateStatus;

impl<'a> Codec<'a> for CertificateStatus<'a> {
    fn decode(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        // The inherent decoder the extension uses: the same struct, the same rules.
        CertificateStatus::decode(r)
    }

    fn encode(&self, out: &mut Vec<u8>) {
        CertificateStatus::encode(self, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DecodeErrorKind;
    use crate::handshake::test_support::{assert_all, assert_round_trip, frame};
    use crate::handshake::{HandshakeMessage, HandshakePayload, NegotiatedVersion};
    use crate::ids::CertificateStatusType;

    /// OpenSSL 3.0.19, `openssl s_server -tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256 -Verify 1
    /// -CAfile ca.pem -status_file resp.der` with `openssl s_client -tls1_2 -status -msg`
    /// (2026-11-22; `resp.der` made by `openssl ocsp -index index.txt -CA ca.pem -rsigner ca.pem
    /// -rkey ca.key -reqin req.der -respout resp.der -resp_no_certs` for the server's
    /// certificate): the CertificateStatus the client printed, a 287-byte OCSP response.
    const OPENSSL_CERTIFICATE_STATUS: &str = "160001230100011f3082011b0a0100a08201143082011006092b0601050507300101048201013081fe3081a6a11a30183116301406035504030c0d6d736731322074657374204341180f32303236313132323038323835355a30773075304d300906052b0e03021a050004148f80a3945c9a789224d14f4893aef31a67f783230414533e70f9d21d57bb3e443e4621ffaaebe69168c0021421afb216570ff46e04a1ad889062ab1e74ccbc008000180f32303236313132323038323835355aa011180f32303336313131393038323835355a300a06082a8648ce3d0403020347003044022010e04636b17db29286117e58b865920a53e6f8cc79d5f7cb43baaf8432341db102200688418a82e081c4aee6031389a49dcdc2d7512c40c8d8c886da3b81baa39062";

    #[test]
    fn decodes_openssl_certificate_status() {
        let bytes = hex::decode(OPENSSL_CERTIFICATE_STATUS).unwrap();
        let message = assert_all(&bytes, NegotiatedVersion::Tls12);
        let HandshakePayload::CertificateStatus(CertificateStatus::Ocsp(response)) =
            message.payload()
        else {
            panic!("not an OCSP CertificateStatus: {message:?}")
        };
        assert_eq!(response.len(), 287);
        // OCSPResponse ::= SEQUENCE { responseStatus successful(0), responseBytes ... }
        assert_eq!(response[..7], [0x30, 0x82, 0x01, 0x1b, 0x0a, 0x01, 0x00]);
    }

    #[test]
    fn keeps_unknown_status_types() {
        // ocsp_multi (RFC 6961), which we never request: kept as received.
        let bytes = frame(22, &[2, 0, 0, 3, 1, 2, 3]);
        let message = assert_round_trip(&bytes, NegotiatedVersion::Tls12);
        let HandshakePayload::CertificateStatus(CertificateStatus::Unknown {
            status_type,
            response,
        }) = message.payload()
        else {
            panic!()
        };
        assert_eq!(*status_type, CertificateStatusType::OCSP_MULTI_RESERVED);
        assert_eq!(response.as_slice(), [0, 0, 3, 1, 2, 3]);
    }

    #[test]
    fn rejects_empty_ocsp_response() {
        let err = HandshakeMessage::decode(&frame(22, &[1, 0, 0, 0]), NegotiatedVersion::Tls12)
            .unwrap_err();
        assert_eq!(err.what(), "CertificateStatus.response");
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
    fn rejects_bytes_after_the_ocsp_response() {
        let err =
            HandshakeMessage::decode(&frame(22, &[1, 0, 0, 1, 0x30, 0]), NegotiatedVersion::Tls12)
                .unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 1 });
        assert_eq!(err.what(), "CertificateStatus");
    }

    #[test]
    fn rejects_missing_status_type() {
        let err = HandshakeMessage::decode(&frame(22, &[]), NegotiatedVersion::Tls12).unwrap_err();
        assert_eq!(err.what(), "CertificateStatus.status_type");
    }

    #[test]
    fn is_tls12_only() {
        // TLS 1.3 staples the response in the Certificate message instead.
        let bytes = hex::decode(OPENSSL_CERTIFICATE_STATUS).unwrap();
        for version in [NegotiatedVersion::NotYet, NegotiatedVersion::Tls13] {
            let message = HandshakeMessage::decode(&bytes, version).unwrap();
            assert!(matches!(
                message.payload(),
                HandshakePayload::Unknown { .. }
            ));
        }
    }

    #[test]
    fn codec_matches_the_extension_form() {
        let bytes = hex::decode(OPENSSL_CERTIFICATE_STATUS).unwrap();
        let status = <CertificateStatus as Codec>::decode_exact(&bytes[4..]).unwrap();
        assert_eq!(Codec::to_vec(&status), &bytes[4..]);
    }
}
