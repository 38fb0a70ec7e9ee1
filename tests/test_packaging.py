"""A built wheel carries its data files and works outside the source tree."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_the_data_folders(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "agent/data/health_model.yaml" in names
    assert "agent/render/playbook.css" in names
    assert any(n.startswith("knowledge/") and n.endswith(".md") for n in names)
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_code_builds_a_playbook_away_from_the_source(
    wheel: Path, tmp_path: Path
) -> None:
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import agent, pathlib;"
        "assert pathlib.Path(agent.__file__).is_relative_to(sys.argv[1]);"
        "from agent.cli import main; main(sys.argv[2:])"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            str(unpacked),
            "generate",
            str(ROOT / "examples" / "acme.yaml"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "## 8. Metrics dashboard" in result.stdout
