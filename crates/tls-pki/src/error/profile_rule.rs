//! [`ProfileRule`]: the rules of the RFC 5280 and CA/Browser Forum profiles that a
//! [`ProfileViolation`](super::Error::ProfileViolation) names, each with what to change in the
//! certificate.
//!
//! Several are stricter than rustls-webpki, Go and OpenSSL (the crate README lists which and
//! why); a private PKI meets them first, so each says how to issue a certificate that passes,
//! in the terms of the tools such PKIs are made with (rcgen, `openssl x509`/`req` extension
//! sections).

use core::fmt;

/// A profile rule a certificate breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProfileRule {
    /// RFC 5280 §4.1.2.4: the issuer name is empty.
    EmptyIssuer,
    /// RFC 5280 §4.1.2.6: a CA certificate's subject is empty.
    EmptyCaSubject,
    /// RFC 5280 §4.2.1.10: an end-entity certificate carries nameConstraints.
    EndEntityNameConstraints,
    /// RFC 5280 §4.2.1.6: the subject is empty and subjectAltName is missing or not critical.
    EmptySubjectWithoutCriticalSubjectAltName,
    /// CABF BR §7.1.2.7.12: a subscriber certificate with a subject marks subjectAltName
    /// critical.
    CriticalSubjectAltNameWithSubject,
    /// CABF BR §7.1.4.3: a subscriber's commonName is not a copy of a subjectAltName entry,
    /// or there are several.
    CommonNameNotFromSubjectAltName,
    /// CABF BR §6.1.5: an RSA modulus's size in bits is not a multiple of 8.
    RsaModulusNotMultipleOf8,
    /// RFC 5280 §4.2.1.1: authorityKeyIdentifier is marked critical.
    CriticalAuthorityKeyIdentifier,
    /// RFC 5280 §4.2.1.1: a certificate that is not a self-signed root has no
    /// authorityKeyIdentifier.
    MissingAuthorityKeyIdentifier,
    /// RFC 5280 §4.2.1.1: authorityKeyIdentifier has no keyIdentifier.
    AuthorityKeyIdentifierWithoutKeyIdentifier,
    /// CABF BR §7.1.2.1.3: a root's authorityKeyIdentifier names an issuer or serial number.
    RootAuthorityKeyIdentifierNamesIssuer,
    /// CABF BR §7.1.2.1.3: a root's authorityKeyIdentifier differs from its
    /// subjectKeyIdentifier, or has no keyIdentifier.
    RootAuthorityKeyIdentifierNotItsOwn,
    /// RFC 5280 §4.2.1.2: subjectKeyIdentifier is marked critical.
    CriticalSubjectKeyIdentifier,
    /// RFC 5280 §4.2.1.2: a CA certificate has no subjectKeyIdentifier.
    MissingSubjectKeyIdentifier,
    /// CABF BR §7.1.2.7.10: a subscriber certificate's extKeyUsage holds anyExtendedKeyUsage.
    SubscriberAnyExtendedKeyUsage,
    /// CABF BR §7.1.2.7.6: a subscriber certificate marks extKeyUsage critical.
    SubscriberCriticalExtendedKeyUsage,
    /// CABF BR §7.1.2.1.2: a root certificate carries extKeyUsage.
    RootExtendedKeyUsage,
    /// RFC 5280 §4.2.1.11: policyConstraints is not marked critical.
    NonCriticalPolicyConstraints,
    /// RFC 5280 §4.2.1.14: inhibitAnyPolicy is not marked critical.
    NonCriticalInhibitAnyPolicy,
}

