"""Every property's example count follows the Hypothesis profile: the default (`fast`) run keeps
each test's own count, `HYPOTHESIS_PROFILE=long` runs 50 times as many — a count written in the
test (`max_examples=4`), one given through `tests.conftest.examples`, a stateful machine's, and the
profile's own default alike, each scaled once (tests/conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COUNTED = ("hard_coded", "through_examples", "profile_default", "stateful")


def _run(profile: str, folder: Path) -> dict[str, int]:
    folder.mkdir()
    env = {**os.environ, "HYPOTHESIS_PROFILE": profile, "COUNTED_DIR": str(folder)}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "tests/hypothesis_counted.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return {name: (folder / name).stat().st_size for name in COUNTED}


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        ("fast", {"hard_coded": 4, "through_examples": 3, "profile_default": 100, "stateful": 2}),
        (
            "long",
            {"hard_coded": 200, "through_examples": 150, "profile_default": 5000, "stateful": 100},
        ),
    ],
)
def test_each_count_follows_the_profile(
    tmp_path: Path, profile: str, expected: dict[str, int]
) -> None:
    assert _run(profile, tmp_path / profile) == expected
