"""Shared fixtures: sample profiles and the default health model."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from agent.calculators.health_model import HealthModel, default_health_model
from agent.profile import CompanyProfile, parse_profile
from tests.fakes import profile_data

# Property tests check outcomes, not speed: a deadline only makes them flaky
# on a loaded CI machine. Timing goals live in benchmarks/.
settings.register_profile("cs-playbook", deadline=None)
settings.load_profile("cs-playbook")


@pytest.fixture
def make_profile() -> Callable[..., CompanyProfile]:
    """Build a parsed profile with company fields overridden."""

    def make(**company: Any) -> CompanyProfile:
        return parse_profile(profile_data(**company))

    return make


@pytest.fixture(scope="session")
def health_model() -> HealthModel:
    return default_health_model()


ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the project's wheel once per test run."""
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(folder),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = folder.glob("cs_playbook-*.whl")
    return built
