#!/usr/bin/env bash
# Runs the CI integrations the way each CI would: the example workflow of docs/ci.md through
# action.yml, and the example pipeline through the GitLab template (tests/ci/ci_runner.py stands
# in for the runners), with ci/tokpol-ci.sh doing the work against the built binary, a binary it
# builds itself, and examples/inventory.json. Checks the exit codes against tokpol's, and the
# files each CI would pick up: the SARIF handed to the upload, the step summary, the Code Quality
# and JUnit artifacts. Also checks that the YAML files are well-formed and that docs/ci.md shows
# exactly the example files run here.
# Usage: run.sh TOKPOL_BIN SOURCE_DIR
set -uo pipefail
tokpol=$(realpath "$1")
src=$(realpath "$2")
py=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import yaml' 2>/dev/null; then
    py=$candidate
    break
  fi
done
[ -n "$py" ] || { echo "FAIL: python3 with the yaml module is not installed (run scripts/deps --test)"; exit 1; }
command -v xmllint >/dev/null || { echo "FAIL: xmllint is not installed (run scripts/deps --test)"; exit 1; }
# shellcheck source=tests/lib/checks.sh
. "$src/tests/lib/checks.sh"
# A Python expression about the JSON file $1 (as `d`) and the values $3... (as `a`) holds.
json_holds() {
  local file=$1 expr=$2
  shift 2
  "$py" -c 'import json, sys; d = json.load(open(sys.argv[1])); a = sys.argv[3:]; sys.exit(0 if eval(sys.argv[2]) else 1)' \
    "$file" "$expr" "$@" 2>/dev/null
}
runner() { # github|gitlab, config file, pipeline file, overrides... -> $work/runner.json, stdout in $work/log
  CI_RUNNER_REPORT=$work/runner.json "$py" "$src/tests/ci/ci_runner.py" "$@" >"$work/log" 2>&1
  local code=$?
  [ "$code" -eq 0 ] || { cat "$work/log"; bad "ci_runner $1 $3 $*"; }
  return "$code"
}
r() { json_holds "$work/runner.json" "$@"; } # about the runner's report
# A fresh workspace holding what the examples check: inventory.json, plus clean.json and bad.tpol.
workspace() {
  rm -rf "$work/ws"
  mkdir -p "$work/ws"
  cp "$src/examples/inventory.json" "$work/ws/inventory.json"
  cp "$src/examples/clean.json" "$work/ws/clean.json"
  cp "$src/tests/golden/syntax_bad.tpol" "$work/ws/bad.tpol"
}
tokpol_exit() { # what tokpol itself returns for these arguments, in the workspace
  (cd "$work/ws" && "$tokpol" "$@" >/dev/null 2>&1)
  echo $?
}

# 1. Every YAML file parses, and docs/ci.md shows the examples exactly.
for f in action.yml ci/gitlab/tokpol.gitlab-ci.yml ci/examples/github-workflow.yml ci/examples/gitlab-ci.yml; do
  check "$f is well-formed YAML" "$py" -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$src/$f"
done
for f in ci/examples/github-workflow.yml ci/examples/gitlab-ci.yml; do
  check "docs/ci.md shows $f as it is" "$py" -c '
import re, sys
doc, example = (open(p).read() for p in sys.argv[1:3])
sys.exit(0 if example in re.findall(r"```yaml\n(.*?)```", doc, re.S) else 1)' "$src/docs/ci.md" "$src/$f"
done
check "docs/ci.md describes every input of action.yml and variable of the template" "$py" -c '
import sys, yaml
doc = open(sys.argv[1]).read()
names = list(yaml.safe_load(open(sys.argv[2]))["inputs"])
names += list(yaml.safe_load(open(sys.argv[3]))["tokpol"]["variables"])
missing = [n for n in names if "`%s`" % n not in doc]
print("not in docs/ci.md:", missing) if missing else None
sys.exit(1 if missing else 0)' "$src/docs/ci.md" "$src/action.yml" "$src/ci/gitlab/tokpol.gitlab-ci.yml"

