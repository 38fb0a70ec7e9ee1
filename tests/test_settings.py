"""Settings: sources and their priority, validation errors, secrets kept out."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from agent.errors import PlaybookError, SettingsError
from agent.settings import Settings, load_settings, mask_url
from tests.model_fakes import TEST_KEY


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run each test without the developer's model or settings variables."""
    for name in list(os.environ):
        if name.startswith(("CS_PLAYBOOK_", "OPENAI_")):
            monkeypatch.delenv(name)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_offline() -> None:
    settings = load_settings()
    assert settings.model == "gpt-4o-mini"
    assert settings.temperature == 0.2
    assert settings.timeout_s == 30
    assert settings.max_retries == 2
    assert settings.concurrency == 8
    assert settings.structured_output == "json_schema"
    assert settings.max_tokens == 1500
    assert settings.data_dir == Path("data")
    assert settings.checkpoint_url is None
    assert not settings.model_configured
    assert settings.describe() == "offline"


def test_environment_configures_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", TEST_KEY)
    monkeypatch.setenv("CS_PLAYBOOK_MODEL", "gpt-4.1-mini")
    monkeypatch.setenv("CS_PLAYBOOK_CONCURRENCY", "2")
    monkeypatch.setenv("CS_PLAYBOOK_STRUCTURED_OUTPUT", "function_calling")
    settings = load_settings()
    assert settings.model_configured
    assert settings.api_key == TEST_KEY
    assert settings.concurrency == 2
    assert settings.structured_output == "function_calling"
    assert settings.describe() == "gpt-4.1-mini at https://api.openai.com/v1"


def test_a_local_server_needs_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://localhost:11434/v1/")
    monkeypatch.setenv("CS_PLAYBOOK_MODEL", "llama3.1")
    settings = load_settings()
    assert settings.model_configured
    assert settings.api_key == "not-needed"
    assert settings.describe() == "llama3.1 at http://localhost:11434/v1"


def test_empty_variables_count_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "")
    monkeypatch.setenv("OPENAI_BASE_URL", "")
    assert not load_settings().model_configured


def test_yaml_file_given_as_argument(tmp_path: Path) -> None:
    path = write(tmp_path / "s.yaml", "model: llama3.1\ntemperature: 0\n")
    settings = load_settings(path)
    assert (settings.model, settings.temperature) == ("llama3.1", 0)


def test_toml_file_named_by_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "s.toml", 'max_retries = 5\ndata_dir = "state"\n')
    monkeypatch.setenv("CS_PLAYBOOK_SETTINGS", str(path))
    settings = load_settings()
    assert settings.max_retries == 5
    assert settings.data_dir == Path("state")


def test_argument_file_wins_over_the_environment_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "CS_PLAYBOOK_SETTINGS", str(write(tmp_path / "a.yaml", "model: from-env\n"))
    )
    chosen = write(tmp_path / "b.yaml", "model: from-argument\n")
    assert load_settings(chosen).model == "from-argument"


def test_priority_is_overrides_then_environment_then_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "s.yaml", "model: file\nconcurrency: 3\nmax_tokens: 99\n")
    monkeypatch.setenv("CS_PLAYBOOK_MODEL", "environment")
    monkeypatch.setenv("CS_PLAYBOOK_CONCURRENCY", "5")
    settings = load_settings(path, concurrency=7)
    assert settings.model == "environment"
    assert settings.concurrency == 7
    assert settings.max_tokens == 99


