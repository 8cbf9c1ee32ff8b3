//! The one error type of a run that stops before (or instead of) a report: what went wrong, in
//! words a user can act on, and the exit code it means. It is printed in exactly one place, the
//! binary's `main`, as `error: MESSAGE`.
//!
//! What is *not* an error here: a problem with one scanned file, or an analyzer failing on one
//! file. Those become [`crate::note::Note`]s in the report and the scan goes on (the report's
//! exit code is 2 when such a note says results may be missing).

use crate::rule::RuleError;
use std::fmt;
use std::io;

#[derive(Debug)]
pub enum Error {
    /// A command-line misuse: an unknown analyzer name, a path that does not exist, a git mode
    /// outside a repository.
    Usage(String),
    /// `.aseptic.toml` (or an ignore/baseline file) that cannot be read or is invalid.
    Config(String),
    /// A rule file that does not load or compile.
    Rule(RuleError),
    /// An external program (git, cargo) failed or could not run.
    Git(String),
    /// The advisory database is missing or unusable.
    Database(String),
    /// The scan ran but its results cannot be trusted as complete (e.g. `aseptic baseline` on a
    /// scan with errors).
    Incomplete(String),
    /// Reading or writing a file of ours (a report, a baseline), with what we were doing.
    Io { context: String, source: io::Error },
}

impl Error {
    /// The process exit code: every error is 2, except a closed standard output
    /// (`aseptic scan | head`), which is not a failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe => 0,
            _ => 2,
        }
    }

    /// Is this a closed standard output, which is not worth a message?
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
    }

    pub fn io(context: impl Into<String>, source: io::Error) -> Error {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(m)
            | Error::Config(m)
            | Error::Git(m)
            | Error::Database(m)
            | Error::Incomplete(m) => f.write_str(m),
            Error::Rule(e) => e.fmt(f),
            Error::Io { context, source } if context.is_empty() => source.fmt(f),
            Error::Io { context, source } => write!(f, "{context}: {source}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<RuleError> for Error {
    fn from(e: RuleError) -> Self {
        Error::Rule(e)
    }
}

/// Writing to standard output: a broken pipe stays recognisable.
impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error::io("", e)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_pipe_exits_zero_everything_else_two() {
        let pipe = Error::from(io::Error::new(io::ErrorKind::BrokenPipe, "closed"));
        assert_eq!(pipe.exit_code(), 0);
        assert!(pipe.is_broken_pipe());
        assert_eq!(Error::Usage("x".into()).exit_code(), 2);
        let nf = Error::io("cannot write r.json", io::Error::other("disk full"));
        assert_eq!(nf.exit_code(), 2);
        assert_eq!(nf.to_string(), "cannot write r.json: disk full");
    }
}
