//! Notes: what the scan wants a person to know that is not a finding — a file skipped, a file that
//! did not parse, an analyzer that failed. A note always names the file it is about.

use serde::{Deserialize, Serialize};

/// How much a note matters to the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteLevel {
    /// Results may be missing (an analyzer failed or panicked, a file could not be read, the
    /// advisory database is unusable): the scan exits 2.
    Error,
    /// Part of a file could not be analyzed (malformed YAML, a Rust file that does not parse); the
    /// rest of the scan is complete.
    Warning,
    /// Something was deliberately not scanned (a binary, a file over the size limit, a symlink).
    Info,
}

impl NoteLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            NoteLevel::Error => "error",
            NoteLevel::Warning => "warning",
            NoteLevel::Info => "info",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Note {
    pub level: NoteLevel,
    /// Repository-relative path the note is about, when it is about a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub message: String,
}

impl Note {
    pub fn new(level: NoteLevel, path: Option<&str>, message: impl Into<String>) -> Note {
        Note {
            level,
            path: path.map(str::to_string),
            message: message.into(),
        }
    }
    pub fn error(path: Option<&str>, message: impl Into<String>) -> Note {
        Note::new(NoteLevel::Error, path, message)
    }
    pub fn warning(path: Option<&str>, message: impl Into<String>) -> Note {
        Note::new(NoteLevel::Warning, path, message)
    }
    pub fn info(path: Option<&str>, message: impl Into<String>) -> Note {
        Note::new(NoteLevel::Info, path, message)
    }
}
