//! Certificate chains made at run time: a root, an optional intermediate and a leaf for the
//! names a test asks for, valid from 2020 to 9999, as DER and PEM, with the leaf's key.
//!
//! Every chain has the shape our validator (tls-pki) and OpenSSL accept: CAs carry
//! basicConstraints (the intermediate `pathLenConstraint 0`) and keyUsage keyCertSign + cRLSign;
//! the leaf carries keyUsage digitalSignature, its extended key usages and its names as
//! subjectAltName entries; every certificate but the self-signed root carries an authority key
//! identifier, which tls-pki requires to chain.

use std::net::IpAddr;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyUsagePurpose, SanType,
};

use crate::key_type::{IssuerRole, KeyType};
use crate::{Certificate, Chain, Error, PrivateKey};

/// The subject of a leaf made without a common name. rcgen cannot mark subjectAltName critical,
/// which RFC 5280 §4.2.1.6 requires under an empty subject, so the subject is never empty.
const LEAF_ORGANIZATION: &str = "tls-tests";

/// What a leaf may be used for (its extendedKeyUsage, RFC 5280 §4.2.1.12).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtendedKeyUsage {
    /// `id-kp-serverAuth`: a TLS server.
    ServerAuth,
    /// `id-kp-clientAuth`: a TLS client.
    ClientAuth,
}

/// A chain under construction. `build` may be called more than once: each chain gets fresh CA
/// keys (see [`ChainBuilder::issuer_key_type`]), so chains from one builder do not trust each
/// other.
///
/// ```
/// use tls_tests::{ChainBuilder, KeyType};
///
/// let chain = ChainBuilder::new(KeyType::EcdsaP256)
///     .dns_name("localhost")
///     .ip_address([127, 0, 0, 1].into())
///     .intermediate("Test Intermediate")
///     .build()
///     .unwrap();
/// assert_eq!(chain.chain_der().len(), 2);
/// ```
#[derive(Clone, Debug)]
pub struct ChainBuilder {
    key_type: KeyType,
    issuer_key_type: KeyType,
    dns_names: Vec<String>,
    ip_addresses: Vec<IpAddr>,
    common_name: Option<String>,
    root_name: String,
    intermediate_name: Option<String>,
    extended_key_usages: Vec<ExtendedKeyUsage>,
}

impl ChainBuilder {
    /// A chain whose leaf has a key of `key_type` (the checked-in one,
    /// [`KeyType::leaf_key_pem`]), signed by a root named `Test Root` with a fresh ECDSA P-256
    /// key, for no names yet, for server authentication.
    pub fn new(key_type: KeyType) -> Self {
        Self {
            key_type,
            issuer_key_type: KeyType::EcdsaP256,
            dns_names: Vec::new(),
            ip_addresses: Vec::new(),
            common_name: None,
            root_name: "Test Root".to_owned(),
            intermediate_name: None,
            extended_key_usages: vec![ExtendedKeyUsage::ServerAuth],
        }
    }

    /// Adds a DNS name to the leaf's subjectAltName.
    pub fn dns_name(mut self, name: impl Into<String>) -> Self {
        self.dns_names.push(name.into());
        self
    }

    /// Adds an IP address to the leaf's subjectAltName.
    pub fn ip_address(mut self, address: IpAddr) -> Self {
        self.ip_addresses.push(address);
        self
    }

    /// Gives the leaf's subject a common name (without one, the subject is `O=tls-tests`).
    pub fn common_name(mut self, name: impl Into<String>) -> Self {
        self.common_name = Some(name.into());
        self
    }

    /// Names the root (its subject's common name; `Test Root` unless set).
    pub fn root_name(mut self, name: impl Into<String>) -> Self {
        self.root_name = name.into();
        self
    }

    /// Puts an intermediate CA, with this common name, between the root and the leaf.
    pub fn intermediate(mut self, name: impl Into<String>) -> Self {
        self.intermediate_name = Some(name.into());
        self
    }

    /// The key type of the root and the intermediate (ECDSA P-256 unless set), which also sets
    /// the algorithm they sign with. Their keys are generated for each chain, except RSA's:
    /// ring cannot generate RSA keys, so RSA CAs use the checked-in `testdata/pki/` keys, and
    /// two RSA-rooted chains with the same root name trust each other.
    pub fn issuer_key_type(mut self, key_type: KeyType) -> Self {
        self.issuer_key_type = key_type;
        self
    }

    /// Replaces the leaf's extended key usages (server authentication alone unless set).
    pub fn extended_key_usages(mut self, usages: &[ExtendedKeyUsage]) -> Self {
        self.extended_key_usages = usages.to_vec();
        self
    }

