//! [`Extensions`]: one message's extension block, in wire order, with the rules RFC 8446 §4.2
//! places on a block as a whole; each extension's typed form is decoded when it is asked for.

use std::borrow::Cow;

use crate::codec::{IntoOwned, Reader, U16Set, Writer};
use crate::error::{DecodeError, DecodeErrorKind, LengthError};
use crate::extensions::alpn::PROTOCOL_NAME_LIST;
use crate::extensions::extension::EXTENSION_DATA_FIELD;
use crate::extensions::form::Form;
use crate::extensions::key_share::CLIENT_SHARES;
use crate::extensions::server_name::SERVER_NAME_LIST;
use crate::extensions::{
    ClientSharesView, Extension, ExtensionContext, ProtocolNameListView, ServerNameListView,
    allowed_in,
};
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
///
/// Decoding a block checks its framing and those rules only: the block keeps its bytes, and an
/// extension's typed form is decoded, strictly, when it is asked for (the accessors,
/// [`RawExtension::decode`], [`Extensions::decode_all`]). So a block costs a few instructions
/// per extension and no allocation however many a peer sends, and an extension no one reads
/// cannot fail the message, as RFC 8446 §4.1.2 wants of the ones a server does not recognize,
/// and as real peers need of registered extensions sent in forms we do not use.
#[derive(Clone)]
pub struct Extensions<'a> {
    context: ExtensionContext,
    /// The block's contents, without its two-byte length.
    bytes: Cow<'a, [u8]>,
    /// Where `bytes` starts in the input it was decoded from, so errors found later still name
    /// an offset in that input.
    offset: usize,
    /// How many extensions the block holds.
    count: usize,
    /// For each type below [`INDEXED`] (every type the accessors ask for but two), where its
    /// extension starts in `bytes`, plus one; 0 where the block holds none.
    indexed: [u16; INDEXED],
    /// Where the last extension starts in `bytes`.
    last: Option<u16>,
    /// The first extension RFC 8446 §4.2's table knows and forbids in this message.
    forbidden: Option<ExtensionType>,
}

/// Types below this are found without a walk of the block. The IANA registry assigns values
/// below it in order; the accessors' other types (`renegotiation_info`,
/// `encrypted_client_hello`) are found by a walk.
const INDEXED: usize = 64;

/// Room [`Extensions::new`] reserves for the block's bytes: enough for any of ours and a
/// browser's hello.
const PRESIZED_BYTES: usize = 1024;

/// `pre_shared_key`'s value, for the walk that checks it comes last.
const PRE_SHARED_KEY: u16 = ExtensionType::PRE_SHARED_KEY.get();

impl<'a> Extensions<'a> {
    /// Reads the length-prefixed block with the bounds of `context`: its framing, no type
    /// twice, and `pre_shared_key` last in a ClientHello. The extensions' bodies are decoded
    /// when asked for.
    pub fn decode(r: &mut Reader<'a>, context: ExtensionContext) -> Result<Self, DecodeError> {
        let mut block = r.prefixed(context.bounds(), context.field())?;
        let offset = block.offset();
        let bytes = block.take_rest();
        // Most blocks of a Certificate's entries are empty: nothing to walk or to check.
        if bytes.is_empty() {
            return Ok(Self::empty(context, offset));
        }
        Self::index(context, Cow::Borrowed(bytes), offset)
    }

    /// The empty block of `context`, at `offset` of its input.
    fn empty(context: ExtensionContext, offset: usize) -> Self {
        Self {
            context,
            bytes: Cow::Borrowed(&[]),
            offset,
            count: 0,
            indexed: [0; INDEXED],
            last: None,
            forbidden: None,
        }
    }

