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

/// What each analyzer finds, for the README's rule-count table.
const ANALYZER_SUMMARIES: [(crate::finding::AnalyzerKind, &str); 5] = {
    use crate::finding::AnalyzerKind as K;
    [
        (
            K::Advisories,
            "vulnerable, unmaintained, unsound and yanked crates in every `Cargo.lock`",
        ),
        (
            K::Iac,
            "misconfigured Terraform, CloudFormation, Kubernetes, docker-compose, GitHub Actions, Dockerfiles",
        ),
        (
            K::Secrets,
            "committed credentials in any text file, in the index and in history",
        ),
        (
            K::Phi,
            "protected health information in fixtures, seed data, samples and logs",
        ),
        (
            K::Rust,
            "insecure patterns in Rust source, found on the `syn` syntax tree",
        ),
    ]
};

/// The README's block between `<!-- rule-counts:begin -->` and `<!-- rule-counts:end -->`:
/// the number of built-in rules, in all and per analyzer, counted from the catalogue.
pub fn rule_counts(rules: &[crate::rule::Rule]) -> String {
    use crate::finding::AnalyzerKind as K;
    let count = |k: K| rules.iter().filter(|r| r.analyzer == k).count();
    let mut out = format!(
        "{} built-in rules, plus one per advisory in the databases:\n\n\
         | analyzer | rules | what it finds |\n| --- | --- | --- |\n",
        rules.len()
    );
    for (k, what) in ANALYZER_SUMMARIES {
        let n = match k {
            K::Advisories if count(k) == 0 => "one per advisory".to_string(),
            K::Advisories => format!("{} + one per advisory", count(k)),
            _ => count(k).to_string(),
        };
        out.push_str(&format!("| `{k}` | {n} | {what} |\n"));
    }
    out
}

/// Replaces the text between `<!-- NAME:begin -->` and `<!-- NAME:end -->` (each on its own
/// line) with `block`; `None` when the markers are missing.
pub fn replace_block(text: &str, name: &str, block: &str) -> Option<String> {
    let begin = format!("<!-- {name}:begin -->\n");
    let end = format!("<!-- {name}:end -->");
    let b = text.find(&begin)? + begin.len();
    let e = b + text[b..].find(&end)?;
    Some(format!("{}{}{}", &text[..b], block, &text[e..]))
}
