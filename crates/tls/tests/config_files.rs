//! Configs from files: a server from PEM chain and key files, a client from a PEM root file or
//! a certificate directory; a file that cannot be used fails `build()` with a `ConfigError`
//! naming it and what was wrong, never a config that fails every handshake later.

mod common;

use std::path::Path;
use std::sync::Arc;

use common::Pair;
use tls::handshake::error::FileProblem;
use tls::{ClientConfig, ConfigError, Connection, ServerConfig, ServerName};
use tls_tests::{ChainBuilder, KeyType};

/// The problem `error` names for a file whose name ends with `name`.
fn problem(error: ConfigError, name: &str) -> FileProblem {
    match error {
        ConfigError::File { path, problem } => {
            assert!(path.ends_with(name), "{path} is not {name}");
            problem
        }
        other => panic!("not a file error: {other}"),
    }
}

#[test]
fn a_server_and_a_client_from_files_connect() {
    let dir = tempfile::tempdir().unwrap();
    let chain = ChainBuilder::new(KeyType::EcdsaP256)
        .dns_name(common::SERVER_NAME)
        .intermediate("Files Intermediate")
        .build()
        .unwrap();
    let files = chain.write_to(dir.path()).unwrap();
    let server = ServerConfig::builder_from_pem_files(&files.chain, &files.key)
        .build()
        .unwrap();
    for client in [
        ClientConfig::builder_with_pem_roots(&files.root),
        ClientConfig::builder_with_root_dir(dir.path()),
    ] {
        let client = client.build().unwrap();
        let mut pair = Pair {
            client: Connection::client(
                Arc::new(client),
                ServerName::try_from(common::SERVER_NAME).unwrap(),
            )
            .unwrap(),
            server: Connection::server(Arc::new(server.clone())),
        };
        pair.handshake(usize::MAX);
        assert!(!pair.client.is_handshaking());
    }
}

#[test]
fn each_unusable_file_is_named_with_what_was_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let files = ChainBuilder::new(KeyType::EcdsaP256)
        .dns_name(common::SERVER_NAME)
        .build()
        .unwrap()
        .write_to(dir.path())
        .unwrap();
    let other = tempfile::tempdir().unwrap();
    // Another key type: chains of one type share tls-tests' checked-in key.
    let other_files = ChainBuilder::new(KeyType::EcdsaP384)
        .build()
        .unwrap()
        .write_to(other.path())
        .unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let missing = dir.path().join("missing.pem");
    let no_certificate = write("no-certificate.pem", "just text\n");
    let no_key = write(
        "no-key.pem",
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    );
    let server = |chain: &Path, key: &Path| {
        ServerConfig::builder_from_pem_files(chain, key)
            .build()
            .unwrap_err()
    };

    assert!(matches!(
        problem(server(&missing, &files.key), "missing.pem"),
        FileProblem::Unreadable(_)
    ));
    assert_eq!(
        problem(server(&no_certificate, &files.key), "no-certificate.pem"),
        FileProblem::NoCertificate
    );
    assert!(matches!(
        problem(server(&files.chain, &no_key), "no-key.pem"),
        FileProblem::NoUsableKey(_)
    ));
    assert_eq!(
        problem(server(&files.chain, &other_files.key), "key.pem"),
        FileProblem::KeyDoesNotMatchCertificate
    );
    let error = server(&files.chain, &other_files.key);
    assert!(error.to_string().contains("key.pem"), "{error}");

    let client = |result: tls::ClientConfigBuilder| result.build().unwrap_err();
    assert_eq!(
        problem(
            client(ClientConfig::builder_with_pem_roots(&no_certificate)),
            "no-certificate.pem"
        ),
        FileProblem::NoCertificate
    );
    assert!(matches!(
        problem(
            client(ClientConfig::builder_with_pem_roots(&missing)),
            "missing.pem"
        ),
        FileProblem::Unreadable(_)
    ));
    let empty = tempfile::tempdir().unwrap();
    let name = empty
        .path()
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        problem(
            client(ClientConfig::builder_with_root_dir(empty.path())),
            &name
        ),
        FileProblem::NoCertificate
    );
}