# 2. GitHub: the example workflow, with tokpol on PATH.
PATH="$(dirname "$tokpol"):$PATH"
export PATH
export GITHUB_WORKSPACE=$work/ws GITHUB_STEP_SUMMARY=$work/summary.md RUNNER_TEMP=$work
action=$src/action.yml
workflow=$src/ci/examples/github-workflow.yml
github() { # overrides of the workflow's `with:` -> runs the action in a fresh workspace
  workspace
  printf '# An earlier step\n\n' >"$GITHUB_STEP_SUMMARY"
  runner github "$action" "$workflow" "$@"
}
if github; then
  want=$(tokpol_exit check --fail-on medium --warn-expiring 14d inventory.json)
  sarif=$work/ws/tokpol-reports/tokpol.sarif
  check "the step fails with tokpol's exit code ($want)" r 'd["exit_code"] == int(a[0]) == 1' "$want"
  check "the action's output exit-code is $want" r 'd["outputs"]["exit-code"] == a[0]' "$want"
  check "the JSON report agrees on the exit code" \
    json_holds "$work/ws/tokpol-reports/tokpol.json" 'd["summary"]["exit_code"] == int(a[0])' "$want"
  check "annotations are printed as workflow commands" grep -q '^::error file=inventory.json,line=[0-9]*,col=[0-9]*,title=LOK004 ' "$work/log"
  check "the upload step runs although the check failed, and gets the SARIF" \
    r 'any(s.get("uses", "").startswith("github/codeql-action/upload-sarif@") and s["ran"]
           and s["with"]["sarif_file"] == a[0] and s["with"]["category"] == "tokpol" for s in d["steps"])' "$sarif"
  check "the SARIF is SARIF 2.1.0 with a result per finding" json_holds "$sarif" \
    'd["version"] == "2.1.0" and len(d["runs"][0]["results"]) == len(json.load(open(a[0]))["findings"]) > 0' \
    "$work/ws/tokpol-reports/tokpol.json"
  check "the step summary keeps what was there and gets the Markdown report, once" \
    "$py" -c 'import sys; s = open(sys.argv[1]).read(); sys.exit(0 if s.startswith("# An earlier step\n\n## tokpol: FAIL\n") and "| failed |" in s and s.count("## tokpol:") == 1 else 1)' \
    "$GITHUB_STEP_SUMMARY"
fi
if github inputs=clean.json; then
  check "a clean inventory passes the step (exit 0)" r 'd["exit_code"] == 0 and d["outputs"]["exit-code"] == "0"'
  check "its summary says PASS" grep -q '^## tokpol: PASS' "$GITHUB_STEP_SUMMARY"
fi
if github policies=bad.tpol; then
  want=$(tokpol_exit check -p bad.tpol --fail-on medium --warn-expiring 14d inventory.json)
  check "a policy error fails the step with tokpol's exit code ($want)" r 'd["exit_code"] == int(a[0]) == 3' "$want"
  check "the SARIF report of the policy error is uploaded, so code scanning shows it" \
    r 'd["outputs"]["sarif"] != "" and any(s["ran"] for s in d["steps"] if "uses" in s)'
  check "that SARIF says the run failed, and why" json_holds "$work/ws/tokpol-reports/tokpol.sarif" \
    'not d["runs"][0]["invocations"][0]["executionSuccessful"] and any(n["level"] == "error"
     for n in d["runs"][0]["invocations"][0]["toolExecutionNotifications"])'
  check "the summary is the report, which says why nothing was checked" \
    grep -q '^## tokpol: POLICY ERROR' "$GITHUB_STEP_SUMMARY"
  check "the diagnostics are in the log" grep -q 'bad.tpol:4:20: error' "$work/log"
fi
if github upload-sarif=false; then
  check "upload-sarif: false skips the upload" r 'not any(s["ran"] for s in d["steps"] if "uses" in s)'
fi
unset GITHUB_WORKSPACE GITHUB_STEP_SUMMARY RUNNER_TEMP

# 3. GitLab: the example pipeline, in a project directory.
template=$src/ci/gitlab/tokpol.gitlab-ci.yml
pipeline=$src/ci/examples/gitlab-ci.yml
export CI_PROJECT_DIR=$work/ws
gitlab() { # overrides of the job's variables -> runs the job in a fresh project directory
  workspace
  runner gitlab "$template" "$pipeline" "$@"
}
# The template clones tokpol when the job has no source tree: here from a local repository
# holding this tree (the example's URL needs a GitLab server).
repo=$work/tokpol.git
mkdir -p "$repo"
(cd "$src" && git ls-files -z --cached --others --exclude-standard | tar cf - --null -T -) | tar xf - -C "$repo"
git -C "$repo" init -q && git -C "$repo" add -A &&
  git -C "$repo" -c user.name=test -c user.email=test@example.invalid commit -q -m tree && git -C "$repo" tag v-test