    /// The block of `bytes` (its contents, at `offset` of their input), its framing and rules
    /// checked and the types below [`INDEXED`] located, in one walk.
    fn index(
        context: ExtensionContext,
        bytes: Cow<'a, [u8]>,
        offset: usize,
    ) -> Result<Self, DecodeError> {
        let field = context.field();
        let mut seen = U16Set::new();
        let mut indexed = [0u16; INDEXED];
        let mut count = 0usize;
        let mut last = None;
        let mut forbidden = None;
        let mut psk_seen = false;
        // A hand-written walk: it runs once per extension of a hostile block of 16,000, so it
        // is kept to a few instructions each; any framing fault is reported by the reader, as
        // every other field's.
        let mut at = 0usize;
        while let Some(rest) = bytes.get(at..).filter(|rest| !rest.is_empty()) {
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2.11
            //# The "pre_shared_key" extension MUST be the last extension in the
            //# ClientHello (this facilitates implementation as described below).
            //# Servers MUST check that it is the last extension and otherwise fail
            //# the handshake with an "illegal_parameter" alert.
            if psk_seen {
                return Err(DecodeError::new(
                    DecodeErrorKind::PreSharedKeyNotLast,
                    field,
                    offset.saturating_add(at),
                ));
            }
            // The block holds at most 2^16-1 bytes, so its offsets fit two bytes.
            let (Some((typ, len)), Ok(at16)) = (frame(rest), u16::try_from(at)) else {
                return Err(framing_error(rest, offset.saturating_add(at)));
            };
            //= https://www.rfc-editor.org/rfc/rfc8446#section-4.2
            //# There MUST NOT be more than one extension of the same type in a given
            //# extension block.
            if !seen.insert(typ) {
                return Err(DecodeError::new(
                    DecodeErrorKind::DuplicateExtension(ExtensionType::new(typ)),
                    field,
                    offset.saturating_add(at),
                ));
            }
            if let Some(slot) = indexed.get_mut(usize::from(typ)) {
                *slot = at16.saturating_add(1);
            }
            if forbidden.is_none() && allowed_in(ExtensionType::new(typ), context) == Some(false) {
                forbidden = Some(ExtensionType::new(typ));
            }
            psk_seen = context == ExtensionContext::ClientHello && typ == PRE_SHARED_KEY;
            last = Some(at16);
            // Neither sum overflows: `frame` found the 4 + len bytes within the block, and an
            // extension takes at least 4 bytes of it.
            count += 1;
            at += 4 + usize::from(len);
        }
        Ok(Self {
            context,
            bytes,
            offset,
            count,
            indexed,
            last,
            forbidden,
        })
    }

