"""Run-time settings: the language model, its limits and where state is kept.

Values come, highest priority first, from keyword overrides, the environment
(``OPENAI_API_KEY``, ``OPENAI_BASE_URL`` and ``CS_PLAYBOOK_*``), a YAML or
TOML settings file (named by ``CS_PLAYBOOK_SETTINGS`` or passed to
`load_settings`) and the defaults below. Every value is checked at start and
a bad one raises `SettingsError` naming the setting, the value and the fix;
the API key is never echoed.
"""

from __future__ import annotations

import logging
import os
import tomllib
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

import yaml
from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from agent.errors import SettingsError

logger = logging.getLogger(__name__)

SETTINGS_FILE_ENV = "CS_PLAYBOOK_SETTINGS"
OPENAI_DEFAULT_URL = "https://api.openai.com/v1"
# OpenAI-compatible local servers (Ollama, vLLM, llama.cpp) accept any key,
# but the OpenAI client refuses to start without one.
PLACEHOLDER_API_KEY = "not-needed"

StructuredOutput = Literal["json_schema", "function_calling", "json_mode"]

# The file `load_settings` was asked to read; a context variable so that
# settings loaded in parallel threads never see each other's file.
_settings_file: ContextVar[Path | None] = ContextVar("settings_file", default=None)


