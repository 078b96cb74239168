"""Shared fixtures.  ``shared`` is the project's sibling folder of real reports and seeds;
tests that need it skip with a reason when it is absent (the bundled corpora keep the
suite meaningful without it)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "corpora" / "sample"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"../shared (real seed reports) is not present beside the repo at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def seeds(shared: Path) -> list[Path]:
    return sorted((shared / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def real_reports(shared: Path) -> list[Path]:
    paths = sorted((shared / "real-reports").glob("r*.txt"))
    if not paths:
        pytest.skip("../shared/real-reports holds no reports")
    return paths
