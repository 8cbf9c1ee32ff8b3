//! Why a structured health document (JSON, NDJSON, FHIR, C-CDA, DICOM) could not be read as its
//! format. The PHI analyzer turns it into a note naming the file, then scans the text where it
//! can; it is never a reason to stop a scan.
//!
//! A message says where (line and column, for JSON) and what the reader expected; it never
//! quotes the document, which may hold PHI.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocError {
    /// JSON that does not parse: the 1-based line and column, and what was expected there.
    Json {
        line: u32,
        column: u32,
        problem: &'static str,
    },
    /// XML our small reader cannot walk (an unterminated tag, nesting past its bound).
    Xml(&'static str),
    /// A DICOM header that ends inside an element or has an unreadable value representation.
    Dicom(&'static str),
}

impl fmt::Display for DocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocError::Json {
                line,
                column,
                problem,
            } => write!(f, "invalid JSON at line {line}, column {column}: {problem}"),
            DocError::Xml(problem) | DocError::Dicom(problem) => f.write_str(problem),
        }
    }
}

impl std::error::Error for DocError {}
