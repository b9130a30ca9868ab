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

# The same exports given to --pack in another order, bound by their schemas.
case $pack in
aws) files=("$ex/access-key-last-used" "$ex/access-keys" "$ex/credential-report.csv") ;;
azure-devops) files=("$ex") ;;
gcp) files=("$ex/service-account-keys") ;;
github) files=("$ex/org-admins.json" "$ex/credential-authorizations.json" "$ex/pat-grants.json") ;;
gitlab) files=("$ex/project-access-tokens" "$ex/group-access-tokens" "$ex/personal-access-tokens.json") ;;
lokalise) files=("$ex/ota-sdk-tokens" "$ex/contributors" "$ex/team-users.json" "$ex/teams.json"
                 "$ex/registry.json") ;;
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
TOKPOL_PACKS=$src/policies check "--pack" --pack "$pack" "${files[@]}"
# The pack given as its directory runs the same rules (lokalise's built-in ones too).
check "--pack DIR" --pack "$dir/" "${files[@]}"

# A file of another provider fits no document of the pack: exit 4, naming the schemas.
other=$src/policies/gcp/examples/service-account-keys/ci-deployer@acme-prod.iam.gserviceaccount.com.json
[ "$pack" = gcp ] && other=$src/policies/aws/examples/credential-report.csv
rc=0
err=$(TOKPOL_PACKS=$src/policies "$tokpol" check --pack "$pack" "${now[@]}" "${files[@]}" "$other" 2>&1 >/dev/null) || rc=$?
if [ "$rc" != 4 ] || ! grep -q "fits no document of the packs" <<<"$err" || ! grep -q "note: not a .* document of pack" <<<"$err"; then
    echo "$pack: a foreign file: exit $rc, expected 4 naming the schemas; stderr: $err" >&2
    exit 1
fi
# Without a document the pack requires: exit 4, naming it.
if [ "$pack" = github ]; then
    rc=0
    err=$(TOKPOL_PACKS=$src/policies "$tokpol" check --pack github "${now[@]}" "$ex/org-admins.json" 2>&1 >/dev/null) || rc=$?
    if [ "$rc" != 4 ] || ! grep -q "pack github reads the document pat_grants" <<<"$err"; then
        echo "github: no pat_grants file: exit $rc, expected 4; stderr: $err" >&2
        exit 1
    fi
fi
# Without an optional document: its rules check nothing (an empty list), and say so; the others
# find what they find with it (exit 1, no evaluation error).
if [ "$pack" = github ]; then
    rc=0
    out=$(TOKPOL_PACKS=$src/policies "$tokpol" check --pack github --now 2026-11-27T09:00:00Z \
          "$ex/org-admins.json" "$ex/pat-grants.json" 2>/dev/null) || rc=$?
    if [ "$rc" != 1 ] || ! grep -q "checked nothing: GH101" <<<"$out" || ! grep -q "failed, 0 waived, 0 errors" <<<"$out"; then
        echo "github: no authorizations file: exit $rc, expected 1 with GH1xx checking nothing; $out" >&2
        exit 1
    fi
fi
# An empty page ([]) fits every list schema and adds nothing: the same findings, no exit 4.
if [ "$pack" = github ]; then
    empty=$(mktemp --suffix=.json); echo '[]' >"$empty"
    rc=0
    out=$(TOKPOL_PACKS=$src/policies "$tokpol" check --pack github --now 2026-11-27T09:00:00Z \
          "${files[@]}" "$empty" 2>/dev/null) || rc=$?
    rm -f "$empty"
    if [ "$rc" != 1 ] || ! grep -q "20 failed, 0 waived, 0 errors" <<<"$out"; then
        echo "github: an empty page: exit $rc, expected 1 with the 20 findings; $out" >&2
        exit 1
    fi
fi
# tokpol packs lists the pack with every rule its page lists, every param and document.
listing=$(TOKPOL_PACKS=$src/policies "$tokpol" packs "$pack")
for id in $(grep -oE '^\| [A-Z]+[0-9]{3} \| (info|low|medium|high|critical) \|' "$src/docs/packs/$pack.md" | cut -d' ' -f2 | sort -u); do
    grep -qE "^    $id +[a-z]+ " <<<"$listing" || { echo "$pack: tokpol packs does not list rule $id" >&2; exit 1; }
done
for name in $(sed -nE 's/^param ([a-z_]+) *=.*/\1/p' "$dir"/*.tpol); do
    grep -qE "^    $name += " <<<"$listing" || { echo "$pack: tokpol packs does not list param $name" >&2; exit 1; }
done
for name in $(sed -nE 's/^ *document ([a-z_]+) *\{.*/\1/p' "$dir"/*.tpol); do
    grep -qE "^    ($name|\(root\)) " <<<"$listing" || { echo "$pack: tokpol packs does not list document $name" >&2; exit 1; }
done
echo "$pack: ok"
