"""Facts derived from a profile that every deliverable builder reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from agent.calculators.capacity import CapacityPlan, capacity_plan
from agent.calculators.health_model import HealthModel, default_health_model
from agent.calculators.segments import segment_for_acv
from agent.domain import Segment
from agent.profile import CompanyProfile, profile_findings


@dataclass
class PlaybookContext:
    """A profile plus the figures computed from it, shared by all builders."""

    profile: CompanyProfile
    health_model: HealthModel
    primary_segment: Segment | None
    segment_mix: dict[Segment, int]
    capacity: CapacityPlan
    warnings: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)

    @property
    def founder_led(self) -> bool:
        """True when nobody works in CS yet and the founders carry it."""
        return self.profile.company.cs_team_size == 0

    @property
    def pre_revenue(self) -> bool:
        return self.profile.company.customers == 0

    @property
    def product_name(self) -> str:
        return self.profile.product.name

    @property
    def segments_present(self) -> list[Segment]:
        """Segments with at least one account, largest first."""
        present = [s for s, n in self.segment_mix.items() if n > 0]
        return sorted(present, key=lambda s: -self.segment_mix[s])


def build_context(
    profile: CompanyProfile, health_model: HealthModel | None = None
) -> PlaybookContext:
    """Compute everything the builders share: segments, mix and capacity."""
    warnings, assumptions = profile_findings(profile)
    acv = profile.acv
    primary = segment_for_acv(acv) if acv is not None else None
    mix, mix_assumption = account_mix(profile, primary)
    if mix_assumption:
        assumptions.append(mix_assumption)
    company = profile.company
    return PlaybookContext(
        profile=profile,
        health_model=health_model or default_health_model(),
        primary_segment=primary,
        segment_mix=mix,
        capacity=capacity_plan(mix, company.cs_team_size, company.arr),
        warnings=warnings,
        assumptions=assumptions,
    )


def account_mix(
    profile: CompanyProfile, primary: Segment | None
) -> tuple[dict[Segment, int], str | None]:
    """Return accounts per segment and, when it had to be assumed, why.

    Without a segment mix every customer is placed in the segment of the
    average ACV: the simplest reading of the inputs, stated as an assumption.
    """
    given = profile.company.segment_mix
    if given is not None:
        return {s: given.get(s, 0) for s in Segment}, None
    customers = profile.company.customers
    mix = dict.fromkeys(Segment, 0)
    if customers == 0 or primary is None:
        return mix, None
    mix[primary] = customers
    return mix, (
        f"No segment mix given: all {customers} customers are placed in "
        f"{primary.label}, the segment of the average ACV "
        f"({profile.acv:,.0f} {profile.company.currency})."
    )
