//! A child process under test: piped stdin, stdout and stderr collected by reader threads, a
//! deadline on every wait, and killed and reaped when its guard drops, so that a failing test
//! or interop case never leaves a process behind or hangs.

use std::io::{Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::Error;

/// How often a wait looks again: short next to a handshake, long next to a busy loop.
const POLL: Duration = Duration::from_millis(10);
/// How much of each output an error quotes: enough to see why a child failed.
const TAIL: usize = 4000;

/// Which output of a child.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Its standard output.
    Stdout,
    /// Its standard error.
    Stderr,
}

/// A running child with piped stdin (open until [`ChildGuard::close_stdin`]) and its output
/// collected; killed and reaped when dropped.
#[derive(Debug)]
pub struct ChildGuard {
    name: String,
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: Arc<Mutex<Vec<u8>>>,
    stderr: Arc<Mutex<Vec<u8>>>,
    readers: Vec<JoinHandle<()>>,
}

impl ChildGuard {
    /// Starts `command` with all three streams piped; `name` says which child in errors.
    pub fn spawn(name: impl Into<String>, command: &mut Command) -> Result<Self, Error> {
        let name = name.into();
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| Error::new(format!("starting {name}: {e}")))?;
        let stdin = child.stdin.take();
        let stdout = Arc::<Mutex<Vec<u8>>>::default();
        let stderr = Arc::<Mutex<Vec<u8>>>::default();
        let mut readers = Vec::new();
        if let Some(pipe) = child.stdout.take() {
            readers.push(collect(pipe, Arc::clone(&stdout)));
        }
        if let Some(pipe) = child.stderr.take() {
            readers.push(collect(pipe, Arc::clone(&stderr)));
        }
        Ok(Self {
            name,
            child,
            stdin,
            stdout,
            stderr,
            readers,
        })
    }

    /// Runs `command` with stdin closed until it exits (by `deadline`), and returns its stdout;
    /// an error if it exits unsuccessfully.
    pub fn output(
        name: impl Into<String>,
        command: &mut Command,
        deadline: Instant,
    ) -> Result<String, Error> {
        let mut child = Self::spawn(name, command)?;
        child.close_stdin();
        let status = child.wait_exit(deadline)?;
        if !status.success() {
            return Err(child.error(&format!("exited with {status}")));
        }
        Ok(child.stdout())
    }

    /// The name given at [`ChildGuard::spawn`].
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What the child has written to `stream` so far, as text (invalid UTF-8 replaced).
    pub fn text(&self, stream: Stream) -> String {
        let buffer = match stream {
            Stream::Stdout => &self.stdout,
            Stream::Stderr => &self.stderr,
        };
        // A reader thread that panicked mid-append leaves whole chunks behind: still readable.
        let bytes = buffer.lock().unwrap_or_else(PoisonError::into_inner);
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// [`ChildGuard::text`] of stdout.
    pub fn stdout(&self) -> String {
        self.text(Stream::Stdout)
    }

    /// [`ChildGuard::text`] of stderr.
    pub fn stderr(&self) -> String {
        self.text(Stream::Stderr)
    }

    /// Waits until `stream` holds `needle`, and returns the whole line it is on; an error
    /// quoting both outputs if `deadline` passes first.
    pub fn wait_for(
        &self,
        stream: Stream,
        needle: &str,
        deadline: Instant,
    ) -> Result<String, Error> {
        loop {
            let text = self.text(stream);
            if let Some(at) = text.find(needle) {
                let start = text
                    .get(..at)
                    .and_then(|before| before.rfind('\n'))
                    .map_or(0, |newline| newline.saturating_add(1));
                let line = text.get(start..).unwrap_or_default();
                return Ok(line.lines().next().unwrap_or_default().to_owned());
            }
            if Instant::now() >= deadline {
                return Err(self.error(&format!("did not print {needle:?} in time")));
            }
            std::thread::sleep(POLL);
        }
    }

    /// Writes `bytes` to the child's stdin and flushes them.
    pub fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let Some(stdin) = self.stdin.as_mut() else {
            return Err(Error::new(format!("{}: stdin already closed", self.name)));
        };
        stdin
            .write_all(bytes)
            .and_then(|()| stdin.flush())
            .map_err(|e| Error::new(format!("writing to {}: {e}", self.name)))
    }

    /// Closes the child's stdin: it reads the end of its input.
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Waits for the child to exit and for its output to end, by `deadline`. Stdin stays as it
    /// is: a child that reads to the end of stdin needs [`ChildGuard::close_stdin`] first.
    pub fn wait_exit(&mut self, deadline: Instant) -> Result<ExitStatus, Error> {
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if Instant::now() >= deadline => {
                    return Err(self.error("did not exit in time"));
                }
                Ok(None) => std::thread::sleep(POLL),
                Err(e) => return Err(Error::new(format!("waiting for {}: {e}", self.name))),
            }
        };
        // A grandchild may still hold the pipes open; its output is not waited for forever.
        while !self.readers.iter().all(JoinHandle::is_finished) {
            if Instant::now() >= deadline {
                return Err(self.error(&format!(
                    "exited with {status}, but its output did not end in time"
                )));
            }
            std::thread::sleep(POLL);
        }
        for reader in self.readers.drain(..) {
            // A reader that panicked lost only what it had not stored yet.
            let _ = reader.join();
        }
        Ok(status)
    }

    /// An error about this child: what happened, and the end of each output.
    fn error(&self, what: &str) -> Error {
        Error::new(format!(
            "{} {what}; stdout {:?}, stderr {:?}",
            self.name,
            tail(&self.stdout()),
            tail(&self.stderr())
        ))
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        self.stdin = None;
        // Both fail only if the child is already reaped, which is what they are for.
        let _ = self.child.kill();
        let _ = self.child.wait();
        // The reader threads end when the pipes close; joining them here could hang on a
        // grandchild that keeps a pipe open.
    }
}

