//! The operating system's trust store, found the way OpenSSL finds it.
//!
//! `SSL_CERT_FILE` and `SSL_CERT_DIR` come first; when either is set, it replaces the defaults,
//! as it does for OpenSSL (and rustls-native-certs). We do not fall back to the distribution's
//! store behind them: someone who points `SSL_CERT_FILE` at one private CA means to trust that
//! CA only, and a typo must fail loudly rather than widen trust to every public root.
//! Otherwise the first of the distributions' bundles that yields a certificate is used, and the
//! directory `/etc/ssl/certs` last.

use std::ffi::OsString;
use std::io;
use std::path::Path;

use super::TrustAnchors;
use super::pem::{LoadReport, SkipReason, Skipped};

/// The bundles distributions install, tried in this order; the first that yields a
/// certificate is used.
pub const SYSTEM_BUNDLES: [&str; 5] = [
    // Debian, Ubuntu (update-ca-certificates).
    "/etc/ssl/certs/ca-certificates.crt",
    // Red Hat, Fedora, CentOS (the legacy name, then update-ca-trust's extracted bundle).
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    // Alpine.
    "/etc/ssl/cert.pem",
    // SUSE.
    "/etc/ssl/ca-bundle.pem",
];

/// The certificate directory tried when no bundle yields a certificate (OpenSSL's default
/// `OPENSSLDIR/certs` on Debian-like systems).
pub const SYSTEM_DIRECTORY: &str = "/etc/ssl/certs";

/// OpenSSL's variable naming one PEM bundle.
const SSL_CERT_FILE: &str = "SSL_CERT_FILE";
/// OpenSSL's variable naming certificate directories, separated as `PATH` is (`:` on Unix).
const SSL_CERT_DIR: &str = "SSL_CERT_DIR";

impl TrustAnchors {
    /// The system's trust anchors: `SSL_CERT_FILE` and `SSL_CERT_DIR` if either is set,
    /// otherwise the first of [`SYSTEM_BUNDLES`] that yields a certificate, otherwise
    /// [`SYSTEM_DIRECTORY`].
    ///
    /// Fails, naming every place tried, if none yields a certificate.
    pub fn system() -> io::Result<(Self, LoadReport)> {
        Self::system_from(|name| std::env::var_os(name))
    }

    /// [`system`](Self::system) with the environment given by `env` (a variable's value, or
    /// `None` if unset), so that it can be tested without changing the process's environment.
    pub fn system_from(env: impl Fn(&str) -> Option<OsString>) -> io::Result<(Self, LoadReport)> {
        let bundles = SYSTEM_BUNDLES.map(Path::new);
        load(&env, &bundles, Path::new(SYSTEM_DIRECTORY))
    }
}

/// The places tried so far, what they gave, and the anchors found.
struct Search {
    anchors: TrustAnchors,
    report: LoadReport,
    tried: Vec<String>,
}

impl Search {
    /// Records what loading one place gave; says whether it added an anchor.
    fn record(&mut self, place: String, loaded: io::Result<LoadReport>, before: usize) -> bool {
        match loaded {
            Ok(report) => {
                self.report.merge(report);
                let found = self.anchors.len() > before;
                self.tried.push(if found {
                    place
                } else {
                    format!("{place} (no usable certificate)")
                });
                found
            }
            Err(error) => {
                self.tried.push(format!("{place} ({error})"));
                // A missing default is normal (only one distribution's path exists); a place
                // that exists but cannot be read is worth a line in the report.
                if error.kind() != io::ErrorKind::NotFound {
                    self.report.skipped.push(Skipped {
                        place,
                        reason: SkipReason::Io(error),
                    });
                }
                false
            }
        }
    }

    /// Loads the PEM bundle at `path`.
    fn file(&mut self, place: String, path: &Path) -> bool {
        let before = self.anchors.len();
        let loaded = self.anchors.add_pem_file(path);
        self.record(place, loaded, before)
    }

    /// Loads the certificate directory at `path`.
    fn directory(&mut self, place: String, path: &Path) -> bool {
        let before = self.anchors.len();
        let loaded = self.anchors.add_dir(path);
        self.record(place, loaded, before)
    }
}