class Settings(BaseSettings):
    """Validated settings for one process; immutable once loaded."""

    model_config = SettingsConfigDict(
        env_prefix="CS_PLAYBOOK_",
        env_ignore_empty=True,
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
    )

    openai_api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("openai_api_key", "OPENAI_API_KEY"),
    )
    openai_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("openai_base_url", "OPENAI_BASE_URL"),
        repr=False,
    )
    model: str = Field(default="gpt-4o-mini", min_length=1)
    temperature: float = Field(default=0.2, ge=0, le=2)
    timeout_s: float = Field(default=30.0, gt=0)
    max_retries: int = Field(default=2, ge=0)
    # Seven deliverable nodes tailor at once; a limit of 8 lets them all
    # overlap. Local servers that run one request at a time want 1 or 2.
    concurrency: int = Field(default=8, ge=1)
    structured_output: StructuredOutput = "json_schema"
    max_tokens: int = Field(default=1500, ge=1)
    data_dir: Path = Path("data")
    checkpoint_url: str | None = Field(default=None, repr=False)
    # The HTTP API's own key, unrelated to the model's: when set, every /v1
    # request must send it in the X-API-Key header.
    http_api_key: SecretStr | None = None
    max_upload_mb: float = Field(default=20.0, gt=0)

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise settings_error(exc) from None

    @field_validator("openai_base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and urlsplit(value).scheme not in ("http", "https"):
            raise ValueError("must be an http:// or https:// URL")
        return value.rstrip("/") if value else value

    @field_validator("http_api_key")
    @classmethod
    def _non_blank_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().strip():
            return None
        return value

    @field_validator("checkpoint_url")
    @classmethod
    def _postgres_url(cls, value: str | None) -> str | None:
        if value is not None and urlsplit(value).scheme not in (
            "postgres",
            "postgresql",
        ):
            raise ValueError("must be a postgresql:// URL")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Read overrides, then the environment, then the settings file."""
        return init_settings, env_settings, _SettingsFileSource(settings_cls)

    @property
    def model_configured(self) -> bool:
        """True when a model can be called: an API key or a base URL is set."""
        return self.openai_api_key is not None or self.openai_base_url is not None

    @property
    def api_key(self) -> str:
        """The key to send; a placeholder for local servers that need none."""
        if self.openai_api_key is None:
            return PLACEHOLDER_API_KEY
        return self.openai_api_key.get_secret_value()

    @property
    def base_url(self) -> str:
        """The OpenAI-compatible endpoint calls go to."""
        return self.openai_base_url or OPENAI_DEFAULT_URL

    @property
    def max_upload_bytes(self) -> int:
        """The largest request body the HTTP API accepts, in bytes."""
        return int(self.max_upload_mb * 1024 * 1024)

    def describe(self) -> str:
        """Return a one-line description safe to show: no key, no password."""
        if not self.model_configured:
            return "offline"
        return f"{self.model} at {mask_url(self.base_url)}"


class _SettingsFileSource(PydanticBaseSettingsSource):
    """Settings from a YAML or TOML file, below the environment in priority."""

    def get_field_value(
        self, field: FieldInfo, field_name: str
    ) -> tuple[Any, str, bool]:
        # Unused: __call__ returns the whole file at once.
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        path = _settings_file.get()
        if path is None and (named := os.environ.get(SETTINGS_FILE_ENV)):
            path = Path(named)
        return {} if path is None else read_settings_file(path)


def load_settings(path: Path | None = None, **overrides: Any) -> Settings:
    """Return settings from overrides, the environment and a settings file.

    `path` wins over the file named by ``CS_PLAYBOOK_SETTINGS``.
    """
    token = _settings_file.set(path)
    try:
        settings = Settings(**overrides)
    finally:
        _settings_file.reset(token)
    logger.info("model: %s", settings.describe())
    return settings


def read_settings_file(path: Path) -> dict[str, Any]:
    """Return the mapping a YAML (.yaml, .yml) or TOML (.toml) file holds."""
    shown = str(path)
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".toml"):
        raise SettingsError(
            SETTINGS_FILE_ENV, shown, "is not a YAML or TOML file", _FILE_FIX
        )
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SettingsError(
            SETTINGS_FILE_ENV, shown, f"cannot be read ({exc.strerror})", _FILE_FIX
        ) from None
    data = _parse(text, suffix, shown)
    if not isinstance(data, dict):
        raise SettingsError(
            SETTINGS_FILE_ENV, shown, "does not hold a mapping of settings", _FILE_FIX
        )
    return data


def _parse(text: str, suffix: str, shown: str) -> object:
    try:
        if suffix == ".toml":
            return tomllib.loads(text)
        return yaml.safe_load(text) or {}
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        problem = f"is not valid {'TOML' if suffix == '.toml' else 'YAML'} ({exc})"
        raise SettingsError(SETTINGS_FILE_ENV, shown, problem, _FILE_FIX) from None


_FILE_FIX = (
    "Point CS_PLAYBOOK_SETTINGS at a readable .yaml or .toml file of "
    "setting: value pairs, or unset it."
)

# How to put each setting right, in the words of the variable a user sets.
_FIXES: dict[str, str] = {
    "openai_api_key": "Set OPENAI_API_KEY to your API key, or unset it.",
    "openai_base_url": (
        "Set OPENAI_BASE_URL to the server's OpenAI-compatible endpoint, "
        "e.g. http://localhost:11434/v1."
    ),
    "model": "Set CS_PLAYBOOK_MODEL to a model name, e.g. gpt-4o-mini.",
    "temperature": "Set CS_PLAYBOOK_TEMPERATURE to a number from 0 to 2.",
    "timeout_s": "Set CS_PLAYBOOK_TIMEOUT_S to a number of seconds above 0.",
    "max_retries": "Set CS_PLAYBOOK_MAX_RETRIES to a whole number of 0 or more.",
    "concurrency": "Set CS_PLAYBOOK_CONCURRENCY to a whole number of 1 or more.",
    "structured_output": (
        "Set CS_PLAYBOOK_STRUCTURED_OUTPUT to json_schema, function_calling "
        "or json_mode."
    ),
    "max_tokens": "Set CS_PLAYBOOK_MAX_TOKENS to a whole number of 1 or more.",
    "data_dir": "Set CS_PLAYBOOK_DATA_DIR to a folder path.",
    "checkpoint_url": (
        "Set CS_PLAYBOOK_CHECKPOINT_URL to postgresql://user:password@host/db, "
        "or unset it to keep checkpoints in the data folder."
    ),
    "http_api_key": (
        "Set CS_PLAYBOOK_HTTP_API_KEY to the key HTTP clients must send in "
        "X-API-Key, or unset it to leave the API open."
    ),
    "max_upload_mb": (
        "Set CS_PLAYBOOK_MAX_UPLOAD_MB to the largest request body in "
        "megabytes, a number above 0."
    ),
}
_ALIASES = {"OPENAI_API_KEY": "openai_api_key", "OPENAI_BASE_URL": "openai_base_url"}


def settings_error(exc: ValidationError) -> SettingsError:
    """Turn pydantic's first complaint into an error a user can act on."""
    error = exc.errors()[0]
    loc = str(error["loc"][0]) if error["loc"] else "settings"
    setting = _ALIASES.get(loc, loc)
    if error["type"] == "extra_forbidden":
        return SettingsError(
            setting,
            _shown(setting, error.get("input")),
            "is not a setting",
            f"Remove it or check its spelling; the settings are {', '.join(_FIXES)}.",
        )
    problem = str(error["msg"]).removeprefix("Value error, ").rstrip(".")
    return SettingsError(
        setting,
        _shown(setting, error.get("input")),
        problem,
        _FIXES.get(setting, "Check the value."),
    )


def _shown(setting: str, value: object) -> str:
    if setting == "openai_api_key" or "key" in setting.lower():
        return "<hidden>"
    if isinstance(value, str) and setting in ("openai_base_url", "checkpoint_url"):
        return repr(mask_url(value))
    return repr(value)


def mask_url(url: str) -> str:
    """Return a URL with any user name and password replaced by '***'."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        port = parts.port
    except ValueError:
        return "<unparseable URL>"
    if parts.username is None and parts.password is None:
        return url
    netloc = f"***@{host or ''}" + (f":{port}" if port else "")
    return urlunsplit(parts._replace(netloc=netloc))
