//! The `extensions` of a v3 certificate, kept in wire order, and typed access to the ones the
//! path checks use.
//!
//! ```text
//! Extensions  ::=  SEQUENCE SIZE (1..MAX) OF Extension
//!
//! Extension  ::=  SEQUENCE  {
//!      extnID      OBJECT IDENTIFIER,
//!      critical    BOOLEAN DEFAULT FALSE,
//!      extnValue   OCTET STRING
//!                  -- contains the DER encoding of an ASN.1 value
//!                  -- corresponding to the extension type identified
//!                  -- by extnID
//!      }
//! ```

use der::oid::ObjectIdentifier;

use crate::der::{
    TAG_BOOLEAN, TAG_OCTET_STRING, TAG_OID, TAG_SEQUENCE, Walker, boolean, malformed, oid,
};
use crate::error::Error;

/// At most this many extensions per certificate. Bounds the table of extnIDs the duplicate
/// check keeps on the stack, and its quadratic time; Web PKI certificates carry about ten, and
/// x509-limbo's largest few dozen.
pub const MAX_EXTENSIONS: usize = 64;

/// `id-ce-subjectKeyIdentifier` (RFC 5280 §4.2.1.2).
pub const ID_CE_SUBJECT_KEY_IDENTIFIER: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.5.29.14");
/// `id-ce-keyUsage` (RFC 5280 §4.2.1.3).
pub const ID_CE_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.15");
/// `id-ce-subjectAltName` (RFC 5280 §4.2.1.6).
pub const ID_CE_SUBJECT_ALT_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.17");
/// `id-ce-basicConstraints` (RFC 5280 §4.2.1.9).
pub const ID_CE_BASIC_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.19");
/// `id-ce-nameConstraints` (RFC 5280 §4.2.1.10).
pub const ID_CE_NAME_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.30");
/// `id-ce-authorityKeyIdentifier` (RFC 5280 §4.2.1.1).
pub const ID_CE_AUTHORITY_KEY_IDENTIFIER: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.5.29.35");
/// `id-ce-extKeyUsage` (RFC 5280 §4.2.1.12).
pub const ID_CE_EXT_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37");

/// The extensions whose meaning we know; a critical extension outside this list is recorded by
/// [`Extensions::unknown_critical`] for the path check to refuse.
const KNOWN: [ObjectIdentifier; 7] = [
    ID_CE_SUBJECT_KEY_IDENTIFIER,
    ID_CE_KEY_USAGE,
    ID_CE_SUBJECT_ALT_NAME,
    ID_CE_BASIC_CONSTRAINTS,
    ID_CE_NAME_CONSTRAINTS,
    ID_CE_AUTHORITY_KEY_IDENTIFIER,
    ID_CE_EXT_KEY_USAGE,
];

/// One `Extension`, its value borrowed from the certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Extension<'a> {
    /// `extnID`.
    pub oid: ObjectIdentifier,
    /// `critical` (absent means `FALSE`).
    pub critical: bool,
    /// The contents of `extnValue`: the DER encoding of the extension's own value.
    pub value: &'a [u8],
}

