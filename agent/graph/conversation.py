"""The conversational nodes: the assessment interview and later revisions."""

from __future__ import annotations

import logging
import re
from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import interrupt

from agent.engine import DELIVERABLE_NODES
from agent.graph.deliverables import context_from_state, tailor_for
from agent.graph.state import ChatMessage, GraphContext, PlaybookState
from agent.interview import (
    ProfileDraft,
    apply_answer,
    apply_revision,
    confirmation_text,
    is_confirmation,
    next_question,
    parse_revision,
)
from agent.profile import CompanyProfile

logger = logging.getLogger(__name__)

ALL_NODES = [node.name for node in DELIVERABLE_NODES]
_DONE = re.compile(r"^\s*(done|bye|goodbye|that'?s all|no more|quit|exit)\b", re.I)


def say(role: str, content: str) -> ChatMessage:
    return {"role": role, "content": content}


def assessment(state: PlaybookState, runtime: Runtime[GraphContext]) -> dict[str, Any]:
    """Ask for what is missing, one question at a time, then confirm it."""
    if state.get("profile") is not None:
        return {"pending": ALL_NODES}
    draft = ProfileDraft.model_validate(state.get("draft") or {})
    if state.get("opening"):
        return _read_opening(state, draft, runtime)
    question = next_question(draft)
    prompt = question.text if question else confirmation_text(draft)
    prompt = _with_notice(state, prompt)
    answer = str(interrupt({"question": prompt}))
    heard = [say("assistant", prompt), say("user", answer)]
    if question is None and is_confirmation(answer):
        profile = draft.to_profile()
        logger.info("assessment confirmed for %s", profile.company_name)
        return {
            "profile": profile.model_dump(mode="json"),
            "pending": ALL_NODES,
            "messages": heard,
            "notice": "",
        }
    extracted = tailor_for(runtime).extract_profile(answer, prompt)
    result = apply_answer(draft, answer, question, extracted)
    return {
        "draft": result.draft.model_dump(mode="json"),
        "messages": heard,
        "notice": _notice(result.understood, result.problems),
    }


def _read_opening(
    state: PlaybookState, draft: ProfileDraft, runtime: Runtime[GraphContext]
) -> dict[str, Any]:
    """Learn what the first message already says, so it is not asked again."""
    opening = state.get("opening") or ""
    extracted = tailor_for(runtime).extract_profile(opening, None)
    result = apply_answer(draft, opening, None, extracted)
    return {
        "draft": result.draft.model_dump(mode="json"),
        "opening": "",
        "messages": [say("user", opening)],
        "notice": _notice(result.understood, []),
    }


def after_assessment(state: PlaybookState) -> list[str]:
    """Fan out to every deliverable once the profile is confirmed."""
    if state.get("profile") is None:
        return ["assessment"]
    return list(state.get("pending") or ALL_NODES)


def revise(state: PlaybookState, runtime: Runtime[GraphContext]) -> dict[str, Any]:
    """Take a change to the inputs and mark the deliverables it touches."""
    prompt = state.get("notice") or ""
    message = str(interrupt({"question": prompt}))
    heard = [say("user", message)]
    if _DONE.match(message):
        return {"finished": True, "messages": heard, "pending": []}
    profile = CompanyProfile.model_validate(state["profile"])
    revision = parse_revision(message, profile)
    if not revision.changes:
        notice = _notice([], revision.problems or ["I didn't find a change to make."])
        return {"messages": heard, "pending": [], "notice": notice}
    revised = apply_revision(profile, revision)
    changed = _changed_nodes(state, revised)
    notice = _notice(revision.understood, revision.problems)
    logger.info("revision touches %s", ", ".join(changed) or "nothing")
    return {
        "profile": revised.model_dump(mode="json"),
        "messages": heard,
        "pending": changed,
        "notice": notice,
    }


def after_revision(state: PlaybookState) -> list[str] | str:
    if state.get("finished"):
        return "__end__"
    return list(state.get("pending") or ["revise"])


def _changed_nodes(state: PlaybookState, revised: CompanyProfile) -> list[str]:
    """Return the nodes whose deterministic output the revision changes."""
    context = context_from_state({**state, "profile": revised.model_dump(mode="json")})
    baselines = state.get("baselines") or {}
    return [
        node.name
        for node in DELIVERABLE_NODES
        if node.build(context).model_dump(mode="json") != baselines.get(node.name)
    ]


def _notice(understood: list[str], problems: list[str]) -> str:
    lines = []
    if understood:
        lines.append("Got it: " + "; ".join(understood) + ".")
    lines.extend(problems)
    return "\n".join(lines)


def _with_notice(state: PlaybookState, prompt: str) -> str:
    notice = state.get("notice")
    return f"{notice}\n\n{prompt}" if notice else prompt
