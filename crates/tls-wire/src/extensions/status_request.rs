//! `status_request` (RFC 6066 §8, RFC 8446 §4.4.2.1): the client's request for an OCSP
//! response, and the response the server (or client) staples to its end-entity certificate.

use crate::codec::{Codec, IntoOwned, List, Opaque, Reader};
use crate::error::DecodeError;
use crate::extensions::ExtensionData;
use crate::ids::CertificateStatusType;

/// RFC 6066 §8: `opaque ResponderID<1..2^16-1>;` (a DER-encoded OCSP `ResponderID`).
pub type ResponderId<'a> = Opaque<'a, 2, 1, 0xffff>;

/// RFC 6066 §8: `ResponderID responder_id_list<0..2^16-1>;`
pub type ResponderIdList<'a> = List<ResponderId<'a>, 2, 0, 0xffff>;

/// RFC 6066 §8: `opaque Extensions<0..2^16-1>;` (DER-encoded OCSP request extensions).
pub type OcspExtensions<'a> = Opaque<'a, 2, 0, 0xffff>;

/// RFC 6066 §8: `opaque OCSPResponse<1..2^24-1>;` (a DER-encoded OCSP response).
pub type OcspResponse<'a> = Opaque<'a, 3, 1, 0x00ff_ffff>;

/// The client's `status_request` body (RFC 6066 §8), in a ClientHello.
///
/// ```text
/// struct {
///     CertificateStatusType status_type;
///     select (status_type) {
///         case ocsp: OCSPStatusRequest;
///     } request;
/// } CertificateStatusRequest;
///
/// enum { ocsp(1), (255) } CertificateStatusType;
/// ```
///
/// In a CertificateRequest the server sends the extension with an empty body instead
/// ([`Extension::StatusRequestEmpty`](crate::extensions::Extension::StatusRequestEmpty)), as
/// a TLS 1.2 server does in its ServerHello.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum CertificateStatusRequest<'a> {
    /// `ocsp`.
    Ocsp(OcspStatusRequest<'a>),
    /// A status type other than `ocsp`, its request kept as received.
    Unknown {
        /// The status type (never `ocsp`).
        status_type: CertificateStatusType,
        /// The rest of the extension body.
        request: ExtensionData<'a>,
    },
}

/// The `ocsp` form of a [`CertificateStatusRequest`] (RFC 6066 §8).
///
/// ```text
/// struct {
///     ResponderID responder_id_list<0..2^16-1>;
///     Extensions  request_extensions;
/// } OCSPStatusRequest;
///
/// opaque ResponderID<1..2^16-1>;
/// opaque Extensions<0..2^16-1>;
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OcspStatusRequest<'a> {
    /// The OCSP responders the client trusts; empty when the server knows them.
    pub responder_id_list: ResponderIdList<'a>,
    /// OCSP request extensions (a DER `Extensions`), possibly empty.
    pub request_extensions: OcspExtensions<'a>,
}

/// The `status_request` body in a TLS 1.3 CertificateEntry (RFC 8446 §4.4.2.1): the stapled
/// response.
///
/// ```text
/// struct {
///     CertificateStatusType status_type;
///     select (status_type) {
///         case ocsp: OCSPResponse;
///     } response;
/// } CertificateStatus;
///
/// opaque OCSPResponse<1..2^24-1>;
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum CertificateStatus<'a> {
    /// `ocsp`: one DER-encoded OCSP response.
    Ocsp(OcspResponse<'a>),
    /// A status type other than `ocsp`, its response kept as received.
    Unknown {
        /// The status type (never `ocsp`).
        status_type: CertificateStatusType,
        /// The rest of the extension body.
        response: ExtensionData<'a>,
    },
}

impl<'a> CertificateStatusRequest<'a> {
    /// Decodes the body of a ClientHello's `status_request`.
    pub(crate) fn decode(body: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let status_type =
            CertificateStatusType::new(body.u8("CertificateStatusRequest.status_type")?);
        Ok(match status_type {
            CertificateStatusType::OCSP => Self::Ocsp(OcspStatusRequest {
                responder_id_list: ResponderIdList::decode_named(
                    body,
                    "OCSPStatusRequest.responder_id_list",
                )?,
                request_extensions: OcspExtensions::decode_named(
                    body,
                    "OCSPStatusRequest.request_extensions",
                )?,
            }),
            _ => Self::Unknown {
                status_type,
                request: ExtensionData::decode_rest(body),
            },
        })
    }

    /// Appends the body.
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Self::Ocsp(request) => {
                CertificateStatusType::OCSP.encode(out);
                request.responder_id_list.encode(out);
                request.request_extensions.encode(out);
            }
            Self::Unknown {
                status_type,
                request,
            } => {
                status_type.encode(out);
                request.encode(out);
            }
        }
    }
}

impl IntoOwned for CertificateStatusRequest<'_> {
    type Owned = CertificateStatusRequest<'static>;

    fn into_owned(self) -> Self::Owned {
        match self {
            Self::Ocsp(request) => CertificateStatusRequest::Ocsp(OcspStatusRequest {
                responder_id_list: request.responder_id_list.into_owned(),
                request_extensions: request.request_extensions.into_owned(),
            }),
            Self::Unknown {
                status_type,
                request,
            } => CertificateStatusRequest::Unknown {
                status_type,
                request: request.into_owned(),
            },
        }
    }
}