    /// Makes the chain.
    pub fn build(&self) -> Result<Chain, Error> {
        let err = |what: &'static str| {
            move |e: rcgen::Error| Error::new(format!("making the {what}: {e}"))
        };

        let root_key = self.issuer_key_type.issuer_key(IssuerRole::Root)?;
        let root = ca_params(&self.root_name, None)
            .self_signed(&root_key)
            .map_err(err("root"))?;

        let intermediate = match &self.intermediate_name {
            Some(name) => {
                let key = self.issuer_key_type.issuer_key(IssuerRole::Intermediate)?;
                let certificate = ca_params(name, Some(0))
                    .signed_by(&key, &root, &root_key)
                    .map_err(err("intermediate"))?;
                Some((certificate, key))
            }
            None => None,
        };

        let leaf_key = self.key_type.leaf_key()?;
        let (issuer, issuer_key) = match &intermediate {
            Some((certificate, key)) => (certificate, key),
            None => (&root, &root_key),
        };
        let leaf = self
            .leaf_params()?
            .signed_by(&leaf_key, issuer, issuer_key)
            .map_err(err("leaf"))?;

        Ok(Chain {
            key_type: self.key_type,
            root: Certificate::from(&root),
            intermediate: intermediate
                .as_ref()
                .map(|(certificate, _)| Certificate::from(certificate)),
            leaf: Certificate::from(&leaf),
            leaf_key: PrivateKey::from(&leaf_key),
        })
    }

    fn leaf_params(&self) -> Result<CertificateParams, Error> {
        let mut params = validity(CertificateParams::default());
        params.distinguished_name = DistinguishedName::new();
        match &self.common_name {
            Some(name) => params
                .distinguished_name
                .push(DnType::CommonName, name.as_str()),
            None => params
                .distinguished_name
                .push(DnType::OrganizationName, LEAF_ORGANIZATION),
        }
        for name in &self.dns_names {
            let name = name
                .as_str()
                .try_into()
                .map_err(|e| Error::new(format!("the DNS name {name:?}: {e}")))?;
            params.subject_alt_names.push(SanType::DnsName(name));
        }
        params.subject_alt_names.extend(
            self.ip_addresses
                .iter()
                .map(|address| SanType::IpAddress(*address)),
        );
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = self
            .extended_key_usages
            .iter()
            .map(|usage| match usage {
                ExtendedKeyUsage::ServerAuth => ExtendedKeyUsagePurpose::ServerAuth,
                ExtendedKeyUsage::ClientAuth => ExtendedKeyUsagePurpose::ClientAuth,
            })
            .collect();
        params.use_authority_key_identifier_extension = true;
        Ok(params)
    }
}

/// A CA named `name`; `path_len` is its pathLenConstraint, `None` for the root, which is also
/// the only certificate without an authority key identifier.
fn ca_params(name: &str, path_len: Option<u8>) -> CertificateParams {
    let mut params = validity(CertificateParams::default());
    params.distinguished_name = DistinguishedName::new();
    params.distinguished_name.push(DnType::CommonName, name);
    params.is_ca = IsCa::Ca(match path_len {
        Some(n) => BasicConstraints::Constrained(n),
        None => BasicConstraints::Unconstrained,
    });
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    params.use_authority_key_identifier_extension = path_len.is_some();
    params
}

/// Valid from 2020-01-01 to 9999-12-31 (RFC 5280 §4.1.2.5's "no well-defined expiration
/// date"), so no test depends on today's date.
fn validity(mut params: CertificateParams) -> CertificateParams {
    params.not_before = rcgen::date_time_ymd(2020, 1, 1);
    params.not_after = rcgen::date_time_ymd(9999, 12, 31);
    params
}

#[cfg(test)]
mod tests {
    use der::Decode;
    use der::asn1::ObjectIdentifier;
    use rcgen::KeyPair;
    use x509_cert::ext::pkix::name::GeneralName;
    use x509_cert::ext::pkix::{
        AuthorityKeyIdentifier, BasicConstraints as BasicConstraintsExt,
        ExtendedKeyUsage as ExtendedKeyUsageExt, SubjectAltName, SubjectKeyIdentifier,
    };

    use super::*;

    const SERVER_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.1");
    const CLIENT_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.2");

    fn parse(certificate: &Certificate) -> x509_cert::Certificate {
        let from_der = x509_cert::Certificate::from_der(&certificate.der).unwrap();
        let block = pem::parse(&certificate.pem).unwrap();
        assert_eq!(block.tag(), "CERTIFICATE");
        assert_eq!(block.contents(), certificate.der, "PEM and DER agree");
        from_der
    }

