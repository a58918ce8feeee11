"""The README's commands fail with a clear message when a prerequisite is missing."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ["bash", "sha256sum", "cut", "cat", "rm", "dirname"]


def _run_bootstrap(tmp_path, *, with_node: bool, python=None):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in TOOLS:
        (bin_dir / tool).symlink_to(shutil.which(tool))
    (bin_dir / "python3").symlink_to(os.path.realpath(sys.executable))
    if with_node:
        (bin_dir / "node").symlink_to(shutil.which("node"))
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path)}
    if python:
        env["PYTHON"] = python
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / "bootstrap.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        executable=shutil.which("bash"),
    )


def test_missing_node_is_named(tmp_path):
    result = _run_bootstrap(tmp_path, with_node=False)
    assert result.returncode == 1
    assert "Node.js is needed" in result.stderr


def test_missing_npm_is_named(tmp_path):
    result = _run_bootstrap(tmp_path, with_node=True)
    assert result.returncode == 1
    assert "npm is needed" in result.stderr


def test_wrong_python_is_named(tmp_path):
    result = _run_bootstrap(tmp_path, with_node=True, python=shutil.which("cat"))
    assert result.returncode == 1
    assert "is not Python 3.11" in result.stderr
