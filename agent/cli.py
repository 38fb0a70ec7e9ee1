"""The cs-playbook command line: build playbooks and score account exports."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import click

from agent import __version__
from agent.accounts import read_accounts, render_report, score_accounts
from agent.accounts.schema import schema_markdown
from agent.bundle import PlaybookBundle
from agent.calculators.health_model import (
    HealthModel,
    default_health_model,
    default_health_model_yaml,
    load_health_model,
)
from agent.errors import PlaybookError
from agent.fileio import atomic_write_text
from agent.profile import load_profile
from agent.render import render_html, render_markdown
from agent.settings import load_settings

if TYPE_CHECKING:
    from agent.consultant import Turn

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

# Exit codes: 2 for input the user can fix, 1 for a fault of ours.
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn known errors into one clear line and exit code 2; never a traceback."""

    @wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except PlaybookError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except OSError as exc:
            click.echo(f"error: {exc.filename or ''} {exc.strerror}".strip(), err=True)
            sys.exit(EXIT_BAD_INPUT)
        except Exception:
            logger.exception("unexpected failure")
            click.echo(
                "error: cs-playbook hit an internal problem; run again with -v for "
                "details and report it.",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)

    return run


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cs-playbook")
@click.option("-v", "--verbose", is_flag=True, help="Log what happens, to stderr.")
def main(verbose: bool) -> None:
    """A customer-success consultant in a box: playbooks and account health."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


model_option = click.option(
    "--model",
    "model_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A health model YAML (see `cs-playbook health-model`).",
)


def _model(path: Path | None) -> HealthModel:
    return load_health_model(path) if path else default_health_model()


@main.command()
@click.argument("profile", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["markdown", "md", "json", "html"]),
    default="markdown",
    help="What to print when --out is not given.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to write bundle.md, bundle.json and bundle.html into.",
)
@model_option
@reports_errors
def generate(
    profile: Path, output_format: str, out: Path | None, model_path: Path | None
) -> None:
    """Build the complete playbook for the company described in PROFILE."""
    bundle = _build(profile, model_path)
    documents = _render_all(bundle)
    if out is None:
        key = "md" if output_format == "markdown" else output_format
        click.echo(documents[key], nl=False)
        return
    for suffix, text in documents.items():
        atomic_write_text(out / f"bundle.{suffix}", text)
    click.echo(f"Wrote {', '.join(str(out / f'bundle.{s}') for s in documents)}")


def _build(profile_path: Path, model_path: Path | None) -> PlaybookBundle:
    """Run the consultant graph; it uses the model whenever one is configured."""
    # LangGraph and the model client take seconds to import; only the
    # commands that run the graph pay for them.
    from agent.consultant import build_playbook

    profile = load_profile(profile_path)
    settings = load_settings()
    return build_playbook(profile, settings=settings, health_model=_model(model_path))


def _render_all(bundle: PlaybookBundle) -> dict[str, str]:
    """Render every format in memory first, so a failure writes nothing."""
    return {
        "md": render_markdown(bundle),
        "json": bundle.model_dump_json(indent=2) + "\n",
        "html": render_html(bundle),
    }


@main.command()
@click.argument("accounts", type=click.Path(path_type=Path, dir_okay=False))
@model_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "csv"]),
    default="json",
    help="JSON has the summary and notes; CSV has one row per account.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write instead of printing.",
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date that renewal dates count from (default: today).",
)
@reports_errors
def score(
    accounts: Path,
    model_path: Path | None,
    output_format: str,
    out: Path | None,
    as_of: Any,
) -> None:
    """Score an account export (CSV, XLSX or Parquet) with the health model."""
    model = _model(model_path)
    as_of_date: date | None = as_of.date() if as_of else None
    table = read_accounts(accounts, as_of=as_of_date)
    report = score_accounts(table, model)
    text = render_report(report, "json" if output_format == "json" else "csv")
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    if out is None:
        click.echo(text, nl=False)
        return
    atomic_write_text(out, text)
    click.echo(f"Wrote {out}", err=True)


@main.command("health-model")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["yaml", "json"]),
    default="yaml",
)
@reports_errors
def health_model(output_format: str) -> None:
    """Print the default health model, ready to edit and pass back with --model."""
    if output_format == "yaml":
        click.echo(default_health_model_yaml(), nl=False)
    else:
        click.echo(default_health_model().model_dump_json(indent=2))


@main.command()
@reports_errors
def schema() -> None:
    """Print the JSON Schema of the playbook bundle."""
    click.echo(json.dumps(PlaybookBundle.model_json_schema(), indent=2))


@main.command()
@reports_errors
def columns() -> None:
    """Print the account-file columns the scorer reads, as a Markdown table."""
    click.echo(schema_markdown())


@main.command()
@click.option(
    "--thread", help="Continue this conversation (its id is printed at start)."
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out"),
    show_default=True,
    help="Folder the playbook is written to each time it is built.",
)
@reports_errors
def chat(thread: str | None, out: Path) -> None:
    """Talk to the consultant in the terminal; the conversation is checkpointed."""
    from agent.consultant import Consultant, new_thread_id

    thread_id = thread or new_thread_id()
    with Consultant(load_settings()) as consultant:
        click.echo(f"Conversation {thread_id} (resume with --thread {thread_id}).")
        turn = consultant.open(thread_id)
        while not _show_turn(turn, out):
            try:
                message = click.prompt("you", prompt_suffix="> ")
            except (EOFError, click.Abort):
                click.echo(
                    f"\nSaved. Resume with: cs-playbook chat --thread {thread_id}"
                )
                return
            turn = consultant.send(thread_id, message, on_progress=_show_progress)


def _show_turn(turn: Turn, out: Path) -> bool:
    """Print a reply, write a freshly built playbook; True when the chat is over."""
    if turn.bundle is not None and turn.progress:
        documents = _render_all(turn.bundle)
        for suffix, text in documents.items():
            atomic_write_text(out / f"bundle.{suffix}", text)
        click.echo(f"Wrote the playbook to {out / 'bundle.md'} (also .html, .json).")
    click.echo(f"\n{turn.reply}\n")
    return turn.finished


def _show_progress(event: dict[str, Any]) -> None:
    if event.get("event") in {"finished", "fell_back"}:
        note = " (template text kept)" if event["event"] == "fell_back" else ""
        click.echo(f"  built {event['node']}{note}", err=True)


@main.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; 127.0.0.1 keeps it to this machine.",
)
@click.option(
    "--port",
    default=7860,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on.",
)
@reports_errors
def serve_command(host: str, port: int) -> None:
    """Start the web page (chat, form, accounts) and the HTTP API."""
    # Imported here: loading the web stack takes seconds that the other
    # commands should not pay.
    from ui.server import serve

    serve(host, port, load_settings(), announce=click.echo)
