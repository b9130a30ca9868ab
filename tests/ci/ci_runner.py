"""A small stand-in for the GitHub Actions and GitLab CI runners, for tests/ci/run.sh.

It reads the example workflow or pipeline the way the CI would (the action or the template it
uses, inputs and defaults, variables merged into the included job), refuses what it cannot
emulate faithfully (an expression it does not know, an input the action does not declare), runs
the shell steps with the environment the CI would give them, and prints what happened as JSON:
the exit code, the step outputs, and what the later steps (the SARIF upload, the artifacts) would
receive.

  ci_runner.py github ACTION_YML WORKFLOW_YML [NAME=VALUE...]   NAME=VALUE overrides a `with:` input
  ci_runner.py gitlab TEMPLATE_YML PIPELINE_YML [NAME=VALUE...] NAME=VALUE overrides a job variable

The environment (GITHUB_WORKSPACE, GITHUB_STEP_SUMMARY, CI_PROJECT_DIR, PATH, ...) is passed on.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml


class Unsupported(Exception):
    pass


def load(path):
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    if not isinstance(doc, dict):
        raise Unsupported(f"{path}: not a YAML mapping")
    return doc


def overrides(args):
    out = {}
    for a in args:
        name, sep, value = a.partition("=")
        if not sep:
            raise Unsupported(f"override {a!r} is not NAME=VALUE")
        out[name] = value
    return out


EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def lookup(ref, ctx):
    """The value of `inputs.NAME` or `steps.ID.outputs.NAME`; anything else is unsupported."""
    m = re.fullmatch(r"inputs\.([A-Za-z0-9_-]+)", ref)
    if m:
        if m.group(1) not in ctx["inputs"]:
            raise Unsupported(f"${{{{ {ref} }}}}: the action declares no input {m.group(1)}")
        return ctx["inputs"][m.group(1)]
    m = re.fullmatch(r"steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)", ref)
    if m:
        if m.group(1) not in ctx["steps"]:
            raise Unsupported(f"${{{{ {ref} }}}}: no earlier step has the id {m.group(1)}")
        return ctx["steps"][m.group(1)].get(m.group(2), "")
    raise Unsupported(f"expression {ref!r} is not emulated")


def substitute(text, ctx):
    return EXPR.sub(lambda m: lookup(m.group(1), ctx), str(text))


def condition(expr, ctx, failed):
    """Evaluates an `if:` made of terms joined by &&: always(), success(), failure(),
    REF == 'literal', REF != 'literal'. No `if:` means success()."""
    if expr is None:
        return not failed
    expr = EXPR.sub(lambda m: m.group(1), str(expr)).strip()
    result, status_checked = True, False
    for term in (t.strip() for t in expr.split("&&")):
        m = re.fullmatch(r"(\S+)\s*(==|!=)\s*'([^']*)'", term)
        if term == "always()":
            status_checked = True
        elif term == "success()":
            status_checked, result = True, result and not failed
        elif term == "failure()":
            status_checked, result = True, result and failed
        elif m:
            equal = lookup(m.group(1), ctx) == m.group(3)
            result = result and (equal if m.group(2) == "==" else not equal)
        else:
            raise Unsupported(f"condition term {term!r} is not emulated")
    # Without a status function GitHub adds success().
    return result and (status_checked or not failed)


def read_outputs(path):
    """name=value lines of a GITHUB_OUTPUT file (the heredoc form is not used by tokpol-ci.sh)."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            name, sep, value = line.rstrip("\n").partition("=")
            if not sep:
                raise Unsupported(f"GITHUB_OUTPUT line {line!r} is not name=value")
            out[name] = value
    return out


