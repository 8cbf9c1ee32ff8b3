//! JSON report, schema version 1 (documented in the README): `{version, tool, findings, notes,
//! stats, properties}`. No timestamps or durations, so the same input gives byte-identical output.

use super::Report;
use serde_json::json;
use std::io::{self, Write};

pub const SCHEMA_VERSION: u32 = 1;

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let value = json!({
        "version": SCHEMA_VERSION,
        "tool": {"name": "aseptic", "version": crate::VERSION},
        "findings": report.findings,
        "notes": report.notes,
        "stats": report.stats,
        "properties": report.properties,
    });
    serde_json::to_writer_pretty(&mut *out, &value)?;
    writeln!(out)
}
