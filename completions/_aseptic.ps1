
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'aseptic' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'aseptic'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'aseptic' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Scan files and report findings')
            [CompletionResult]::new('baseline', 'baseline', [CompletionResultType]::ParameterValue, 'Record the current findings as accepted, so later scans report only new ones')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List every rule: id, analyzer, severity, summary and HIPAA citations')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Show a rule''s full documentation')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'Manage the local RustSec advisory database')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'aseptic;scan' {
            [CompletionResult]::new('--stdin-filename', '--stdin-filename', [CompletionResultType]::ParameterName, 'The file name standard input is scanned as (`aseptic scan - --stdin-filename Dockerfile`), for rules that look at names [default: stdin]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: .aseptic.toml at the scan root]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--sarif-output', '--sarif-output', [CompletionResultType]::ParameterName, 'Also write a SARIF report of the same findings to FILE (beside the --format report)')
            [CompletionResult]::new('--json-output', '--json-output', [CompletionResultType]::ParameterName, 'Also write a JSON report of the same findings to FILE')
            [CompletionResult]::new('--table-output', '--table-output', [CompletionResultType]::ParameterName, 'Also write a table report (no colour) to FILE')
            [CompletionResult]::new('--github-output', '--github-output', [CompletionResultType]::ParameterName, 'Also write GitHub annotations to FILE')
            [CompletionResult]::new('--markdown-output', '--markdown-output', [CompletionResultType]::ParameterName, 'Also write a Markdown report to FILE (e.g. "$GITHUB_STEP_SUMMARY")')
            [CompletionResult]::new('--gitlab-secrets-output', '--gitlab-secrets-output', [CompletionResultType]::ParameterName, 'Also write GitLab''s secret detection report to FILE (`artifacts:reports:secret_detection`)')
            [CompletionResult]::new('--gitlab-sast-output', '--gitlab-sast-output', [CompletionResultType]::ParameterName, 'Also write GitLab''s SAST report to FILE (`artifacts:reports:sast`)')
            [CompletionResult]::new('--gitlab-dependency-output', '--gitlab-dependency-output', [CompletionResultType]::ParameterName, 'Also write GitLab''s dependency scanning report to FILE (`artifacts:reports:dependency_scanning`)')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit 1 when a finding at or above this severity remains [default: low]')
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Run only these analyzers (advisories, iac, secrets, phi, rust)')
            [CompletionResult]::new('--skip', '--skip', [CompletionResultType]::ParameterName, 'Skip these analyzers')
            [CompletionResult]::new('--ignore-rule', '--ignore-rule', [CompletionResultType]::ParameterName, 'Switch off this rule (an id or a glob like `PHI-*`) for this run; repeatable')
            [CompletionResult]::new('--severity', '--severity', [CompletionResultType]::ParameterName, 'Show only findings of these severities (e.g. `critical,high`); `--fail-on` still decides the exit code from every finding')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Worker threads [default: number of CPUs]')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads [default: number of CPUs]')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Never scan paths matching GLOB (gitignore syntax; repeatable)')
            [CompletionResult]::new('--max-file-size', '--max-file-size', [CompletionResultType]::ParameterName, 'Skip files larger than this many bytes (suffixes K, M, G; default 5M)')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Extra rule files or directories (aseptic TOML rules, or a gitleaks rule file)')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'Report only findings not recorded in this baseline file')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Scan only files changed between the merge base of REF and the working tree')
            [CompletionResult]::new('--history', '--history', [CompletionResultType]::ParameterName, 'Scan the lines added by every commit reachable from HEAD, or in REV_RANGE')
            [CompletionResult]::new('--advisory-db', '--advisory-db', [CompletionResultType]::ParameterName, 'RustSec advisory database directory')
            [CompletionResult]::new('--osv-db', '--osv-db', [CompletionResultType]::ParameterName, 'OSV database directory (osv.dev''s per-ecosystem archives, unpacked) for npm, PyPI, Go, Maven and NuGet lockfiles')
            [CompletionResult]::new('--max-db-age', '--max-db-age', [CompletionResultType]::ParameterName, 'Warn when the advisory database is older than this many days [default: 90]')
            [CompletionResult]::new('--phi-scope', '--phi-scope', [CompletionResultType]::ParameterName, 'Where PHI findings get full severity')
            [CompletionResult]::new('--group-by', '--group-by', [CompletionResultType]::ParameterName, 'Group findings in the table and JSON by severity or by HIPAA safeguard')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in the table on standard output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No one-line summary on standard error (it is printed when stdout has no table)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No one-line summary on standard error (it is printed when stdout has no table)')
            [CompletionResult]::new('--no-ignore', '--no-ignore', [CompletionResultType]::ParameterName, 'Do not honour .gitignore, .ignore and .asepticignore files')
            [CompletionResult]::new('--staged', '--staged', [CompletionResultType]::ParameterName, 'Scan the staged (index) version of staged files: what is about to be committed')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never touch the network (do not fetch a missing advisory database)')
            [CompletionResult]::new('--phi-detail', '--phi-detail', [CompletionResultType]::ParameterName, 'One PHI finding per value instead of one per file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print every note in the table (skipped files included)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print every note in the table (skipped files included)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress indicator, even on a terminal')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aseptic;baseline' {
            [CompletionResult]::new('--stdin-filename', '--stdin-filename', [CompletionResultType]::ParameterName, 'The file name standard input is scanned as (`aseptic scan - --stdin-filename Dockerfile`), for rules that look at names [default: stdin]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [default: .aseptic.toml at the scan root]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: table]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--sarif-output', '--sarif-output', [CompletionResultType]::ParameterName, 'Also write a SARIF report of the same findings to FILE (beside the --format report)')
            [CompletionResult]::new('--json-output', '--json-output', [CompletionResultType]::ParameterName, 'Also write a JSON report of the same findings to FILE')
            [CompletionResult]::new('--table-output', '--table-output', [CompletionResultType]::ParameterName, 'Also write a table report (no colour) to FILE')
            [CompletionResult]::new('--github-output', '--github-output', [CompletionResultType]::ParameterName, 'Also write GitHub annotations to FILE')
            [CompletionResult]::new('--markdown-output', '--markdown-output', [CompletionResultType]::ParameterName, 'Also write a Markdown report to FILE (e.g. "$GITHUB_STEP_SUMMARY")')
            [CompletionResult]::new('--gitlab-secrets-output', '--gitlab-secrets-output', [CompletionResultType]::ParameterName, 'Also write GitLab''s secret detection report to FILE (`artifacts:reports:secret_detection`)')
            [CompletionResult]::new('--gitlab-sast-output', '--gitlab-sast-output', [CompletionResultType]::ParameterName, 'Also write GitLab''s SAST report to FILE (`artifacts:reports:sast`)')
            [CompletionResult]::new('--gitlab-dependency-output', '--gitlab-dependency-output', [CompletionResultType]::ParameterName, 'Also write GitLab''s dependency scanning report to FILE (`artifacts:reports:dependency_scanning`)')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit 1 when a finding at or above this severity remains [default: low]')
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Run only these analyzers (advisories, iac, secrets, phi, rust)')
            [CompletionResult]::new('--skip', '--skip', [CompletionResultType]::ParameterName, 'Skip these analyzers')
            [CompletionResult]::new('--ignore-rule', '--ignore-rule', [CompletionResultType]::ParameterName, 'Switch off this rule (an id or a glob like `PHI-*`) for this run; repeatable')
            [CompletionResult]::new('--severity', '--severity', [CompletionResultType]::ParameterName, 'Show only findings of these severities (e.g. `critical,high`); `--fail-on` still decides the exit code from every finding')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Worker threads [default: number of CPUs]')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads [default: number of CPUs]')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Never scan paths matching GLOB (gitignore syntax; repeatable)')
            [CompletionResult]::new('--max-file-size', '--max-file-size', [CompletionResultType]::ParameterName, 'Skip files larger than this many bytes (suffixes K, M, G; default 5M)')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Extra rule files or directories (aseptic TOML rules, or a gitleaks rule file)')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'Report only findings not recorded in this baseline file')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Scan only files changed between the merge base of REF and the working tree')
            [CompletionResult]::new('--history', '--history', [CompletionResultType]::ParameterName, 'Scan the lines added by every commit reachable from HEAD, or in REV_RANGE')
            [CompletionResult]::new('--advisory-db', '--advisory-db', [CompletionResultType]::ParameterName, 'RustSec advisory database directory')
            [CompletionResult]::new('--osv-db', '--osv-db', [CompletionResultType]::ParameterName, 'OSV database directory (osv.dev''s per-ecosystem archives, unpacked) for npm, PyPI, Go, Maven and NuGet lockfiles')
            [CompletionResult]::new('--max-db-age', '--max-db-age', [CompletionResultType]::ParameterName, 'Warn when the advisory database is older than this many days [default: 90]')
            [CompletionResult]::new('--phi-scope', '--phi-scope', [CompletionResultType]::ParameterName, 'Where PHI findings get full severity')
            [CompletionResult]::new('--group-by', '--group-by', [CompletionResultType]::ParameterName, 'Group findings in the table and JSON by severity or by HIPAA safeguard')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour in the table on standard output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No one-line summary on standard error (it is printed when stdout has no table)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No one-line summary on standard error (it is printed when stdout has no table)')
            [CompletionResult]::new('--no-ignore', '--no-ignore', [CompletionResultType]::ParameterName, 'Do not honour .gitignore, .ignore and .asepticignore files')
            [CompletionResult]::new('--staged', '--staged', [CompletionResultType]::ParameterName, 'Scan the staged (index) version of staged files: what is about to be committed')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never touch the network (do not fetch a missing advisory database)')
            [CompletionResult]::new('--phi-detail', '--phi-detail', [CompletionResultType]::ParameterName, 'One PHI finding per value instead of one per file')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print every note in the table (skipped files included)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print every note in the table (skipped files included)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress indicator, even on a terminal')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aseptic;rules' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'f')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Only rules of these analyzers')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Extra rule files or directories')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Load the rule files in DIR and run each rule''s positive and negative examples through the analyzers; exit 1 naming every rule whose examples fail, 0 when all hold')
            [CompletionResult]::new('--next-id', '--next-id', [CompletionResultType]::ParameterName, 'Print the next free id with this prefix (`IAC-AWS`, `SEC-GITHUB`, `RS-TLS`) for a new rule: one past the highest id or alias ever used with it, so retired ids are never reused')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aseptic;explain' {
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Extra rule files or directories')
            [CompletionResult]::new('--advisory-db', '--advisory-db', [CompletionResultType]::ParameterName, 'RustSec advisory database directory (for advisory ids)')
            [CompletionResult]::new('--osv-db', '--osv-db', [CompletionResultType]::ParameterName, 'OSV database directory (for GHSA, PYSEC, GO and other OSV advisory ids)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aseptic;completions' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aseptic;db' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Clone the advisory database, or fast-forward it, with the system git; with `--osv`, download osv.dev''s archives into the OSV database instead')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Print the database''s path, revision, newest advisory date and advisory count')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'aseptic;db;update' {
            [CompletionResult]::new('--advisory-db', '--advisory-db', [CompletionResultType]::ParameterName, 'advisory-db')
            [CompletionResult]::new('--osv-db', '--osv-db', [CompletionResultType]::ParameterName, 'The OSV database directory [default: aseptic/osv in the user''s cache directory]')
            [CompletionResult]::new('--ecosystem', '--ecosystem', [CompletionResultType]::ParameterName, 'Ecosystems to download with --osv (default: the ones the database already has, else all five)')
            [CompletionResult]::new('--osv', '--osv', [CompletionResultType]::ParameterName, 'Update the OSV database (npm, PyPI, Go, Maven, NuGet) over HTTPS: resumable, and each archive verified before it replaces the old copy')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never touch the network: refuse to update')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aseptic;db;info' {
            [CompletionResult]::new('--advisory-db', '--advisory-db', [CompletionResultType]::ParameterName, 'advisory-db')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'aseptic;db;help' {
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Clone the advisory database, or fast-forward it, with the system git; with `--osv`, download osv.dev''s archives into the OSV database instead')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Print the database''s path, revision, newest advisory date and advisory count')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'aseptic;db;help;update' {
            break
        }
        'aseptic;db;help;info' {
            break
        }
        'aseptic;db;help;help' {
            break
        }
        'aseptic;help' {
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Scan files and report findings')
            [CompletionResult]::new('baseline', 'baseline', [CompletionResultType]::ParameterValue, 'Record the current findings as accepted, so later scans report only new ones')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List every rule: id, analyzer, severity, summary and HIPAA citations')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Show a rule''s full documentation')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'Manage the local RustSec advisory database')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'aseptic;help;scan' {
            break
        }
        'aseptic;help;baseline' {
            break
        }
        'aseptic;help;rules' {
            break
        }
        'aseptic;help;explain' {
            break
        }
        'aseptic;help;completions' {
            break
        }
        'aseptic;help;db' {
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Clone the advisory database, or fast-forward it, with the system git; with `--osv`, download osv.dev''s archives into the OSV database instead')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Print the database''s path, revision, newest advisory date and advisory count')
            break
        }
        'aseptic;help;db;update' {
            break
        }
        'aseptic;help;db;info' {
            break
        }
        'aseptic;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
