"""The import contracts in pyproject.toml fail when broken.

``make test`` runs ``lint-imports`` on the real tree; here a copy of the package's modules gets
one forbidden import per contract (and a coming app that breaks the rules once it exists), and
``lint-imports`` must report each contract broken, naming the import that broke it (so the
failure is the break's, not the copy's).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

#: file (under src/epicommand) -> the line added to it; {contract id: text of its failure}.
BREAKS = {
    "analytics/rt.py": "import django.db",
    "analytics/demand.py": "from epicommand import clock",
    "allocation/deploy.py": "import django",
    "supply/rules.py": "import epicommand.cli",
    "response/__init__.py": "",
    "response/measures.py": "from epicommand.demo import build",
    "geo/tree.py": "import epicommand.surveillance.models",
    "audit/selectors.py": "import epicommand.accounts.models",
    "extra/__init__.py": "",
    "surveillance/rollup.py": "import epicommand.surveillance.selectors",
}
EXPECTED = {
    "pure": [
        "epicommand.analytics.rt -> django",
        "epicommand.analytics.demand -> epicommand.clock",
        "epicommand.allocation.deploy -> django",
    ],
    "edges": [
        "epicommand.supply.rules -> epicommand.cli",
        "epicommand.response.measures -> epicommand.demo",
    ],
    "foundation": ["epicommand.geo.tree -> epicommand.surveillance.models"],
    "layers": [
        "epicommand.audit.selectors -> epicommand.accounts.models",
        "epicommand.extra",
    ],
    "acyclic": ["No cycles are allowed in epicommand.surveillance", ".selectors -> .rollup"],
}


def _copy_package(target: Path) -> Path:
    """The package's Python files (no templates, static files or catalogs) under target/src."""
    src = target / "src" / "epicommand"
    shutil.copytree(
        ROOT / "src" / "epicommand",
        src,
        ignore=lambda folder, names: [
            n for n in names if not n.endswith(".py") and not (Path(folder) / n).is_dir()
        ],
    )
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return src


def _lint(target: Path, *contracts: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(target / "src")}
    chosen = [arg for contract in contracts for arg in ("--contract", contract)]
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", *chosen, "pyproject.toml"],
        cwd=target,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> str:
    target = tmp_path_factory.mktemp("broken")
    src = _copy_package(target)
    for name, line in BREAKS.items():
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        before = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text(before + "\n" + line + "\n", encoding="utf-8")
    result = _lint(target)
    assert result.returncode != 0, result.stdout
    return result.stdout.replace("\n", " ")


@pytest.mark.parametrize("contract", sorted(EXPECTED))
def test_each_contract_fails_when_broken(broken, contract):
    name = _contract_names()[contract]
    assert f"{name} BROKEN" in " ".join(broken.split()), broken
    for needle in EXPECTED[contract]:
        assert needle in broken, f"{contract}: {needle!r} not reported"


def _contract_names() -> dict[str, str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["id"]: c["name"] for c in config["tool"]["importlinter"]["contracts"]}
