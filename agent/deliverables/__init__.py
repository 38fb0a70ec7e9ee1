"""The eight deliverable builders: each turns a PlaybookContext into its section.

Every figure comes from the calculators or the context; the words are
filled from small templates by the offline voice (``voice.py``).
"""

from agent.deliverables.capacity import build_capacity
from agent.deliverables.churn import build_churn_playbook
from agent.deliverables.expansion import build_expansion
from agent.deliverables.health_model import build_health_model
from agent.deliverables.lifecycle import build_lifecycle
from agent.deliverables.metrics import build_metrics_dashboard
from agent.deliverables.onboarding import build_onboarding
from agent.deliverables.qbr import build_qbr

__all__ = [
    "build_capacity",
    "build_churn_playbook",
    "build_expansion",
    "build_health_model",
    "build_lifecycle",
    "build_metrics_dashboard",
    "build_onboarding",
    "build_qbr",
]
