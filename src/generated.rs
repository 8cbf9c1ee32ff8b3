//! Files generated from the command-line definition and checked in: shell completions under
//! `completions/` and the man page under `man/`. `tests/generated.rs` fails when they are stale;
//! `UPDATE_SNAPSHOTS=1 cargo test` rewrites them.

use crate::cli::Cli;
use clap::CommandFactory;
use clap_complete::Shell;

/// The shells we ship completions for, with their file names.
pub const COMPLETIONS: [(Shell, &str); 5] = [
    (Shell::Bash, "aseptic.bash"),
    (Shell::Zsh, "_aseptic"),
    (Shell::Fish, "aseptic.fish"),
    (Shell::PowerShell, "_aseptic.ps1"),
    (Shell::Elvish, "aseptic.elv"),
];

pub fn completion(shell: Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "aseptic", &mut out);
    out
}

/// The man page (roff) for `aseptic` and its subcommands.
pub fn man_page() -> std::io::Result<Vec<u8>> {
    let cmd = Cli::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut out)?;
    for sub in cmd.get_subcommands() {
        let name = format!("aseptic-{}", sub.get_name());
        let sub = sub.clone().name(name);
        clap_mangen::Man::new(sub).render(&mut out)?;
    }
    Ok(out)
}
