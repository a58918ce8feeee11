"""The floors (docs/architecture.md) are enforced: `lint-imports` passes on the real tree and
fails as soon as someone adds an upward import or reaches into another domain module."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("schools_platform", "governors", "admissions", "cpd", "policies")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def _only_python(directory, names):
    return [
        name
        for name in names
        if name == "__pycache__"
        or (not name.endswith(".py") and not (Path(directory) / name).is_dir())
    ]


@pytest.fixture
def tree(tmp_path) -> Path:
    """A copy of the platform's Python code and its import-linter configuration."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=_only_python)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts/domain_api_contract.py", tmp_path / "scripts")
    return tmp_path


def add_line(path: Path, line: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((path.read_text() if path.exists() else "") + f"\n{line}\n")


def test_the_real_tree_keeps_every_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_copy_keeps_them_too(tree):
    # So that the failures below come from the one line each test adds.
    assert lint_imports(tree).returncode == 0


@pytest.mark.parametrize(
    ("importer", "line", "message"),
    [
        (
            "schools_platform/core/models.py",
            "from schools_platform.registry.models import School  # noqa",
            "schools_platform.core is not allowed to import schools_platform.registry",
        ),
        (
            "schools_platform/registry/models.py",
            "from schools_platform.equality import choices  # noqa",
            "schools_platform.registry is not allowed to import schools_platform.equality",
        ),
        (
            "schools_platform/equality/selectors.py",
            "import schools_platform.representation.models  # noqa",
            "schools_platform.equality is not allowed to import schools_platform.representation",
        ),
        (
            "schools_platform/representation/services.py",
            "import governors.models  # noqa",
            "schools_platform.representation is not allowed to import governors",
        ),
        (
            "governors/models.py",
            "from schools_platform.home import models  # noqa",
            "governors is not allowed to import schools_platform.home",
        ),
    ],
)
def test_an_upward_import_breaks_the_floors(tree, importer, line, message):
    add_line(tree / importer, line)
    result = lint_imports(tree)
    assert result.returncode == 1
    assert " ".join(message.split()) in " ".join(result.stdout.split())


def test_a_domain_module_may_not_reach_into_another_ones_models(tree):
    add_line(tree / "admissions/panels.py", "from governors.models import *  # noqa")
    result = lint_imports(tree)
    assert result.returncode == 1
    assert "admissions.panels imports governors.models" in " ".join(result.stdout.split())


def test_a_domain_module_may_use_another_ones_services_and_selectors(tree):
    add_line(tree / "governors/services.py", "from . import models  # noqa")
    add_line(tree / "governors/selectors.py", "from . import models  # noqa")
    add_line(tree / "admissions/panels.py", "from governors import selectors, services  # noqa")
    assert lint_imports(tree).returncode == 0