    /// A block of `list` for a message of `context`, if it fits the bounds of `context`, each
    /// body fits its two-byte length, no type appears twice, `pre_shared_key` is last in a
    /// ClientHello, and each extension takes the form `context` decodes: whatever this accepts
    /// encodes to bytes that decode back to it.
    pub fn new(
        context: ExtensionContext,
        list: Vec<Extension<'a>>,
    ) -> Result<Self, ExtensionsError> {
        // Most blocks we build for a Certificate's entries are empty: nothing to allocate.
        if list.is_empty() && context.bounds().check(0).is_ok() {
            return Ok(Self::empty(context, 0));
        }
        let mut seen = U16Set::new();
        let mut bytes = Vec::with_capacity(PRESIZED_BYTES);
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
            let at = bytes.len();
            extension
                .encode_within_bounds(&mut bytes)
                .map_err(ExtensionsError::Length)?;
            // The form must be the one `context` decodes; a form that cannot but round-trip
            // needs no more, the others are decoded back and compared.
            let faithful = match (extension.form(), Form::of(typ, context)) {
                (None, None) => true,
                (Some(form), Some(expected)) if form == expected => {
                    form.round_trips_by_construction() || {
                        let body = bytes.get(at.saturating_add(4)..).unwrap_or_default();
                        Extension::decode_body(typ, context, Reader::new(body))
                            .is_ok_and(|decoded| decoded == *extension)
                    }
                }
                _ => false,
            };
            if !faithful {
                return Err(ExtensionsError::NotInContext { typ, context });
            }
        }
        let bounds = context.bounds();
        if bounds.check(bytes.len()).is_err() {
            return Err(ExtensionsError::Length(LengthError {
                len: bytes.len(),
                min: bounds.min,
                max: bounds.max,
            }));
        }
        // The checks above are the walk's, so it finds nothing to refuse.
        let len = bytes.len();
        Self::index(context, Cow::Owned(bytes), 0).map_err(|_| {
            ExtensionsError::Length(LengthError {
                len,
                min: bounds.min,
                max: bounds.max,
            })
        })
    }

    /// Appends the block, its two-byte length first: the bytes it was decoded from, or the
    /// encoding of the list it was built from.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.u16_prefixed(|out| out.extend_from_slice(&self.bytes));
    }

    /// The length of [`encode`](Self::encode)'s output.
    pub fn encoded_len(&self) -> usize {
        2 + self.bytes.len()
    }

    /// The message the block belongs to.
    pub const fn context(&self) -> ExtensionContext {
        self.context
    }

    /// How many extensions the block holds.
    pub const fn len(&self) -> usize {
        self.count
    }

    /// Whether the block holds no extension.
    pub const fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The extensions in wire order, each as its type and body: a walk of the block's bytes.
    pub fn iter(&self) -> impl Iterator<Item = RawExtension<'_>> + '_ {
        let mut at = 0usize;
        core::iter::from_fn(move || {
            let raw = self.raw_at(at)?;
            at = at.saturating_add(4).saturating_add(raw.body.len());
            Some(raw)
        })
    }

    /// The extensions' types, in wire order.
    pub fn types(&self) -> impl Iterator<Item = ExtensionType> + '_ {
        self.iter().map(|raw| raw.typ)
    }

    /// The extension of type `typ`, if present (a block holds at most one of each): found at
    /// once for a type below 64, by a walk for the others.
    pub fn find(&self, typ: ExtensionType) -> Option<RawExtension<'_>> {
        match self.indexed.get(usize::from(typ.get())) {
            Some(&at) => self.raw_at(usize::from(at.checked_sub(1)?)),
            None => self.iter().find(|raw| raw.typ == typ),
        }
    }

    /// The block's bytes with the extensions of `types` cut out, as the runs between them in
    /// wire order. Two blocks holding the same other extensions, in the same order, give the
    /// same bytes: what a server compares to see that a second ClientHello changed only what
    /// RFC 8446 §4.1.2 allows, with no walk of either block for types below 64.
    pub fn without(&self, types: &[ExtensionType]) -> Vec<&[u8]> {
        // Where each present extension of `types` lies, header included, in block order.
        let mut cuts: Vec<(usize, usize)> = types
            .iter()
            .filter_map(|typ| self.find(*typ))
            .map(|raw| {
                let end = raw
                    .offset
                    .saturating_sub(self.offset)
                    .saturating_add(raw.body.len());
                (
                    raw.offset.saturating_sub(self.offset).saturating_sub(4),
                    end,
                )
            })
            .collect();
        cuts.sort_unstable();
        let mut runs = Vec::with_capacity(cuts.len().saturating_add(1));
        let mut at = 0usize;
        for (start, end) in cuts {
            runs.push(self.bytes.get(at..start).unwrap_or_default());
            at = end;
        }
        runs.push(self.bytes.get(at..).unwrap_or_default());
        runs
    }

    /// The first extension, in wire order, that RFC 8446 §4.2's table knows and does not allow
    /// in this block's message: what a TLS 1.3 peer refuses with `illegal_parameter`. Found by
    /// the walk that decoded the block, so a check of a hostile block costs nothing more.
    /// (The table is TLS 1.3's: a TLS 1.2 ServerHello carries extensions it forbids.)
    pub const fn first_forbidden_in_tls13(&self) -> Option<ExtensionType> {
        self.forbidden
    }

    /// The last extension, if any (in a ClientHello, where `pre_shared_key` must sit).
    pub fn last(&self) -> Option<RawExtension<'_>> {
        self.raw_at(usize::from(self.last?))
    }

    /// Every extension in its typed form, in wire order: the strict reading of the whole
    /// block, for tools and tests; a handshake reads only what it acts on.
    pub fn decode_all(&self) -> Result<Vec<Extension<'_>>, DecodeError> {
        self.iter().map(|raw| raw.decode()).collect()
    }

    /// The typed form of `typ`'s extension that `pick` takes; `None` if absent or in another
    /// form.
    pub(super) fn form<'s, T>(
        &'s self,
        typ: ExtensionType,
        pick: impl FnOnce(Extension<'s>) -> Option<T>,
    ) -> Result<Option<T>, DecodeError> {
        match self.find(typ) {
            Some(raw) => Ok(pick(raw.decode()?)),
            None => Ok(None),
        }
    }

    /// Whether `typ`'s extension is present in the form `is` accepts.
    pub(super) fn present(
        &self,
        typ: ExtensionType,
        is: impl FnOnce(&Extension<'_>) -> bool,
    ) -> Result<bool, DecodeError> {
        self.form(typ, |extension| is(&extension).then_some(()))
            .map(|found| found.is_some())
    }

    /// The extension starting at `at` of the block's bytes, whose framing the walk that built
    /// the block checked; `None` at the end.
    fn raw_at(&self, at: usize) -> Option<RawExtension<'_>> {
        let rest = self.bytes.get(at..)?;
        let (typ, len) = frame(rest)?;
        Some(RawExtension {
            typ: ExtensionType::new(typ),
            body: rest.get(4..4usize.saturating_add(usize::from(len)))?,
            offset: self.offset.saturating_add(at).saturating_add(4),
            context: self.context,
        })
    }
}

