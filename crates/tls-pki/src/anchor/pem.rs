//! Trust anchors from PEM (RFC 7468): a bundle in memory, a file, or a directory of files.
//!
//! Every `CERTIFICATE` block becomes an anchor; blocks with other labels (keys, CRLs, OpenSSL's
//! `TRUSTED CERTIFICATE`) are ignored. One bad block never spoils the rest of a bundle: a block
//! that is not valid PEM, or whose certificate does not parse, is skipped and reported in the
//! [`LoadReport`] with its place and its error. Decoding each block is the `pem` crate's work;
//! here we only find where blocks begin, so that each one is decoded on its own.

use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::{TrustAnchor, TrustAnchors};
use crate::error::Error;

/// The largest PEM file we read, in bytes.
///
/// The whole Mozilla bundle that distributions ship is about 220 KB; 16 MiB leaves room for
/// seventy of it, and a path that names something else (a device, a huge log) fails instead of
/// filling memory.
pub const MAX_PEM_FILE_LEN: u64 = 16 * 1024 * 1024;

/// RFC 7468 §2: `-----BEGIN` followed by a space and the label starts every block.
const BEGIN: &[u8] = b"-----BEGIN ";

/// RFC 7468 §5: the label of a certificate block.
const CERTIFICATE_LABEL: &str = "CERTIFICATE";

/// What loading PEM did: how many anchors it added, and what it passed over.
#[derive(Debug, Default)]
pub struct LoadReport {
    /// Certificates added as new anchors.
    pub added: usize,
    /// Certificates that were already in the set (the same DER), from this load or before.
    pub duplicates: usize,
    /// Well-formed PEM blocks with a label other than `CERTIFICATE`, left alone.
    pub ignored: usize,
    /// Certificate blocks and files that could not be used, each with its place and reason.
    pub skipped: Vec<Skipped>,
}

/// One certificate block or file that was passed over.
#[derive(Debug)]
pub struct Skipped {
    /// Where it was: the file, and for a block its number and first line (`bundle.pem: block 3
    /// at line 41`).
    pub place: String,
    /// Why it was passed over.
    pub reason: SkipReason,
}

/// Why a block or file was passed over.
#[derive(Debug)]
pub enum SkipReason {
    /// The block is labelled `CERTIFICATE` but is not valid PEM (framing, base64, END label);
    /// the `pem` crate's message.
    Pem(String),
    /// The block's contents are not a certificate we parse.
    Certificate(Error),
    /// A file in a directory could not be read.
    Io(io::Error),
}

impl LoadReport {
    /// Adds the counts and skipped entries of `other` to this report.
    pub fn merge(&mut self, other: Self) {
        self.added = self.added.saturating_add(other.added);
        self.duplicates = self.duplicates.saturating_add(other.duplicates);
        self.ignored = self.ignored.saturating_add(other.ignored);
        self.skipped.extend(other.skipped);
    }
}

impl fmt::Display for LoadReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "added {} trust anchors ({} duplicates, {} other PEM blocks ignored, {} skipped)",
            self.added,
            self.duplicates,
            self.ignored,
            self.skipped.len()
        )?;
        for skipped in &self.skipped {
            write!(f, "\n  skipped {skipped}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.reason)
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Pem(message) => write!(f, "not valid PEM: {message}"),
            Self::Certificate(error) => error.fmt(f),
            Self::Io(error) => write!(f, "cannot read: {error}"),
        }
    }
}

impl TrustAnchors {
    /// Adds the certificate of every `CERTIFICATE` block in `pem`, in order.
    ///
    /// Text around and between blocks is ignored, as are blocks with other labels. A block
    /// that does not decode, or whose certificate does not parse, is skipped and listed in the
    /// report; it never stops the others from loading.
    pub fn add_pem(&mut self, pem: &[u8]) -> LoadReport {
        self.add_pem_from(pem, "PEM input")
    }

    /// Reads the PEM file at `path` and adds its certificates as [`add_pem`](Self::add_pem)
    /// does.
    ///
    /// Fails only if the file cannot be read, or is longer than [`MAX_PEM_FILE_LEN`].
    pub fn add_pem_file(&mut self, path: impl AsRef<Path>) -> io::Result<LoadReport> {
        let path = path.as_ref();
        let bytes = read_capped(path)?;
        Ok(self.add_pem_from(&bytes, &path.display().to_string()))
    }

