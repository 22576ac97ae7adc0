"""The built wheel ships every pattern file (an editable install would hide a missing one)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_pattern_files(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("coop_extract-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = sorted((ROOT / "src" / "coop_extract" / "patterns").glob("*.jsonl"))
    assert shipped
    for path in shipped:
        assert f"coop_extract/patterns/{path.name}" in names
    assert "coop_extract/cli.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert (
        "coop-extract = coop_extract.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
    )