/// The type and body length of the extension `rest` starts with, if its body is all there.
#[inline]
fn frame(rest: &[u8]) -> Option<(u16, u16)> {
    let ([t0, t1, l0, l1], body) = rest.split_first_chunk::<4>()?;
    let len = u16::from_be_bytes([*l0, *l1]);
    (body.len() >= usize::from(len)).then_some((u16::from_be_bytes([*t0, *t1]), len))
}

/// The error for an extension whose framing does not hold, `rest` being its bytes to the end
/// of the block at offset `at`: the reader's, as for every other field.
#[cold]
fn framing_error(rest: &[u8], at: usize) -> DecodeError {
    let mut r = Reader::with_offset(rest, at);
    match r
        .u16("Extension.extension_type")
        .and_then(|_| r.prefixed_u16(EXTENSION_DATA_FIELD))
    {
        Err(error) => error,
        // The walk refuses only what the reader refuses; should they ever disagree, the
        // extension is still refused.
        Ok(_) => DecodeError::new(
            DecodeErrorKind::Truncated {
                needed: 4,
                available: rest.len(),
            },
            EXTENSION_DATA_FIELD,
            at,
        ),
    }
}

/// One extension of a block as it came: its type and its `extension_data`, with the
/// message it sits in, so its typed form can be decoded.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct RawExtension<'b> {
    typ: ExtensionType,
    body: &'b [u8],
    offset: usize,
    context: ExtensionContext,
}

impl<'b> RawExtension<'b> {
    /// The extension's type.
    pub const fn typ(&self) -> ExtensionType {
        self.typ
    }