    fn extension<'a, T: der::Decode<'a, Error = der::Error> + der::oid::AssociatedOid>(
        certificate: &'a x509_cert::Certificate,
    ) -> Option<T> {
        certificate
            .tbs_certificate()
            .get_extension::<T>()
            .unwrap()
            .map(|(_, value)| value)
    }

    fn three(key_type: KeyType) -> Chain {
        ChainBuilder::new(key_type)
            .dns_name("svc.example")
            .intermediate("Test Intermediate")
            .build()
            .unwrap()
    }

    #[test]
    fn every_key_type_makes_a_leaf_holding_its_checked_in_key() {
        for key_type in KeyType::ALL {
            let chain = three(key_type);
            assert_eq!(chain.key_type, key_type);
            let leaf = parse(&chain.leaf);
            let spki = leaf.tbs_certificate().subject_public_key_info();
            let (algorithm, curve) = match key_type {
                KeyType::EcdsaP256 => ("1.2.840.10045.2.1", Some("1.2.840.10045.3.1.7")),
                KeyType::EcdsaP384 => ("1.2.840.10045.2.1", Some("1.3.132.0.34")),
                KeyType::Rsa2048 => ("1.2.840.113549.1.1.1", None),
                KeyType::Ed25519 => ("1.3.101.112", None),
            };
            assert_eq!(spki.algorithm.oid.to_string(), algorithm, "{key_type:?}");
            if let Some(curve) = curve {
                let parameters = spki.algorithm.parameters.as_ref().unwrap();
                let parameters = parameters.decode_as::<ObjectIdentifier>().unwrap();
                assert_eq!(parameters.to_string(), curve, "{key_type:?}");
            }

            let key = pem::parse(&chain.leaf_key.pkcs8_pem).unwrap();
            assert_eq!(key.tag(), "PRIVATE KEY");
            assert_eq!(key.contents(), chain.leaf_key.pkcs8_der);
            assert_eq!(
                pem::parse(key_type.leaf_key_pem()).unwrap().contents(),
                chain.leaf_key.pkcs8_der,
                "{key_type:?}: the checked-in key"
            );
            let public = KeyPair::from_pem(&chain.leaf_key.pkcs8_pem)
                .unwrap()
                .public_key_der();
            assert_eq!(der::Encode::to_der(spki).unwrap(), public, "{key_type:?}");
        }
    }

    #[test]
    fn issuers_sign_with_their_key_type() {
        let cases = [
            (KeyType::EcdsaP256, "1.2.840.10045.4.3.2"),
            (KeyType::EcdsaP384, "1.2.840.10045.4.3.3"),
            (KeyType::Rsa2048, "1.2.840.113549.1.1.11"),
            (KeyType::Ed25519, "1.3.101.112"),
        ];
        for (issuer_key_type, signature) in cases {
            let chain = ChainBuilder::new(KeyType::EcdsaP256)
                .issuer_key_type(issuer_key_type)
                .intermediate("Test Intermediate")
                .build()
                .unwrap();
            let intermediate = chain.intermediate.as_ref().unwrap();
            for certificate in [&chain.root, intermediate, &chain.leaf] {
                let parsed = parse(certificate);
                assert_eq!(
                    parsed.signature_algorithm().oid.to_string(),
                    signature,
                    "{issuer_key_type:?}"
                );
            }
        }
    }

    #[test]
    fn each_certificate_names_its_issuer() {
        let chain = three(KeyType::EcdsaP256);
        let root = parse(&chain.root);
        let intermediate = parse(chain.intermediate.as_ref().unwrap());
        let leaf = parse(&chain.leaf);
        assert_eq!(root.tbs_certificate().subject().to_string(), "CN=Test Root");
        assert_eq!(
            root.tbs_certificate().issuer(),
            root.tbs_certificate().subject()
        );
        assert_eq!(
            intermediate.tbs_certificate().subject().to_string(),
            "CN=Test Intermediate"
        );
        assert_eq!(
            intermediate.tbs_certificate().issuer(),
            root.tbs_certificate().subject()
        );
        assert_eq!(
            leaf.tbs_certificate().issuer(),
            intermediate.tbs_certificate().subject()
        );
        assert_eq!(leaf.tbs_certificate().subject().to_string(), "O=tls-tests");

        let two = ChainBuilder::new(KeyType::EcdsaP256)
            .root_name("Other Root")
            .common_name("svc.example")
            .build()
            .unwrap();
        let leaf = parse(&two.leaf);
        assert_eq!(leaf.tbs_certificate().issuer().to_string(), "CN=Other Root");
        assert_eq!(
            leaf.tbs_certificate().subject().to_string(),
            "CN=svc.example"
        );
    }

