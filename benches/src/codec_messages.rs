//! The messages the codec benches decode and re-encode: a browser-sized ClientHello (Chrome's,
//! 512 bytes with GREASE, from FoxIO's published captures) and a 3-certificate TLS 1.3
//! Certificate message (the OpenSSL capture's leaf and intermediate plus its root), both from
//! the repository's `testdata/`.

use tls_tests::json;
use tls_wire::extensions::{ExtensionContext, Extensions};
use tls_wire::handshake::{
    CertData, CertificateEntry, CertificateEntryList, CertificateRequestContext, CertificateTls13,
    HandshakeMessage, HandshakePayload,
};

/// Chrome's ClientHello, as a handshake message.
pub fn chrome_client_hello() -> Vec<u8> {
    let vectors = json("fingerprint-vectors.json");
    let chrome = vectors
        .as_array()
        .and_then(|v| {
            v.iter()
                .find(|x| x["name"] == "foxio-tls-handshake-stream0")
        })
        .expect("the Chrome ClientHello is in the fingerprint vectors");
    hex::decode(chrome["client_hello_hex"].as_str().expect("hex")).expect("valid hex")
}

/// A TLS 1.3 Certificate message of three certificates.
pub fn three_certificate_message() -> Vec<u8> {
    let captures = json("openssl-captures.json");
    let connection = &captures["connections"][0];
    let mut pems: Vec<String> = connection["server_certificate_chain_pem"]
        .as_array()
        .expect("chain")
        .iter()
        .map(|p| p.as_str().expect("pem").to_owned())
        .collect();
    pems.push(
        captures["ca_certificate_pem"]
            .as_str()
            .expect("root")
            .to_owned(),
    );
    let entries = pems
        .iter()
        .map(|text| CertificateEntry {
            cert_data: CertData::new(pem::parse(text).expect("PEM").into_contents())
                .expect("certificate fits"),
            extensions: Extensions::new(ExtensionContext::Certificate, Vec::new()).expect("empty"),
        })
        .collect();
    let certificate = CertificateTls13 {
        certificate_request_context: CertificateRequestContext::new(Vec::new()).expect("empty"),
        certificate_list: CertificateEntryList::new(entries).expect("chain fits"),
    };
    HandshakeMessage::new(HandshakePayload::CertificateTls13(certificate))
        .expect("message fits")
        .raw()
        .to_vec()
}