if gitlab TOKPOL_CI_REPOSITORY="file://$repo" TOKPOL_CI_REF=v-test; then
  want=$(tokpol_exit check --fail-on medium --warn-expiring 14d inventory.json)
  reports=$work/ws/tokpol-reports
  check "the job clones tokpol and fails with tokpol's exit code ($want)" r 'd["exit_code"] == int(a[0]) == 1' "$want"
  check "the text report is in the job log" grep -q '^FAIL: 1 input, 11 rules' "$work/log"
  check "artifacts are kept when the job fails (when: always)" r 'd["artifacts_when"] == "always"'
  check "the Code Quality report is a JSON array of issues where the template says" \
    r 'json.load(open(d["reports"]["codequality"])) == json.load(open(a[0]))' "$reports/gl-code-quality.json"
  check "each Code Quality issue has what GitLab needs" json_holds "$reports/gl-code-quality.json" \
    'isinstance(d, list) and len(d) > 0 and all(i["description"] and i["check_name"] and i["fingerprint"]
     and i["severity"] in ("info", "minor", "major", "critical", "blocker")
     and i["location"]["path"] == "inventory.json" and i["location"]["lines"]["begin"] > 0 for i in d)'
  check "the JUnit report is where the template says" r 'd["reports"]["junit"] == a[0]' "$reports/tokpol-junit.xml"
  # A test case per finding, and one per rule that found nothing.
  cases=$("$py" -c 'import json, sys; d = json.load(open(sys.argv[1])); f = d["findings"]
print(len(f) + len([r for r in d["inputs"][0]["rules"] if not any(x["rule"] == r for x in f)]))' "$reports/tokpol.json")
  check "the JUnit report is well-formed XML with a test case per finding and per rule without" \
    bash -c 'xmllint --noout "$1" && xmllint --xpath "count(//testsuite/testcase)" "$1" | grep -qx "$2"' _ "$reports/tokpol-junit.xml" "$cases"
  check "the artifact paths hold the HTML audit report" r 'any(p.endswith("/tokpol-reports/") for p in d["paths"])'
  check "the HTML audit report was written" test -s "$reports/tokpol-audit.html"
fi
if gitlab TOKPOL_CI_HOME="$src" TOKPOL_CI_INPUTS=missing.json; then
  check "an unreadable input fails the job with exit 4" r 'd["exit_code"] == 4'
  check "and its Code Quality report names the input that could not be read" \
    json_holds "$work/ws/tokpol-reports/gl-code-quality.json" \
    'len(d) == 1 and d[0]["check_name"] == "E-INPUT-IO" and d[0]["location"]["path"] == "missing.json"'
  check "and its JUnit report has an errored test case" \
    bash -c 'xmllint --xpath "count(//testcase/error)" "$1" | grep -qx 1' _ "$work/ws/tokpol-reports/tokpol-junit.xml"
fi
if gitlab TOKPOL_CI_REPOSITORY=; then
  check "without TOKPOL_CI_REPOSITORY or TOKPOL_CI_HOME the job says what to set (exit 2)" \
    bash -c 'grep -q "set TOKPOL_CI_REPOSITORY" "$1" && [ "$2" = 2 ]' _ "$work/log" \
    "$("$py" -c 'import json, sys; print(json.load(open(sys.argv[1]))["exit_code"])' "$work/runner.json")"
fi

# 4. No tokpol anywhere: the script builds one from the source tree, and it reports as the
# tested binary does.
nopath=""
IFS=: read -ra dirs <<<"$PATH"
for d in "${dirs[@]}"; do [ -x "$d/tokpol" ] || nopath=${nopath:+$nopath:}$d; done
if PATH=$nopath gitlab TOKPOL_CI_HOME="$src" TOKPOL_CI_BUILD_DIR="$work/build" \
     TOKPOL_CI_ARGS="--now 2026-11-27T09:00:00Z --fail-on medium"; then
  check "with no tokpol on PATH the job builds one" test -x "$work/build/tokpol"
  check "the job fails with exit 1" r 'd["exit_code"] == 1'
  (cd "$work/ws" && "$tokpol" check --now 2026-11-27T09:00:00Z --fail-on medium -o json:"$work/expected.json" inventory.json)
  check "the built tokpol's JSON report equals the tested binary's" cmp -s "$work/expected.json" "$work/ws/tokpol-reports/tokpol.json"
fi

summary ci
