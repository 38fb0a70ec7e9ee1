"""The health score model as data: dimensions, weights, normalisers and bands.

The default lives in ``agent/data/health_model.yaml``; users export it, edit
it and pass it back. Every rule a model must keep is checked on load.
"""

from __future__ import annotations

import itertools
import logging
import math
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import numpy.typing as npt
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from agent.calculators.signals import SIGNALS
from agent.errors import HealthModelError

logger = logging.getLogger(__name__)

DIMENSION_IDS = (
    "usage",
    "feature_breadth",
    "support",
    "executive_engagement",
    "satisfaction",
    "growth",
    "payment",
)
# Weights are percentages of the composite; 0.001 absorbs float noise from
# YAML decimals such as 12.5 + 12.5 without accepting a real shortfall.
WEIGHT_TOTAL = 100.0
_WEIGHT_TOLERANCE = 1e-3


class LinearNormaliser(BaseModel):
    """0 at floor, 100 at target, linear between, clamped to 0-100.

    sub-score = clamp((raw - floor) / (target - floor), 0, 1) x 100.
    A floor above the target means lower raw values are better.
    """

    model_config = ConfigDict(extra="forbid")

    kind: Literal["linear"] = "linear"
    floor: float
    target: float

    @model_validator(mode="after")
    def _distinct(self) -> LinearNormaliser:
        if self.floor == self.target:
            raise ValueError(
                f"floor and target are both {self.floor}; they must differ"
            )
        return self

    def apply(self, raw: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        share = (raw - self.floor) / (self.target - self.floor)
        return np.clip(share, 0.0, 1.0) * 100.0

    def describe(self) -> str:
        direction = (
            "lower is better" if self.floor > self.target else "higher is better"
        )
        return f"linear: 0 at {self.floor:g}, 100 at {self.target:g} ({direction})"


class Step(BaseModel):
    """One threshold of a steps normaliser."""

    model_config = ConfigDict(extra="forbid")

    at_least: float
    score: float = Field(ge=0, le=100)


class StepsNormaliser(BaseModel):
    """The score of the highest step the raw value reaches; 0 below the first."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["steps"] = "steps"
    steps: list[Step] = Field(min_length=1)

    @model_validator(mode="after")
    def _ascending(self) -> StepsNormaliser:
        thresholds = [step.at_least for step in self.steps]
        if thresholds != sorted(set(thresholds)):
            raise ValueError(f"step thresholds {thresholds} must be strictly ascending")
        return self

    def apply(self, raw: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        thresholds = np.array([step.at_least for step in self.steps])
        scores = np.array([0.0] + [step.score for step in self.steps])
        index = np.searchsorted(thresholds, raw, side="right")
        result = scores[index]
        return np.where(np.isnan(raw), np.nan, result)

    def describe(self) -> str:
        parts = ", ".join(f">= {s.at_least:g}: {s.score:g}" for s in self.steps)
        return f"steps: {parts}"


Normaliser = Annotated[LinearNormaliser | StepsNormaliser, Field(discriminator="kind")]


class DimensionInput(BaseModel):
    """A raw signal feeding a dimension, with its normaliser and share."""

    model_config = ConfigDict(extra="forbid")

    signal: str
    weight: float = Field(default=1.0, gt=0)
    normaliser: Normaliser

    @model_validator(mode="after")
    def _known_signal(self) -> DimensionInput:
        if self.signal not in SIGNALS:
            known = ", ".join(SIGNALS)
            raise ValueError(f"unknown signal {self.signal!r}; known signals: {known}")
        return self


class Dimension(BaseModel):
    """One part of the composite: its weight and how its sub-score is made."""

    model_config = ConfigDict(extra="forbid")

    id: str
    label: str
    weight: float
    inputs: list[DimensionInput] = Field(min_length=1)

    @property
    def score_column(self) -> str:
        """The account column holding a ready-made sub-score for this dimension."""
        return f"{self.id}_score"


class Band(BaseModel):
    """A health band: scores from min (inclusive) up to max (exclusive)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    min: float
    max: float | None = None


class HealthModel(BaseModel):
    """Weights, normalisers and bands of the 0-100 health score."""

    model_config = ConfigDict(extra="forbid")

    version: int = 1
    dimensions: list[Dimension]
    bands: list[Band]

    @model_validator(mode="after")
    def _rules(self) -> HealthModel:
        _check_dimensions(self.dimensions)
        _check_bands(self.bands)
        return self

    def dimension(self, dimension_id: str) -> Dimension:
        return next(d for d in self.dimensions if d.id == dimension_id)

    def band_for(self, score: float) -> str:
        """Return the band a reported score falls in."""
        for band in self.bands:
            if score >= band.min and (band.max is None or score < band.max):
                return band.name
        raise ValueError(f"score {score} is outside every band")


def _check_dimensions(dimensions: list[Dimension]) -> None:
    ids = [d.id for d in dimensions]
    unknown = [i for i in ids if i not in DIMENSION_IDS]
    if unknown:
        raise ValueError(
            f"unknown dimension(s) {', '.join(unknown)}; "
            f"known dimensions: {', '.join(DIMENSION_IDS)}"
        )
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ValueError(f"dimension(s) listed twice: {', '.join(repeated)}")
    negative = [f"{d.id} ({d.weight:g})" for d in dimensions if d.weight < 0]
    if negative:
        raise ValueError(
            f"negative weight(s): {', '.join(negative)}; weights must be 0 or more"
        )
    total = math.fsum(d.weight for d in dimensions)
    if abs(total - WEIGHT_TOTAL) > _WEIGHT_TOLERANCE:
        raise ValueError(
            f"weights total {total:g}, not 100; adjust them to total exactly 100"
        )


def _check_bands(bands: list[Band]) -> None:
    ordered = sorted(bands, key=lambda band: band.min)
    if not ordered or ordered[0].min != 0:
        raise ValueError("the lowest band must start at 0")
    if ordered[-1].max is not None and ordered[-1].max <= 100:
        raise ValueError(
            f"the top band {ordered[-1].name!r} must have no max (open to 100)"
        )
    for band in ordered:
        if band.max is not None and band.max <= band.min:
            raise ValueError(
                f"band {band.name!r} has max {band.max:g} <= min {band.min:g}"
            )
    for lower, upper in itertools.pairwise(ordered):
        if lower.max is None or lower.max > upper.min:
            end = "100" if lower.max is None else f"{lower.max:g}"
            raise ValueError(
                f"bands {lower.name!r} ({lower.min:g}-{end}) and {upper.name!r} "
                f"(from {upper.min:g}) overlap"
            )
        if lower.max < upper.min:
            raise ValueError(
                f"bands leave a gap between {lower.max:g} and {upper.min:g}: "
                f"{lower.name!r} must end where {upper.name!r} starts"
            )


def default_health_model() -> HealthModel:
    """Return a fresh copy of the default model shipped with cs-playbook."""
    return parse_health_model(_default_model_data(), "default model")


@cache
def _default_model_data() -> Any:
    # Parsing YAML costs more than building the rest of a bundle; validation
    # builds new objects from the cached mapping, so callers never share one.
    return yaml.safe_load(default_health_model_yaml())


def default_health_model_yaml() -> str:
    """Return the default model file, comments included."""
    return (
        resources.files("agent.data").joinpath("health_model.yaml").read_text("utf-8")
    )


def parse_health_model(data: Any, source: str) -> HealthModel:
    """Validate a model mapping; every problem is reported with where it is."""
    try:
        return HealthModel.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(_describe(error) for error in exc.errors())
        raise HealthModelError(f"{source}: invalid health model: {problems}") from None


def load_health_model(path: Path) -> HealthModel:
    """Read and validate a health model YAML (or JSON) file."""
    logger.info("reading health model %s", path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise HealthModelError(f"{path}: cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise HealthModelError(f"{path}: is not valid YAML: {exc}") from None
    return parse_health_model(data, str(path))


def _describe(error: Any) -> str:
    where = ".".join(str(part) for part in error["loc"])
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        message = "unknown key; remove it or check its spelling"
    return f"{where}: {message}" if where else message
