//! Files generated and checked in: shell completions under `completions/` and the man page under
//! `man/` (from the command-line definition), and the tables between `<!-- NAME:begin -->` and
//! `<!-- NAME:end -->` markers in the READMEs (from the rule catalogue and the check registry,
//! see [`DOC_BLOCKS`]). `tests/generated.rs` fails when any is stale; `UPDATE_SNAPSHOTS=1 cargo
//! test` rewrites them. Prose around the markers stays hand-written.

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

/// A generated block of a checked-in Markdown file.
pub struct DocBlock {
    /// The file, relative to the repository root.
    pub file: &'static str,
    /// The marker name: the block is between `<!-- NAME:begin -->` and `<!-- NAME:end -->`.
    pub name: &'static str,
    pub generate: fn(&[crate::rule::Rule]) -> String,
}

/// Every generated block of the documentation.
pub const DOC_BLOCKS: &[DocBlock] = &[
    DocBlock {
        file: "README.md",
        name: "rule-counts",
        generate: rule_counts,
    },
    DocBlock {
        file: "rules/iac/README.md",
        name: "iac-platforms",
        generate: iac_platforms,
    },
    DocBlock {
        file: "rules/rust/README.md",
        name: "rust-checks",
        generate: rust_checks,
    },
    DocBlock {
        file: "rules/phi/README.md",
        name: "phi-rules",
        generate: phi_rules,
    },
];

/// The IaC rules per platform: how many rules have a matcher for it (a rule with
/// `[[matcher.also]]` counts once per platform) and how many resource kinds they look at.
pub fn iac_platforms(rules: &[crate::rule::Rule]) -> String {
    use crate::analyzers::iac::matcher::{Matcher, PLATFORMS};
    use std::collections::{BTreeMap, BTreeSet};
    let mut per: BTreeMap<&str, (usize, BTreeSet<String>)> = BTreeMap::new();
    for r in rules
        .iter()
        .filter(|r| r.analyzer == crate::finding::AnalyzerKind::Iac)
    {
        // A matcher that does not compile is the rule tests' failure, not this table's.
        for m in Matcher::compile_all(&r.matcher).unwrap_or_default() {
            let Some(p) = PLATFORMS.iter().find(|p| **p == m.platform) else {
                continue;
            };
            let e = per.entry(*p).or_default();
            e.0 += 1;
            e.1.extend(m.resources);
        }
    }
    let mut out = String::from("| platform | rules | resource kinds |\n| --- | --- | --- |\n");
    for p in PLATFORMS {
        let (n, kinds) = per.get(p).cloned().unwrap_or_default();
        out.push_str(&format!("| `{p}` | {n} | {} |\n", kinds.len()));
    }
    out
}

/// The Rust checks (from the check registry) and the rules that use each (from the catalogue).
pub fn rust_checks(rules: &[crate::rule::Rule]) -> String {
    let mut out =
        String::from("| check | what it looks for | needs | rules |\n| --- | --- | --- | --- |\n");
    for (name, looks_for, needs) in crate::analyzers::rust::check_docs() {
        let needs: Vec<String> = needs.iter().map(|k| format!("`{k}`")).collect();
        let mut ids: Vec<&str> = rules
            .iter()
            .filter(|r| r.analyzer == crate::finding::AnalyzerKind::Rust)
            .filter(|r| r.matcher.get("check").and_then(|c| c.as_str()) == Some(name))
            .map(|r| r.id.as_str())
            .collect();
        ids.sort_unstable();
        out.push_str(&format!(
            "| `{name}` | {looks_for} | {} | {} |\n",
            needs.join(", "),
            ids.join(", ")
        ));
    }
    out
}

/// The PHI rules: id, what a finding calls the identifier, and the validator that judges it.
pub fn phi_rules(rules: &[crate::rule::Rule]) -> String {
    let mut phi: Vec<&crate::rule::Rule> = rules
        .iter()
        .filter(|r| r.analyzer == crate::finding::AnalyzerKind::Phi)
        .collect();
    phi.sort_by(|a, b| a.id.cmp(&b.id));
    let mut out = String::from("| rule | identifier | validator |\n| --- | --- | --- |\n");
    for r in phi {
        let key = |k: &str| r.matcher.get(k).and_then(|v| v.as_str());
        let label = key("label").unwrap_or(&r.summary);
        let validator = key("validator").map_or(String::new(), |v| format!("`{v}`"));
        out.push_str(&format!("| `{}` | {label} | {validator} |\n", r.id));
    }
    out
}
