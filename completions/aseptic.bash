_aseptic() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="aseptic"
                ;;
            aseptic,baseline)
                cmd="aseptic__subcmd__baseline"
                ;;
            aseptic,completions)
                cmd="aseptic__subcmd__completions"
                ;;
            aseptic,db)
                cmd="aseptic__subcmd__db"
                ;;
            aseptic,explain)
                cmd="aseptic__subcmd__explain"
                ;;
            aseptic,help)
                cmd="aseptic__subcmd__help"
                ;;
            aseptic,rules)
                cmd="aseptic__subcmd__rules"
                ;;
            aseptic,scan)
                cmd="aseptic__subcmd__scan"
                ;;
            aseptic__subcmd__db,help)
                cmd="aseptic__subcmd__db__subcmd__help"
                ;;
            aseptic__subcmd__db,info)
                cmd="aseptic__subcmd__db__subcmd__info"
                ;;
            aseptic__subcmd__db,update)
                cmd="aseptic__subcmd__db__subcmd__update"
                ;;
            aseptic__subcmd__db__subcmd__help,help)
                cmd="aseptic__subcmd__db__subcmd__help__subcmd__help"
                ;;
            aseptic__subcmd__db__subcmd__help,info)
                cmd="aseptic__subcmd__db__subcmd__help__subcmd__info"
                ;;
            aseptic__subcmd__db__subcmd__help,update)
                cmd="aseptic__subcmd__db__subcmd__help__subcmd__update"
                ;;
            aseptic__subcmd__help,baseline)
                cmd="aseptic__subcmd__help__subcmd__baseline"
                ;;
            aseptic__subcmd__help,completions)
                cmd="aseptic__subcmd__help__subcmd__completions"
                ;;
            aseptic__subcmd__help,db)
                cmd="aseptic__subcmd__help__subcmd__db"
                ;;
            aseptic__subcmd__help,explain)
                cmd="aseptic__subcmd__help__subcmd__explain"
                ;;
            aseptic__subcmd__help,help)
                cmd="aseptic__subcmd__help__subcmd__help"
                ;;
            aseptic__subcmd__help,rules)
                cmd="aseptic__subcmd__help__subcmd__rules"
                ;;
            aseptic__subcmd__help,scan)
                cmd="aseptic__subcmd__help__subcmd__scan"
                ;;
            aseptic__subcmd__help__subcmd__db,info)
                cmd="aseptic__subcmd__help__subcmd__db__subcmd__info"
                ;;
            aseptic__subcmd__help__subcmd__db,update)
                cmd="aseptic__subcmd__help__subcmd__db__subcmd__update"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        aseptic)
            opts="-h -V --help --version scan baseline rules explain completions db help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        aseptic__subcmd__baseline)
            opts="-f -o -q -j -v -h -V --stdin-filename --config --format --output --sarif-output --json-output --table-output --github-output --markdown-output --gitlab-secrets-output --gitlab-sast-output --gitlab-dependency-output --quiet --fail-on --only --skip --ignore-rule --severity --threads --exclude --no-ignore --max-file-size --rules --baseline --staged --since --history --advisory-db --osv-db --offline --max-db-age --phi-scope --phi-detail --group-by --verbose --color --no-progress --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --stdin-filename)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table json sarif github markdown gitlab-secrets gitlab-sast gitlab-dependency" -- "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -W "table json sarif github markdown gitlab-secrets gitlab-sast gitlab-dependency" -- "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sarif-output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --json-output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --table-output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --github-output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --markdown-output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --gitlab-secrets-output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --gitlab-sast-output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --gitlab-dependency-output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --fail-on)
                    COMPREPLY=($(compgen -W "critical high medium low info none" -- "${cur}"))
                    return 0
                    ;;
                --only)
                    COMPREPLY=($(compgen -W "advisories iac secrets phi rust" -- "${cur}"))
                    return 0
                    ;;
                --skip)
                    COMPREPLY=($(compgen -W "advisories iac secrets phi rust" -- "${cur}"))
                    return 0
                    ;;
                --ignore-rule)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --severity)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --threads)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -j)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --exclude)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-file-size)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rules)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --baseline)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --since)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --history)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --advisory-db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --osv-db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-db-age)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --phi-scope)
                    COMPREPLY=($(compgen -W "fixtures all" -- "${cur}"))
                    return 0
                    ;;
                --group-by)
                    COMPREPLY=($(compgen -W "severity hipaa" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        aseptic__subcmd__completions)
            opts="-h -V --help --version bash elvish fish powershell zsh"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        aseptic__subcmd__db)
            opts="-h -V --help --version update info help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        aseptic__subcmd__db__subcmd__help)
            opts="update info help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        aseptic__subcmd__db__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        aseptic__subcmd__db__subcmd__help__subcmd__info)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        aseptic__subcmd__db__subcmd__help__subcmd__update)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        aseptic__subcmd__db__subcmd__info)
            opts="-h -V --advisory-db --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --advisory-db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        aseptic__subcmd__db__subcmd__update)
            opts="-h -V --advisory-db --osv --osv-db --ecosystem --offline --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --advisory-db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --osv-db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ecosystem)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        aseptic__subcmd__explain)
            opts="-h -V --rules --advisory-db --osv-db --help --version ADV-YANKED IAC-AWS-001 IAC-AWS-002 IAC-AWS-003 IAC-AWS-004 IAC-AWS-005 IAC-AWS-006 IAC-AWS-007 IAC-AWS-008 IAC-AWS-009 IAC-AWS-010 IAC-AWS-011 IAC-AWS-012 IAC-AWS-013 IAC-AWS-014 IAC-AWS-015 IAC-AWS-016 IAC-AWS-017 IAC-AWS-018 IAC-AWS-019 IAC-AWS-020 IAC-AWS-021 IAC-AWS-022 IAC-AWS-023 IAC-AWS-024 IAC-AWS-025 IAC-AWS-026 IAC-AWS-027 IAC-AWS-028 IAC-AWS-029 IAC-AWS-030 IAC-AWS-031 IAC-AWS-032 IAC-AWS-033 IAC-AWS-034 IAC-AWS-035 IAC-AWS-036 IAC-AWS-037 IAC-AWS-038 IAC-AWS-039 IAC-AWS-040 IAC-AWS-041 IAC-AWS-042 IAC-AWS-043 IAC-AWS-044 IAC-AWS-045 IAC-AWS-046 IAC-AWS-047 IAC-AWS-048 IAC-AWS-049 IAC-AWS-050 IAC-AWS-051 IAC-AWS-052 IAC-AWS-053 IAC-AWS-054 IAC-AWS-055 IAC-AWS-056 IAC-AWS-057 IAC-AWS-058 IAC-AWS-059 IAC-AWS-060 IAC-AWS-061 IAC-AWS-062 IAC-AWS-063 IAC-AWS-064 IAC-AWS-065 IAC-AWS-066 IAC-AZ-001 IAC-AZ-002 IAC-AZ-003 IAC-AZ-004 IAC-AZ-005 IAC-AZ-006 IAC-AZ-007 IAC-AZ-008 IAC-AZ-009 IAC-AZ-010 IAC-AZ-011 IAC-AZ-012 IAC-AZ-013 IAC-AZ-014 IAC-AZ-015 IAC-AZ-016 IAC-AZ-017 IAC-AZ-018 IAC-AZ-019 IAC-AZ-020 IAC-CMP-001 IAC-CMP-002 IAC-CMP-003 IAC-CMP-004 IAC-CMP-005 IAC-CMP-006 IAC-CMP-007 IAC-CMP-008 IAC-CMP-009 IAC-CMP-010 IAC-DKR-001 IAC-DKR-002 IAC-DKR-003 IAC-DKR-004 IAC-DKR-005 IAC-DKR-006 IAC-DKR-007 IAC-DKR-008 IAC-DKR-009 IAC-DKR-010 IAC-DKR-011 IAC-DKR-012 IAC-GCP-001 IAC-GCP-002 IAC-GCP-003 IAC-GCP-004 IAC-GCP-005 IAC-GCP-006 IAC-GCP-007 IAC-GCP-008 IAC-GCP-009 IAC-GCP-010 IAC-GCP-011 IAC-GCP-012 IAC-GCP-013 IAC-GCP-014 IAC-GCP-015 IAC-GCP-016 IAC-GCP-017 IAC-GCP-018 IAC-GHA-001 IAC-GHA-002 IAC-GHA-003 IAC-GHA-004 IAC-GHA-005 IAC-GHA-006 IAC-GHA-007 IAC-GHA-008 IAC-GHA-009 IAC-GHA-010 IAC-GHA-011 IAC-K8S-001 IAC-K8S-002 IAC-K8S-003 IAC-K8S-004 IAC-K8S-005 IAC-K8S-006 IAC-K8S-007 IAC-K8S-008 IAC-K8S-009 IAC-K8S-010 IAC-K8S-011 IAC-K8S-012 IAC-K8S-013 IAC-K8S-014 IAC-K8S-015 IAC-K8S-016 IAC-K8S-017 IAC-K8S-018 IAC-K8S-019 IAC-K8S-020 IAC-K8S-021 IAC-K8S-022 IAC-K8S-023 IAC-K8S-024 IAC-K8S-025 IAC-K8S-026 IAC-K8S-027 IAC-K8S-028 IAC-K8S-029 IAC-K8S-030 IAC-K8S-031 IAC-K8S-032 IAC-K8S-033 PHI-ACCOUNT PHI-ADDRESS PHI-AGE-OVER-89 PHI-DEA PHI-DOB PHI-EMAIL PHI-FAX PHI-FHIR-RECORD PHI-HEALTH-PLAN-ID PHI-HL7-RECORD PHI-IP PHI-LICENSE PHI-MBI PHI-MRN PHI-NAME PHI-NPI PHI-PHONE PHI-SSN PHI-SYNTHETIC PHI-UDI PHI-URL PHI-VIN PHI-ZIP RS-CMD-001 RS-CRED-001 RS-HASH-001 RS-PHI-001 RS-RNG-001 RS-SQL-001 RS-TLS-001 RS-TLS-002 SEC-1PASSWORD-001 SEC-1PASSWORD-002 SEC-ADYEN-001 SEC-ADYEN-002 SEC-AIRTABLE-001 SEC-AKAMAI-001 SEC-ALGOLIA-001 SEC-ALIBABA-001 SEC-ALIBABA-002 SEC-ANTHROPIC-001 SEC-ANTHROPIC-002 SEC-ASANA-001 SEC-ASSEMBLYAI-001 SEC-ATLASSIAN-001 SEC-AUTH0-001 SEC-AWS-001 SEC-AWS-002 SEC-AWS-003 SEC-AWS-004 SEC-AWS-005 SEC-AZURE-001 SEC-AZURE-002 SEC-AZURE-003 SEC-AZURE-004 SEC-AZURE-005 SEC-AZURE-006 SEC-AZURE-007 SEC-BITBUCKET-001 SEC-BITBUCKET-002 SEC-BRAINTREE-001 SEC-BRAINTREE-002 SEC-BREVO-001 SEC-BUILDKITE-001 SEC-BUILDKITE-002 SEC-CIRCLECI-001 SEC-CIRCLECI-002 SEC-CLI-001 SEC-CLOJARS-001 SEC-CLOUDFLARE-001 SEC-CLOUDFLARE-002 SEC-CLOUDINARY-001 SEC-CODECOV-001 SEC-COHERE-001 SEC-CONTENTFUL-001 SEC-CRATES-001 SEC-CRATES-002 SEC-CURL-001 SEC-DATADOG-001 SEC-DATADOG-002 SEC-DB-001 SEC-DB-002 SEC-DB-003 SEC-DB-004 SEC-DB-005 SEC-DB-006 SEC-DB-007 SEC-DB-008 SEC-DB-009 SEC-DB-010 SEC-DB-011 SEC-DB-012 SEC-DB-013 SEC-DBTOOL-001 SEC-DBTOOL-002 SEC-DEEPGRAM-001 SEC-DEEPSEEK-001 SEC-DISCORD-001 SEC-DISCORD-002 SEC-DISCORD-003 SEC-DJANGO-001 SEC-DO-001 SEC-DO-002 SEC-DO-003 SEC-DO-004 SEC-DOCKER-001 SEC-DOCKERFILE-001 SEC-DOCKERHUB-001 SEC-DOCKERHUB-002 SEC-DOPPLER-001 SEC-DOPPLER-002 SEC-DOPPLER-003 SEC-DOPPLER-004 SEC-DROPBOX-001 SEC-DUFFEL-001 SEC-DUO-001 SEC-DYNATRACE-001 SEC-EASYPOST-001 SEC-ELEVENLABS-001 SEC-ENV-001 SEC-ENV-002 SEC-FACEBOOK-001 SEC-FASTLY-001 SEC-FIGMA-001 SEC-FIREBASE-001 SEC-FIREFOX-001 SEC-FLASK-001 SEC-FLUTTERWAVE-001 SEC-FRAMEIO-001 SEC-FTP-001 SEC-FTP-002 SEC-FTP-003 SEC-GCP-001 SEC-GCP-002 SEC-GCP-003 SEC-GCP-004 SEC-GCP-005 SEC-GENERIC-001 SEC-GENERIC-002 SEC-GITCRED-001 SEC-GITHUB-001 SEC-GITHUB-002 SEC-GITHUB-003 SEC-GITHUB-004 SEC-GITHUB-005 SEC-GITHUB-006 SEC-GITLAB-001 SEC-GITLAB-002 SEC-GITLAB-003 SEC-GITLAB-004 SEC-GITLAB-005 SEC-GITLAB-006 SEC-GITLAB-007 SEC-GITLAB-008 SEC-GITLAB-009 SEC-GITLAB-010 SEC-GITLAB-011 SEC-GOCARDLESS-001 SEC-GOOGLECHAT-001 SEC-GRADLE-001 SEC-GRAFANA-001 SEC-GRAFANA-002 SEC-GRAFANA-003 SEC-GROQ-001 SEC-HARNESS-001 SEC-HASH-001 SEC-HASH-002 SEC-HASH-003 SEC-HASH-004 SEC-HASH-005 SEC-HASH-006 SEC-HASH-007 SEC-HEALTH-001 SEC-HEALTH-002 SEC-HEALTH-003 SEC-HEALTH-004 SEC-HEALTH-005 SEC-HEALTH-006 SEC-HEALTH-007 SEC-HEALTH-008 SEC-HEALTH-009 SEC-HEROKU-001 SEC-HEROKU-002 SEC-HONEYCOMB-001 SEC-HUBSPOT-001 SEC-HUGGINGFACE-001 SEC-HUGGINGFACE-002 SEC-IBM-001 SEC-IDE-001 SEC-INFRACOST-001 SEC-IRC-001 SEC-IRC-002 SEC-JENKINS-001 SEC-JFROG-001 SEC-JFROG-002 SEC-JSON-001 SEC-JWT-001 SEC-JWT-002 SEC-K8S-001 SEC-KEY-001 SEC-KEY-002 SEC-KEY-003 SEC-KEY-004 SEC-KEY-005 SEC-KEY-006 SEC-KEY-007 SEC-KEY-008 SEC-KEY-009 SEC-KEY-010 SEC-KEY-011 SEC-KEY-012 SEC-KEY-013 SEC-KUBECONFIG-001 SEC-LANGSMITH-001 SEC-LARAVEL-001 SEC-LAUNCHDARKLY-001 SEC-LINEAR-001 SEC-LINODE-001 SEC-LOGIN-001 SEC-MAIL-001 SEC-MAILCHIMP-001 SEC-MAILERSEND-001 SEC-MAILGUN-001 SEC-MAILGUN-002 SEC-MAILJET-001 SEC-MAPBOX-001 SEC-MAVEN-001 SEC-MISTRAL-001 SEC-NETLIFY-001 SEC-NETRC-001 SEC-NEWRELIC-001 SEC-NEWRELIC-002 SEC-NEWRELIC-003 SEC-NEWRELIC-004 SEC-NEXTAUTH-001 SEC-NOTION-001 SEC-NOTION-002 SEC-NPM-001 SEC-NPM-002 SEC-NPM-003 SEC-NUGET-001 SEC-NUGET-002 SEC-OAUTH-001 SEC-OCTOPUS-001 SEC-OKTA-001 SEC-ONELOGIN-001 SEC-OPENAI-001 SEC-OPENAI-002 SEC-OPENROUTER-001 SEC-OPSGENIE-001 SEC-PAGERDUTY-001 SEC-PAYPAL-001 SEC-PERPLEXITY-001 SEC-PINECONE-001 SEC-PLAID-001 SEC-PLANETSCALE-001 SEC-PLANETSCALE-002 SEC-PLANETSCALE-003 SEC-POSTMAN-001 SEC-POSTMARK-001 SEC-PREFECT-001 SEC-PROPERTIES-001 SEC-PULUMI-001 SEC-PUSHER-001 SEC-PYPI-001 SEC-PYPI-002 SEC-RAILS-001 SEC-RAILS-002 SEC-RAZORPAY-001 SEC-README-001 SEC-RENDER-001 SEC-REPLICATE-001 SEC-RESEND-001 SEC-ROLLBAR-001 SEC-RUBYGEMS-001 SEC-SALESFORCE-001 SEC-SCALEWAY-001 SEC-SCALINGO-001 SEC-SENDGRID-001 SEC-SENTRY-001 SEC-SENTRY-002 SEC-SENTRY-003 SEC-SHIPPO-001 SEC-SHOPIFY-001 SEC-SHOPIFY-002 SEC-SHOPIFY-003 SEC-SHOPIFY-004 SEC-SLACK-001 SEC-SLACK-002 SEC-SLACK-003 SEC-SLACK-004 SEC-SLACK-005 SEC-SLACK-006 SEC-SLACK-007 SEC-SNYK-001 SEC-SONAR-001 SEC-SPLUNK-001 SEC-SQUARE-001 SEC-SQUARE-002 SEC-SQUARE-003 SEC-SSHPASS-001 SEC-STRIPE-001 SEC-STRIPE-002 SEC-STRIPE-003 SEC-STRIPE-004 SEC-SUPABASE-001 SEC-SUPABASE-002 SEC-SYMFONY-001 SEC-TAILSCALE-001 SEC-TEAMS-001 SEC-TELEGRAM-001 SEC-TFC-001 SEC-TRAVIS-001 SEC-TWILIO-001 SEC-TWILIO-002 SEC-TWITTER-001 SEC-TYPEFORM-001 SEC-URL-001 SEC-URL-002 SEC-URL-003 SEC-VAULT-001 SEC-VAULT-002 SEC-VERCEL-001 SEC-VONAGE-001 SEC-WANDB-001 SEC-WORDPRESS-001 SEC-WORDPRESS-002 SEC-XAI-001 SEC-XML-001 SEC-YAML-001 SEC-ZAPIER-001 SEC-ZENDESK-001"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --rules)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --advisory-db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --osv-db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        aseptic__subcmd__help)
            opts="scan baseline rules explain completions db help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        aseptic__subcmd__help__subcmd__baseline)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        aseptic__subcmd__help__subcmd__completions)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        aseptic__subcmd__help__subcmd__db)
            opts="update info"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        aseptic__subcmd__help__subcmd__db__subcmd__info)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        aseptic__subcmd__help__subcmd__db__subcmd__update)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        aseptic__subcmd__help__subcmd__explain)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        aseptic__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        aseptic__subcmd__help__subcmd__rules)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        aseptic__subcmd__help__subcmd__scan)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        aseptic__subcmd__rules)
            opts="-f -h -V --format --only --rules --check --next-id --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --format)
                    COMPREPLY=($(compgen -W "table json" -- "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -W "table json" -- "${cur}"))
                    return 0
                    ;;
                --only)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rules)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --check)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --next-id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        aseptic__subcmd__scan)
            opts="-f -o -q -j -v -h -V --stdin-filename --config --format --output --sarif-output --json-output --table-output --github-output --markdown-output --gitlab-secrets-output --gitlab-sast-output --gitlab-dependency-output --quiet --fail-on --only --skip --ignore-rule --severity --threads --exclude --no-ignore --max-file-size --rules --baseline --staged --since --history --advisory-db --osv-db --offline --max-db-age --phi-scope --phi-detail --group-by --verbose --color --no-progress --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --stdin-filename)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --config)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table json sarif github markdown gitlab-secrets gitlab-sast gitlab-dependency" -- "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -W "table json sarif github markdown gitlab-secrets gitlab-sast gitlab-dependency" -- "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --sarif-output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --json-output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --table-output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --github-output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --markdown-output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --gitlab-secrets-output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --gitlab-sast-output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --gitlab-dependency-output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --fail-on)
                    COMPREPLY=($(compgen -W "critical high medium low info none" -- "${cur}"))
                    return 0
                    ;;
                --only)
                    COMPREPLY=($(compgen -W "advisories iac secrets phi rust" -- "${cur}"))
                    return 0
                    ;;
                --skip)
                    COMPREPLY=($(compgen -W "advisories iac secrets phi rust" -- "${cur}"))
                    return 0
                    ;;
                --ignore-rule)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --severity)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --threads)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -j)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --exclude)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-file-size)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rules)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --baseline)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --since)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --history)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --advisory-db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --osv-db)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-db-age)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --phi-scope)
                    COMPREPLY=($(compgen -W "fixtures all" -- "${cur}"))
                    return 0
                    ;;
                --group-by)
                    COMPREPLY=($(compgen -W "severity hipaa" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _aseptic -o nosort -o bashdefault -o default aseptic
else
    complete -F _aseptic -o bashdefault -o default aseptic
fi