def github(action_path, workflow_path, args):
    action, workflow = load(action_path), load(workflow_path)
    if action.get("runs", {}).get("using") != "composite":
        raise Unsupported("action.yml is not a composite action")
    declared = action.get("inputs", {})
    uses = [s for job in workflow["jobs"].values() for s in job["steps"]
            if re.fullmatch(r"[\w.-]+/tokpol@[\w.-]+", str(s.get("uses", "")))]
    if len(uses) != 1:
        raise Unsupported("the workflow should use the tokpol action exactly once")
    given = {k: str(v) for k, v in (uses[0].get("with") or {}).items()}
    given.update(overrides(args))
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise Unsupported(f"the workflow passes inputs the action does not declare: {unknown}")
    missing = [k for k, v in declared.items() if v.get("required") and k not in given]
    if missing:
        raise Unsupported(f"required inputs not given: {missing}")
    ctx = {"inputs": {k: str(v.get("default", "")) for k, v in declared.items()}, "steps": {}}
    ctx["inputs"].update(given)
    report = {"exit_code": 0, "steps": []}
    failed = False
    for step in action["runs"]["steps"]:
        name = step.get("name", step.get("id", step.get("uses", "?")))
        if not condition(step.get("if"), ctx, failed):
            report["steps"].append({"name": name, "ran": False})
            continue
        if "run" in step:
            if "${{" in step["run"]:
                raise Unsupported(f"step {name}: expressions in run: (pass them through env:)")
            if step.get("shell") != "bash":
                raise Unsupported(f"step {name}: shell is not bash")
            env = dict(os.environ)
            env.update({k: substitute(v, ctx) for k, v in (step.get("env") or {}).items()})
            with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as script, \
                 tempfile.NamedTemporaryFile("w", delete=False) as outputs:
                script.write(step["run"])
            env["GITHUB_OUTPUT"] = outputs.name
            env["GITHUB_ACTION_PATH"] = os.path.dirname(os.path.abspath(action_path))
            # What GitHub runs for `shell: bash`.
            code = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail", script.name],
                                   env=env, cwd=env.get("GITHUB_WORKSPACE"))
            step_outputs = read_outputs(outputs.name)
            os.unlink(script.name)
            os.unlink(outputs.name)
            if "id" in step:
                ctx["steps"][step["id"]] = step_outputs
            report["steps"].append({"name": name, "ran": True, "exit_code": code,
                                    "outputs": step_outputs})
            if code != 0:
                failed, report["exit_code"] = True, code
        else:  # another action: record what it would receive
            report["steps"].append({"name": name, "ran": True, "uses": step["uses"],
                                    "with": {k: substitute(v, ctx)
                                             for k, v in (step.get("with") or {}).items()}})
    report["outputs"] = {k: substitute(v["value"], ctx) for k, v in action.get("outputs", {}).items()}
    return report


def merge(base, top):
    """GitLab's include merge: mappings merge key by key, everything else is replaced."""
    if isinstance(base, dict) and isinstance(top, dict):
        out = dict(base)
        for k, v in top.items():
            out[k] = merge(base[k], v) if k in base else v
        return out
    return top


def gitlab(template_path, pipeline_path, args):
    pipeline = load(pipeline_path)
    includes = pipeline.pop("include", [])
    includes = includes if isinstance(includes, list) else [includes]
    config = {}
    for inc in includes:
        # Any include of the template (project, remote or local) is this repository's template.
        target = inc if isinstance(inc, str) else (inc.get("file") or inc.get("local") or inc.get("remote"))
        if not str(target).endswith("ci/gitlab/tokpol.gitlab-ci.yml"):
            raise Unsupported(f"include {inc!r} is not the tokpol template")
        config = merge(config, load(template_path))
    config = merge(config, pipeline)
    job = config.get("tokpol")
    if not isinstance(job, dict) or not isinstance(job.get("script"), list):
        raise Unsupported("no job tokpol with a script")
    variables = {k: str(v) for k, v in (job.get("variables") or {}).items()}
    variables.update(overrides(args))
    env = dict(os.environ)
    env.update(variables)
    env["GITLAB_CI"] = "true"
    project = env["CI_PROJECT_DIR"]
    # The runner runs the script lines as one shell script that stops at the first failure.
    with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as script:
        script.write("set -eo pipefail\n" + "\n".join(job["script"]) + "\n")
    code = subprocess.call(["bash", "--noprofile", "--norc", script.name], env=env, cwd=project)
    os.unlink(script.name)
    artifacts = job.get("artifacts") or {}
    reports = artifacts.get("reports") or {}
    return {"exit_code": code, "artifacts_when": artifacts.get("when"),
            "reports": {k: os.path.join(project, v) for k, v in reports.items()},
            "paths": [os.path.join(project, p) for p in artifacts.get("paths", [])]}


def main(argv):
    if len(argv) < 4 or argv[1] not in ("github", "gitlab"):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        run = github if argv[1] == "github" else gitlab
        report = run(argv[2], argv[3], argv[4:])
    except Unsupported as e:
        print(f"ci_runner: {e}", file=sys.stderr)
        return 2
    with open(os.environ["CI_RUNNER_REPORT"], "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
