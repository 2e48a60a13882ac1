//! [`Extensions`]: one message's extension block, in wire order, with the rules RFC 8446 §4.2
//! places on a block as a whole.

use crate::codec::{IntoOwned, Reader, U16Set, Writer};
use crate::error::{DecodeError, DecodeErrorKind, LengthError};
use crate::extensions::{Extension, ExtensionContext};
use crate::ids::ExtensionType;

/// One message's extension block: its extensions in wire order, no type twice.
///
/// ```text
/// Extension extensions<0..2^16-1>;
/// ```
///
/// The bounds depend on the message ([`ExtensionContext::bounds`]). The block is built only by
/// [`Extensions::decode`] or [`Extensions::new`], so it always fits them, holds no duplicate and,
/// in a ClientHello, has `pre_shared_key` last.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Extensions<'a> {
    context: ExtensionContext,
    list: Vec<Extension<'a>>,
}

/// The most extensions [`Extensions::decode`] makes room for before reading them: more than any
/// real hello carries.
const PRESIZED_ENTRIES: usize = 64;

/// Room [`Extensions::new`] reserves for checking one extension: enough for any of ours and a
/// browser's, so the scratch buffer is allocated once per block.
const SCRATCH_LEN: usize = 512;

impl<'a> Extensions<'a> {
    /// Reads the length-prefixed block with the bounds of `context` and decodes each extension
    /// in `context`.
    ///
    /// The list grows with the peer's input, but no further than the block's two-byte length
    /// allows: every extension takes at least four bytes.
    pub fn decode(r: &mut Reader<'a>, context: ExtensionContext) -> Result<Self, DecodeError> {
        let field = context.field();
        let mut block = r.prefixed(context.bounds(), field)?;
        // Sized from the framing, up to a browser's count: a long block grows only as its
        // entries pass the checks, so a block refused at its second entry allocates little.
        let presized = count_entries(block.peek_rest(), PRESIZED_ENTRIES);
        let mut list: Vec<Extension<'a>> = Vec::with_capacity(presized);
        let mut seen = U16Set::new();
        // The type of the extension read last, kept apart from the list: reading it back out
        // of the element just pushed would cost more than the rest of the loop.
        let mut last = None;
        while !block.is_empty() {
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.11
            //# The "pre_shared_key" extension MUST be the last extension in the
            //# ClientHello (this facilitates implementation as described below).
            //# Servers MUST check that it is the last extension and otherwise fail
            //# the handshake with an "illegal_parameter" alert.
            if context == ExtensionContext::ClientHello
                && last == Some(ExtensionType::PRE_SHARED_KEY)
            {
                return Err(block.error(DecodeErrorKind::PreSharedKeyNotLast, field));
            }
            let at = block.offset();
            let extension = Extension::decode(&mut block, context)?;
            let typ = extension.typ();
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2
            //# There MUST NOT be more than one extension of the same type in a given
            //# extension block.
            if !seen.insert(typ.get()) {
                return Err(DecodeError::new(
                    DecodeErrorKind::DuplicateExtension(typ),
                    field,
                    at,
                ));
            }
            last = Some(typ);
            list.push(extension);
        }
        Ok(Self { context, list })
    }

    /// A block of `list` for a message of `context`, if it fits the bounds of `context`, each
    /// body fits its two-byte length, no type appears twice, `pre_shared_key` is last in a
    /// ClientHello, and each extension takes the form `context` decodes: whatever this accepts
    /// encodes to bytes that decode back to it.
    pub fn new(
        context: ExtensionContext,
        list: Vec<Extension<'a>>,
    ) -> Result<Self, ExtensionsError> {
        let mut seen = U16Set::new();
        let mut len = 0usize;
        // One scratch buffer for every round trip below, regrown only for a large extension.
        let mut bytes = Vec::with_capacity(SCRATCH_LEN);
        for (index, extension) in list.iter().enumerate() {
            let typ = extension.typ();
            if !seen.insert(typ.get()) {
                return Err(ExtensionsError::DuplicateExtension(typ));
            }
            if context == ExtensionContext::ClientHello
                && typ == ExtensionType::PRE_SHARED_KEY
                && index.saturating_add(1) != list.len()
            {
                return Err(ExtensionsError::PreSharedKeyNotLast);
            }
            // A body too long for its two-byte length would not encode faithfully.
            bytes.clear();
            extension
                .encode_within_bounds(&mut bytes)
                .map_err(ExtensionsError::Length)?;
            len = len.saturating_add(bytes.len());
            let mut r = Reader::new(&bytes);
            match Extension::decode(&mut r, context) {
                Ok(decoded) if decoded == *extension && r.is_empty() => {}
                _ => return Err(ExtensionsError::NotInContext { typ, context }),
            }
        }
        let bounds = context.bounds();
        if bounds.check(len).is_err() {
            return Err(ExtensionsError::Length(LengthError {
                len,
                min: bounds.min,
                max: bounds.max,
            }));
        }
        Ok(Self { context, list })
    }