impl<'a> Extension<'a> {
    /// Parses one `Extension` SEQUENCE; returns it with the contents octets of its extnID.
    fn decode(walker: &mut Walker<'a>) -> Result<(Self, &'a [u8]), Error> {
        let extension = walker.expect(TAG_SEQUENCE, "Extension")?;
        let mut fields = Walker::new(extension.value, "Extension")?;
        let extn_id = fields.any("Extension.extnID")?;
        // A known extnID is recognised by its encoding, which is a valid OID: only the others
        // need the (costlier) OID parse, which refuses malformed ones.
        let known = KNOWN
            .iter()
            .find(|known| extn_id.tag == TAG_OID && known.as_bytes() == extn_id.value);
        let oid = match known {
            Some(known) => *known,
            None => oid(extn_id, "Extension.extnID")?,
        };
        let critical = match fields.optional(TAG_BOOLEAN, "Extension.critical")? {
            //= https://www.rfc-editor.org/rfc/rfc5280#section-4.1
            //# For signature
            //# calculation, the data that is to be signed is encoded using the ASN.1
            //# distinguished encoding rules (DER) [X.690].
            // X.690 §11.5 says a DER value equal to its DEFAULT is omitted, so an encoded
            // `critical FALSE` is not DER.
            Some(tlv) if !boolean(tlv, "Extension.critical")? => {
                return Err(Error::ExplicitDefaultValue {
                    field: "Extension.critical",
                });
            }
            Some(_) => true,
            None => false,
        };
        let value = fields
            .expect(TAG_OCTET_STRING, "Extension.extnValue")?
            .value;
        fields.finish("Extension")?;
        Ok((
            Self {
                oid,
                critical,
                value,
            },
            extn_id.value,
        ))
    }
}

/// A certificate's extensions in wire order (empty when the certificate has none).
///
/// Nothing is copied or allocated: the DER is kept as received, checked once by decoding, and
/// walked again on demand by [`iter`](Self::iter). The extensions the path checks ask for (those
/// of [`KNOWN`]) are located while decoding, so that their lookups, made several times per
/// certificate and verification, do not walk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Extensions<'a> {
    /// The contents of the `Extensions` SEQUENCE: at most [`MAX_EXTENSIONS`] well-formed
    /// `Extension`s with distinct extnIDs.
    der: &'a [u8],
    /// The extension of each [`KNOWN`] extnID, at the same index, if present.
    known: [Option<Located<'a>>; KNOWN.len()],
    /// Whether a critical extension outside [`KNOWN`] is present.
    any_unknown_critical: bool,
}

/// Where one of the [`KNOWN`] extensions was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Located<'a> {
    critical: bool,
    value: &'a [u8],
}

impl<'a> Extensions<'a> {
    /// Parses the contents of the `[3] EXPLICIT` wrapper around `Extensions`.
    pub(crate) fn decode(explicit: &'a [u8]) -> Result<Self, Error> {
        let mut outer = Walker::new(explicit, "extensions")?;
        let sequence = outer.expect(TAG_SEQUENCE, "extensions")?;
        outer.finish("extensions")?;
        let mut walker = Walker::new(sequence.value, "Extensions")?;
        // `SIZE (1..MAX)`: an empty list is not an encoding of Extensions.
        if walker.is_empty() {
            return Err(malformed("Extensions"));
        }
        let mut extensions = Self {
            der: sequence.value,
            ..Self::default()
        };
        // The extnIDs seen so far, as encoded: DER gives each OID one encoding, so equal
        // contents octets are equal OIDs.
        let mut seen: [&[u8]; MAX_EXTENSIONS] = [&[]; MAX_EXTENSIONS];
        let mut count = 0;
        while !walker.is_empty() {
            let (extension, encoded_oid) = Extension::decode(&mut walker)?;
            let (earlier, free) = seen.split_at_mut(count);
            let Some(slot) = free.first_mut() else {
                return Err(malformed("Extensions (too many)"));
            };
            //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2
            //# A certificate MUST NOT include more
            //# than one instance of a particular extension.
            if earlier.contains(&encoded_oid) {
                return Err(Error::DuplicateExtension { oid: extension.oid });
            }
            *slot = encoded_oid;
            count += 1;
            match KNOWN
                .iter()
                .zip(extensions.known.iter_mut())
                .find(|(known, _)| known.as_bytes() == encoded_oid)
            {
                Some((_, located)) => {
                    *located = Some(Located {
                        critical: extension.critical,
                        value: extension.value,
                    });
                }
                None => extensions.any_unknown_critical |= extension.critical,
            }
        }
        Ok(extensions)
    }

