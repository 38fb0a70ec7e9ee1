"""Read an account export (CSV, XLSX or Parquet) into columns ready to score.

Every problem is reported with the row as a spreadsheet shows it (the header
is row 1), the column as the file names it, and the fix; up to 20 problems
are reported together so that a file can be corrected in one pass. Columns
the scorer does not use are kept out of the way and listed, never rejected.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from agent.accounts.convert import Cells, days_until, numeric_column
from agent.accounts.schema import (
    ACCOUNT_ID,
    ACCOUNT_NAME,
    NUMERIC_COLUMNS,
    PERCENT_OF_SHARE,
    RENEWAL_DATE,
    canonical_name,
    normalise_header,
)
from agent.accounts.sheets import (
    CellColumn,
    Problems,
    Sheet,
    read_sheet,
    sheet_from_rows,
)
from agent.calculators.signals import Column
from agent.errors import AccountFileError

logger = logging.getLogger(__name__)

ID_FIX = (
    "Add a column of unique account ids headed account_id "
    "('Account ID', 'Id', 'Customer ID' and 'GSID' work too)."
)
# A part can never exceed its whole: (part, whole, why, fix).
_PART_OF_WHOLE = (
    (
        "dau",
        "mau",
        "daily active users are a subset of monthly active users",
        "Check the two columns are not swapped and cover the same users.",
    ),
    (
        "features_used",
        "features_available",
        "an account cannot use more features than it has",
        "Check features_available counts every feature of the account's plan.",
    ),
)


@dataclass
class AccountTable:
    """Accounts from an export: ids, names and numeric columns (NaN = no data)."""

    rows: int
    account_ids: list[str]
    names: list[str] | None
    columns: dict[str, Column]
    unused_columns: list[str]
    source: str
    as_of: date = field(default_factory=date.today)
    notes: list[str] = field(default_factory=list)

    def index_of(self, account_id: str) -> int:
        """Return the row index of an account; KeyError when it is not here."""
        try:
            return self.account_ids.index(account_id.strip())
        except ValueError:
            raise KeyError(account_id) from None

    def select(self, indices: Sequence[int]) -> AccountTable:
        """Return a table holding only the given rows, in that order."""
        take = np.asarray(indices, dtype=np.intp)
        return AccountTable(
            rows=len(take),
            account_ids=[self.account_ids[i] for i in take],
            names=None if self.names is None else [self.names[i] for i in take],
            columns={name: values[take] for name, values in self.columns.items()},
            unused_columns=list(self.unused_columns),
            source=self.source,
            as_of=self.as_of,
            notes=list(self.notes),
        )


@dataclass
class _Layout:
    """Which file column feeds each known column, and what is left over."""

    used: dict[str, int] = field(default_factory=dict)
    scales: dict[str, float] = field(default_factory=dict)
    unused: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_accounts(path: Path, *, as_of: date | None = None) -> AccountTable:
    """Read and check an account export; raise AccountFileError listing problems.

    as_of (default today) is the day renewal_date is counted from.
    """
    logger.info("reading accounts %s", path)
    problems = Problems()
    return _table(read_sheet(path, problems), str(path), as_of, problems)


def read_account_rows(
    rows: Sequence[Mapping[str, Any]],
    *,
    as_of: date | None = None,
    source: str = "rows",
) -> AccountTable:
    """Check accounts given as mappings of column to cell, as a file's are.

    Keys are headers (aliases work); rows[i] is reported as row i + 2.
    """
    problems = Problems()
    return _table(sheet_from_rows(rows, source, problems), source, as_of, problems)


def _table(
    sheet: Sheet, source: str, as_of: date | None, problems: Problems
) -> AccountTable:
    """Turn raw cells into a checked table; raise when any problem was found."""
    layout = _layout(sheet)
    if ACCOUNT_ID.name not in layout.used:
        found = ", ".join(repr(header) for header in sheet.headers if header)
        raise AccountFileError(
            "has no account_id column",
            fix=f"Columns found: {found or 'none'}. {ID_FIX}",
            source=source,
        )
    day = as_of or date.today()
    account_ids = _account_ids(_cells(sheet, layout, ACCOUNT_ID.name), problems)
    names = _names(sheet, layout)
    columns = _numeric_columns(sheet, layout, day, problems)
    _check_parts(columns, sheet, layout, problems)
    problems.raise_if_any(source)
    notes = sheet.notes + layout.notes
    if layout.unused:
        notes.append(f"Not used for scoring: {', '.join(layout.unused)}.")
    logger.info(
        "read %d accounts with %d scoring columns from %s",
        sheet.rows,
        len(columns),
        source,
    )
    return AccountTable(
        rows=sheet.rows,
        account_ids=account_ids,
        names=names,
        columns=columns,
        unused_columns=layout.unused,
        source=source,
        as_of=day,
        notes=notes,
    )


def _layout(sheet: Sheet) -> _Layout:
    """Match headers to known columns; an exact name beats an alias, then first."""
    candidates: dict[str, list[int]] = {}
    layout = _Layout()
    for index, header in enumerate(sheet.headers):
        name = canonical_name(header) if header else None
        if name is None:
            if header or _has_values(sheet.columns[index]):
                layout.unused.append(header or f"column {index + 1} (no header)")
            continue
        candidates.setdefault(name, []).append(index)
    for name, indices in candidates.items():
        exact = [i for i in indices if normalise_header(sheet.headers[i]) == name]
        chosen = (exact or indices)[0]
        layout.used[name] = chosen
        if normalise_header(sheet.headers[chosen]) in PERCENT_OF_SHARE:
            layout.scales[name] = 0.01
        others = [repr(sheet.headers[i]) for i in indices if i != chosen]
        if others:
            layout.notes.append(
                f"{', '.join(others)} also read as {name}; the scorer used "
                f"{sheet.headers[chosen]!r} and ignored the rest."
            )
    return layout


def _has_values(cells: CellColumn) -> bool:
    if isinstance(cells, np.ndarray):
        return bool((~np.isnan(cells)).any())
    return any(cell is not None and str(cell).strip() for cell in cells)


def _cells(sheet: Sheet, layout: _Layout, name: str) -> Cells:
    index = layout.used[name]
    return Cells(
        sheet.headers[index],
        sheet.columns[index],
        sheet.row_numbers,
        sheet.decimal_comma,
    )


def _account_ids(cells: Cells, problems: Problems) -> list[str]:
    """Return the ids as text; report blank and repeated ones."""
    ids = _texts(cells.values)
    if all(ids) and len(set(ids)) == len(ids):
        return ids
    first_index: dict[str, int] = {}
    for index, account_id in enumerate(ids):
        row = cells.row_numbers[index]
        if not account_id:
            problems.add(
                "the account id is blank",
                row=row,
                column=cells.header,
                fix="Give every account row its id, or delete the row.",
            )
            continue
        first = first_index.setdefault(account_id, index)
        if first != index:
            problems.add(
                f"account id {account_id!r} is in rows "
                f"{cells.row_numbers[first]} and {row}",
                row=row,
                column=cells.header,
                fix="Each account must appear once: merge the rows or delete one.",
            )
    return ids


def _texts(values: CellColumn) -> list[str]:
    try:
        return [cell.strip() for cell in values]
    except AttributeError:  # numbers or empty cells from a typed format
        return [_text(cell) for cell in values]


def _text(cell: Any) -> str:
    """Return a cell as text; 1001.0 from a spreadsheet reads as '1001'."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _names(sheet: Sheet, layout: _Layout) -> list[str] | None:
    if ACCOUNT_NAME.name not in layout.used:
        return None
    return _texts(_cells(sheet, layout, ACCOUNT_NAME.name).values)