/// [`TrustAnchors::system_from`] with the default places given, so tests can point them at
/// temporary files.
fn load(
    env: &dyn Fn(&str) -> Option<OsString>,
    bundles: &[&Path],
    directory: &Path,
) -> io::Result<(TrustAnchors, LoadReport)> {
    let mut search = Search {
        anchors: TrustAnchors::new(),
        report: LoadReport::default(),
        tried: Vec::new(),
    };
    let file = env(SSL_CERT_FILE).filter(|value| !value.is_empty());
    let dirs = env(SSL_CERT_DIR).filter(|value| !value.is_empty());
    if file.is_some() || dirs.is_some() {
        if let Some(file) = file {
            let path = Path::new(&file);
            search.file(format!("{SSL_CERT_FILE}={}", path.display()), path);
        }
        for dir in dirs.iter().flat_map(std::env::split_paths) {
            if !dir.as_os_str().is_empty() {
                search.directory(format!("{SSL_CERT_DIR} entry {}", dir.display()), &dir);
            }
        }
    } else if !bundles
        .iter()
        .any(|bundle| search.file(bundle.display().to_string(), bundle))
    {
        search.directory(directory.display().to_string(), directory);
    }

    if search.anchors.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("no trust anchors found; tried {}", search.tried.join(", ")),
        ));
    }
    Ok((search.anchors, search.report))
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::PathBuf;

    use super::*;

    fn certificate_pem(name: &str) -> String {
        rcgen::generate_simple_self_signed(vec![name.to_owned()])
            .unwrap()
            .cert
            .pem()
    }

    /// An environment holding only `vars`.
    fn env(vars: &[(&str, PathBuf)]) -> impl Fn(&str) -> Option<OsString> {
        let vars: Vec<(String, OsString)> = vars
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value.clone().into_os_string()))
            .collect();
        move |name| {
            vars.iter()
                .find(|(var, _)| var == name)
                .map(|(_, value)| value.clone())
        }
    }

    #[test]
    fn loads_the_machine_store() {
        let debian = Path::new(SYSTEM_BUNDLES[0]);
        match TrustAnchors::system_from(|_| None) {
            Ok((anchors, report)) => {
                assert_eq!(anchors.len(), report.added);
                assert!(!anchors.is_empty());
                if debian.exists() {
                    // The Mozilla set is well over a hundred roots, and each must parse.
                    assert!(anchors.len() > 100, "{report}");
                    assert!(report.skipped.is_empty(), "{report}");
                }
            }
            Err(error) => {
                eprintln!("this machine has no trust store ({error}); checking the error only");
                assert!(!debian.exists());
                let message = error.to_string();
                for place in SYSTEM_BUNDLES.iter().chain([&SYSTEM_DIRECTORY]) {
                    assert!(message.contains(place), "{message}");
                }
            }
        }
    }

    #[test]
    fn the_machine_directory_holds_what_its_bundle_holds() {
        let (bundle, directory) = (Path::new(SYSTEM_BUNDLES[0]), Path::new(SYSTEM_DIRECTORY));
        if !bundle.exists() || !directory.is_dir() {
            eprintln!("no {} here: nothing to compare", bundle.display());
            return;
        }
        let mut from_bundle = TrustAnchors::new();
        from_bundle.add_pem_file(bundle).unwrap();
        let mut from_directory = TrustAnchors::new();
        let report = from_directory.add_dir(directory).unwrap();
        assert!(report.skipped.is_empty(), "{report}");
        // The directory's `*.pem` links, their hashed links and the bundle beside them hold
        // the same roots, read once per file, the copies collapsing. The directory may hold
        // more: Debian leaves `ssl-cert-snakeoil.pem` there, outside the bundle.
        assert!(from_directory.len() >= from_bundle.len(), "{report}");
        assert!(report.duplicates >= from_bundle.len(), "{report}");
        assert!(
            from_bundle
                .iter()
                .all(|anchor| from_directory.iter().any(|held| held == anchor))
        );
    }

    #[test]
    fn ssl_cert_file_replaces_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("private-ca.pem");
        fs::write(&file, certificate_pem("private.example")).unwrap();
        let (anchors, report) = TrustAnchors::system_from(env(&[("SSL_CERT_FILE", file)])).unwrap();
        assert_eq!((anchors.len(), report.added), (1, 1));
    }

    #[test]
    fn ssl_cert_dir_is_a_list_of_directories() {
        let first = tempfile::tempdir().unwrap();
        let second = tempfile::tempdir().unwrap();
        fs::write(first.path().join("a.pem"), certificate_pem("a.example")).unwrap();
        fs::write(second.path().join("b.pem"), certificate_pem("b.example")).unwrap();
        let list = std::env::join_paths([first.path(), Path::new(""), second.path()]).unwrap();
        let (anchors, _) =
            TrustAnchors::system_from(env(&[("SSL_CERT_DIR", PathBuf::from(list))])).unwrap();
        assert_eq!(anchors.len(), 2);
    }

    #[test]
    fn ssl_cert_file_and_dir_are_both_read() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bundle.txt");
        fs::write(&file, certificate_pem("file.example")).unwrap();
        let certs = tempfile::tempdir().unwrap();
        fs::write(certs.path().join("d.pem"), certificate_pem("dir.example")).unwrap();
        let (anchors, _) = TrustAnchors::system_from(env(&[
            ("SSL_CERT_FILE", file),
            ("SSL_CERT_DIR", certs.path().to_owned()),
        ]))
        .unwrap();
        assert_eq!(anchors.len(), 2);
    }

    #[test]
    fn a_missing_ssl_cert_file_fails_without_falling_back_to_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("typo.pem");
        let error =
            TrustAnchors::system_from(env(&[("SSL_CERT_FILE", missing.clone())])).unwrap_err();
        let message = error.to_string();
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
        assert!(
            message.contains(&format!("SSL_CERT_FILE={}", missing.display())),
            "{message}"
        );
        assert!(!message.contains(SYSTEM_BUNDLES[0]), "{message}");
    }

    #[test]
    fn an_empty_variable_counts_as_unset() {
        let dir = tempfile::tempdir().unwrap();
        let bundle = dir.path().join("bundle.pem");
        fs::write(&bundle, certificate_pem("default.example")).unwrap();
        let vars = [
            ("SSL_CERT_FILE", PathBuf::new()),
            ("SSL_CERT_DIR", PathBuf::new()),
        ];
        let (anchors, _) = load(&env(&vars), &[&bundle], dir.path()).unwrap();
        assert_eq!(anchors.len(), 1);
    }

    #[test]
    fn the_first_bundle_that_yields_a_certificate_wins() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.crt");
        let empty = dir.path().join("empty.crt");
        let first = dir.path().join("first.crt");
        let second = dir.path().join("second.crt");
        fs::write(&empty, "no certificates here").unwrap();
        fs::write(&first, certificate_pem("first.example")).unwrap();
        fs::write(&second, certificate_pem("second.example")).unwrap();
        let bundles = [&*missing, &*empty, &*first, &*second];
        let (anchors, report) = load(&env(&[]), &bundles, dir.path()).unwrap();
        assert_eq!(anchors.len(), 1);
        assert!(report.skipped.is_empty(), "{report}");
        let certificate = anchors.iter().next().unwrap().certificate().unwrap();
        let san = certificate.subject_alt_name().unwrap().unwrap();
        assert!(
            san.names()
                .any(|name| name == crate::cert::GeneralName::DnsName(b"first.example"))
        );
    }

    #[test]
    fn falls_back_to_the_directory_when_no_bundle_yields_a_certificate() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("0badc0de.0"), certificate_pem("d.example")).unwrap();
        let missing = dir.path().join("missing.crt");
        let (anchors, _) = load(&env(&[]), &[&missing], dir.path()).unwrap();
        assert_eq!(anchors.len(), 1);
    }

    #[test]
    fn names_every_place_tried_when_none_yields_a_certificate() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.crt");
        let junk = dir.path().join("junk.crt");
        fs::write(
            &junk,
            "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
        )
        .unwrap();
        let empty = dir.path().join("empty-dir");
        fs::create_dir(&empty).unwrap();
        let error = load(&env(&[]), &[&missing, &junk], &empty).unwrap_err();
        let message = error.to_string();
        assert!(
            message.starts_with("no trust anchors found; tried "),
            "{message}"
        );
        for place in [&missing, &junk, &empty] {
            assert!(message.contains(&place.display().to_string()), "{message}");
        }
        assert!(message.contains("no usable certificate"), "{message}");
    }
}
