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
    if shell == Shell::Fish {
        // clap's fish generator completes no positional values: offer `explain` the rule ids
        // (bash and zsh get them from the same list through clap).
        let ids = crate::cli::rule_ids().join(" ");
        out.extend_from_slice(
            format!(
                "complete -c aseptic -n \"__fish_aseptic_using_subcommand explain\" -f -a \"{ids}\"\n"
            )
            .as_bytes(),
        );
    }
    out
}

/// The man page sections clap does not generate, in roff.
const MAN_SECTIONS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
No finding at or above \fB\-\-fail\-on\fR (default: low) remains.
.TP
\fB1\fR
Findings at or above \fB\-\-fail\-on\fR remain (or, for \fBrules \-\-check\fR, a rule's examples fail).
.TP
\fB2\fR
The scan is incomplete or could not run: a usage error, an invalid configuration, an unreadable
file, no usable advisory database. The report's headline then says "Scan incomplete", never
"No findings".
.SH ENVIRONMENT
.TP
\fBASEPTIC_CONFIG\fR, \fBASEPTIC_FORMAT\fR, \fBASEPTIC_FAIL_ON\fR, \fBASEPTIC_THREADS\fR, \fBASEPTIC_MAX_FILE_SIZE\fR, \fBASEPTIC_BASELINE\fR, \fBASEPTIC_ADVISORY_DB\fR, \fBASEPTIC_OFFLINE\fR
Defaults for the flags of the same name; a flag on the command line wins.
.TP
\fBCOLUMNS\fR
Width of the table report (else the terminal's, else 80).
.TP
\fBNO_COLOR\fR
When set and not empty, the table has no colour.
.TP
\fBCARGO_HOME\fR
The default advisory database is \fI$CARGO_HOME/advisory\-db\fR (\fI~/.cargo/advisory\-db\fR).
.SH FILES
.TP
\fI.aseptic.toml\fR
Configuration, in the scanned directory: scan defaults, \fB[rules.ID]\fR switches and severities
(ids may be globs such as \fBPHI\-*\fR), \fB[[ignore]]\fR entries with reasons and expiry dates.
.TP
\fI.asepticignore\fR, \fI.ignore\fR
Paths never scanned (gitignore syntax). In a git repository the file set is what git tracks plus
untracked files git does not ignore; \fI.gitignore\fR concerns untracked files only.
.TP
\fI.aseptic\-baseline.json\fR
Accepted findings written by \fBaseptic baseline\fR, read with \fB\-\-baseline\fR.
.SH EXAMPLES
.TP
\fBaseptic scan\fR
Scan the repository or directory you are in; locations are relative to the repository root.
.TP
\fBaseptic scan \-\-staged\fR
Scan what is about to be committed (a plain git pre\-commit hook).
.TP
\fBaseptic scan . \-\-format github \-\-sarif\-output aseptic.sarif\fR
Annotations in a GitHub Actions log, and SARIF for code scanning, from one run.
.TP
\fBaseptic scan \-\-since origin/main \-\-fail\-on high\fR
Scan only the files changed on a branch; fail on high and critical findings.
.TP
\fBaseptic explain RUSTSEC\-2023\-0071 \-\-advisory\-db DIR\fR
Explain a rule or an advisory.
"#;

/// The man page (roff) for `aseptic` and its subcommands.
pub fn man_page() -> std::io::Result<Vec<u8>> {
    let cmd = Cli::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut out)?;
    out.extend_from_slice(MAN_SECTIONS.as_bytes());
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
            "vulnerable, unmaintained, unsound and yanked crates in every `Cargo.lock`; vulnerable \
             npm, PyPI, Go, Maven and NuGet packages in their lockfiles",
        ),
        (
            K::Iac,
            "misconfigured Terraform, CloudFormation, Azure Resource Manager templates, Kubernetes (with kustomize overlays), docker-compose, GitHub Actions, Dockerfiles",
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
