"""The playbook bundle: the eight deliverables, the profile and run metadata.

Structured fields (scores, weights, headcounts, targets) come from the
calculators. Text fields are tailored words; they may be rewritten by a
language model, but never the structured fields.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from agent.calculators.capacity import CapacityPlan
from agent.domain import ChurnCategory, Segment
from agent.profile import CompanyProfile


class LifecycleStage(BaseModel):
    """One stage of the customer lifecycle."""

    name: str
    window: str
    owner: str
    key_metric: str
    # The owner role above is fixed by the lifecycle model; this names who
    # fills it in this team (the founder, your CS lead, the account's CSM).
    assigned_to: str = ""
    goal: str
    actions: list[str]
    exit_criteria: str


class Lifecycle(BaseModel):
    """Deliverable 1: the customer lifecycle map."""

    summary: str
    stages: list[LifecycleStage]


class HealthDimensionSpec(BaseModel):
    """A dimension of the health model as the playbook presents it."""

    id: str
    label: str
    weight: float
    signals: list[str]
    normalisers: list[str]
    rationale: str


class HealthBandSpec(BaseModel):
    """A health band and what it means for the CSM."""

    name: str
    min: float
    max: float | None
    meaning: str


class HealthModelDeliverable(BaseModel):
    """Deliverable 2: the health score model."""

    summary: str
    dimensions: list[HealthDimensionSpec]
    bands: list[HealthBandSpec]
    rules: list[str]


class OnboardingTask(BaseModel):
    """One checklist item."""

    task: str
    owner: str
    detail: str


class OnboardingPhase(BaseModel):
    """A phase of onboarding (week 1, weeks 2-3, week 4)."""

    name: str
    weeks: str
    goal: str
    tasks: list[OnboardingTask]


class Onboarding(BaseModel):
    """Deliverable 3: the onboarding checklist with TTFV targets."""

    summary: str
    first_value_milestone: str
    ttfv_target_days: dict[Segment, int]
    phases: list[OnboardingPhase]


class QbrAgendaItem(BaseModel):
    """One agenda slot of the QBR."""

    topic: str
    minutes: int
    content: str


class QbrRoi(BaseModel):
    """The quantified ROI a QBR cannot be presented without."""

    ready: bool
    roi_pct: float | None
    value_delivered: float | None
    annual_cost: float | None
    formula: str
    missing_inputs: list[str]


class Qbr(BaseModel):
    """Deliverable 4: the QBR template and preparation checklist."""

    summary: str
    total_minutes: int
    agenda: list[QbrAgendaItem]
    preparation_checklist: list[str]
    roi: QbrRoi
    cadence_by_segment: dict[Segment, str]


class ChurnTierPlay(BaseModel):
    """An escalation tier with its response."""

    tier: int
    score_range: str
    response: str
    owner: str
    response_time: str
    actions: list[str]


class EarlyWarningSpec(BaseModel):
    """An early-warning signal, its threshold and the first response."""

    signal: str
    threshold: str
    response: str


class ChurnReasonPlay(BaseModel):
    """A churn reason in the user's words with its counter-measures."""

    reason: str
    category: ChurnCategory | None
    counter_measures: list[str]


class ChurnPlaybook(BaseModel):
    """Deliverable 5: the churn intervention playbook."""

    summary: str
    tiers: list[ChurnTierPlay]
    early_warnings: list[EarlyWarningSpec]
    reasons: list[ChurnReasonPlay]
    # How tiers are read and how warnings lift a healthy account to Tier 1.
    rules: list[str] = Field(default_factory=list)


class ExpansionSignalSpec(BaseModel):
    """A signal that an account is ready to grow."""

    id: str
    description: str
    threshold: str


class ExpansionPlaySpec(BaseModel):
    """A play with its trigger and a talk track."""

    id: str
    name: str
    trigger: str
    approach: str
    talk_track: str


class ExpansionTargets(BaseModel):
    """What good looks like for expansion."""

    csm_sourced_share_of_new_arr_pct: tuple[float, float]
    nrr_target_pct: tuple[float, float]


class Expansion(BaseModel):
    """Deliverable 6: expansion signals and plays."""

    summary: str
    signals: list[ExpansionSignalSpec]
    plays: list[ExpansionPlaySpec]
    targets: ExpansionTargets


class CapacityDeliverable(CapacityPlan):
    """Deliverable 7: the CSM capacity plan with its reading."""

    summary: str
    recommendations: list[str]


class MetricSpec(BaseModel):
    """One dashboard metric: definition, source, cadence, owner, target."""

    id: str
    name: str
    definition: str
    data_source: str
    cadence: str
    owner: str
    target: str


class MetricsDashboard(BaseModel):
    """Deliverable 8: the metrics dashboard specification."""

    summary: str
    metrics: list[MetricSpec]


OFFLINE_TAILORING = "templates filled from the product profile; no language model used"


class NodeReport(BaseModel):
    """How one deliverable's words were made: by the model or by templates."""

    used_model: bool = False
    fallback_reason: str | None = None
    prompt_version: str | None = None
    tokens_in: int = 0
    tokens_out: int = 0
    latency_s: float = 0.0


class Meta(BaseModel):
    """How the bundle was made."""

    version: str
    generated_at: str
    model: str = "offline"
    tailoring: str = OFFLINE_TAILORING
    warnings: list[str] = Field(default_factory=list)
    assumptions: list[str] = Field(default_factory=list)
    prompts: dict[str, str] = Field(default_factory=dict)
    nodes: dict[str, NodeReport] = Field(default_factory=dict)


class PlaybookBundle(BaseModel):
    """The complete customer-success playbook for one company."""

    profile: CompanyProfile
    lifecycle: Lifecycle
    health_model: HealthModelDeliverable
    onboarding: Onboarding
    qbr: Qbr
    churn_playbook: ChurnPlaybook
    expansion: Expansion
    capacity_plan: CapacityDeliverable
    metrics_dashboard: MetricsDashboard
    meta: Meta
