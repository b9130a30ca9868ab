#!/usr/bin/env bash
# Golden test of a provider pack: runs tokpol on the pack's examples at the clock of its page
# (docs/packs/NAME.md) and compares the findings (rule, subject, severity, status) with
# tests/packs/NAME.expected, derived from that page by expected_from_doc.py.
# usage: run.sh TOKPOL SOURCE_DIR PACK
set -euo pipefail
tokpol=$1 src=$2 pack=$3
here=$src/tests/packs
dir=$src/policies/$pack
ex=$dir/examples
now=(--now 2026-11-27T09:00:00Z --format json --strict)

# The pack's documents bound by name, as any policy's inputs can be.
case $pack in
aws) args=(-p "$dir/aws.tpol" --input "credential_report=$ex/credential-report.csv"
           --input "access_keys=$ex/access-keys" --input "key_last_used=$ex/access-key-last-used") ;;
azure-devops) args=(-p "$dir/azure-devops.tpol" --input "pat_pages=$ex") ;;
gcp) args=(-p "$dir/gcp.tpol" --input "key_lists=$ex/service-account-keys") ;;
github) args=(-p "$dir/github.tpol" --input "pat_grants=$ex/pat-grants.json"
              --input "authorizations=$ex/credential-authorizations.json"
              --input "admins=$ex/org-admins.json") ;;
gitlab) args=(-p "$dir/gitlab.tpol" --input "token_lists=$ex/personal-access-tokens.json"
              --input "token_lists=$ex/group-access-tokens" --input "token_lists=$ex/project-access-tokens") ;;
lokalise) args=(-p "$src/policies/lokalise.tpol" -p "$dir/lokalise-api.tpol"
                --input "teams=$ex/teams.json" --input "team_users=$ex/team-users.json"
                --input "contributors=$ex/contributors" --input "ota_tokens=$ex/ota-sdk-tokens"
                "$ex/registry.json") ;;
*) echo "unknown pack $pack" >&2; exit 2 ;;
esac

# The expected file must still say what the page says.
diff -u "$here/$pack.expected" <(python3 "$here/expected_from_doc.py" "$src/docs/packs/$pack.md")

check() {
    local what=$1; shift
    local rc=0 out
    out=$("$tokpol" check "${now[@]}" "$@") || rc=$?
    if [ "$rc" != 1 ]; then
        echo "$pack ($what): exit $rc, expected 1 (findings)" >&2
        exit 1
    fi
    if ! diff -u "$here/$pack.expected" <(python3 "$here/findings.py" <<<"$out"); then
        echo "$pack ($what): findings differ from docs/packs/$pack.md" >&2
        exit 1
    fi
}
check "--input" "${args[@]}"
echo "$pack: ok"
