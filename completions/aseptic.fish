# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_aseptic_global_optspecs
    string join \n h/help V/version
end

function __fish_aseptic_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_aseptic_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_aseptic_using_subcommand
    set -l cmd (__fish_aseptic_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c aseptic -n "__fish_aseptic_needs_command" -s h -l help -d 'Print help'
complete -c aseptic -n "__fish_aseptic_needs_command" -s V -l version -d 'Print version'
complete -c aseptic -n "__fish_aseptic_needs_command" -f -a "scan" -d 'Scan files and report findings'
complete -c aseptic -n "__fish_aseptic_needs_command" -f -a "baseline" -d 'Record the current findings as accepted, so later scans report only new ones'
complete -c aseptic -n "__fish_aseptic_needs_command" -f -a "rules" -d 'List every rule: id, analyzer, severity, summary and HIPAA citations'
complete -c aseptic -n "__fish_aseptic_needs_command" -f -a "explain" -d 'Show a rule\'s full documentation'
complete -c aseptic -n "__fish_aseptic_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c aseptic -n "__fish_aseptic_needs_command" -f -a "db" -d 'Manage the local RustSec advisory database'
complete -c aseptic -n "__fish_aseptic_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l stdin-filename -d 'The file name standard input is scanned as (`aseptic scan - --stdin-filename Dockerfile`), for rules that look at names [default: stdin]' -r
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l config -d 'Configuration file [default: .aseptic.toml at the scan root]' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -s f -l format -d 'Output format [default: table]' -r -f -a "table\t''
json\t''
sarif\t''
github\t''
markdown\t'For a GitHub job summary or a pull request comment'
gitlab-secrets\t'GitLab secret detection report (secrets findings)'
gitlab-sast\t'GitLab SAST report (IaC, PHI and Rust findings)'
gitlab-dependency\t'GitLab dependency scanning report (advisories)'"
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -s o -l output -d 'Write the report to FILE instead of standard output' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l sarif-output -d 'Also write a SARIF report of the same findings to FILE (beside the --format report)' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l json-output -d 'Also write a JSON report of the same findings to FILE' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l table-output -d 'Also write a table report (no colour) to FILE' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l github-output -d 'Also write GitHub annotations to FILE' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l markdown-output -d 'Also write a Markdown report to FILE (e.g. "$GITHUB_STEP_SUMMARY")' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l gitlab-secrets-output -d 'Also write GitLab\'s secret detection report to FILE (`artifacts:reports:secret_detection`)' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l gitlab-sast-output -d 'Also write GitLab\'s SAST report to FILE (`artifacts:reports:sast`)' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l gitlab-dependency-output -d 'Also write GitLab\'s dependency scanning report to FILE (`artifacts:reports:dependency_scanning`)' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l fail-on -d 'Exit 1 when a finding at or above this severity remains [default: low]' -r -f -a "critical\t''
high\t''
medium\t''
low\t''
info\t''
none\t''"
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l only -d 'Run only these analyzers (advisories, iac, secrets, phi, rust)' -r -f -a "advisories\t''
iac\t''
secrets\t''
phi\t''
rust\t''"
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l skip -d 'Skip these analyzers' -r -f -a "advisories\t''
iac\t''
secrets\t''
phi\t''
rust\t''"
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l ignore-rule -d 'Switch off this rule (an id or a glob like `PHI-*`) for this run; repeatable' -r
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l severity -d 'Show only findings of these severities (e.g. `critical,high`); `--fail-on` still decides the exit code from every finding' -r
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -s j -l threads -d 'Worker threads [default: number of CPUs]' -r
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l exclude -d 'Never scan paths matching GLOB (gitignore syntax; repeatable)' -r
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l max-file-size -d 'Skip files larger than this many bytes (suffixes K, M, G; default 5M)' -r
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l rules -d 'Extra rule files or directories (aseptic TOML rules, or a gitleaks rule file)' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l baseline -d 'Report only findings not recorded in this baseline file' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l since -d 'Scan only files changed between the merge base of REF and the working tree' -r
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l history -d 'Scan the lines added by every commit reachable from HEAD, or in REV_RANGE' -r
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l advisory-db -d 'RustSec advisory database directory' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l osv-db -d 'OSV database directory (osv.dev\'s per-ecosystem archives, unpacked) for npm, PyPI, Go, Maven and NuGet lockfiles' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l max-db-age -d 'Warn when the advisory database is older than this many days [default: 90]' -r
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l phi-scope -d 'Where PHI findings get full severity' -r -f -a "fixtures\t'Full severity only on fixture-like paths (tests/, fixtures/, seeds/, *.csv, *.hl7, ...)'
all\t'Full severity everywhere'"
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l group-by -d 'Group findings in the table and JSON by severity or by HIPAA safeguard' -r -f -a "severity\t''
hipaa\t'By HIPAA Security Rule safeguard (45 CFR 164.312)'"
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l color -d 'Colour in the table on standard output' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -s q -l quiet -d 'No one-line summary on standard error (it is printed when stdout has no table)'
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l no-ignore -d 'Do not honour .gitignore, .ignore and .asepticignore files'
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l staged -d 'Scan the staged (index) version of staged files: what is about to be committed'
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l offline -d 'Never touch the network (do not fetch a missing advisory database)'
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l phi-detail -d 'One PHI finding per value instead of one per file'
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -s v -l verbose -d 'Print every note in the table (skipped files included)'
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l no-progress -d 'No progress indicator, even on a terminal'
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -s V -l version -d 'Print version'
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l stdin-filename -d 'The file name standard input is scanned as (`aseptic scan - --stdin-filename Dockerfile`), for rules that look at names [default: stdin]' -r
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l config -d 'Configuration file [default: .aseptic.toml at the scan root]' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -s f -l format -d 'Output format [default: table]' -r -f -a "table\t''
json\t''
sarif\t''
github\t''
markdown\t'For a GitHub job summary or a pull request comment'
gitlab-secrets\t'GitLab secret detection report (secrets findings)'
gitlab-sast\t'GitLab SAST report (IaC, PHI and Rust findings)'
gitlab-dependency\t'GitLab dependency scanning report (advisories)'"
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -s o -l output -d 'Write the report to FILE instead of standard output' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l sarif-output -d 'Also write a SARIF report of the same findings to FILE (beside the --format report)' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l json-output -d 'Also write a JSON report of the same findings to FILE' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l table-output -d 'Also write a table report (no colour) to FILE' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l github-output -d 'Also write GitHub annotations to FILE' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l markdown-output -d 'Also write a Markdown report to FILE (e.g. "$GITHUB_STEP_SUMMARY")' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l gitlab-secrets-output -d 'Also write GitLab\'s secret detection report to FILE (`artifacts:reports:secret_detection`)' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l gitlab-sast-output -d 'Also write GitLab\'s SAST report to FILE (`artifacts:reports:sast`)' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l gitlab-dependency-output -d 'Also write GitLab\'s dependency scanning report to FILE (`artifacts:reports:dependency_scanning`)' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l fail-on -d 'Exit 1 when a finding at or above this severity remains [default: low]' -r -f -a "critical\t''
high\t''
medium\t''
low\t''
info\t''
none\t''"
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l only -d 'Run only these analyzers (advisories, iac, secrets, phi, rust)' -r -f -a "advisories\t''
iac\t''
secrets\t''
phi\t''
rust\t''"
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l skip -d 'Skip these analyzers' -r -f -a "advisories\t''
iac\t''
secrets\t''
phi\t''
rust\t''"
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l ignore-rule -d 'Switch off this rule (an id or a glob like `PHI-*`) for this run; repeatable' -r
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l severity -d 'Show only findings of these severities (e.g. `critical,high`); `--fail-on` still decides the exit code from every finding' -r
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -s j -l threads -d 'Worker threads [default: number of CPUs]' -r
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l exclude -d 'Never scan paths matching GLOB (gitignore syntax; repeatable)' -r
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l max-file-size -d 'Skip files larger than this many bytes (suffixes K, M, G; default 5M)' -r
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l rules -d 'Extra rule files or directories (aseptic TOML rules, or a gitleaks rule file)' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l baseline -d 'Report only findings not recorded in this baseline file' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l since -d 'Scan only files changed between the merge base of REF and the working tree' -r
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l history -d 'Scan the lines added by every commit reachable from HEAD, or in REV_RANGE' -r
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l advisory-db -d 'RustSec advisory database directory' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l osv-db -d 'OSV database directory (osv.dev\'s per-ecosystem archives, unpacked) for npm, PyPI, Go, Maven and NuGet lockfiles' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l max-db-age -d 'Warn when the advisory database is older than this many days [default: 90]' -r
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l phi-scope -d 'Where PHI findings get full severity' -r -f -a "fixtures\t'Full severity only on fixture-like paths (tests/, fixtures/, seeds/, *.csv, *.hl7, ...)'
all\t'Full severity everywhere'"
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l group-by -d 'Group findings in the table and JSON by severity or by HIPAA safeguard' -r -f -a "severity\t''
hipaa\t'By HIPAA Security Rule safeguard (45 CFR 164.312)'"
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l color -d 'Colour in the table on standard output' -r -f -a "auto\t'Colour on a terminal unless NO_COLOR is set'
always\t''
never\t''"
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -s q -l quiet -d 'No one-line summary on standard error (it is printed when stdout has no table)'
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l no-ignore -d 'Do not honour .gitignore, .ignore and .asepticignore files'
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l staged -d 'Scan the staged (index) version of staged files: what is about to be committed'
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l offline -d 'Never touch the network (do not fetch a missing advisory database)'
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l phi-detail -d 'One PHI finding per value instead of one per file'
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -s v -l verbose -d 'Print every note in the table (skipped files included)'
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l no-progress -d 'No progress indicator, even on a terminal'
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -s V -l version -d 'Print version'
complete -c aseptic -n "__fish_aseptic_using_subcommand rules" -s f -l format -r -f -a "table\t''
json\t''"
complete -c aseptic -n "__fish_aseptic_using_subcommand rules" -l only -d 'Only rules of these analyzers' -r
complete -c aseptic -n "__fish_aseptic_using_subcommand rules" -l rules -d 'Extra rule files or directories' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand rules" -l check -d 'Load the rule files in DIR and run each rule\'s positive and negative examples through the analyzers; exit 1 naming every rule whose examples fail, 0 when all hold' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand rules" -l next-id -d 'Print the next free id with this prefix (`IAC-AWS`, `SEC-GITHUB`, `RS-TLS`) for a new rule: one past the highest id or alias ever used with it, so retired ids are never reused' -r
complete -c aseptic -n "__fish_aseptic_using_subcommand rules" -s h -l help -d 'Print help'
complete -c aseptic -n "__fish_aseptic_using_subcommand rules" -s V -l version -d 'Print version'
complete -c aseptic -n "__fish_aseptic_using_subcommand explain" -l rules -d 'Extra rule files or directories' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand explain" -l advisory-db -d 'RustSec advisory database directory (for advisory ids)' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand explain" -l osv-db -d 'OSV database directory (for GHSA, PYSEC, GO and other OSV advisory ids)' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand explain" -s h -l help -d 'Print help'
complete -c aseptic -n "__fish_aseptic_using_subcommand explain" -s V -l version -d 'Print version'
complete -c aseptic -n "__fish_aseptic_using_subcommand completions" -s h -l help -d 'Print help'
complete -c aseptic -n "__fish_aseptic_using_subcommand completions" -s V -l version -d 'Print version'
complete -c aseptic -n "__fish_aseptic_using_subcommand db; and not __fish_seen_subcommand_from update info help" -s h -l help -d 'Print help'
complete -c aseptic -n "__fish_aseptic_using_subcommand db; and not __fish_seen_subcommand_from update info help" -s V -l version -d 'Print version'
complete -c aseptic -n "__fish_aseptic_using_subcommand db; and not __fish_seen_subcommand_from update info help" -f -a "update" -d 'Clone the advisory database, or fast-forward it, with the system git; with `--osv`, download osv.dev\'s archives into the OSV database instead'
complete -c aseptic -n "__fish_aseptic_using_subcommand db; and not __fish_seen_subcommand_from update info help" -f -a "info" -d 'Print the database\'s path, revision, newest advisory date and advisory count'
complete -c aseptic -n "__fish_aseptic_using_subcommand db; and not __fish_seen_subcommand_from update info help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c aseptic -n "__fish_aseptic_using_subcommand db; and __fish_seen_subcommand_from update" -l advisory-db -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand db; and __fish_seen_subcommand_from update" -l osv-db -d 'The OSV database directory [default: aseptic/osv in the user\'s cache directory]' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand db; and __fish_seen_subcommand_from update" -l ecosystem -d 'Ecosystems to download with --osv (default: the ones the database already has, else all five)' -r
complete -c aseptic -n "__fish_aseptic_using_subcommand db; and __fish_seen_subcommand_from update" -l osv -d 'Update the OSV database (npm, PyPI, Go, Maven, NuGet) over HTTPS: resumable, and each archive verified before it replaces the old copy'
complete -c aseptic -n "__fish_aseptic_using_subcommand db; and __fish_seen_subcommand_from update" -l offline -d 'Never touch the network: refuse to update'
complete -c aseptic -n "__fish_aseptic_using_subcommand db; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c aseptic -n "__fish_aseptic_using_subcommand db; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c aseptic -n "__fish_aseptic_using_subcommand db; and __fish_seen_subcommand_from info" -l advisory-db -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand db; and __fish_seen_subcommand_from info" -s h -l help -d 'Print help'
complete -c aseptic -n "__fish_aseptic_using_subcommand db; and __fish_seen_subcommand_from info" -s V -l version -d 'Print version'
complete -c aseptic -n "__fish_aseptic_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "update" -d 'Clone the advisory database, or fast-forward it, with the system git; with `--osv`, download osv.dev\'s archives into the OSV database instead'
complete -c aseptic -n "__fish_aseptic_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "info" -d 'Print the database\'s path, revision, newest advisory date and advisory count'
complete -c aseptic -n "__fish_aseptic_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c aseptic -n "__fish_aseptic_using_subcommand help; and not __fish_seen_subcommand_from scan baseline rules explain completions db help" -f -a "scan" -d 'Scan files and report findings'
complete -c aseptic -n "__fish_aseptic_using_subcommand help; and not __fish_seen_subcommand_from scan baseline rules explain completions db help" -f -a "baseline" -d 'Record the current findings as accepted, so later scans report only new ones'
complete -c aseptic -n "__fish_aseptic_using_subcommand help; and not __fish_seen_subcommand_from scan baseline rules explain completions db help" -f -a "rules" -d 'List every rule: id, analyzer, severity, summary and HIPAA citations'
complete -c aseptic -n "__fish_aseptic_using_subcommand help; and not __fish_seen_subcommand_from scan baseline rules explain completions db help" -f -a "explain" -d 'Show a rule\'s full documentation'
complete -c aseptic -n "__fish_aseptic_using_subcommand help; and not __fish_seen_subcommand_from scan baseline rules explain completions db help" -f -a "completions" -d 'Print a shell completion script'
complete -c aseptic -n "__fish_aseptic_using_subcommand help; and not __fish_seen_subcommand_from scan baseline rules explain completions db help" -f -a "db" -d 'Manage the local RustSec advisory database'
complete -c aseptic -n "__fish_aseptic_using_subcommand help; and not __fish_seen_subcommand_from scan baseline rules explain completions db help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c aseptic -n "__fish_aseptic_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "update" -d 'Clone the advisory database, or fast-forward it, with the system git; with `--osv`, download osv.dev\'s archives into the OSV database instead'
complete -c aseptic -n "__fish_aseptic_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "info" -d 'Print the database\'s path, revision, newest advisory date and advisory count'
complete -c aseptic -n "__fish_aseptic_using_subcommand explain" -f -a "ADV-YANKED IAC-AWS-001 IAC-AWS-002 IAC-AWS-003 IAC-AWS-004 IAC-AWS-005 IAC-AWS-006 IAC-AWS-007 IAC-AWS-008 IAC-AWS-009 IAC-AWS-010 IAC-AWS-011 IAC-AWS-012 IAC-AWS-013 IAC-AWS-014 IAC-AWS-015 IAC-AWS-016 IAC-AWS-017 IAC-AWS-018 IAC-AWS-019 IAC-AWS-020 IAC-AWS-021 IAC-AWS-022 IAC-AWS-023 IAC-AWS-024 IAC-AWS-025 IAC-AWS-026 IAC-AWS-027 IAC-AWS-028 IAC-AWS-029 IAC-AWS-030 IAC-AWS-031 IAC-AWS-032 IAC-AWS-033 IAC-AWS-034 IAC-AWS-035 IAC-AWS-036 IAC-AWS-037 IAC-AWS-038 IAC-AWS-039 IAC-AWS-040 IAC-AWS-041 IAC-AWS-042 IAC-AWS-043 IAC-AWS-044 IAC-AWS-045 IAC-AWS-046 IAC-AWS-047 IAC-AWS-048 IAC-AWS-049 IAC-AWS-050 IAC-AWS-051 IAC-AWS-052 IAC-AWS-053 IAC-AWS-054 IAC-AWS-055 IAC-AWS-056 IAC-AWS-057 IAC-AWS-058 IAC-AWS-059 IAC-AWS-060 IAC-AWS-061 IAC-AWS-062 IAC-AWS-063 IAC-AWS-064 IAC-AWS-065 IAC-AWS-066 IAC-AZ-001 IAC-AZ-002 IAC-AZ-003 IAC-AZ-004 IAC-AZ-005 IAC-AZ-006 IAC-AZ-007 IAC-AZ-008 IAC-AZ-009 IAC-AZ-010 IAC-AZ-011 IAC-AZ-012 IAC-AZ-013 IAC-AZ-014 IAC-AZ-015 IAC-AZ-016 IAC-AZ-017 IAC-AZ-018 IAC-AZ-019 IAC-AZ-020 IAC-CMP-001 IAC-CMP-002 IAC-CMP-003 IAC-CMP-004 IAC-CMP-005 IAC-CMP-006 IAC-CMP-007 IAC-CMP-008 IAC-CMP-009 IAC-CMP-010 IAC-DKR-001 IAC-DKR-002 IAC-DKR-003 IAC-DKR-004 IAC-DKR-005 IAC-DKR-006 IAC-DKR-007 IAC-DKR-008 IAC-DKR-009 IAC-DKR-010 IAC-DKR-011 IAC-DKR-012 IAC-GCP-001 IAC-GCP-002 IAC-GCP-003 IAC-GCP-004 IAC-GCP-005 IAC-GCP-006 IAC-GCP-007 IAC-GCP-008 IAC-GCP-009 IAC-GCP-010 IAC-GCP-011 IAC-GCP-012 IAC-GCP-013 IAC-GCP-014 IAC-GCP-015 IAC-GCP-016 IAC-GCP-017 IAC-GCP-018 IAC-GHA-001 IAC-GHA-002 IAC-GHA-003 IAC-GHA-004 IAC-GHA-005 IAC-GHA-006 IAC-GHA-007 IAC-GHA-008 IAC-GHA-009 IAC-GHA-010 IAC-GHA-011 IAC-K8S-001 IAC-K8S-002 IAC-K8S-003 IAC-K8S-004 IAC-K8S-005 IAC-K8S-006 IAC-K8S-007 IAC-K8S-008 IAC-K8S-009 IAC-K8S-010 IAC-K8S-011 IAC-K8S-012 IAC-K8S-013 IAC-K8S-014 IAC-K8S-015 IAC-K8S-016 IAC-K8S-017 IAC-K8S-018 IAC-K8S-019 IAC-K8S-020 IAC-K8S-021 IAC-K8S-022 IAC-K8S-023 IAC-K8S-024 IAC-K8S-025 IAC-K8S-026 IAC-K8S-027 IAC-K8S-028 IAC-K8S-029 IAC-K8S-030 IAC-K8S-031 IAC-K8S-032 IAC-K8S-033 PHI-ACCOUNT PHI-ADDRESS PHI-AGE-OVER-89 PHI-DEA PHI-DOB PHI-EMAIL PHI-FAX PHI-FHIR-RECORD PHI-HEALTH-PLAN-ID PHI-HL7-RECORD PHI-IP PHI-LICENSE PHI-MBI PHI-MRN PHI-NAME PHI-NPI PHI-PHONE PHI-SSN PHI-SYNTHETIC PHI-UDI PHI-URL PHI-VIN PHI-ZIP RS-CMD-001 RS-CRED-001 RS-HASH-001 RS-PHI-001 RS-RNG-001 RS-SQL-001 RS-TLS-001 RS-TLS-002 SEC-1PASSWORD-001 SEC-1PASSWORD-002 SEC-ADYEN-001 SEC-ADYEN-002 SEC-AIRTABLE-001 SEC-AKAMAI-001 SEC-ALGOLIA-001 SEC-ALIBABA-001 SEC-ALIBABA-002 SEC-ANTHROPIC-001 SEC-ANTHROPIC-002 SEC-ASANA-001 SEC-ASSEMBLYAI-001 SEC-ATLASSIAN-001 SEC-AUTH0-001 SEC-AWS-001 SEC-AWS-002 SEC-AWS-003 SEC-AWS-004 SEC-AWS-005 SEC-AZURE-001 SEC-AZURE-002 SEC-AZURE-003 SEC-AZURE-004 SEC-AZURE-005 SEC-AZURE-006 SEC-AZURE-007 SEC-BITBUCKET-001 SEC-BITBUCKET-002 SEC-BRAINTREE-001 SEC-BRAINTREE-002 SEC-BREVO-001 SEC-BUILDKITE-001 SEC-BUILDKITE-002 SEC-CIRCLECI-001 SEC-CIRCLECI-002 SEC-CLI-001 SEC-CLOJARS-001 SEC-CLOUDFLARE-001 SEC-CLOUDFLARE-002 SEC-CLOUDINARY-001 SEC-CODECOV-001 SEC-COHERE-001 SEC-CONTENTFUL-001 SEC-CRATES-001 SEC-CRATES-002 SEC-CURL-001 SEC-DATADOG-001 SEC-DATADOG-002 SEC-DB-001 SEC-DB-002 SEC-DB-003 SEC-DB-004 SEC-DB-005 SEC-DB-006 SEC-DB-007 SEC-DB-008 SEC-DB-009 SEC-DB-010 SEC-DB-011 SEC-DB-012 SEC-DB-013 SEC-DBTOOL-001 SEC-DBTOOL-002 SEC-DEEPGRAM-001 SEC-DEEPSEEK-001 SEC-DISCORD-001 SEC-DISCORD-002 SEC-DISCORD-003 SEC-DJANGO-001 SEC-DO-001 SEC-DO-002 SEC-DO-003 SEC-DO-004 SEC-DOCKER-001 SEC-DOCKERFILE-001 SEC-DOCKERHUB-001 SEC-DOCKERHUB-002 SEC-DOPPLER-001 SEC-DOPPLER-002 SEC-DOPPLER-003 SEC-DOPPLER-004 SEC-DROPBOX-001 SEC-DUFFEL-001 SEC-DUO-001 SEC-DYNATRACE-001 SEC-EASYPOST-001 SEC-ELEVENLABS-001 SEC-ENV-001 SEC-ENV-002 SEC-FACEBOOK-001 SEC-FASTLY-001 SEC-FIGMA-001 SEC-FIREBASE-001 SEC-FIREFOX-001 SEC-FLASK-001 SEC-FLUTTERWAVE-001 SEC-FRAMEIO-001 SEC-FTP-001 SEC-FTP-002 SEC-FTP-003 SEC-GCP-001 SEC-GCP-002 SEC-GCP-003 SEC-GCP-004 SEC-GCP-005 SEC-GENERIC-001 SEC-GENERIC-002 SEC-GITCRED-001 SEC-GITHUB-001 SEC-GITHUB-002 SEC-GITHUB-003 SEC-GITHUB-004 SEC-GITHUB-005 SEC-GITHUB-006 SEC-GITLAB-001 SEC-GITLAB-002 SEC-GITLAB-003 SEC-GITLAB-004 SEC-GITLAB-005 SEC-GITLAB-006 SEC-GITLAB-007 SEC-GITLAB-008 SEC-GITLAB-009 SEC-GITLAB-010 SEC-GITLAB-011 SEC-GOCARDLESS-001 SEC-GOOGLECHAT-001 SEC-GRADLE-001 SEC-GRAFANA-001 SEC-GRAFANA-002 SEC-GRAFANA-003 SEC-GROQ-001 SEC-HARNESS-001 SEC-HASH-001 SEC-HASH-002 SEC-HASH-003 SEC-HASH-004 SEC-HASH-005 SEC-HASH-006 SEC-HASH-007 SEC-HEALTH-001 SEC-HEALTH-002 SEC-HEALTH-003 SEC-HEALTH-004 SEC-HEALTH-005 SEC-HEALTH-006 SEC-HEALTH-007 SEC-HEALTH-008 SEC-HEALTH-009 SEC-HEROKU-001 SEC-HEROKU-002 SEC-HONEYCOMB-001 SEC-HUBSPOT-001 SEC-HUGGINGFACE-001 SEC-HUGGINGFACE-002 SEC-IBM-001 SEC-IDE-001 SEC-INFRACOST-001 SEC-IRC-001 SEC-IRC-002 SEC-JENKINS-001 SEC-JFROG-001 SEC-JFROG-002 SEC-JSON-001 SEC-JWT-001 SEC-JWT-002 SEC-K8S-001 SEC-KEY-001 SEC-KEY-002 SEC-KEY-003 SEC-KEY-004 SEC-KEY-005 SEC-KEY-006 SEC-KEY-007 SEC-KEY-008 SEC-KEY-009 SEC-KEY-010 SEC-KEY-011 SEC-KEY-012 SEC-KEY-013 SEC-KUBECONFIG-001 SEC-LANGSMITH-001 SEC-LARAVEL-001 SEC-LAUNCHDARKLY-001 SEC-LINEAR-001 SEC-LINODE-001 SEC-LOGIN-001 SEC-MAIL-001 SEC-MAILCHIMP-001 SEC-MAILERSEND-001 SEC-MAILGUN-001 SEC-MAILGUN-002 SEC-MAILJET-001 SEC-MAPBOX-001 SEC-MAVEN-001 SEC-MISTRAL-001 SEC-NETLIFY-001 SEC-NETRC-001 SEC-NEWRELIC-001 SEC-NEWRELIC-002 SEC-NEWRELIC-003 SEC-NEWRELIC-004 SEC-NEXTAUTH-001 SEC-NOTION-001 SEC-NOTION-002 SEC-NPM-001 SEC-NPM-002 SEC-NPM-003 SEC-NUGET-001 SEC-NUGET-002 SEC-OAUTH-001 SEC-OCTOPUS-001 SEC-OKTA-001 SEC-ONELOGIN-001 SEC-OPENAI-001 SEC-OPENAI-002 SEC-OPENROUTER-001 SEC-OPSGENIE-001 SEC-PAGERDUTY-001 SEC-PAYPAL-001 SEC-PERPLEXITY-001 SEC-PINECONE-001 SEC-PLAID-001 SEC-PLANETSCALE-001 SEC-PLANETSCALE-002 SEC-PLANETSCALE-003 SEC-POSTMAN-001 SEC-POSTMARK-001 SEC-PREFECT-001 SEC-PROPERTIES-001 SEC-PULUMI-001 SEC-PUSHER-001 SEC-PYPI-001 SEC-PYPI-002 SEC-RAILS-001 SEC-RAILS-002 SEC-RAZORPAY-001 SEC-README-001 SEC-RENDER-001 SEC-REPLICATE-001 SEC-RESEND-001 SEC-ROLLBAR-001 SEC-RUBYGEMS-001 SEC-SALESFORCE-001 SEC-SCALEWAY-001 SEC-SCALINGO-001 SEC-SENDGRID-001 SEC-SENTRY-001 SEC-SENTRY-002 SEC-SENTRY-003 SEC-SHIPPO-001 SEC-SHOPIFY-001 SEC-SHOPIFY-002 SEC-SHOPIFY-003 SEC-SHOPIFY-004 SEC-SLACK-001 SEC-SLACK-002 SEC-SLACK-003 SEC-SLACK-004 SEC-SLACK-005 SEC-SLACK-006 SEC-SLACK-007 SEC-SNYK-001 SEC-SONAR-001 SEC-SPLUNK-001 SEC-SQUARE-001 SEC-SQUARE-002 SEC-SQUARE-003 SEC-SSHPASS-001 SEC-STRIPE-001 SEC-STRIPE-002 SEC-STRIPE-003 SEC-STRIPE-004 SEC-SUPABASE-001 SEC-SUPABASE-002 SEC-SYMFONY-001 SEC-TAILSCALE-001 SEC-TEAMS-001 SEC-TELEGRAM-001 SEC-TFC-001 SEC-TRAVIS-001 SEC-TWILIO-001 SEC-TWILIO-002 SEC-TWITTER-001 SEC-TYPEFORM-001 SEC-URL-001 SEC-URL-002 SEC-URL-003 SEC-VAULT-001 SEC-VAULT-002 SEC-VERCEL-001 SEC-VONAGE-001 SEC-WANDB-001 SEC-WORDPRESS-001 SEC-WORDPRESS-002 SEC-XAI-001 SEC-XML-001 SEC-YAML-001 SEC-ZAPIER-001 SEC-ZENDESK-001"