    /// Appends the block, its two-byte length first.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.u16_prefixed(|out| {
            for extension in &self.list {
                extension.encode(out);
            }
        });
    }

    /// The message the block belongs to.
    pub const fn context(&self) -> ExtensionContext {
        self.context
    }

    /// The extensions, in wire order.
    pub fn as_slice(&self) -> &[Extension<'a>] {
        &self.list
    }

    /// Whether the block holds no extension.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The extension of type `typ`, if present (a block holds at most one of each).
    pub fn find(&self, typ: ExtensionType) -> Option<&Extension<'a>> {
        self.list.iter().find(|extension| extension.typ() == typ)
    }
}

impl IntoOwned for Extensions<'_> {
    type Owned = Extensions<'static>;

    fn into_owned(self) -> Self::Owned {
        Extensions {
            context: self.context,
            list: self.list.into_iter().map(IntoOwned::into_owned).collect(),
        }
    }
}

/// A block we were asked to build breaks a rule of [`Extensions`] (a local mistake).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExtensionsError {
    /// The encoded block does not fit the bounds of its context.
    Length(LengthError),
    /// The same type appears twice.
    DuplicateExtension(ExtensionType),
    /// `pre_shared_key` is not the last extension of a ClientHello.
    PreSharedKeyNotLast,
    /// The extension would not decode back to itself in `context`: a form `context` does not
    /// use, or an [`Extension::Opaque`] standing in for a type `context` decodes.
    NotInContext {
        /// The extension's type.
        typ: ExtensionType,
        /// The context of the block.
        context: ExtensionContext,
    },
}

impl core::fmt::Display for ExtensionsError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Length(err) => write!(f, "extension block: {err}"),
            Self::DuplicateExtension(typ) => write!(f, "extension {typ} appears twice"),
            Self::PreSharedKeyNotLast => {
                f.write_str("pre_shared_key is not the last extension of the ClientHello")
            }
            Self::NotInContext { typ, context } => {
                write!(
                    f,
                    "extension {typ} is not in the form a {context:?} block takes"
                )
            }
        }
    }
}

impl std::error::Error for ExtensionsError {}