def _numeric_columns(
    sheet: Sheet, layout: _Layout, as_of: date, problems: Problems
) -> dict[str, Column]:
    columns: dict[str, Column] = {}
    for spec in NUMERIC_COLUMNS:
        if spec.name in layout.used:
            columns[spec.name] = numeric_column(
                _cells(sheet, layout, spec.name),
                spec,
                problems,
                scale=layout.scales.get(spec.name, 1.0),
            )
    if RENEWAL_DATE.name in layout.used:
        cells = _cells(sheet, layout, RENEWAL_DATE.name)
        days = days_until(cells, RENEWAL_DATE, as_of, problems)
        stated = columns.get("days_to_renewal")
        columns["days_to_renewal"] = (
            days if stated is None else np.where(np.isnan(stated), days, stated)
        )
    return columns


def _check_parts(
    columns: dict[str, Column], sheet: Sheet, layout: _Layout, problems: Problems
) -> None:
    for part, whole, why, fix in _PART_OF_WHOLE:
        if part not in columns or whole not in columns:
            continue
        with np.errstate(invalid="ignore"):
            above = columns[part] > columns[whole]
        header = sheet.headers[layout.used[part]]
        for index in np.flatnonzero(above).tolist():
            problems.add(
                f"{part} {columns[part][index]:g} is above {whole} "
                f"{columns[whole][index]:g}: {why}",
                row=sheet.row_numbers[index],
                column=header,
                fix=fix,
            )