@pytest.mark.parametrize(
    ("overrides", "setting", "fix"),
    [
        pytest.param({"temperature": 2.5}, "temperature", "from 0 to 2", id="temp"),
        pytest.param(
            {"timeout_s": 0}, "timeout_s", "CS_PLAYBOOK_TIMEOUT_S", id="timeout"
        ),
        pytest.param({"max_retries": -1}, "max_retries", "0 or more", id="retries"),
        pytest.param({"concurrency": 0}, "concurrency", "1 or more", id="concurrency"),
        pytest.param({"max_tokens": 0}, "max_tokens", "1 or more", id="max-tokens"),
        pytest.param(
            {"structured_output": "xml"}, "structured_output", "json_mode", id="method"
        ),
        pytest.param({"model": ""}, "model", "CS_PLAYBOOK_MODEL", id="model"),
        pytest.param(
            {"openai_base_url": "localhost:11434"},
            "openai_base_url",
            "OPENAI_BASE_URL",
            id="base-url",
        ),
        pytest.param(
            {"checkpoint_url": "mysql://db/cs"},
            "checkpoint_url",
            "postgresql://",
            id="checkpoint",
        ),
    ],
)
def test_a_bad_value_names_setting_value_and_fix(
    overrides: dict[str, Any], setting: str, fix: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(**overrides)
    error = caught.value
    assert error.setting == setting
    assert error.value == repr(next(iter(overrides.values())))
    assert fix in str(error)
    assert isinstance(error, PlaybookError)


def test_a_bad_environment_value_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CS_PLAYBOOK_CONCURRENCY", "many")
    with pytest.raises(SettingsError, match=r"concurrency = 'many'.*1 or more"):
        load_settings()


def test_the_api_key_is_never_echoed(tmp_path: Path) -> None:
    path = write(tmp_path / "s.yaml", f"openai_api_key: [{TEST_KEY}]\n")
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert caught.value.setting == "openai_api_key"
    assert TEST_KEY not in str(caught.value)
    assert "<hidden>" in str(caught.value)


def test_the_api_key_stays_out_of_repr_and_description() -> None:
    settings = Settings(openai_api_key=TEST_KEY)
    assert TEST_KEY not in repr(settings)
    assert TEST_KEY not in str(settings)
    assert TEST_KEY not in settings.describe()


def test_passwords_in_urls_are_masked() -> None:
    settings = Settings(
        openai_base_url="https://user:pw-secret@models.example/v1",
        checkpoint_url="postgresql://cs:pg-secret@db/cs",
    )
    assert settings.describe() == "gpt-4o-mini at https://***@models.example/v1"
    assert "pg-secret" not in repr(settings)
    with pytest.raises(SettingsError) as caught:
        Settings(checkpoint_url="mysql://cs:pg-secret@db/cs")
    assert "pg-secret" not in str(caught.value)


def test_mask_url_leaves_plain_urls_alone() -> None:
    assert mask_url("http://localhost:8000/v1") == "http://localhost:8000/v1"
    assert mask_url("postgresql://u:p@db:5432/x") == "postgresql://***@db:5432/x"


def test_an_unknown_setting_in_a_file_is_named(tmp_path: Path) -> None:
    path = write(tmp_path / "s.yaml", "modle: gpt-4o\n")
    with pytest.raises(SettingsError, match=r"modle = 'gpt-4o': is not a setting"):
        load_settings(path)


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        pytest.param("s.yaml", None, "cannot be read", id="missing"),
        pytest.param("s.yaml", "model: [unclosed\n", "not valid YAML", id="yaml"),
        pytest.param("s.toml", "model = \n", "not valid TOML", id="toml"),
        pytest.param("s.yaml", "- a list\n", "does not hold a mapping", id="list"),
        pytest.param("s.json", "{}", "not a YAML or TOML file", id="suffix"),
    ],
)
def test_a_bad_settings_file_is_reported(
    tmp_path: Path, name: str, text: str | None, problem: str
) -> None:
    path = tmp_path / name
    if text is not None:
        write(path, text)
    with pytest.raises(SettingsError, match=problem) as caught:
        load_settings(path)
    assert caught.value.setting == "CS_PLAYBOOK_SETTINGS"
    assert str(path) in str(caught.value)


def test_an_empty_settings_file_means_defaults(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path / "s.yaml", "")).model == "gpt-4o-mini"


def test_settings_cannot_change_once_loaded() -> None:
    settings = load_settings()
    with pytest.raises(ValueError, match="frozen"):
        settings.model = "other"  # type: ignore[misc]


def test_the_http_api_settings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CS_PLAYBOOK_HTTP_API_KEY", "http-key-0123")
    monkeypatch.setenv("CS_PLAYBOOK_MAX_UPLOAD_MB", "2.5")

    settings = load_settings()

    assert settings.http_api_key is not None
    assert settings.http_api_key.get_secret_value() == "http-key-0123"
    assert settings.max_upload_bytes == 2_621_440
    assert "http-key-0123" not in repr(settings)


def test_the_http_api_is_open_with_a_20_mb_cap_by_default() -> None:
    settings = load_settings(http_api_key="   ")

    assert settings.http_api_key is None
    assert settings.max_upload_mb == 20


def test_a_bad_upload_cap_names_its_variable() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(max_upload_mb=0)

    assert caught.value.setting == "max_upload_mb"
    assert "CS_PLAYBOOK_MAX_UPLOAD_MB" in caught.value.fix