    /// The extensions in wire order.
    pub fn iter(&self) -> impl Iterator<Item = Extension<'a>> + use<'a> {
        Walk::over(self.der)
    }

    /// Whether the certificate has no extensions.
    pub fn is_empty(&self) -> bool {
        self.der.is_empty()
    }

    /// The extension with `oid`, if present.
    pub fn find(&self, oid: ObjectIdentifier) -> Option<Extension<'a>> {
        // Compared as encodings: cheaper than `ObjectIdentifier`'s whole-buffer equality, on
        // a lookup the path checks make a dozen times per certificate.
        let wanted = oid.as_bytes();
        match KNOWN
            .iter()
            .zip(self.known)
            .find(|(known, _)| known.as_bytes() == wanted)
        {
            Some((_, located)) => located.map(|located| Extension {
                oid,
                critical: located.critical,
                value: located.value,
            }),
            None => self.iter().find(|extension| extension.oid == oid),
        }
    }

    /// The critical extensions this crate does not process.
    ///
    /// Parsing accepts them so that a certificate can be displayed and examined; the path check
    /// refuses them:
    //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2
    //# A certificate-using
    //# system MUST reject the certificate if it encounters a critical
    //# extension it does not recognize or a critical extension that contains
    //# information that it cannot process.
    pub fn unknown_critical(&self) -> impl Iterator<Item = ObjectIdentifier> + use<'a> {
        // Decoding noted whether there are any; most certificates have none, and then nothing
        // is walked.
        let walk = if self.any_unknown_critical {
            Walk::over(self.der)
        } else {
            Walk::over(&[])
        };
        walk.filter(|extension| extension.critical && !KNOWN.contains(&extension.oid))
            .map(|extension| extension.oid)
    }

    /// The value of the extension with `oid`, if present.
    pub(crate) fn value(&self, oid: ObjectIdentifier) -> Option<&'a [u8]> {
        self.find(oid).map(|extension| extension.value)
    }
}

/// A walk over a certificate's extensions in wire order: see [`Extensions::iter`].
struct Walk<'a> {
    walker: Option<Walker<'a>>,
}

impl<'a> Walk<'a> {
    /// A walk over the contents of an `Extensions` SEQUENCE that [`Extensions::decode`] accepted.
    fn over(der: &'a [u8]) -> Self {
        Self {
            walker: Walker::new(der, "Extensions").ok(),
        }
    }
}

impl<'a> Iterator for Walk<'a> {
    type Item = Extension<'a>;

    fn next(&mut self) -> Option<Extension<'a>> {
        let walker = self.walker.as_mut()?;
        if walker.is_empty() {
            self.walker = None;
            return None;
        }
        // These bytes decoded when the certificate was parsed, and decode the same way again;
        // an error cannot happen, and would end the walk rather than panic.
        let extension = Extension::decode(walker)
            .ok()
            .map(|(extension, _)| extension);
        if extension.is_none() {
            self.walker = None;
        }
        extension
    }
}

