"""The command line: generate, score, health-model and schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from agent.cli import main

ROOT = Path(__file__).resolve().parent.parent
ACME = ROOT / "examples" / "acme.yaml"
ACCOUNTS = ROOT / "examples" / "accounts.csv"
BUNDLE_KEYS = {
    "profile",
    "lifecycle",
    "health_model",
    "onboarding",
    "qbr",
    "churn_playbook",
    "expansion",
    "capacity_plan",
    "metrics_dashboard",
    "meta",
}


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def test_generate_prints_markdown_by_default() -> None:
    result = run("generate", ACME)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Customer-success playbook: Acme")
    assert "No language model was used" in result.output


def test_generate_json_has_the_contract_keys() -> None:
    result = run("generate", ACME, "--format", "json")
    bundle = json.loads(result.output)
    assert set(bundle) == BUNDLE_KEYS
    assert bundle["meta"]["model"] == "offline"
    assert [item["minutes"] for item in bundle["qbr"]["agenda"]] == [10, 10, 5, 15, 5]
    assert bundle["onboarding"]["ttfv_target_days"]["smb"] == 14
    assert bundle["onboarding"]["ttfv_target_days"]["enterprise"] == 30


def test_generate_out_writes_three_documents(tmp_path: Path) -> None:
    result = run("generate", ACME, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["bundle.html", "bundle.json", "bundle.md"]
    html = (tmp_path / "out" / "bundle.html").read_text()
    assert html.lstrip().lower().startswith("<!doctype html>")


def test_bad_profile_exits_2_names_the_field_and_writes_nothing(tmp_path: Path) -> None:
    profile = tmp_path / "bad.yaml"
    profile.write_text(ACME.read_text().replace("stage: Series A", "stage: unicorn"))
    out = tmp_path / "out"
    result = run("generate", profile, "--out", out)
    assert result.exit_code == 2
    assert "company.stage = 'unicorn'" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_missing_profile_file_exits_2(tmp_path: Path) -> None:
    result = run("generate", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert "cannot be read" in result.output


def test_score_reports_accounts_and_summary_as_json() -> None:
    result = run("score", ACCOUNTS, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    summary = report["summary"]
    assert summary["accounts"] == len(report["accounts"]) == 40
    assert sum(summary["bands"].values()) == 40
    assert {"coverage", "nrr", "grr", "bands", "scored"} <= set(summary)
    first = report["accounts"][0]
    expected = {"account_id", "segment", "health_score", "band", "tier"}
    assert expected | {"warnings", "signals"} <= set(first)
    assert "note: Not used for scoring: csm_owner, region." in result.stderr


def test_score_csv_has_one_row_per_account(tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    result = run("score", ACCOUNTS, "--format", "csv", "--out", out)
    assert result.exit_code == 0, result.output
    lines = out.read_text().splitlines()
    assert lines[0].startswith("account_id,")
    assert len(lines) == 41


def test_score_with_an_edited_model_changes_the_scores(tmp_path: Path) -> None:
    exported = run("health-model", "--format", "yaml").output
    model = yaml.safe_load(exported)
    weights = {"usage": 70, "feature_breadth": 5, "support": 5}
    for dimension in model["dimensions"]:
        dimension["weight"] = weights.get(dimension["id"], 5)
    path = tmp_path / "model.yaml"
    path.write_text(yaml.safe_dump(model))
    default = json.loads(run("score", ACCOUNTS).stdout)
    edited = json.loads(run("score", ACCOUNTS, "--model", path).stdout)
    default_scores = [a["health_score"] for a in default["accounts"]]
    edited_scores = [a["health_score"] for a in edited["accounts"]]
    assert default_scores != edited_scores


def test_invalid_model_exits_2_with_the_total(tmp_path: Path) -> None:
    model = yaml.safe_load(run("health-model").output)
    model["dimensions"][0]["weight"] = 40
    path = tmp_path / "model.yaml"
    path.write_text(yaml.safe_dump(model))
    result = run("score", ACCOUNTS, "--model", path)
    assert result.exit_code == 2
    assert "weights total 115, not 100" in result.output


def test_bad_account_file_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("account_id,dau,mau\nA1,50,10\nA1,5,10\n")
    out = tmp_path / "scores.json"
    result = run("score", accounts, "--out", out)
    assert result.exit_code == 2
    assert "row 2" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_health_model_exports_json_too() -> None:
    model = json.loads(run("health-model", "--format", "json").output)
    assert sum(d["weight"] for d in model["dimensions"]) == 100


def test_schema_describes_the_bundle() -> None:
    schema = json.loads(run("schema").output)
    assert set(schema["properties"]) == BUNDLE_KEYS


@pytest.mark.parametrize("command", ["generate", "score", "health-model", "schema"])
def test_every_command_has_help(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_readme_column_table_matches_the_scorer() -> None:
    readme = (ROOT / "README.md").read_text()
    table = readme.split("<!-- columns:start")[1].split("<!-- columns:end -->")[0]
    documented = table.split("\n", 1)[1].strip()
    assert documented == run("columns").output.strip()


def test_chat_interviews_writes_the_playbook_and_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CS_PLAYBOOK_DATA_DIR", str(tmp_path / "data"))
    out = tmp_path / "out"
    answers = "Cartograph Routes\nSeries A, $4.2M ARR, 95 customers\n2 CSMs\n"
    first = CliRunner().invoke(
        main, ["chat", "--thread", "t", "--out", str(out)], answers
    )
    assert first.exit_code == 0, first.output
    assert "Resume with: cs-playbook chat --thread t" in first.output
    assert not out.exists()
    rest = "skip\nskip\nskip\nyes\ndone\n"
    second = CliRunner().invoke(
        main, ["chat", "--thread", "t", "--out", str(out)], rest
    )
    assert second.exit_code == 0, second.output
    assert "(ACV)" in second.output.split("you>")[0]
    assert "Your playbook for Cartograph Routes is ready" in second.output
    assert "## 7. CSM capacity plan" in (out / "bundle.md").read_text()
