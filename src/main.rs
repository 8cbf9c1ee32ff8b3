//! The `aseptic` binary: parse the command line, run, map the outcome to an exit code. A closed
//! stdout (`aseptic scan | head`) is not an error and exits 0.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = aseptic::cli::Cli::parse();
    ExitCode::from(aseptic::run(cli))
}
