//! The `extensions` of a v3 certificate, kept in wire order, and the values of every extension
//! of RFC 5280 §4.2 (and Certificate Transparency's SCT list), decoded once when the certificate
//! is parsed: the path checks read those values, and an extension that does not follow its
//! syntax is refused even when nothing else reads it.
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

use super::extension_values::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAltName,
    decode_general_names, decode_subject_key_identifier,
};
use super::known::{
    ID_CE_CRL_DISTRIBUTION_POINTS, ID_CE_FRESHEST_CRL, ID_CE_ISSUER_ALT_NAME,
    ID_PE_AUTHORITY_INFO_ACCESS, ID_PE_SUBJECT_INFO_ACCESS, Known,
};
use super::other_extensions::{self as other, DistributionPoints};
use super::policies::{self, Policies};
use crate::der::{
    TAG_BOOLEAN, TAG_OCTET_STRING, TAG_OID, TAG_SEQUENCE, Walker, boolean, malformed, oid,
};
use crate::error::Error;
use crate::name::constraints::NameConstraints;

/// At most this many extensions per certificate. Bounds the table of extnIDs the duplicate
/// check keeps on the stack, and its quadratic time; Web PKI certificates carry about ten, and
/// x509-limbo's largest few dozen.
pub const MAX_EXTENSIONS: usize = 64;

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

/// One `Extension` as framed.
#[derive(Clone, Copy, Debug)]
struct Framed<'a> {
    /// The contents octets of `extnID`.
    encoded_oid: &'a [u8],
    /// What the extnID names.
    id: ExtnId<'a>,
    critical: bool,
    value: &'a [u8],
}

/// An extnID: one we know (recognised by its encoding, without parsing it), or another,
/// checked to be a valid OID when the certificate was parsed.
#[derive(Clone, Copy, Debug)]
enum ExtnId<'a> {
    Known(Known),
    Other(&'a [u8]),
}

impl ExtnId<'_> {
    /// The OID; `None` only for bytes that were never checked (which do not occur).
    fn oid(self) -> Option<ObjectIdentifier> {
        match self {
            Self::Known(known) => Some(known.oid()),
            Self::Other(encoded) => ObjectIdentifier::from_bytes(encoded).ok(),
        }
    }
}

impl<'a> Framed<'a> {
    /// Parses one `Extension` SEQUENCE.
    fn decode(walker: &mut Walker<'a>) -> Result<Self, Error> {
        let extension = walker.expect(TAG_SEQUENCE, "Extension")?;
        let mut fields = Walker::new(extension.value, "Extension")?;
        let extn_id = fields.expect(TAG_OID, "Extension.extnID")?;
        // A known extnID is recognised by its encoding, which is a valid OID: only the others
        // need the (costlier) OID parse, which refuses malformed ones.
        let id = match Known::from_encoded(extn_id.value) {
            Some(known) => ExtnId::Known(known),
            None => {
                oid(extn_id, "Extension.extnID")?;
                ExtnId::Other(extn_id.value)
            }
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
        Ok(Self {
            encoded_oid: extn_id.value,
            id,
            critical,
            value,
        })
    }

    /// The public form.
    fn extension(self) -> Option<Extension<'a>> {
        Some(Extension {
            oid: self.id.oid()?,
            critical: self.critical,
            value: self.value,
        })
    }
}

/// A certificate's extensions: the DER in wire order, and the values of the known ones (every
/// extension of RFC 5280 §4.2 and the SCT list), each decoded once when the certificate was
/// parsed.
///
/// Nothing is copied or allocated. The path checks read the decoded values; [`iter`] and
/// [`find`] walk the DER again for callers that want the extensions as they are.
///
/// [`iter`]: Self::iter
/// [`find`]: Self::find
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Extensions<'a> {
    /// The contents of the `Extensions` SEQUENCE: at most [`MAX_EXTENSIONS`] well-formed
    /// `Extension`s with distinct extnIDs.
    der: &'a [u8],
    /// The [`Known`] extensions present, by [`Known::bit`].
    present: u32,
    /// The [`Known`] extensions present and critical.
    critical: u32,
    /// The [`Known`] extensions whose value does not follow its syntax.
    malformed: u32,
    /// Whether a critical extension we do not process is present.
    any_unprocessed_critical: bool,
    /// The decoded values.
    pub(crate) values: Values<'a>,
}