    /// Its `extension_data`, as received.
    pub const fn body(&self) -> &'b [u8] {
        self.body
    }

    /// Its typed form in the block's message (or [`Extension::Opaque`] where that message
    /// types none), decoded strictly: a malformed body is a `decode_error` whose offset counts
    /// from the start of the input the block was decoded from.
    pub fn decode(&self) -> Result<Extension<'b>, DecodeError> {
        Extension::decode_body(
            self.typ,
            self.context,
            Reader::with_offset(self.body, self.offset),
        )
    }

    /// `key_share` in a ClientHello as a [`ListView`](crate::codec::ListView) of its shares,
    /// which yields each share, or the error [`decode`](Self::decode) would return, as it is
    /// read, for a server that searches them in one pass; `None` for any other extension.
    pub fn client_shares(&self) -> Result<Option<ClientSharesView<'b>>, DecodeError> {
        self.client_hello_view(ExtensionType::KEY_SHARE, |body| {
            ClientSharesView::decode_named(body, CLIENT_SHARES)
        })
    }

    /// `application_layer_protocol_negotiation` in a ClientHello as a
    /// [`ListView`](crate::codec::ListView) of its names, as [`client_shares`](Self::client_shares);
    /// `None` for any other extension.
    pub fn protocol_names(&self) -> Result<Option<ProtocolNameListView<'b>>, DecodeError> {
        self.client_hello_view(
            ExtensionType::APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
            |body| ProtocolNameListView::decode_named(body, PROTOCOL_NAME_LIST),
        )
    }

    /// `server_name` in a ClientHello as a [`ListView`](crate::codec::ListView) of its names,
    /// as [`client_shares`](Self::client_shares); `None` for any other extension.
    pub fn server_names(&self) -> Result<Option<ServerNameListView<'b>>, DecodeError> {
        self.client_hello_view(ExtensionType::SERVER_NAME, |body| {
            ServerNameListView::decode_named(body, SERVER_NAME_LIST)
        })
    }

    /// The body read by `view`, which must take all of it, if this is `typ` in a ClientHello.
    fn client_hello_view<V>(
        &self,
        typ: ExtensionType,
        view: impl FnOnce(&mut Reader<'b>) -> Result<V, DecodeError>,
    ) -> Result<Option<V>, DecodeError> {
        if (self.typ, self.context) != (typ, ExtensionContext::ClientHello) {
            return Ok(None);
        }
        let mut body = Reader::with_offset(self.body, self.offset);
        let value = view(&mut body)?;
        body.finish(typ.name().unwrap_or(EXTENSION_DATA_FIELD))?;
        Ok(Some(value))
    }
}

impl core::fmt::Debug for RawExtension<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.decode() {
            Ok(extension) => extension.fmt(f),
            Err(err) => f
                .debug_struct("Malformed")
                .field("typ", &self.typ)
                .field("len", &self.body.len())
                .field("error", &err)
                .finish(),
        }
    }
}

impl core::fmt::Debug for Extensions<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Two blocks are equal when they belong to the same message and hold the same bytes, wherever
/// each was decoded from.
impl PartialEq for Extensions<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.context == other.context && self.bytes == other.bytes
    }
}

impl Eq for Extensions<'_> {}

impl core::hash::Hash for Extensions<'_> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.context.hash(state);
        self.bytes.hash(state);
    }
}