    /// The trust anchors of the PEM file at `path`: as [`add_pem_file`](Self::add_pem_file),
    /// but a file that yields no certificate is an error naming it (and what was skipped), so
    /// a wrong file fails here rather than later as an unknown issuer.
    pub fn from_pem_file(path: impl AsRef<Path>) -> io::Result<Self> {
        let path = path.as_ref();
        let mut anchors = Self::new();
        let report = anchors.add_pem_file(path).map_err(|error| {
            io::Error::new(error.kind(), format!("{}: {error}", path.display()))
        })?;
        anchors.or_nothing_loaded(&path.display().to_string(), &report)
    }

    /// The trust anchors of the certificate directory `path`, as [`add_dir`](Self::add_dir);
    /// a directory that yields no certificate is an error naming it.
    pub fn from_dir(path: impl AsRef<Path>) -> io::Result<Self> {
        let path = path.as_ref();
        let mut anchors = Self::new();
        let report = anchors.add_dir(path).map_err(|error| {
            io::Error::new(error.kind(), format!("{}: {error}", path.display()))
        })?;
        anchors.or_nothing_loaded(&path.display().to_string(), &report)
    }

    /// `self`, unless it is empty: then an error saying `place` held no certificate.
    fn or_nothing_loaded(self, place: &str, report: &LoadReport) -> io::Result<Self> {
        if !self.is_empty() {
            return Ok(self);
        }
        let skipped = report.skipped.len();
        Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "{place}: no trust anchor loaded (no CERTIFICATE block that parses; {skipped} skipped)"
            ),
        ))
    }

    /// Adds the certificates of every PEM file in the directory `path`, the way OpenSSL reads a
    /// certificate directory (`SSL_CERT_DIR`, `c_rehash` output).
    ///
    /// The files read are those named as OpenSSL's hashed links are (`1a2b3c4d.0`) or ending
    /// in `.pem` or `.crt`, that are regular files once symbolic links are followed. They are
    /// read in the order of their names, so the anchors' order does not depend on the file
    /// system, and a file reached through several links is read once. A file that cannot be
    /// read is skipped and listed in the report. Fails only if the directory cannot be listed.
    pub fn add_dir(&mut self, path: impl AsRef<Path>) -> io::Result<LoadReport> {
        let mut names: Vec<PathBuf> = Vec::new();
        for entry in fs::read_dir(path.as_ref())? {
            let entry = entry?;
            if entry
                .file_name()
                .to_str()
                .is_some_and(is_certificate_file_name)
            {
                names.push(entry.path());
            }
        }
        names.sort();

        let mut report = LoadReport::default();
        let mut seen: HashSet<PathBuf> = HashSet::new();
        for file in names {
            let place = file.display().to_string();
            // Hashed names are symbolic links to the `.pem` files beside them (and those often
            // to a shared directory); reading each target once keeps the duplicate count to
            // certificates that really appear twice.
            let target = match fs::canonicalize(&file) {
                Ok(target) => target,
                Err(error) => {
                    report.skipped.push(Skipped {
                        place,
                        reason: SkipReason::Io(error),
                    });
                    continue;
                }
            };
            if !seen.insert(target.clone()) || !target.is_file() {
                continue;
            }
            match read_capped(&target) {
                Ok(bytes) => report.merge(self.add_pem_from(&bytes, &place)),
                Err(error) => report.skipped.push(Skipped {
                    place,
                    reason: SkipReason::Io(error),
                }),
            }
        }
        Ok(report)
    }

    /// [`add_pem`](Self::add_pem), naming `origin` in the places of skipped blocks.
    fn add_pem_from(&mut self, pem: &[u8], origin: &str) -> LoadReport {
        let mut report = LoadReport::default();
        for (index, block) in blocks(pem).enumerate() {
            let place = || {
                format!(
                    "{origin}: block {} at line {}",
                    index.saturating_add(1),
                    block.line
                )
            };
            let decoded = match ::pem::parse(block.text) {
                Ok(decoded) if decoded.tag() == CERTIFICATE_LABEL => decoded,
                Ok(_) => {
                    report.ignored = report.ignored.saturating_add(1);
                    continue;
                }
                // A block we cannot decode matters only if it claims to be a certificate.
                Err(error) if block.is_certificate() => {
                    report.skipped.push(Skipped {
                        place: place(),
                        reason: SkipReason::Pem(error.to_string()),
                    });
                    continue;
                }
                Err(_) => {
                    report.ignored = report.ignored.saturating_add(1);
                    continue;
                }
            };
            match TrustAnchor::from_der(decoded.contents()) {
                Ok(anchor) => {
                    if self.insert(anchor) {
                        report.added = report.added.saturating_add(1);
                    } else {
                        report.duplicates = report.duplicates.saturating_add(1);
                    }
                }
                Err(error) => report.skipped.push(Skipped {
                    place: place(),
                    reason: SkipReason::Certificate(error),
                }),
            }
        }
        report
    }
}

