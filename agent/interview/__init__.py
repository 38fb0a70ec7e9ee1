"""The chat interview and later revisions, as plain deterministic functions.

A graph node asks `next_question(draft)`, reads the reply with
`apply_answer`, shows `confirmation_text` once nothing is left to ask, and
builds from `draft.to_profile()` when `is_confirmation` says yes. After the
playbook is built, `parse_revision` and `apply_revision` take changes. Every
value is checked by the same parsers as profile files; state is JSON-able.
"""

from agent.interview.answers import AnswerResult, apply_answer
from agent.interview.confirmation import (
    HOW_TO_CONFIRM,
    confirmation_text,
    is_confirmation,
)
from agent.interview.draft import TOPICS, ProfileDraft, Topic, draft_from_profile
from agent.interview.extracted import EXTRACTABLE_FIELDS, validate_extracted
from agent.interview.questions import Question, next_question
from agent.interview.revision import (
    WHAT_CAN_CHANGE,
    Revision,
    apply_revision,
    parse_revision,
)

__all__ = [
    "EXTRACTABLE_FIELDS",
    "HOW_TO_CONFIRM",
    "TOPICS",
    "WHAT_CAN_CHANGE",
    "AnswerResult",
    "ProfileDraft",
    "Question",
    "Revision",
    "Topic",
    "apply_answer",
    "apply_revision",
    "confirmation_text",
    "draft_from_profile",
    "is_confirmation",
    "next_question",
    "parse_revision",
    "validate_extracted",
]
