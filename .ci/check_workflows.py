"""Checks the GitHub workflows that cannot run here: each job's `needs` names a job, each action is pinned to
a version, each `run` script parses with `bash -n`, and the release workflow builds a wheel for every npm
platform packaging/npm/generate.mjs publishes (and smoke-tests wheels it builds). The schema check is
check-jsonschema's, run by .ci/packaging before this.

    python check_workflows.py .github/workflows/*.yml
"""

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.S)


def npm_platforms() -> set[str]:
    source = (ROOT / "packaging/npm/generate.mjs").read_text()
    match = re.search(r"export const PLATFORMS = \[([^\]]*)\]", source)
    if not match:
        sys.exit("check_workflows: no PLATFORMS list in packaging/npm/generate.mjs")
    return set(re.findall(r'"([^"]+)"', match.group(1)))


def bash_syntax(script: str) -> str | None:
    """bash -n's complaint about `script` (expressions replaced by a word), or None."""
    with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as file:
        file.write(EXPRESSION.sub("EXPR", script))
        path = file.name
    try:
        result = subprocess.run(["bash", "-n", path], capture_output=True, text=True)
    finally:
        Path(path).unlink()
    return result.stderr.strip() if result.returncode else None


def check(path: Path) -> list[str]:
    problems = []
    workflow = YAML(typ="safe").load(path.read_text())
    jobs = workflow.get("jobs", {})
    for job_name, job in jobs.items():
        needs = job.get("needs", [])
        for need in [needs] if isinstance(needs, str) else needs:
            if need not in jobs:
                problems.append(f"job {job_name} needs {need}, which is not a job")
        for index, step in enumerate(job.get("steps", [])):
            where = f"job {job_name}, step {step.get('name', index + 1)}"
            uses = step.get("uses")
            if uses and "@" not in uses:
                problems.append(f"{where}: `{uses}` is not pinned to a version")
            if "run" in step:
                complaint = bash_syntax(step["run"])
                if complaint:
                    problems.append(f"{where}: bash -n: {complaint}")
    if path.name == "release.yml":
        problems += check_release(jobs)
    return [f"{path}: {problem}" for problem in problems]


def check_release(jobs: dict) -> list[str]:
    problems = []
    built = {entry["name"] for entry in jobs["wheels"]["strategy"]["matrix"]["include"]}
    for entry in jobs["smoke"]["strategy"]["matrix"]["include"]:
        if entry["wheel"] not in built:
            problems.append(f"smoke tests wheel {entry['wheel']}, which no wheels entry builds")
    scripts = [step["run"] for step in jobs["npm"]["steps"] if "generate.mjs" in step.get("run", "")]
    if len(scripts) != 1:
        return problems + ["the npm job has no single step running packaging/npm/generate.mjs"]
    pairs = dict(re.findall(r"([a-z0-9_-]+)=([a-z0-9]+-[a-z0-9]+)\b(?!/)", scripts[0].split("; do")[0]))
    for wheel in pairs:
        if wheel not in built:
            problems.append(f"the npm job takes a binary from wheel {wheel}, which no wheels entry builds")
    packaged, published = set(pairs.values()), npm_platforms()
    if packaged != published:
        problems.append(
            f"the npm job packages {sorted(packaged)} but generate.mjs publishes {sorted(published)}"
        )
    return problems


def main() -> None:
    problems = [problem for path in sys.argv[1:] for problem in check(Path(path))]
    for problem in problems:
        print(f"check_workflows: {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"check_workflows: {len(sys.argv) - 1} workflow(s) ok", file=sys.stderr)


if __name__ == "__main__":
    main()