/// Copies `pipe` into `buffer` until it ends.
fn collect(mut pipe: impl Read + Send + 'static, buffer: Arc<Mutex<Vec<u8>>>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        while let Ok(n) = pipe.read(&mut chunk) {
            let Some(bytes) = chunk.get(..n).filter(|bytes| !bytes.is_empty()) else {
                break;
            };
            buffer
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .extend_from_slice(bytes);
        }
    })
}

/// The last [`TAIL`] bytes of `text`, cut at a character boundary.
fn tail(text: &str) -> &str {
    let start = text.len().saturating_sub(TAIL);
    let start = (start..text.len())
        .find(|&at| text.is_char_boundary(at))
        .unwrap_or(text.len());
    text.get(start..).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn soon() -> Instant {
        Instant::now() + Duration::from_secs(20)
    }

    fn is_running(pid: u32) -> bool {
        Command::new("kill")
            .args(["-0", &pid.to_string()])
            .stderr(Stdio::null())
            .status()
            .unwrap()
            .success()
    }

    #[test]
    fn drop_kills_and_reaps_a_child_that_would_run_on() {
        let child = ChildGuard::spawn("sleep", Command::new("sleep").arg("600")).unwrap();
        let pid = child.child.id();
        assert!(is_running(pid));
        drop(child);
        assert!(!is_running(pid), "sleep {pid} outlived its guard");
    }

    #[test]
    fn wait_for_gives_up_at_the_deadline_and_quotes_the_output() {
        let child = ChildGuard::spawn(
            "quiet",
            Command::new("sh").args(["-c", "echo started; echo warming up >&2; sleep 600"]),
        )
        .unwrap();
        child.wait_for(Stream::Stdout, "started", soon()).unwrap();
        let started = Instant::now();
        let error = child
            .wait_for(
                Stream::Stdout,
                "never",
                Instant::now() + Duration::from_millis(200),
            )
            .unwrap_err()
            .to_string();
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(
            error.starts_with("quiet did not print \"never\" in time"),
            "{error}"
        );
        assert!(error.contains("started"), "{error}");
        assert!(error.contains("warming up"), "{error}");
    }

    #[test]
    fn wait_for_returns_the_whole_line_the_needle_is_on() {
        let child = ChildGuard::spawn(
            "sh",
            Command::new("sh").args(["-c", "echo first; echo the needle here; echo on stderr >&2"]),
        )
        .unwrap();
        let line = child.wait_for(Stream::Stdout, "needle", soon()).unwrap();
        assert_eq!(line, "the needle here");
        let line = child.wait_for(Stream::Stderr, "stderr", soon()).unwrap();
        assert_eq!(line, "on stderr");
    }

    #[test]
    fn stdin_reaches_the_child_until_it_is_closed() {
        let mut child = ChildGuard::spawn("cat", &mut Command::new("cat")).unwrap();
        child.write(b"hello\n").unwrap();
        child.wait_for(Stream::Stdout, "hello", soon()).unwrap();
        child.close_stdin();
        let status = child.wait_exit(soon()).unwrap();
        assert!(status.success());
        assert_eq!(child.stdout(), "hello\n");
        let error = child.write(b"late").unwrap_err();
        assert_eq!(error.to_string(), "cat: stdin already closed");
    }

    #[test]
    fn wait_exit_gives_up_on_a_child_that_keeps_running() {
        let mut child = ChildGuard::spawn("sleep", Command::new("sleep").arg("600")).unwrap();
        let error = child
            .wait_exit(Instant::now() + Duration::from_millis(200))
            .unwrap_err();
        assert!(
            error.to_string().starts_with("sleep did not exit in time"),
            "{error}"
        );
    }

    #[test]
    fn output_returns_stdout_and_refuses_a_failed_run() {
        let out = ChildGuard::output("echo", Command::new("echo").arg("hi"), soon()).unwrap();
        assert_eq!(out, "hi\n");
        let error = ChildGuard::output(
            "failing",
            Command::new("sh").args(["-c", "echo why >&2; exit 3"]),
            soon(),
        )
        .unwrap_err()
        .to_string();
        assert!(error.starts_with("failing exited with"), "{error}");
        assert!(error.contains("why"), "{error}");
    }

    #[test]
    fn a_program_that_does_not_exist_is_an_error() {
        let error =
            ChildGuard::spawn("nothing", &mut Command::new("/nonexistent/tls-tests")).unwrap_err();
        assert!(
            error.to_string().starts_with("starting nothing: "),
            "{error}"
        );
    }

    #[test]
    fn tail_keeps_the_end_on_a_character_boundary() {
        assert_eq!(tail("short"), "short");
        let long = format!("é{}", "x".repeat(TAIL - 1));
        // The cut falls inside 'é' (two bytes): the tail starts after it.
        assert_eq!(tail(&long), "x".repeat(TAIL - 1));
    }
}
