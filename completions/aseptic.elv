
use builtin;
use str;

set edit:completion:arg-completer[aseptic] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'aseptic'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'aseptic'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand scan 'Scan files and report findings'
            cand baseline 'Record the current findings as accepted, so later scans report only new ones'
            cand rules 'List every rule: id, analyzer, severity, summary and HIPAA citations'
            cand explain 'Show a rule''s full documentation'
            cand completions 'Print a shell completion script'
            cand db 'Manage the local RustSec advisory database'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aseptic;scan'= {
            cand --stdin-filename 'The file name standard input is scanned as (`aseptic scan - --stdin-filename Dockerfile`), for rules that look at names [default: stdin]'
            cand --config 'Configuration file [default: .aseptic.toml at the scan root]'
            cand -f 'Output format [default: table]'
            cand --format 'Output format [default: table]'
            cand -o 'Write the report to FILE instead of standard output'
            cand --output 'Write the report to FILE instead of standard output'
            cand --sarif-output 'Also write a SARIF report of the same findings to FILE (beside the --format report)'
            cand --json-output 'Also write a JSON report of the same findings to FILE'
            cand --table-output 'Also write a table report (no colour) to FILE'
            cand --github-output 'Also write GitHub annotations to FILE'
            cand --markdown-output 'Also write a Markdown report to FILE (e.g. "$GITHUB_STEP_SUMMARY")'
            cand --gitlab-secrets-output 'Also write GitLab''s secret detection report to FILE (`artifacts:reports:secret_detection`)'
            cand --gitlab-sast-output 'Also write GitLab''s SAST report to FILE (`artifacts:reports:sast`)'
            cand --gitlab-dependency-output 'Also write GitLab''s dependency scanning report to FILE (`artifacts:reports:dependency_scanning`)'
            cand --fail-on 'Exit 1 when a finding at or above this severity remains [default: low]'
            cand --only 'Run only these analyzers (advisories, iac, secrets, phi, rust)'
            cand --skip 'Skip these analyzers'
            cand --ignore-rule 'Switch off this rule (an id or a glob like `PHI-*`) for this run; repeatable'
            cand --severity 'Show only findings of these severities (e.g. `critical,high`); `--fail-on` still decides the exit code from every finding'
            cand -j 'Worker threads [default: number of CPUs]'
            cand --threads 'Worker threads [default: number of CPUs]'
            cand --exclude 'Never scan paths matching GLOB (gitignore syntax; repeatable)'
            cand --max-file-size 'Skip files larger than this many bytes (suffixes K, M, G; default 5M)'
            cand --rules 'Extra rule files or directories (aseptic TOML rules, or a gitleaks rule file)'
            cand --baseline 'Report only findings not recorded in this baseline file'
            cand --since 'Scan only files changed between the merge base of REF and the working tree'
            cand --history 'Scan the lines added by every commit reachable from HEAD, or in REV_RANGE'
            cand --advisory-db 'RustSec advisory database directory'
            cand --osv-db 'OSV database directory (osv.dev''s per-ecosystem archives, unpacked) for npm, PyPI, Go, Maven and NuGet lockfiles'
            cand --max-db-age 'Warn when the advisory database is older than this many days [default: 90]'
            cand --phi-scope 'Where PHI findings get full severity'
            cand --group-by 'Group findings in the table and JSON by severity or by HIPAA safeguard'
            cand --color 'Colour in the table on standard output'
            cand -q 'No one-line summary on standard error (it is printed when stdout has no table)'
            cand --quiet 'No one-line summary on standard error (it is printed when stdout has no table)'
            cand --no-ignore 'Do not honour .gitignore, .ignore and .asepticignore files'
            cand --staged 'Scan the staged (index) version of staged files: what is about to be committed'
            cand --offline 'Never touch the network (do not fetch a missing advisory database)'
            cand --phi-detail 'One PHI finding per value instead of one per file'
            cand -v 'Print every note in the table (skipped files included)'
            cand --verbose 'Print every note in the table (skipped files included)'
            cand --no-progress 'No progress indicator, even on a terminal'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aseptic;baseline'= {
            cand --stdin-filename 'The file name standard input is scanned as (`aseptic scan - --stdin-filename Dockerfile`), for rules that look at names [default: stdin]'
            cand --config 'Configuration file [default: .aseptic.toml at the scan root]'
            cand -f 'Output format [default: table]'
            cand --format 'Output format [default: table]'
            cand -o 'Write the report to FILE instead of standard output'
            cand --output 'Write the report to FILE instead of standard output'
            cand --sarif-output 'Also write a SARIF report of the same findings to FILE (beside the --format report)'
            cand --json-output 'Also write a JSON report of the same findings to FILE'
            cand --table-output 'Also write a table report (no colour) to FILE'
            cand --github-output 'Also write GitHub annotations to FILE'
            cand --markdown-output 'Also write a Markdown report to FILE (e.g. "$GITHUB_STEP_SUMMARY")'
            cand --gitlab-secrets-output 'Also write GitLab''s secret detection report to FILE (`artifacts:reports:secret_detection`)'
            cand --gitlab-sast-output 'Also write GitLab''s SAST report to FILE (`artifacts:reports:sast`)'
            cand --gitlab-dependency-output 'Also write GitLab''s dependency scanning report to FILE (`artifacts:reports:dependency_scanning`)'
            cand --fail-on 'Exit 1 when a finding at or above this severity remains [default: low]'
            cand --only 'Run only these analyzers (advisories, iac, secrets, phi, rust)'
            cand --skip 'Skip these analyzers'
            cand --ignore-rule 'Switch off this rule (an id or a glob like `PHI-*`) for this run; repeatable'
            cand --severity 'Show only findings of these severities (e.g. `critical,high`); `--fail-on` still decides the exit code from every finding'
            cand -j 'Worker threads [default: number of CPUs]'
            cand --threads 'Worker threads [default: number of CPUs]'
            cand --exclude 'Never scan paths matching GLOB (gitignore syntax; repeatable)'
            cand --max-file-size 'Skip files larger than this many bytes (suffixes K, M, G; default 5M)'
            cand --rules 'Extra rule files or directories (aseptic TOML rules, or a gitleaks rule file)'
            cand --baseline 'Report only findings not recorded in this baseline file'
            cand --since 'Scan only files changed between the merge base of REF and the working tree'
            cand --history 'Scan the lines added by every commit reachable from HEAD, or in REV_RANGE'
            cand --advisory-db 'RustSec advisory database directory'
            cand --osv-db 'OSV database directory (osv.dev''s per-ecosystem archives, unpacked) for npm, PyPI, Go, Maven and NuGet lockfiles'
            cand --max-db-age 'Warn when the advisory database is older than this many days [default: 90]'
            cand --phi-scope 'Where PHI findings get full severity'
            cand --group-by 'Group findings in the table and JSON by severity or by HIPAA safeguard'
            cand --color 'Colour in the table on standard output'
            cand -q 'No one-line summary on standard error (it is printed when stdout has no table)'
            cand --quiet 'No one-line summary on standard error (it is printed when stdout has no table)'
            cand --no-ignore 'Do not honour .gitignore, .ignore and .asepticignore files'
            cand --staged 'Scan the staged (index) version of staged files: what is about to be committed'
            cand --offline 'Never touch the network (do not fetch a missing advisory database)'
            cand --phi-detail 'One PHI finding per value instead of one per file'
            cand -v 'Print every note in the table (skipped files included)'
            cand --verbose 'Print every note in the table (skipped files included)'
            cand --no-progress 'No progress indicator, even on a terminal'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aseptic;rules'= {
            cand -f 'f'
            cand --format 'format'
            cand --only 'Only rules of these analyzers'
            cand --rules 'Extra rule files or directories'
            cand --check 'Load the rule files in DIR and run each rule''s positive and negative examples through the analyzers; exit 1 naming every rule whose examples fail, 0 when all hold'
            cand --next-id 'Print the next free id with this prefix (`IAC-AWS`, `SEC-GITHUB`, `RS-TLS`) for a new rule: one past the highest id or alias ever used with it, so retired ids are never reused'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aseptic;explain'= {
            cand --rules 'Extra rule files or directories'
            cand --advisory-db 'RustSec advisory database directory (for advisory ids)'
            cand --osv-db 'OSV database directory (for GHSA, PYSEC, GO and other OSV advisory ids)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aseptic;completions'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aseptic;db'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand update 'Clone the advisory database, or fast-forward it, with the system git; with `--osv`, download osv.dev''s archives into the OSV database instead'
            cand info 'Print the database''s path, revision, newest advisory date and advisory count'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aseptic;db;update'= {
            cand --advisory-db 'advisory-db'
            cand --osv-db 'The OSV database directory [default: aseptic/osv in the user''s cache directory]'
            cand --ecosystem 'Ecosystems to download with --osv (default: the ones the database already has, else all five)'
            cand --osv 'Update the OSV database (npm, PyPI, Go, Maven, NuGet) over HTTPS: resumable, and each archive verified before it replaces the old copy'
            cand --offline 'Never touch the network: refuse to update'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aseptic;db;info'= {
            cand --advisory-db 'advisory-db'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'aseptic;db;help'= {
            cand update 'Clone the advisory database, or fast-forward it, with the system git; with `--osv`, download osv.dev''s archives into the OSV database instead'
            cand info 'Print the database''s path, revision, newest advisory date and advisory count'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aseptic;db;help;update'= {
        }
        &'aseptic;db;help;info'= {
        }
        &'aseptic;db;help;help'= {
        }
        &'aseptic;help'= {
            cand scan 'Scan files and report findings'
            cand baseline 'Record the current findings as accepted, so later scans report only new ones'
            cand rules 'List every rule: id, analyzer, severity, summary and HIPAA citations'
            cand explain 'Show a rule''s full documentation'
            cand completions 'Print a shell completion script'
            cand db 'Manage the local RustSec advisory database'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'aseptic;help;scan'= {
        }
        &'aseptic;help;baseline'= {
        }
        &'aseptic;help;rules'= {
        }
        &'aseptic;help;explain'= {
        }
        &'aseptic;help;completions'= {
        }
        &'aseptic;help;db'= {
            cand update 'Clone the advisory database, or fast-forward it, with the system git; with `--osv`, download osv.dev''s archives into the OSV database instead'
            cand info 'Print the database''s path, revision, newest advisory date and advisory count'
        }
        &'aseptic;help;db;update'= {
        }
        &'aseptic;help;db;info'= {
        }
        &'aseptic;help;help'= {
        }
    ]
    $completions[$command]
}
