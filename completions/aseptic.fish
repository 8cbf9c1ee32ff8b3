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
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l config -d 'Configuration file [default: .aseptic.toml at the scan root]' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -s f -l format -d 'Output format [default: table]' -r -f -a "table\t''
json\t''
sarif\t''
github\t''
markdown\t'For a GitHub job summary or a pull request comment'"
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -s o -l output -d 'Write the report to FILE instead of standard output' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l sarif-output -d 'Also write a SARIF report of the same findings to FILE (beside the --format report)' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l json-output -d 'Also write a JSON report of the same findings to FILE' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l table-output -d 'Also write a table report (no colour) to FILE' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l github-output -d 'Also write GitHub annotations to FILE' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand scan" -l markdown-output -d 'Also write a Markdown report to FILE (e.g. "$GITHUB_STEP_SUMMARY")' -r -F
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
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l config -d 'Configuration file [default: .aseptic.toml at the scan root]' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -s f -l format -d 'Output format [default: table]' -r -f -a "table\t''
json\t''
sarif\t''
github\t''
markdown\t'For a GitHub job summary or a pull request comment'"
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -s o -l output -d 'Write the report to FILE instead of standard output' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l sarif-output -d 'Also write a SARIF report of the same findings to FILE (beside the --format report)' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l json-output -d 'Also write a JSON report of the same findings to FILE' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l table-output -d 'Also write a table report (no colour) to FILE' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l github-output -d 'Also write GitHub annotations to FILE' -r -F
complete -c aseptic -n "__fish_aseptic_using_subcommand baseline" -l markdown-output -d 'Also write a Markdown report to FILE (e.g. "$GITHUB_STEP_SUMMARY")' -r -F
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
