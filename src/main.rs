//! The `aseptic` binary: parse the command line, run, and map the outcome to an exit code. This is
//! the one place an error is printed (`error: ...`, exit 2); a closed stdout
//! (`aseptic scan | head`) is not an error and exits 0.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = aseptic::cli::Cli::parse();
    match aseptic::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if !e.is_broken_pipe() {
                eprintln!("error: {e}");
            }
            ExitCode::from(e.exit_code())
        }
    }
}