/// The decoded values of the known extensions that the checks read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Values<'a> {
    pub(crate) subject_key_identifier: Option<&'a [u8]>,
    pub(crate) key_usage: Option<KeyUsage>,
    pub(crate) subject_alt_name: Option<SubjectAltName<'a>>,
    pub(crate) basic_constraints: Option<BasicConstraints>,
    pub(crate) name_constraints: Option<(&'a [u8], NameConstraints<'a>)>,
    pub(crate) authority_key_identifier: Option<AuthorityKeyIdentifier<'a>>,
    pub(crate) extended_key_usage: Option<ExtendedKeyUsage<'a>>,
    pub(crate) policy: Policies,
    pub(crate) crl_distribution_points: Option<DistributionPoints<'a>>,
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
        // The extnIDs of unknown extensions seen so far, as encoded: DER gives each OID one
        // encoding, so equal contents octets are equal OIDs. Known ones are tracked by bit.
        let mut seen: [&[u8]; MAX_EXTENSIONS] = [&[]; MAX_EXTENSIONS];
        let mut unknown = 0;
        let mut count = 0usize;
        while !walker.is_empty() {
            let framed = Framed::decode(&mut walker)?;
            count = count.saturating_add(1);
            if count > MAX_EXTENSIONS {
                return Err(malformed("Extensions (too many)"));
            }
            //= https://www.rfc-editor.org/rfc/rfc5280#section-4.2
            //# A certificate MUST NOT include more
            //# than one instance of a particular extension.
            let duplicate = || match framed.id.oid() {
                Some(oid) => Error::DuplicateExtension { oid },
                None => malformed("Extension.extnID"),
            };
            match framed.id {
                ExtnId::Known(known) => {
                    if extensions.present & known.bit() != 0 {
                        return Err(duplicate());
                    }
                    extensions.present |= known.bit();
                    if framed.critical {
                        extensions.critical |= known.bit();
                        extensions.any_unprocessed_critical |= !known.processed();
                    }
                    if extensions.values.decode(known, framed.value).is_err() {
                        extensions.malformed |= known.bit();
                    }
                }
                ExtnId::Other(_) => {
                    let (earlier, free) = seen.split_at_mut(unknown);
                    if earlier.contains(&framed.encoded_oid) {
                        return Err(duplicate());
                    }
                    if let Some(slot) = free.first_mut() {
                        *slot = framed.encoded_oid;
                    }
                    unknown += 1;
                    extensions.any_unprocessed_critical |= framed.critical;
                }
            }
        }
        Ok(extensions)
    }

    /// The extensions in wire order.
    pub fn iter(&self) -> impl Iterator<Item = Extension<'a>> + use<'a> {
        Walk::over(self.der).filter_map(Framed::extension)
    }

    /// Whether the certificate has no extensions.
    pub fn is_empty(&self) -> bool {
        self.der.is_empty()
    }

    /// The extension with `oid`, if present.
    pub fn find(&self, oid: ObjectIdentifier) -> Option<Extension<'a>> {
        self.iter().find(|extension| extension.oid == oid)
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
        let walk = if self.any_unprocessed_critical {
            Walk::over(self.der)
        } else {
            Walk::over(&[])
        };
        walk.filter_map(|framed| match framed.id {
            ExtnId::Known(known) if framed.critical && !known.processed() => Some(known.oid()),
            ExtnId::Other(_) if framed.critical => framed.id.oid(),
            ExtnId::Known(_) | ExtnId::Other(_) => None,
        })
    }

    /// Whether the known extension is present.
    #[inline]
    pub(crate) fn has(&self, known: Known) -> bool {
        self.present & known.bit() != 0
    }

    /// Whether the known extension is present and critical.
    #[inline]
    pub(crate) fn is_critical(&self, known: Known) -> bool {
        self.critical & known.bit() != 0
    }

    /// `Ok(())` if the known extension is absent or well-formed; otherwise its value, decoded
    /// again, gives the error (the slow path, taken once per refusal).
    #[inline]
    pub(crate) fn check(&self, known: Known) -> Result<(), Error> {
        if self.malformed & known.bit() == 0 {
            return Ok(());
        }
        let value = Walk::over(self.der)
            .find(|framed| matches!(framed.id, ExtnId::Known(k) if k == known))
            .map(|framed| framed.value)
            .unwrap_or_default();
        let mut scratch = Values::default();
        scratch.decode(known, value)?;
        // Unreachable: the value failed to decode when the certificate was parsed.
        Err(malformed_extension(known.oid(), "not its RFC 5280 syntax"))
    }

    /// The first malformed known extension's error, in [`Known::ALL`] order.
    pub(crate) fn check_all(&self) -> Result<(), Error> {
        if self.malformed == 0 {
            return Ok(());
        }
        Known::ALL.iter().try_for_each(|known| self.check(*known))
    }
}