/// The error for an extension value that does not follow its syntax.
pub(crate) fn malformed_extension(oid: ObjectIdentifier, reason: &'static str) -> Error {
    Error::MalformedExtension { oid, reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
        let mut out = vec![tag, u8::try_from(contents.len()).unwrap()];
        out.extend_from_slice(contents);
        out
    }

    /// An `Extension` whose extnID is `1.3.6.1.4.1.99999.<last>` (or a known one).
    fn extension(oid: &[u8], critical: Option<u8>, value: &[u8]) -> Vec<u8> {
        let mut contents = tlv(0x06, oid);
        if let Some(byte) = critical {
            contents.extend(tlv(0x01, &[byte]));
        }
        contents.extend(tlv(0x04, value));
        tlv(0x30, &contents)
    }

    /// The `[3] EXPLICIT` contents: the Extensions SEQUENCE.
    fn list(extensions: &[Vec<u8>]) -> Vec<u8> {
        tlv(0x30, &extensions.concat())
    }

    const KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x0f];
    const PRIVATE: &[u8] = &[0x2b, 0x06, 0x01, 0x04, 0x01, 0x86, 0x8d, 0x1f, 0x01];

    #[test]
    fn keeps_extensions_in_wire_order_with_their_criticality() {
        let bytes = list(&[
            extension(PRIVATE, None, &[0x05, 0x00]),
            extension(KEY_USAGE, Some(0xff), &[0x03, 0x02, 0x07, 0x80]),
        ]);
        let extensions = Extensions::decode(&bytes).unwrap();
        let oids: Vec<String> = extensions
            .iter()
            .map(|extension| extension.oid.to_string())
            .collect();
        assert_eq!(oids, ["1.3.6.1.4.1.99999.1", "2.5.29.15"]);
        let key_usage = extensions.find(ID_CE_KEY_USAGE).unwrap();
        assert!(key_usage.critical);
        assert_eq!(key_usage.value, [0x03, 0x02, 0x07, 0x80]);
        assert_eq!(extensions.value(ID_CE_SUBJECT_ALT_NAME), None);
        assert_eq!(extensions.unknown_critical().count(), 0);
    }

    #[test]
    fn lists_only_unknown_critical_extensions() {
        let bytes = list(&[
            extension(PRIVATE, Some(0xff), &[0x05, 0x00]),
            extension(KEY_USAGE, Some(0xff), &[0x03, 0x02, 0x07, 0x80]),
        ]);
        let extensions = Extensions::decode(&bytes).unwrap();
        let unknown: Vec<String> = extensions
            .unknown_critical()
            .map(|oid| oid.to_string())
            .collect();
        assert_eq!(unknown, ["1.3.6.1.4.1.99999.1"]);
    }

    #[test]
    fn rejects_duplicate_extension() {
        let ku = extension(KEY_USAGE, None, &[0x03, 0x02, 0x07, 0x80]);
        let bytes = list(&[ku.clone(), extension(PRIVATE, None, &[]), ku]);
        assert_eq!(
            Extensions::decode(&bytes),
            Err(Error::DuplicateExtension {
                oid: ID_CE_KEY_USAGE
            })
        );
    }

    #[test]
    fn rejects_explicit_critical_false_and_non_der_booleans() {
        let explicit_false = list(&[extension(KEY_USAGE, Some(0x00), &[])]);
        assert_eq!(
            Extensions::decode(&explicit_false),
            Err(Error::ExplicitDefaultValue {
                field: "Extension.critical"
            })
        );
        let not_der = list(&[extension(KEY_USAGE, Some(0x01), &[])]);
        assert!(matches!(
            Extensions::decode(&not_der),
            Err(Error::MalformedCertificate { .. })
        ));
    }

    #[test]
    fn rejects_empty_list_and_trailing_data() {
        assert_eq!(Extensions::decode(&list(&[])), Err(malformed("Extensions")));
        let mut trailing = list(&[extension(PRIVATE, None, &[])]);
        trailing.extend([0x05, 0x00]);
        assert_eq!(Extensions::decode(&trailing), Err(malformed("extensions")));
    }

    #[test]
    fn rejects_more_than_max_extensions() {
        let many: Vec<Vec<u8>> = (0..=MAX_EXTENSIONS)
            .map(|i| {
                let mut oid = PRIVATE.to_vec();
                *oid.last_mut().unwrap() = u8::try_from(i).unwrap();
                extension(&oid, None, &[])
            })
            .collect();
        // Each is 14 octets, so the list needs a two-octet length.
        let contents = many.concat();
        let len = u16::try_from(contents.len()).unwrap().to_be_bytes();
        let mut bytes = vec![0x30, 0x82, len[0], len[1]];
        bytes.extend(contents);
        assert_eq!(
            Extensions::decode(&bytes),
            Err(malformed("Extensions (too many)"))
        );
    }
}
