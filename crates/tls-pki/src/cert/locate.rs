//! Finding a candidate issuer's subject and key identifier in its DER without parsing it: the
//! path builder matches names before it parses a certificate, and parses only the ones it
//! tries.

use super::ID_CE_SUBJECT_KEY_IDENTIFIER;
use crate::der::{TAG_BOOLEAN, TAG_OCTET_STRING, TAG_OID, TAG_SEQUENCE, Walker, single};

/// The subject Name TLV of the DER certificate `der`, found by framing the TLVs before it
/// without checking them (the path builder's way of matching issuers to candidates before it
/// parses one); `None` if the framing does not lead there.
pub(crate) fn locate_subject(der: &[u8]) -> Option<&[u8]> {
    let mut tbs = tbs_fields(der)?;
    // version (optional), serialNumber, signature, issuer, validity, then subject.
    if tbs.peek_tag() == Some(0xa0) {
        tbs.any("version").ok()?;
    }
    for _ in 0..4 {
        tbs.any("field").ok()?;
    }
    Some(tbs.expect(TAG_SEQUENCE, "subject").ok()?.raw)
}

/// The subjectKeyIdentifier octets of the DER certificate `der`, found as
/// [`locate_subject`] finds the subject, if it has one.
pub(crate) fn locate_subject_key_identifier(der: &[u8]) -> Option<&[u8]> {
    let mut tbs = tbs_fields(der)?;
    let mut extensions = None;
    while !tbs.is_empty() {
        let field = tbs.any("field").ok()?;
        if field.tag == 0xa3 {
            extensions = Some(field.value);
        }
    }
    let list = single(extensions?, TAG_SEQUENCE, "Extensions").ok()?;
    let mut walker = Walker::new(list, "Extensions").ok()?;
    while !walker.is_empty() {
        let extension = walker.expect(TAG_SEQUENCE, "Extension").ok()?;
        let mut fields = Walker::new(extension.value, "Extension").ok()?;
        if fields.expect(TAG_OID, "extnID").ok()?.value != ID_CE_SUBJECT_KEY_IDENTIFIER.as_bytes() {
            continue;
        }
        fields.optional(TAG_BOOLEAN, "critical").ok()?;
        let value = fields.any("extnValue").ok()?.value;
        return single(value, TAG_OCTET_STRING, "KeyIdentifier").ok();
    }
    None
}

/// A walker over the fields of `der`'s tbsCertificate.
fn tbs_fields(der: &[u8]) -> Option<Walker<'_>> {
    let certificate = single(der, TAG_SEQUENCE, "Certificate").ok()?;
    let mut fields = Walker::new(certificate, "Certificate").ok()?;
    let tbs = fields.expect(TAG_SEQUENCE, "tbsCertificate").ok()?;
    Walker::new(tbs.value, "tbsCertificate").ok()
}