impl ProfileRule {
    /// The clause the rule comes from.
    pub fn clause(&self) -> &'static str {
        match self {
            Self::EmptyIssuer => "RFC 5280 §4.1.2.4",
            Self::EmptyCaSubject => "RFC 5280 §4.1.2.6",
            Self::EndEntityNameConstraints => "RFC 5280 §4.2.1.10",
            Self::EmptySubjectWithoutCriticalSubjectAltName => "RFC 5280 §4.2.1.6",
            Self::CriticalSubjectAltNameWithSubject => "CABF BR §7.1.2.7.12",
            Self::CommonNameNotFromSubjectAltName => "CABF BR §7.1.4.3",
            Self::RsaModulusNotMultipleOf8 => "CABF BR §6.1.5",
            Self::CriticalAuthorityKeyIdentifier
            | Self::MissingAuthorityKeyIdentifier
            | Self::AuthorityKeyIdentifierWithoutKeyIdentifier => "RFC 5280 §4.2.1.1",
            Self::RootAuthorityKeyIdentifierNamesIssuer
            | Self::RootAuthorityKeyIdentifierNotItsOwn => "CABF BR §7.1.2.1.3",
            Self::CriticalSubjectKeyIdentifier | Self::MissingSubjectKeyIdentifier => {
                "RFC 5280 §4.2.1.2"
            }
            Self::SubscriberAnyExtendedKeyUsage => "CABF BR §7.1.2.7.10",
            Self::SubscriberCriticalExtendedKeyUsage => "CABF BR §7.1.2.7.6",
            Self::RootExtendedKeyUsage => "CABF BR §7.1.2.1.2",
            Self::NonCriticalPolicyConstraints => "RFC 5280 §4.2.1.11",
            Self::NonCriticalInhibitAnyPolicy => "RFC 5280 §4.2.1.14",
        }
    }

    /// What to change when issuing the certificate, so that it passes.
    pub fn fix(&self) -> &'static str {
        match self {
            Self::EmptyIssuer | Self::EmptyCaSubject => {
                "give the CA a distinguished name (at least a commonName)"
            }
            Self::EndEntityNameConstraints => {
                "put nameConstraints only in CA certificates (basicConstraints cA TRUE)"
            }
            Self::EmptySubjectWithoutCriticalSubjectAltName => {
                "give the certificate a subject, or mark its subjectAltName critical"
            }
            Self::CriticalSubjectAltNameWithSubject => {
                "mark subjectAltName non-critical when the subject is not empty"
            }
            Self::CommonNameNotFromSubjectAltName => {
                "leave the commonName out, or make it an exact copy of one dNSName (or the \
                 canonical text of one iPAddress) of the subjectAltName"
            }
            Self::RsaModulusNotMultipleOf8 => {
                "generate the RSA key with a size that is a multiple of 8 bits (2048, 3072, 4096)"
            }
            Self::CriticalAuthorityKeyIdentifier => "mark authorityKeyIdentifier non-critical",
            Self::MissingAuthorityKeyIdentifier
            | Self::AuthorityKeyIdentifierWithoutKeyIdentifier => {
                "issue it with an authorityKeyIdentifier holding the issuer's key identifier \
                 (rcgen: `use_authority_key_identifier_extension = true`; OpenSSL: \
                 `authorityKeyIdentifier = keyid`)"
            }
            Self::RootAuthorityKeyIdentifierNamesIssuer
            | Self::RootAuthorityKeyIdentifierNotItsOwn => {
                "leave authorityKeyIdentifier out of the root, or make it hold only the root's \
                 own subjectKeyIdentifier (OpenSSL: `authorityKeyIdentifier = keyid`)"
            }
            Self::CriticalSubjectKeyIdentifier => "mark subjectKeyIdentifier non-critical",
            Self::MissingSubjectKeyIdentifier => {
                "issue the CA certificate with a subjectKeyIdentifier (rcgen adds one to CA \
                 certificates by default, `key_identifier_method`; OpenSSL: \
                 `subjectKeyIdentifier = hash`)"
            }
            Self::SubscriberAnyExtendedKeyUsage => {
                "list only the purposes the certificate serves (serverAuth, clientAuth), never \
                 anyExtendedKeyUsage"
            }
            Self::SubscriberCriticalExtendedKeyUsage => "mark extKeyUsage non-critical",
            Self::RootExtendedKeyUsage => {
                "leave extKeyUsage out of the root; restrict purposes in the intermediates"
            }
            Self::NonCriticalPolicyConstraints => "mark policyConstraints critical",
            Self::NonCriticalInhibitAnyPolicy => "mark inhibitAnyPolicy critical",
        }
    }
}

impl fmt::Display for ProfileRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self {
            Self::EmptyIssuer => "issuer is empty",
            Self::EmptyCaSubject => "CA subject is empty",
            Self::EndEntityNameConstraints => "end-entity has nameConstraints",
            Self::EmptySubjectWithoutCriticalSubjectAltName => {
                "empty subject without a critical subjectAltName"
            }
            Self::CriticalSubjectAltNameWithSubject => {
                "critical subjectAltName with a non-empty subject"
            }
            Self::CommonNameNotFromSubjectAltName => {
                "commonName is not a copy of a subjectAltName entry"
            }
            Self::RsaModulusNotMultipleOf8 => "RSA modulus size is not divisible by 8",
            Self::CriticalAuthorityKeyIdentifier => "authorityKeyIdentifier is critical",
            Self::MissingAuthorityKeyIdentifier => {
                "authorityKeyIdentifier is missing (required in every certificate but a \
                 self-signed root)"
            }
            Self::AuthorityKeyIdentifierWithoutKeyIdentifier => {
                "authorityKeyIdentifier has no keyIdentifier"
            }
            Self::RootAuthorityKeyIdentifierNamesIssuer => {
                "root authorityKeyIdentifier names an issuer or serial"
            }
            Self::RootAuthorityKeyIdentifierNotItsOwn => {
                "root authorityKeyIdentifier is not its own subjectKeyIdentifier"
            }
            Self::CriticalSubjectKeyIdentifier => "subjectKeyIdentifier is critical",
            Self::MissingSubjectKeyIdentifier => "CA certificate has no subjectKeyIdentifier",
            Self::SubscriberAnyExtendedKeyUsage => {
                "subscriber extKeyUsage contains anyExtendedKeyUsage"
            }
            Self::SubscriberCriticalExtendedKeyUsage => "subscriber extKeyUsage is critical",
            Self::RootExtendedKeyUsage => "root certificate has extKeyUsage",
            Self::NonCriticalPolicyConstraints => "policyConstraints is not critical",
            Self::NonCriticalInhibitAnyPolicy => "inhibitAnyPolicy is not critical",
        };
        write!(f, "{}: {what}", self.clause())
    }
}