impl IntoOwned for Extensions<'_> {
    type Owned = Extensions<'static>;

    fn into_owned(self) -> Self::Owned {
        Extensions {
            context: self.context,
            bytes: Cow::Owned(self.bytes.into_owned()),
            offset: self.offset,
            count: self.count,
            indexed: self.indexed,
            last: self.last,
            forbidden: self.forbidden,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extensions::test_support::*;
    use crate::extensions::test_vectors::*;
    use crate::extensions::{ExtensionBody, SupportedVersionList};
    use crate::ids::{AlertDescription, ProtocolVersion};

    /// A form checked against the table alone, and one decoded back: each refuses what would
    /// not decode back to itself.
    #[test]
    fn new_refuses_a_form_its_context_does_not_decode_and_a_value_that_decodes_otherwise() {
        use crate::extensions::{CertificateStatusRequest, ExtensionData, NamedGroupList};
        use crate::ids::{CertificateStatusType, NamedGroup};
        let groups =
            Extension::SupportedGroups(NamedGroupList::new(vec![NamedGroup::X25519]).unwrap());
        assert!(Extensions::new(ExtensionContext::ClientHello, vec![groups.clone()]).is_ok());
        assert_eq!(
            Extensions::new(ExtensionContext::ServerHello, vec![groups]).err(),
            Some(ExtensionsError::NotInContext {
                typ: ExtensionType::SUPPORTED_GROUPS,
                context: ExtensionContext::ServerHello,
            })
        );
        // An `Unknown` status type holding ocsp's code decodes as `Ocsp`: the check decodes
        // the status request back and sees it.
        let disguised = Extension::StatusRequest(CertificateStatusRequest::Unknown {
            status_type: CertificateStatusType::OCSP,
            request: ExtensionData::new(vec![0, 0, 0, 0]).unwrap(),
        });
        assert_eq!(
            Extensions::new(ExtensionContext::ClientHello, vec![disguised]).err(),
            Some(ExtensionsError::NotInContext {
                typ: ExtensionType::STATUS_REQUEST,
                context: ExtensionContext::ClientHello,
            })
        );
    }

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
            extensions.types().next(),
            Some(ExtensionType::PRE_SHARED_KEY)
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

    /// A block of the given raw extensions, with its two-byte length.
    fn raw_block(extensions: &[(u16, &[u8])]) -> Vec<u8> {
        let mut body = Vec::new();
        for (typ, data) in extensions {
            body.extend(typ.to_be_bytes());
            body.extend(u16::try_from(data.len()).unwrap().to_be_bytes());
            body.extend(*data);
        }
        let mut block = u16::try_from(body.len()).unwrap().to_be_bytes().to_vec();
        block.extend(body);
        block
    }

    #[test]
    fn an_empty_block_decodes_as_the_empty_list_builds_and_keeps_its_offset() {
        for context in [
            ExtensionContext::Certificate,
            ExtensionContext::EncryptedExtensions,
            ExtensionContext::NewSessionTicket,
        ] {
            let input = [9, 9, 0, 0];
            let mut r = Reader::new(&input);
            r.u16("padding").unwrap();
            let block = Extensions::decode(&mut r, context).unwrap();
            assert_eq!(block, Extensions::new(context, Vec::new()).unwrap());
            assert_eq!(block.len(), 0);
            assert_eq!(block.find(ExtensionType::SERVER_NAME), None);
            assert_eq!(block.iter().count(), 0);
            assert_eq!(block.offset, 4);
            let mut out = Vec::new();
            block.encode(&mut out);
            assert_eq!(out, [0, 0]);
        }
    }

    #[test]
    fn finds_each_extension_by_type_and_walks_them_in_wire_order() {
        let message = hex(CHROME_GREASE);
        let block = client_hello_block(&message);
        let extensions = block_round_trip(block, ExtensionContext::ClientHello);
        let types: Vec<ExtensionType> = extensions.types().collect();
        assert_eq!(types.len(), extensions.len());
        for (index, raw) in extensions.iter().enumerate() {
            assert_eq!(raw.typ(), types[index]);
            // Indexed (below 64) or walked (GREASE, renegotiation_info), each is found.
            assert_eq!(extensions.find(raw.typ()), Some(raw), "{}", raw.typ());
            assert_eq!(
                &extension_in(block, raw.typ().get())[4..],
                raw.body(),
                "{}",
                raw.typ()
            );
        }
        assert_eq!(extensions.last(), extensions.iter().last());
        assert!(types.contains(&ExtensionType::RENEGOTIATION_INFO));
        assert_eq!(extensions.find(ExtensionType::new(0x1234)), None);
        assert_eq!(extensions.find(ExtensionType::COOKIE), None);
    }

    /// Decoding a block reads its framing only: a malformed extension is found when it is
    /// read, with an offset in the whole input, and the others read as ever.
    #[test]
    fn a_malformed_extension_fails_only_when_read() {
        // supported_groups with an odd length, after a good supported_versions; two bytes of
        // something else come first in the input.
        let mut input = vec![0xaa, 0xbb];
        input.extend(raw_block(&[
            (0x002b, &[2, 3, 4]),
            (0x000a, &[0, 3, 0, 0x1d, 0]),
        ]));
        let mut r = Reader::new(&input);
        r.u16("prefix").unwrap();
        let block = Extensions::decode(&mut r, ExtensionContext::ClientHello).unwrap();
        assert_eq!(block.len(), 2);
        assert!(block.supported_versions().unwrap().is_some());
        let err = block.supported_groups().unwrap_err();
        assert!(matches!(
            err.kind(),
            DecodeErrorKind::LengthNotMultiple { len: 3, .. }
        ));
        // The input's two bytes, the block's length, the first extension (7), the second's
        // header (4): the list's length sits at 15.
        assert_eq!(err.offset(), 15);
        assert_eq!(block.decode_all().unwrap_err(), err);
        assert_eq!(
            block
                .find(ExtensionType::SUPPORTED_GROUPS)
                .unwrap()
                .decode(),
            Err(err)
        );
    }

    #[test]
    fn views_read_what_the_typed_forms_read() {
        let message = hex(CHROME_GREASE);
        let extensions =
            block_round_trip(client_hello_block(&message), ExtensionContext::ClientHello);
        let raw = |typ| extensions.find(typ).unwrap();
        let shares = raw(ExtensionType::KEY_SHARE)
            .client_shares()
            .unwrap()
            .unwrap();
        let typed = extensions.key_share_client_hello().unwrap().unwrap();
        assert_eq!(shares.to_list().unwrap(), typed.client_shares);
        let names = raw(ExtensionType::APPLICATION_LAYER_PROTOCOL_NEGOTIATION)
            .protocol_names()
            .unwrap()
            .unwrap();
        assert_eq!(
            names.to_list().unwrap(),
            extensions
                .application_layer_protocol_negotiation()
                .unwrap()
                .unwrap()
        );
        let hosts = raw(ExtensionType::SERVER_NAME)
            .server_names()
            .unwrap()
            .unwrap();
        assert_eq!(
            hosts.to_list().unwrap(),
            extensions.server_name().unwrap().unwrap()
        );
        // Each view answers only for its own extension.
        assert_eq!(raw(ExtensionType::KEY_SHARE).server_names(), Ok(None));
        assert_eq!(raw(ExtensionType::SERVER_NAME).client_shares(), Ok(None));
        // A malformed item is the error the typed form gives.
        let block = raw_block(&[(0x0033, &[0, 9, 0, 0x1d, 0, 1, 9, 0, 0x17, 0, 0][..])]);
        let bad =
            Extensions::decode(&mut Reader::new(&block), ExtensionContext::ClientHello).unwrap();
        let typed = bad.key_share_client_hello().unwrap_err();
        let view = bad.find(ExtensionType::KEY_SHARE).unwrap().client_shares();
        assert_eq!(view.map(|view| view.unwrap().check()), Ok(Err(typed)));
    }

    #[test]
    fn records_the_first_extension_the_tls13_table_forbids() {
        // oid_filters belongs in a CertificateRequest only; cookie is allowed in a ClientHello;
        // unknown types are never forbidden.
        let block = raw_block(&[(0x1234, &[]), (0x002c, &[0, 1, 7]), (0x0030, &[0, 0])]);
        let decoded =
            Extensions::decode(&mut Reader::new(&block), ExtensionContext::ClientHello).unwrap();
        assert_eq!(
            decoded.first_forbidden_in_tls13(),
            Some(ExtensionType::OID_FILTERS)
        );
        let message = hex(CHROME_GREASE);
        let chrome = block_round_trip(client_hello_block(&message), ExtensionContext::ClientHello);
        assert_eq!(chrome.first_forbidden_in_tls13(), None);
    }

    #[test]
    fn without_cuts_out_the_named_extensions() {
        let block = raw_block(&[
            (0x0000, &[1]),
            (0x0033, &[2, 2]),
            (0x1234, &[3]),
            (0x002c, &[4]),
        ]);
        let decoded = Extensions::decode(
            &mut Reader::new(&block),
            ExtensionContext::EncryptedExtensions,
        )
        .unwrap();
        let runs = decoded.without(&[ExtensionType::COOKIE, ExtensionType::KEY_SHARE]);
        assert_eq!(runs, [&block[2..7], &block[13..18], &[][..]]);
        assert_eq!(decoded.without(&[]), [&block[2..]]);
    }
}
