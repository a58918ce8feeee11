import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_environment_variable_is_documented():
    settings_dir = ROOT / "schools_platform" / "settings"
    used = set()
    for path in settings_dir.glob("*.py"):
        used |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', path.read_text()))
    documented = (ROOT / "docs" / "configuration.md").read_text()
    missing = sorted(name for name in used if f"`{name}`" not in documented)
    assert used, "no environment variables found: the pattern is out of date"
    assert missing == []