    #[test]
    fn every_certificate_but_the_root_carries_its_issuers_key_identifier() {
        let chain = three(KeyType::Ed25519);
        let root = parse(&chain.root);
        let intermediate = parse(chain.intermediate.as_ref().unwrap());
        let leaf = parse(&chain.leaf);
        assert_eq!(extension::<AuthorityKeyIdentifier>(&root), None);
        for (child, issuer) in [(&intermediate, &root), (&leaf, &intermediate)] {
            let authority = extension::<AuthorityKeyIdentifier>(child).unwrap();
            let subject = extension::<SubjectKeyIdentifier>(issuer).unwrap();
            assert_eq!(authority.key_identifier, Some(subject.0));
        }
    }

    #[test]
    fn cas_are_constrained_and_the_leaf_is_not_a_ca() {
        let chain = three(KeyType::EcdsaP384);
        let constraints =
            |certificate: &Certificate| extension::<BasicConstraintsExt>(&parse(certificate));
        let root = constraints(&chain.root).unwrap();
        assert!(root.ca);
        assert_eq!(root.path_len_constraint, None);
        let intermediate = constraints(chain.intermediate.as_ref().unwrap()).unwrap();
        assert!(intermediate.ca);
        assert_eq!(intermediate.path_len_constraint, Some(0));
        assert_eq!(constraints(&chain.leaf), None);
    }

    #[test]
    fn the_leaf_lists_its_dns_names_and_ip_addresses() {
        let v6: IpAddr = "::1".parse().unwrap();
        let chain = ChainBuilder::new(KeyType::EcdsaP256)
            .dns_name("localhost")
            .dns_name("svc.example")
            .ip_address([127, 0, 0, 1].into())
            .ip_address(v6)
            .build()
            .unwrap();
        let leaf = parse(&chain.leaf);
        let names = extension::<SubjectAltName>(&leaf).unwrap().0;
        let expected = vec![
            GeneralName::DnsName(der::asn1::Ia5String::new("localhost").unwrap()),
            GeneralName::DnsName(der::asn1::Ia5String::new("svc.example").unwrap()),
            GeneralName::from(IpAddr::from([127, 0, 0, 1])),
            GeneralName::from(v6),
        ];
        assert_eq!(names, expected);
    }

    #[test]
    fn a_dns_name_that_is_not_ascii_is_refused() {
        let error = ChainBuilder::new(KeyType::EcdsaP256)
            .dns_name("bücher.example")
            .build()
            .unwrap_err();
        assert!(error.to_string().contains("bücher.example"), "{error}");
    }

    #[test]
    fn the_leaf_is_for_server_authentication_unless_told_otherwise() {
        let usages = |builder: ChainBuilder| {
            extension::<ExtendedKeyUsageExt>(&parse(&builder.build().unwrap().leaf))
                .unwrap()
                .0
        };
        let builder = ChainBuilder::new(KeyType::EcdsaP256);
        assert_eq!(usages(builder.clone()), vec![SERVER_AUTH]);
        assert_eq!(
            usages(builder.extended_key_usages(&[
                ExtendedKeyUsage::ClientAuth,
                ExtendedKeyUsage::ServerAuth
            ])),
            vec![CLIENT_AUTH, SERVER_AUTH]
        );
    }

    #[test]
    fn every_certificate_is_valid_from_2020_to_9999() {
        let chain = three(KeyType::Rsa2048);
        let intermediate = chain.intermediate.as_ref().unwrap();
        for certificate in [&chain.root, intermediate, &chain.leaf] {
            let validity = *parse(certificate).tbs_certificate().validity();
            assert_eq!(
                validity.not_before.to_unix_duration().as_secs(),
                1_577_836_800
            );
            // 9999-12-31T00:00:00Z.
            assert_eq!(
                validity.not_after.to_unix_duration().as_secs(),
                253_402_214_400
            );
        }
    }

    #[test]
    fn each_build_has_its_own_root() {
        let builder = ChainBuilder::new(KeyType::EcdsaP256).dns_name("a.example");
        let one = builder.build().unwrap();
        let two = builder.build().unwrap();
        let key = |chain: &Chain| {
            parse(&chain.root)
                .tbs_certificate()
                .subject_public_key_info()
                .subject_public_key
                .clone()
        };
        assert_ne!(key(&one), key(&two));
        assert_eq!(
            one.leaf_key, two.leaf_key,
            "leaves share the checked-in key"
        );
    }
}