/// One PEM block's text, from its `-----BEGIN ` up to the next one (or the end of the input).
struct Block<'a> {
    text: &'a [u8],
    /// The line its `-----BEGIN ` is on, counting from 1.
    line: usize,
}

impl Block<'_> {
    /// Whether the block's BEGIN line carries the certificate label.
    fn is_certificate(&self) -> bool {
        self.text
            .strip_prefix(BEGIN)
            .and_then(|rest| rest.strip_prefix(CERTIFICATE_LABEL.as_bytes()))
            .is_some_and(|rest| rest.starts_with(b"-----"))
    }
}

/// Cuts `input` at every `-----BEGIN `, dropping what comes before the first.
///
/// `pem::parse_many` fails the whole input when one block is bad; cutting first lets each
/// block succeed or fail on its own.
fn blocks(input: &[u8]) -> impl Iterator<Item = Block<'_>> {
    let mut rest = input;
    let mut line = 1usize;
    core::iter::from_fn(move || {
        let start = find(rest, BEGIN, 0)?;
        let (skipped, from_begin) = rest.split_at_checked(start)?;
        line = line.saturating_add(newlines(skipped));
        let end = find(from_begin, BEGIN, BEGIN.len()).unwrap_or(from_begin.len());
        let (text, after) = from_begin.split_at_checked(end)?;
        rest = after;
        let block = Block { text, line };
        line = line.saturating_add(newlines(text));
        Some(block)
    })
}

/// Where `needle` first occurs in `haystack` at or after `from`.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let tail = haystack.get(from..)?;
    let position = tail
        .windows(needle.len())
        .position(|window| window == needle)?;
    position.checked_add(from)
}

/// How many line feeds `bytes` holds.
fn newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|byte| **byte == b'\n').count()
}

/// Whether a directory entry is one [`TrustAnchors::add_dir`] reads: OpenSSL's hashed name
/// (eight lower-case hex digits, a dot, a decimal counter) or a `.pem` / `.crt` file.
fn is_certificate_file_name(name: &str) -> bool {
    let hashed = name.split_once('.').is_some_and(|(hash, counter)| {
        hash.len() == 8
            && hash
                .bytes()
                .all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
            && !counter.is_empty()
            && counter.bytes().all(|byte| byte.is_ascii_digit())
    });
    hashed || name.ends_with(".pem") || name.ends_with(".crt")
}

