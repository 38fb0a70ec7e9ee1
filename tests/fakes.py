"""Shared test doubles: sample profiles and account columns."""

from __future__ import annotations

from typing import Any

import numpy as np


def profile_data(**company: Any) -> dict[str, Any]:
    """Return a valid profile mapping; keyword arguments override company fields."""
    base: dict[str, Any] = {
        "name": "Cartograph",
        "stage": "series_a",
        "arr": "$4.2M",
        "customers": 95,
        "acv": 44000,
        "cs_team_size": 2,
        "churn_reasons": ["they never finished setup", "lost our champion"],
    }
    base.update(company)
    return {
        "company": {k: v for k, v in base.items() if v is not None},
        "product": {
            "name": "Cartograph Routes",
            "description": "Route planning for field-service teams",
            "category": "field service software",
            "features": ["route optimiser", "dispatch board", "mobile app"],
            "integrations": ["Salesforce", "ServiceTitan"],
            "persona": "dispatch managers",
        },
    }


def columns(**values: list[float | None]) -> dict[str, np.ndarray]:
    """Return float columns from lists, None becoming NaN."""
    return {
        name: np.array([np.nan if v is None else v for v in column], dtype=float)
        for name, column in values.items()
    }
