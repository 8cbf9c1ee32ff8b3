//! table report (stub).

use super::Report;
use std::io::{self, Write};

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.findings {
        writeln!(
            out,
            "{}:{} {} {}",
            f.location.path, f.location.start_line, f.rule_id, f.message
        )?;
    }
    Ok(())
}

pub fn write_with(report: &Report, _verbose: bool, out: &mut dyn Write) -> io::Result<()> {
    write(report, out)
}
