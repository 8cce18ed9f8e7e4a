"""Every property's example count follows the Hypothesis profile: the default (`fast`) run keeps
each test's own count, `HYPOTHESIS_PROFILE=long` runs 50 times as many — a count written in the
test (`max_examples=4`), one given through `tests.conftest.examples` and a stateful machine's,
each multiplied once; a test without a count takes the long profile's own 5 000, not multiplied
again (tests/conftest.py). The counts are what Hypothesis ran: a child pytest runs
tests/hypothesis_counted.py, whose examples count themselves."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hypothesis import settings

from tests.conftest import LONG_FACTOR, _scaled

ROOT = Path(__file__).resolve().parent.parent
COUNTED = ("hard_coded", "through_examples", "profile_default", "stateful")


def _run(profile: str, folder: Path, *only: str) -> dict[str, int]:
    folder.mkdir()
    env = {**os.environ, "HYPOTHESIS_PROFILE": profile, "COUNTED_DIR": str(folder)}
    tests = [f"tests/hypothesis_counted.py::{name}" for name in only]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly"]
        + (tests or ["tests/hypothesis_counted.py"]),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return {name: (folder / name).stat().st_size for name in COUNTED if (folder / name).exists()}


def test_the_default_run_keeps_each_count(tmp_path: Path) -> None:
    assert _run("fast", tmp_path / "fast") == {
        "hard_coded": 4,
        "through_examples": 3,
        "profile_default": 100,
        "stateful": 2,
    }


def test_the_long_profile_runs_50_times_each_count(tmp_path: Path) -> None:
    # (the profile's own 5 000 is left out of the run: 5 s of examples; see the next test)
    found = _run(
        "long", tmp_path / "long", "test_hard_coded", "test_through_examples", "TestCounted"
    )
    assert found == {"hard_coded": 200, "through_examples": 150, "stateful": 100}


def test_a_count_from_the_profile_is_not_multiplied_again() -> None:
    own = settings(max_examples=settings.default.max_examples)
    assert _scaled(own) is own
    assert _scaled(settings(max_examples=3)).max_examples == 3 * LONG_FACTOR
    assert _scaled(settings(max_examples=3, deadline=None)).deadline is None