impl<'a> CertificateStatus<'a> {
    /// Decodes the body of a CertificateEntry's `status_request`.
    pub(crate) fn decode(body: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let status_type = CertificateStatusType::new(body.u8("CertificateStatus.status_type")?);
        Ok(match status_type {
            CertificateStatusType::OCSP => Self::Ocsp(OcspResponse::decode_named(
                body,
                "CertificateStatus.response",
            )?),
            _ => Self::Unknown {
                status_type,
                response: ExtensionData::decode_rest(body),
            },
        })
    }

    /// Appends the body.
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Self::Ocsp(response) => {
                CertificateStatusType::OCSP.encode(out);
                response.encode(out);
            }
            Self::Unknown {
                status_type,
                response,
            } => {
                status_type.encode(out);
                response.encode(out);
            }
        }
    }
}

impl IntoOwned for CertificateStatus<'_> {
    type Owned = CertificateStatus<'static>;

    fn into_owned(self) -> Self::Owned {
        match self {
            Self::Ocsp(response) => CertificateStatus::Ocsp(response.into_owned()),
            Self::Unknown {
                status_type,
                response,
            } => CertificateStatus::Unknown {
                status_type,
                response: response.into_owned(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DecodeErrorKind;
    use crate::extensions::test_support::*;
    use crate::extensions::test_vectors::*;
    use crate::extensions::{Extension, ExtensionContext};

    #[test]
    fn decodes_chrome_ocsp_request() {
        let message = hex(CHROME_GREASE);
        let bytes = extension_in(client_hello_block(&message), 0x0005);
        let Extension::StatusRequest(CertificateStatusRequest::Ocsp(request)) =
            round_trip(bytes, ExtensionContext::ClientHello)
        else {
            panic!("not an OCSP status request");
        };
        assert!(request.responder_id_list.is_empty());
        assert!(request.request_extensions.is_empty());
        assert_every_prefix_fails(bytes, ExtensionContext::ClientHello);
        assert_length_mutations_fail(bytes, ExtensionContext::ClientHello, &[(5, 2), (7, 2)]);
    }

    #[test]
    fn decodes_responder_ids() {
        let bytes = [0, 5, 0, 11, 1, 0, 5, 0, 3, 0xaa, 0xbb, 0xcc, 0, 1, 0x30];
        let Extension::StatusRequest(CertificateStatusRequest::Ocsp(request)) =
            round_trip(&bytes, ExtensionContext::ClientHello)
        else {
            panic!("not an OCSP status request");
        };
        assert_eq!(request.responder_id_list[0].as_slice(), [0xaa, 0xbb, 0xcc]);
        assert_eq!(request.request_extensions.as_slice(), [0x30]);
        assert_length_mutations_fail(
            &bytes,
            ExtensionContext::ClientHello,
            &[(5, 2), (7, 2), (12, 2)],
        );
    }

    #[test]
    fn keeps_unknown_status_type() {
        let bytes = [0, 5, 0, 3, 2, 9, 9];
        let extension = round_trip(&bytes, ExtensionContext::ClientHello);
        let Extension::StatusRequest(CertificateStatusRequest::Unknown {
            status_type,
            request,
        }) = extension
        else {
            panic!("not an unknown status request");
        };
        assert_eq!(status_type, CertificateStatusType::OCSP_MULTI_RESERVED);
        assert_eq!(request.as_slice(), [9, 9]);
    }

    #[test]
    fn decodes_empty_request_in_certificate_request_and_server_hello() {
        let bytes = [0, 5, 0, 0];
        assert_eq!(
            round_trip(&bytes, ExtensionContext::CertificateRequest),
            Extension::StatusRequestEmpty
        );
        assert_eq!(
            round_trip(&bytes, ExtensionContext::ServerHello),
            Extension::StatusRequestEmpty
        );
    }

    #[test]
    fn rejects_certificate_request_status_request_with_a_body() {
        let err = decode_one(&[0, 5, 0, 1, 1], ExtensionContext::CertificateRequest).unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 1 });
    }

    #[test]
    fn decodes_stapled_ocsp_response_in_certificate_entry() {
        let bytes = [0, 5, 0, 7, 1, 0, 0, 3, 0x30, 0x01, 0x00];
        let Extension::CertificateStatus(CertificateStatus::Ocsp(response)) =
            round_trip(&bytes, ExtensionContext::Certificate)
        else {
            panic!("not an OCSP response");
        };
        assert_eq!(response.as_slice(), [0x30, 0x01, 0x00]);
        assert_every_prefix_fails(&bytes, ExtensionContext::Certificate);
        assert_length_mutations_fail(&bytes, ExtensionContext::Certificate, &[(5, 3)]);
    }

    #[test]
    fn rejects_empty_ocsp_response() {
        let err = decode_one(&[0, 5, 0, 4, 1, 0, 0, 0], ExtensionContext::Certificate).unwrap_err();
        assert!(matches!(
            err.kind(),
            DecodeErrorKind::LengthOutOfBounds { len: 0, .. }
        ));
    }
}