impl<'a> Values<'a> {
    /// Decodes the value of `known` into its place.
    fn decode(&mut self, known: Known, value: &'a [u8]) -> Result<(), Error> {
        match known {
            Known::SubjectKeyIdentifier => {
                self.subject_key_identifier = Some(decode_subject_key_identifier(value)?);
            }
            Known::KeyUsage => self.key_usage = Some(KeyUsage::decode(value)?),
            Known::SubjectAltName => {
                self.subject_alt_name = Some(SubjectAltName::decode(value)?);
            }
            Known::BasicConstraints => {
                self.basic_constraints = Some(BasicConstraints::decode(value)?);
            }
            Known::NameConstraints => {
                self.name_constraints = Some((value, NameConstraints::from_der(value)?));
            }
            Known::AuthorityKeyIdentifier => {
                self.authority_key_identifier = Some(AuthorityKeyIdentifier::decode(value)?);
            }
            Known::ExtKeyUsage => {
                self.extended_key_usage = Some(ExtendedKeyUsage::decode(value)?);
            }
            Known::CertificatePolicies => policies::decode_certificate_policies(value)?,
            Known::PolicyMappings => policies::decode_policy_mappings(value)?,
            Known::PolicyConstraints => {
                self.policy.constraints = Some(policies::PolicyConstraints::decode(value)?);
            }
            Known::InhibitAnyPolicy => {
                self.policy.inhibit_any_policy = Some(policies::decode_inhibit_any_policy(value)?);
            }
            Known::CrlDistributionPoints => {
                self.crl_distribution_points = Some(DistributionPoints::decode(
                    value,
                    ID_CE_CRL_DISTRIBUTION_POINTS,
                )?);
            }
            Known::FreshestCrl => {
                DistributionPoints::decode(value, ID_CE_FRESHEST_CRL)?;
            }
            Known::IssuerAltName => {
                decode_general_names(value, ID_CE_ISSUER_ALT_NAME)?;
            }
            Known::SubjectDirectoryAttributes => {
                other::decode_subject_directory_attributes(value)?;
            }
            Known::AuthorityInfoAccess => {
                other::decode_access_descriptions(value, ID_PE_AUTHORITY_INFO_ACCESS)?;
            }
            Known::SubjectInfoAccess => {
                other::decode_access_descriptions(value, ID_PE_SUBJECT_INFO_ACCESS)?;
            }
            Known::SignedCertificateTimestamps => other::decode_sct_list(value)?,
        }
        Ok(())
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
    type Item = Framed<'a>;

    fn next(&mut self) -> Option<Framed<'a>> {
        let walker = self.walker.as_mut()?;
        if walker.is_empty() {
            self.walker = None;
            return None;
        }
        // These bytes decoded when the certificate was parsed, and decode the same way again;
        // an error cannot happen, and would end the walk rather than panic.
        let extension = Framed::decode(walker).ok();
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
    use crate::cert::{ID_CE_KEY_USAGE, ID_CE_SUBJECT_ALT_NAME};

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
        assert_eq!(extensions.find(ID_CE_SUBJECT_ALT_NAME), None);
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