/// How many extensions `block` (an extension block's contents) frames, up to `at_most`,
/// counting whole `type, length, data` entries until one runs past the end: the decode that
/// follows reports any error.
fn count_entries(mut block: &[u8], at_most: usize) -> usize {
    let mut count = 0usize;
    while count < at_most
        && let Some(([_, _, l0, l1], rest)) = block.split_first_chunk::<4>().map(|(h, r)| (*h, r))
    {
        let Some(after) = rest.get(usize::from(u16::from_be_bytes([l0, l1]))..) else {
            break;
        };
        block = after;
        count = count.saturating_add(1);
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extensions::test_support::*;
    use crate::extensions::test_vectors::*;
    use crate::extensions::{ExtensionBody, SupportedVersionList};
    use crate::ids::{AlertDescription, ProtocolVersion};

    #[test]
    fn rejects_duplicate_extension() {
        // Two early_data extensions after an unknown one.
        let block = [0, 12, 0x12, 0x34, 0, 0, 0, 0x2a, 0, 0, 0, 0x2a, 0, 0];
        for context in [
            ExtensionContext::EncryptedExtensions,
            ExtensionContext::ClientHello,
        ] {
            let err = Extensions::decode(&mut Reader::new(&block), context).unwrap_err();
            assert_eq!(
                err.kind(),
                &DecodeErrorKind::DuplicateExtension(ExtensionType::EARLY_DATA)
            );
            assert_eq!(err.offset(), 10);
            assert_eq!(err.alert(), AlertDescription::ILLEGAL_PARAMETER);
        }
        // Unknown types count too.
        let block = [0, 8, 0x12, 0x34, 0, 0, 0x12, 0x34, 0, 0];
        let err = Extensions::decode(&mut Reader::new(&block), ExtensionContext::ServerHello)
            .unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::DuplicateExtension(ExtensionType::new(0x1234))
        );
    }

    #[test]
    fn rejects_pre_shared_key_not_last() {
        let message = hex(RESUMED_CH);
        let block = client_hello_block(&message);
        let psk = extension_in(block, 0x0029);
        let mut moved = block[2..block.len() - psk.len()].to_vec();
        moved.splice(0..0, psk.iter().copied());
        let mut reordered = u16::try_from(moved.len()).unwrap().to_be_bytes().to_vec();
        reordered.extend_from_slice(&moved);
        let err = Extensions::decode(&mut Reader::new(&reordered), ExtensionContext::ClientHello)
            .unwrap_err();
        assert_eq!(err.kind(), &DecodeErrorKind::PreSharedKeyNotLast);
        assert_eq!(err.offset(), 2 + psk.len());
        assert_eq!(err.alert(), AlertDescription::ILLEGAL_PARAMETER);
    }

    #[test]
    fn pre_shared_key_may_sit_anywhere_in_a_server_hello() {
        let message = hex(RESUMED_SH);
        let extensions =
            block_round_trip(server_hello_block(&message), ExtensionContext::ServerHello);
        assert_eq!(
            extensions.as_slice()[0].typ(),
            ExtensionType::PRE_SHARED_KEY
        );
    }

    #[test]
    fn rejects_empty_certificate_request_block() {
        let err = Extensions::decode(
            &mut Reader::new(&[0, 0]),
            ExtensionContext::CertificateRequest,
        )
        .unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthOutOfBounds {
                len: 0,
                min: 2,
                max: 0xffff
            }
        );
        assert_eq!(err.what(), "CertificateRequest.extensions");
    }

    #[test]
    fn rejects_new_session_ticket_block_of_2_16_minus_1_bytes() {
        let mut block = vec![0xff, 0xff, 0x12, 0x34, 0xff, 0xfb];
        block.resize(2 + 0xffff, 0);
        let err = Extensions::decode(&mut Reader::new(&block), ExtensionContext::NewSessionTicket)
            .unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthOutOfBounds {
                len: 0xffff,
                min: 0,
                max: 0xfffe
            }
        );
        assert!(
            Extensions::decode(
                &mut Reader::new(&block),
                ExtensionContext::EncryptedExtensions
            )
            .is_ok()
        );
    }

    #[test]
    fn hellos_accept_an_empty_block() {
        for context in [ExtensionContext::ClientHello, ExtensionContext::ServerHello] {
            assert!(block_round_trip(&[0, 0], context).is_empty());
        }
    }

    #[test]
    fn new_builds_a_block_that_decodes_back_to_itself() {
        let list = vec![
            Extension::SupportedVersions(
                SupportedVersionList::new(vec![ProtocolVersion::TLSV1_3]).unwrap(),
            ),
            Extension::Opaque {
                typ: ExtensionType::new(0x0a0a),
                body: ExtensionBody::new(&[][..]).unwrap(),
            },
            Extension::EarlyData,
        ];
        let built = Extensions::new(ExtensionContext::ClientHello, list).unwrap();
        let mut bytes = Vec::new();
        built.encode(&mut bytes);
        assert_eq!(
            bytes,
            [
                0, 15, 0, 0x2b, 0, 3, 2, 3, 4, 0x0a, 0x0a, 0, 0, 0, 0x2a, 0, 0
            ]
        );
        let decoded = Extensions::decode(&mut Reader::new(&bytes), ExtensionContext::ClientHello);
        assert_eq!(decoded.unwrap(), built);
    }

    #[test]
    fn new_refuses_what_decode_would_refuse_or_read_differently() {
        use ExtensionContext as Ctx;
        let psk = {
            let message = hex(RESUMED_CH);
            decode_one(
                extension_in(client_hello_block(&message), 0x0029),
                Ctx::ClientHello,
            )
            .unwrap()
            .into_owned()
        };
        assert_eq!(
            Extensions::new(
                Ctx::ClientHello,
                vec![Extension::EarlyData, Extension::EarlyData]
            ),
            Err(ExtensionsError::DuplicateExtension(
                ExtensionType::EARLY_DATA
            ))
        );
        assert_eq!(
            Extensions::new(Ctx::ClientHello, vec![psk.clone(), Extension::EarlyData]),
            Err(ExtensionsError::PreSharedKeyNotLast)
        );
        assert!(Extensions::new(Ctx::ClientHello, vec![Extension::EarlyData, psk]).is_ok());
        assert_eq!(
            Extensions::new(Ctx::ClientHello, vec![Extension::ServerNameEmpty]),
            Err(ExtensionsError::NotInContext {
                typ: ExtensionType::SERVER_NAME,
                context: Ctx::ClientHello
            })
        );
        let opaque_key_share = Extension::Opaque {
            typ: ExtensionType::KEY_SHARE,
            body: ExtensionBody::new(&[0, 0][..]).unwrap(),
        };
        assert!(matches!(
            Extensions::new(Ctx::ClientHello, vec![opaque_key_share.clone()]),
            Err(ExtensionsError::NotInContext { .. })
        ));
        assert!(Extensions::new(Ctx::EncryptedExtensions, vec![opaque_key_share]).is_ok());
        assert!(matches!(
            Extensions::new(Ctx::CertificateRequest, vec![]),
            Err(ExtensionsError::Length(LengthError { len: 0, min: 2, .. }))
        ));
    }

    #[test]
    fn new_refuses_an_extension_body_beyond_2_16_minus_1_bytes() {
        let response = crate::extensions::OcspResponse::new(vec![0x30; 0x1_0000]).unwrap();
        let status =
            Extension::CertificateStatus(crate::extensions::CertificateStatus::Ocsp(response));
        assert_eq!(
            Extensions::new(ExtensionContext::Certificate, vec![status]),
            Err(ExtensionsError::Length(LengthError {
                len: 0x1_0004,
                min: 0,
                max: 0xffff
            }))
        );
    }
}
