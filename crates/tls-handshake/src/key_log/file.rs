//! [`KeyLogFile`]: the key log that appends to the file `SSLKEYLOGFILE` names, as NSS, OpenSSL,
//! BoringSSL and rustls do, so that one variable turns logging on for every library in a
//! process.

use std::ffi::OsString;
use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use super::{KeyLog, key_log_line};

/// The environment variable naming the key log file.
const SSLKEYLOGFILE: &str = "SSLKEYLOGFILE";

/// Appends each secret, one whole line at a time, to a file opened once.
///
/// Made by [`from_env`](Self::from_env) (the file `SSLKEYLOGFILE` names) or
/// [`to_path`](Self::to_path). Without a variable, or with a file that cannot be opened, it
/// logs nothing, and a write that fails is dropped: the key log is a debugging aid, and a
/// connection does not fail for it. `Debug` shows the file's name, never a secret.
pub struct KeyLogFile {
    /// The file's name and the file, when one is open; the mutex keeps lines from
    /// interleaving when connections on several threads log at once.
    file: Option<(PathBuf, Mutex<File>)>,
}

impl KeyLogFile {
    /// The file `SSLKEYLOGFILE` names, created if needed and appended to; nothing if the
    /// variable is unset or empty, or the file cannot be opened.
    pub fn from_env() -> Self {
        Self::from_variable(std::env::var_os(SSLKEYLOGFILE))
    }

    /// The file at `path`, created if needed and appended to; nothing if it cannot be
    /// opened.
    pub fn to_path(path: impl AsRef<Path>) -> Self {
        let path = path.as_ref();
        Self {
            file: open(path).map(|file| (path.to_path_buf(), Mutex::new(file))),
        }
    }

    /// The file being appended to, if one is open.
    pub fn path(&self) -> Option<&Path> {
        self.file.as_ref().map(|(path, _)| path.as_path())
    }

    /// The log an environment variable's `value` asks for: an empty one asks for none.
    fn from_variable(value: Option<OsString>) -> Self {
        match value.filter(|path| !path.is_empty()) {
            Some(path) => Self::to_path(path),
            None => Self { file: None },
        }
    }
}

/// Opens `path` for appending, creating it readable by its owner only where the platform
/// says who may read a file: the lines it will hold decrypt every logged connection.
fn open(path: &Path) -> Option<File> {
    let mut options = OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).ok()
}

impl KeyLog for KeyLogFile {
    fn log(&self, label: &str, client_random: &[u8], secret: &[u8]) {
        let Some((_, file)) = &self.file else {
            return;
        };
        let line = key_log_line(label, client_random, secret);
        // A thread that panicked while holding the lock left at worst a short line: the
        // file is still worth appending to.
        let mut file = file.lock().unwrap_or_else(PoisonError::into_inner);
        // One write of the whole line (append mode), so that a reader never sees half of
        // one. A failed write is dropped (see the type's docs).
        let _ = file.write_all(line.as_bytes());
    }

    fn will_log(&self, _label: &str) -> bool {
        self.file.is_some()
    }
}

impl fmt::Debug for KeyLogFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyLogFile")
            .field("path", &self.path())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::key_log::{CLIENT_RANDOM, EXPORTER_SECRET};

    #[test]
    fn appends_whole_lines_to_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.log");
        std::fs::write(&path, "# an earlier line\n").unwrap();
        let log = KeyLogFile::to_path(&path);
        assert_eq!(log.path(), Some(path.as_path()));
        assert!(log.will_log(CLIENT_RANDOM));
        log.log(CLIENT_RANDOM, &[0x11; 32], &[0x22; 48]);
        log.log(EXPORTER_SECRET, &[0x33; 32], &[0x44; 32]);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            format!(
                "# an earlier line\nCLIENT_RANDOM {} {}\nEXPORTER_SECRET {} {}\n",
                "11".repeat(32),
                "22".repeat(48),
                "33".repeat(32),
                "44".repeat(32),
            )
        );
    }

    #[test]
    fn lines_from_many_threads_do_not_interleave() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.log");
        let log = Arc::new(KeyLogFile::to_path(&path));
        let threads: Vec<_> = (0..8u8)
            .map(|byte| {
                let log = Arc::clone(&log);
                std::thread::spawn(move || {
                    for _ in 0..50 {
                        log.log(CLIENT_RANDOM, &[byte; 32], &[byte; 48]);
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 400);
        for line in text.lines() {
            let fields: Vec<&str> = line.split(' ').collect();
            assert_eq!(fields.len(), 3, "{line}");
            assert_eq!(fields[2], fields[1][..2].repeat(48), "{line}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.log");
        let _log = KeyLogFile::to_path(&path);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_file_that_cannot_be_opened_logs_nothing() {
        let dir = tempfile::tempdir().unwrap();
        // A directory cannot be opened for appending.
        let log = KeyLogFile::to_path(dir.path());
        assert_eq!(log.path(), None);
        assert!(!log.will_log(CLIENT_RANDOM));
        log.log(CLIENT_RANDOM, &[0; 32], &[0; 48]);
    }

    #[test]
    fn an_unset_or_empty_variable_logs_nothing() {
        assert_eq!(KeyLogFile::from_variable(None).path(), None);
        assert_eq!(
            KeyLogFile::from_variable(Some(OsString::new())).path(),
            None
        );
    }

    #[test]
    fn the_variable_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.log");
        let log = KeyLogFile::from_variable(Some(path.clone().into_os_string()));
        assert_eq!(log.path(), Some(path.as_path()));
    }

    #[test]
    fn debug_shows_the_path_and_no_secret() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.log");
        let log = KeyLogFile::to_path(&path);
        log.log(CLIENT_RANDOM, &[0; 32], &[0xee; 48]);
        let debug = format!("{log:?}");
        assert!(debug.contains("keys.log"), "{debug}");
        assert!(!debug.contains("eeee"), "{debug}");
    }
}
