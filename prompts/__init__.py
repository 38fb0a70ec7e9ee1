"""Versioned prompt files for the model-tailoring step.

Each ``<name>.md`` file opens with a YAML front matter block::

    ---
    name: lifecycle
    version: 3
    ---
    The prompt text.

``name`` must match the file name and ``version`` is a whole number of 1 or
more; a bundle records ``name@version`` for every prompt it used. A prompt
may carry a ``canary``: a marker that appears in its text and must never
appear in a model's answer, so that a leaked prompt is caught.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from agent.errors import PlaybookError

logger = logging.getLogger(__name__)

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_FRONT_MATTER = re.compile(r"\A---\n(?P<meta>.*?)\n---\n(?P<text>.*)\Z", re.S)


class PromptError(PlaybookError):
    """A prompt file that is missing or cannot be read as a prompt."""


@dataclass(frozen=True)
class Prompt:
    """A prompt's text with the name and version recorded in a bundle."""

    name: str
    version: int
    text: str
    canary: str | None = None

    @property
    def id(self) -> str:
        """Return 'name@version', e.g. 'lifecycle@3'."""
        return f"{self.name}@{self.version}"


@cache
def load_prompt(name: str) -> Prompt:
    """Return the prompt stored in prompts/<name>.md, read once per process."""
    if not _NAME.match(name):
        raise PromptError(
            f"prompt name {name!r} is not valid: use lower-case letters, digits "
            "and underscores, e.g. 'lifecycle'"
        )
    resource = resources.files(__package__).joinpath(f"{name}.md")
    if not resource.is_file():
        raise PromptError(
            f"prompt {name!r} not found: add prompts/{name}.md with a front "
            "matter block (name, version) and the prompt text"
        )
    logger.debug("reading prompt %s", name)
    return parse_prompt(resource.read_text(encoding="utf-8"), name)


def parse_prompt(source: str, name: str) -> Prompt:
    """Parse a prompt file's text; `name` is the name its file gives it."""
    match = _FRONT_MATTER.match(source.replace("\r\n", "\n"))
    if match is None:
        raise _malformed(name, "it must open with a '---' front matter block")
    meta = _front_matter(match["meta"], name)
    text = match["text"].strip()
    if not text:
        raise _malformed(name, "the text after the front matter is empty")
    canary = meta.get("canary")
    if canary is not None and (not isinstance(canary, str) or canary not in text):
        raise _malformed(name, "its canary must be a string that appears in the text")
    return Prompt(name=name, version=_version(meta, name), text=text, canary=canary)


def _front_matter(block: str, name: str) -> dict[str, object]:
    try:
        meta = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        raise _malformed(name, f"its front matter is not valid YAML ({exc})") from None
    if not isinstance(meta, dict):
        raise _malformed(name, "its front matter must be a mapping")
    if meta.get("name") != name:
        raise _malformed(
            name, f"its front matter names it {meta.get('name')!r}, not {name!r}"
        )
    return meta


def _version(meta: dict[str, object], name: str) -> int:
    version = meta.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _malformed(
            name, f"its version must be a whole number of 1 or more, not {version!r}"
        )
    return version


def _malformed(name: str, problem: str) -> PromptError:
    return PromptError(f"prompts/{name}.md is malformed: {problem}")