/// Reads a whole file of at most [`MAX_PEM_FILE_LEN`] bytes.
fn read_capped(path: &Path) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    fs::File::open(path)?
        .take(MAX_PEM_FILE_LEN.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if u64::try_from(bytes.len()).map_or(true, |len| len > MAX_PEM_FILE_LEN) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("longer than the {MAX_PEM_FILE_LEN}-byte limit for a PEM file"),
        ));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::symlink;

    use super::*;

    /// A file or directory that yields no trust anchor is an error naming it, not an empty
    /// store that fails later as an unknown issuer; one that does yields its anchors.
    #[test]
    fn loading_nothing_is_an_error_naming_the_place() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("not-a-bundle.pem");
        std::fs::write(
            &empty,
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        )
        .unwrap();
        let error = TrustAnchors::from_pem_file(&empty).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        assert!(error.to_string().contains("not-a-bundle.pem"), "{error}");
        let missing = TrustAnchors::from_pem_file(dir.path().join("missing.pem")).unwrap_err();
        assert!(missing.to_string().contains("missing.pem"), "{missing}");
        let error = TrustAnchors::from_dir(dir.path()).unwrap_err();
        assert!(
            error
                .to_string()
                .contains(&dir.path().display().to_string())
        );

        let (pem, _) = certificate("anchor.example");
        std::fs::write(dir.path().join("anchor.pem"), pem).unwrap();
        assert_eq!(
            TrustAnchors::from_pem_file(dir.path().join("anchor.pem"))
                .unwrap()
                .len(),
            1
        );
        assert_eq!(TrustAnchors::from_dir(dir.path()).unwrap().len(), 1);
    }

    /// A fresh self-signed certificate: (PEM, DER).
    fn certificate(name: &str) -> (String, Vec<u8>) {
        let certified = rcgen::generate_simple_self_signed(vec![name.to_owned()]).unwrap();
        (certified.cert.pem(), certified.cert.der().to_vec())
    }

    fn pem_block(label: &str, contents: &[u8]) -> String {
        ::pem::encode(&::pem::Pem::new(label, contents.to_vec()))
    }

    fn ders(anchors: &TrustAnchors) -> Vec<Vec<u8>> {
        anchors.iter().map(|anchor| anchor.der().to_vec()).collect()
    }

    #[test]
    fn loads_every_certificate_block_in_order_whatever_lies_between() {
        let (a, a_der) = certificate("a.example");
        let (b, b_der) = certificate("b.example");
        let bundle =
            format!("# a comment\nSubject: a.example\n{a}\r\n\tjunk -----\n\n{b}trailing text");
        let mut anchors = TrustAnchors::new();
        let report = anchors.add_pem(bundle.as_bytes());
        assert_eq!((report.added, report.duplicates, report.ignored), (2, 0, 0));
        assert!(report.skipped.is_empty(), "{report}");
        assert_eq!(ders(&anchors), [a_der, b_der]);
    }

    #[test]
    fn ignores_blocks_that_are_not_certificates() {
        let (a, _) = certificate("a.example");
        let key = rcgen::KeyPair::generate().unwrap().serialize_pem();
        let crl = pem_block("X509 CRL", &[0x30, 0x00]);
        let trusted = pem_block("TRUSTED CERTIFICATE", &[0x30, 0x00]);
        let broken_key = "-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----\n";
        let bundle = format!("{key}{crl}{a}{trusted}{broken_key}");
        let mut anchors = TrustAnchors::new();
        let report = anchors.add_pem(bundle.as_bytes());
        assert_eq!((report.added, report.ignored), (1, 4), "{report}");
        assert!(report.skipped.is_empty(), "{report}");
    }

    #[test]
    fn skips_a_certificate_that_does_not_parse_with_its_error_and_keeps_the_rest() {
        let (a, _) = certificate("a.example");
        let (_, b_der) = certificate("b.example");
        let (c, _) = certificate("c.example");
        let truncated = pem_block("CERTIFICATE", &b_der[..b_der.len() - 1]);
        let bundle = format!("{a}{truncated}{c}");
        let mut anchors = TrustAnchors::new();
        let report = anchors.add_pem(bundle.as_bytes());
        assert_eq!(report.added, 2);
        let [skipped] = &report.skipped[..] else {
            panic!("{report}")
        };
        assert!(matches!(
            skipped.reason,
            SkipReason::Certificate(Error::MalformedCertificate { .. })
        ));
        let first_line_of_b = a.lines().count() + 1;
        assert_eq!(
            skipped.place,
            format!("PEM input: block 2 at line {first_line_of_b}")
        );
        let shown = report.to_string();
        assert!(shown.starts_with("added 2 trust anchors"), "{shown}");
        assert!(
            shown.contains("skipped PEM input: block 2 at line") && shown.contains("malformed"),
            "{shown}"
        );
    }

    #[test]
    fn skips_a_certificate_block_that_is_not_valid_pem() {
        let (a, _) = certificate("a.example");
        let bad_base64 = "-----BEGIN CERTIFICATE-----\nMII*notbase64*\n-----END CERTIFICATE-----\n";
        let mismatched = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END X509 CRL-----\n";
        let unterminated = "-----BEGIN CERTIFICATE-----\nMAA=\n";
        let bundle = format!("{bad_base64}{mismatched}{unterminated}{a}");
        let mut anchors = TrustAnchors::new();
        let report = anchors.add_pem(bundle.as_bytes());
        assert_eq!(report.added, 1, "{report}");
        assert_eq!(report.skipped.len(), 3, "{report}");
        assert!(
            report
                .skipped
                .iter()
                .all(|skipped| matches!(skipped.reason, SkipReason::Pem(_))),
            "{report}"
        );
    }

    #[test]
    fn counts_a_certificate_seen_twice_as_a_duplicate() {
        let (a, _) = certificate("a.example");
        let mut anchors = TrustAnchors::new();
        let first = anchors.add_pem(format!("{a}{a}").as_bytes());
        let again = anchors.add_pem(a.as_bytes());
        assert_eq!((first.added, first.duplicates), (1, 1));
        assert_eq!((again.added, again.duplicates), (0, 1));
        assert_eq!(anchors.len(), 1);
    }

    #[test]
    fn empty_or_pemless_input_adds_nothing() {
        for input in [
            &b""[..],
            b"no pem here",
            b"-----BEGIN ",
            b"-----BEGIN CERTIFICATE-----",
        ] {
            let mut anchors = TrustAnchors::new();
            let report = anchors.add_pem(input);
            assert_eq!(report.added, 0);
            assert!(anchors.is_empty());
        }
    }

    #[test]
    fn add_pem_file_names_the_file_in_skipped_places() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bundle.pem");
        let (a, _) = certificate("a.example");
        let broken = pem_block("CERTIFICATE", &[0x30, 0x03, 0x02, 0x01, 0x00]);
        fs::write(&path, format!("{a}{broken}")).unwrap();
        let mut anchors = TrustAnchors::new();
        let report = anchors.add_pem_file(&path).unwrap();
        assert_eq!(report.added, 1);
        assert!(
            report.skipped[0]
                .place
                .starts_with(&format!("{}: block 2", path.display())),
            "{report}"
        );
    }

    #[test]
    fn add_pem_file_fails_on_a_missing_file() {
        let dir = tempfile::tempdir().unwrap();
        let error = TrustAnchors::new()
            .add_pem_file(dir.path().join("absent.pem"))
            .unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn add_pem_file_refuses_a_file_over_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.pem");
        // Sparse: reading it costs time, not disk.
        fs::File::create(&path)
            .unwrap()
            .set_len(MAX_PEM_FILE_LEN + 1)
            .unwrap();
        let error = TrustAnchors::new().add_pem_file(&path).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn add_dir_reads_hashed_links_and_pem_and_crt_files_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        let (a, a_der) = certificate("a.example");
        let (b, b_der) = certificate("b.example");
        let (c, c_der) = certificate("c.example");
        let (ignored, _) = certificate("ignored.example");
        fs::write(dir.path().join("z-last.pem"), &a).unwrap();
        fs::write(dir.path().join("m-middle.crt"), &b).unwrap();
        fs::write(dir.path().join("0123abcd.0"), &c).unwrap();
        // Not names OpenSSL reads: a README, a CRL link, a key, a bad hash.
        for name in [
            "README",
            "0123abcd.r0",
            "key.key",
            "0123ABCD.0",
            "0123abc.0",
        ] {
            fs::write(dir.path().join(name), &ignored).unwrap();
        }
        fs::create_dir(dir.path().join("sub.pem")).unwrap();
        let mut anchors = TrustAnchors::new();
        let report = anchors.add_dir(dir.path()).unwrap();
        assert_eq!((report.added, report.duplicates), (3, 0), "{report}");
        assert!(report.skipped.is_empty(), "{report}");
        assert_eq!(ders(&anchors), [c_der, b_der, a_der]);
    }

    #[test]
    fn add_dir_reads_a_file_behind_several_links_once_and_collapses_copies() {
        let dir = tempfile::tempdir().unwrap();
        let (a, _) = certificate("a.example");
        let (b, _) = certificate("b.example");
        fs::write(dir.path().join("a.pem"), &a).unwrap();
        symlink("a.pem", dir.path().join("aaaaaaaa.0")).unwrap();
        symlink("a.pem", dir.path().join("aaaaaaaa.1")).unwrap();
        fs::write(dir.path().join("b.pem"), &b).unwrap();
        // A bundle holding both again, as /etc/ssl/certs/ca-certificates.crt does.
        fs::write(dir.path().join("bundle.crt"), format!("{a}{b}")).unwrap();
        let mut anchors = TrustAnchors::new();
        let report = anchors.add_dir(dir.path()).unwrap();
        assert_eq!((report.added, report.duplicates), (2, 2), "{report}");
        assert_eq!(anchors.len(), 2);
    }

    #[test]
    fn add_dir_skips_a_dangling_link_and_reads_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let (a, _) = certificate("a.example");
        fs::write(dir.path().join("a.pem"), &a).unwrap();
        symlink("gone.pem", dir.path().join("deadbeef.0")).unwrap();
        let mut anchors = TrustAnchors::new();
        let report = anchors.add_dir(dir.path()).unwrap();
        assert_eq!(report.added, 1);
        let [skipped] = &report.skipped[..] else {
            panic!("{report}")
        };
        assert!(skipped.place.ends_with("deadbeef.0"), "{report}");
        assert!(matches!(skipped.reason, SkipReason::Io(_)));
    }

    #[test]
    fn add_dir_fails_on_a_missing_directory() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            TrustAnchors::new()
                .add_dir(dir.path().join("absent"))
                .is_err()
        );
    }

    #[test]
    fn certificate_file_names_are_those_openssl_reads() {
        for name in [
            "1a2b3c4d.0",
            "1a2b3c4d.12",
            "x.pem",
            "x.crt",
            "ca-certificates.crt",
        ] {
            assert!(is_certificate_file_name(name), "{name}");
        }
        for name in [
            "1a2b3c4d.r0",
            "1a2b3c4d.",
            "1a2b3c4.0",
            "1A2B3C4D.0",
            "x.der",
            "x.pem.bak",
        ] {
            assert!(!is_certificate_file_name(name), "{name}");
        }
    }
}
