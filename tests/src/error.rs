//! The one error of the support library: a sentence saying what failed.

use std::fmt;

/// What went wrong making a chain, writing its files or driving a child process.
///
/// Its `Debug` is its message, unquoted, so that a test's `unwrap()` prints the child's output
/// as lines rather than as one escaped string. Non-test callers (`xtask`, `tls demo`) turn it
/// into their own `String` errors with `?` through `From<Error> for String`.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    message: String,
}

impl Error {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<Error> for String {
    fn from(error: Error) -> Self {
        error.message
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_prints_the_message_as_it_is() {
        let error = Error::new("line one\nline \"two\"");
        assert_eq!(format!("{error:?}"), "line one\nline \"two\"");
        assert_eq!(error.to_string(), "line one\nline \"two\"");
        assert_eq!(String::from(error), "line one\nline \"two\"");
    }
}
