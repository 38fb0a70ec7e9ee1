"""Turn a column of raw cells into numbers, reporting every cell that will not do.

A whole column is first converted by numpy in one go; only when that fails is
it read cell by cell, so a clean 100,000-row column costs one array build.
Blank cells, and the usual "no data" markers (n/a, null, none, -), read as NaN.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from agent.accounts.schema import DATE_FIX, FLAG_FIX, ColumnSpec, Kind
from agent.accounts.sheets import CellColumn, Problems
from agent.calculators.signals import Column
from agent.errors import InputError
from agent.parsing import parse_money

Dates = npt.NDArray[np.datetime64]

BLANKS = frozenset({"", "na", "n/a", "#n/a", "nan", "null", "none", "-", "—"})
TRUE_WORDS = frozenset({"true", "yes", "y", "1"})
FALSE_WORDS = frozenset({"false", "no", "n", "0"})
_FLAG_WORDS = (
    dict.fromkeys(TRUE_WORDS | {"1.0"}, 1.0)
    | dict.fromkeys(FALSE_WORDS | {"0.0"}, 0.0)
    | dict.fromkeys(BLANKS, math.nan)
)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ].*)?$")


@dataclass(frozen=True)
class Cells:
    """One column as read: its header as written, its cells and their rows."""

    header: str
    values: CellColumn
    row_numbers: Sequence[int]
    decimal_comma: bool = False


class CellError(ValueError):
    """A cell that cannot be read as the column's kind of value."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix


def numeric_column(
    cells: Cells, spec: ColumnSpec, problems: Problems, *, scale: float = 1.0
) -> Column:
    """Return the column as float64 (NaN = no data), its problems reported."""
    values = (
        _fast_flags(cells.values) if spec.kind is Kind.FLAG else _fast(cells.values)
    )
    if values is None:
        values = _cell_by_cell(cells, spec, problems)
    _report_infinite(values, cells, spec, problems)
    if scale != 1.0:
        values = values * scale
    if spec.kind is Kind.FLAG:
        _report_not_flags(values, cells, problems)
    else:
        _report_out_of_range(values, cells, spec, problems)
    return values


def _fast(values: CellColumn) -> Column | None:
    """Convert the whole column at once; None when some cell needs a closer look."""
    if isinstance(values, np.ndarray) and values.dtype == np.float64:
        return values
    cells = np.array(values, dtype=object)  # None reads as NaN
    if cells.ndim != 1:  # cells holding lists, as a Parquet list column does
        return None
    try:
        return cells.astype(np.float64)
    except (ValueError, TypeError):
        pass
    cells[cells == ""] = np.nan
    try:
        return cells.astype(np.float64)
    except (ValueError, TypeError):
        return None


def _fast_flags(values: CellColumn) -> Column | None:
    """Read a yes/no column at once; None when some cell is not a known word."""
    read = np.fromiter(
        (_FLAG_WORDS.get(str(cell).strip().lower(), -1.0) for cell in values),
        dtype=np.float64,
        count=len(values),
    )
    return None if (read == -1.0).any() else read


def _cell_by_cell(cells: Cells, spec: ColumnSpec, problems: Problems) -> Column:
    result = np.full(len(cells.values), np.nan)
    for index, cell in enumerate(cells.values):
        try:
            result[index] = read_cell(cell, spec, decimal_comma=cells.decimal_comma)
        except CellError as error:
            problems.add(
                error.problem,
                row=cells.row_numbers[index],
                column=cells.header,
                fix=error.fix,
            )
    return result


def read_cell(cell: Any, spec: ColumnSpec, *, decimal_comma: bool = False) -> float:
    """Return one cell as a number in the column's unit; NaN when blank."""
    if cell is None:
        return math.nan
    if isinstance(cell, bool | int | float):
        return float(cell)
    if isinstance(cell, date | datetime):
        raise CellError(f"{cell.isoformat()} is a date, not a number", spec.fix)
    text = str(cell).strip()
    if text.lower() in BLANKS:
        return math.nan
    if spec.kind is Kind.FLAG:
        return _flag(text)
    if spec.kind is Kind.MONEY:
        return _money(text, spec)
    if text.endswith("%") and spec.kind in (Kind.SHARE, Kind.PERCENT):
        number = _number(text[:-1].strip(), spec, decimal_comma)
        return number / 100.0 if spec.kind is Kind.SHARE else number
    return _number(text, spec, decimal_comma)


def _number(text: str, spec: ColumnSpec, decimal_comma: bool) -> float:
    try:
        return float(text)
    except ValueError:
        pass
    if decimal_comma and _DECIMAL_COMMA.match(text):
        return float(text.replace(",", "."))
    if not decimal_comma and _THOUSANDS.match(text):
        return float(text.replace(",", ""))
    raise CellError(f"{text!r} is not a number", spec.fix)


def _money(text: str, spec: ColumnSpec) -> float:
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return parse_money(text, spec.name)
    except InputError as error:
        raise CellError(f"{text!r} {error.problem}", spec.fix) from None


def _flag(text: str) -> float:
    word = text.lower()
    if word in TRUE_WORDS:
        return 1.0
    if word in FALSE_WORDS:
        return 0.0
    raise CellError(f"{text!r} is not yes or no", FLAG_FIX)


def _report_infinite(
    values: Column, cells: Cells, spec: ColumnSpec, problems: Problems
) -> None:
    for index in np.flatnonzero(np.isinf(values)).tolist():
        problems.add(
            f"{cells.values[index]!r} is not a finite number",
            row=cells.row_numbers[index],
            column=cells.header,
            fix=spec.fix,
        )
        values[index] = np.nan


def _report_not_flags(values: Column, cells: Cells, problems: Problems) -> None:
    wrong = ~np.isnan(values) & (values != 0.0) & (values != 1.0)
    for index in np.flatnonzero(wrong).tolist():
        problems.add(
            f"{_shown(cells.values[index], values[index])} is not yes or no",
            row=cells.row_numbers[index],
            column=cells.header,
            fix=FLAG_FIX,
        )


def _report_out_of_range(
    values: Column, cells: Cells, spec: ColumnSpec, problems: Problems
) -> None:
    with np.errstate(invalid="ignore"):
        low = values < spec.low if spec.low is not None else False
        high = values > spec.high if spec.high is not None else False
    for index in np.flatnonzero(np.logical_or(low, high)).tolist():
        shown = _shown(cells.values[index], values[index])
        problems.add(
            f"{shown} is outside the valid range ({spec.range_text})",
            row=cells.row_numbers[index],
            column=cells.header,
            fix=spec.fix,
        )


def _shown(cell: Any, value: float) -> str:
    """Return a value as the user wrote it, or as a number when it was one."""
    if isinstance(cell, str):
        return cell.strip()
    return f"{float(cell):g}" if isinstance(cell, int | float) else f"{value:g}"


def days_until(
    cells: Cells, spec: ColumnSpec, as_of: date, problems: Problems
) -> Column:
    """Return the days from as_of to each date in the column (NaN = no date)."""
    dates = _fast_dates(cells.values)
    if dates is None:
        dates = _dates_cell_by_cell(cells, spec, problems)
    days = (dates - np.datetime64(as_of, "D")).astype(np.float64)
    return np.where(np.isnat(dates), np.nan, days)


def _fast_dates(values: CellColumn) -> Dates | None:
    if not all(cell is None or isinstance(cell, str) for cell in values):
        return None
    texts = ["" if cell is None else cell.strip() for cell in values]
    if not all(text == "" or _ISO_DATE.match(text) for text in texts):
        return None
    try:
        return np.array(texts, dtype="datetime64[D]")
    except ValueError:
        return None


def _dates_cell_by_cell(cells: Cells, spec: ColumnSpec, problems: Problems) -> Dates:
    result = np.full(len(cells.values), np.datetime64("NaT"), dtype="datetime64[D]")
    for index, cell in enumerate(cells.values):
        try:
            day = read_date(cell)
        except CellError as error:
            problems.add(
                error.problem,
                row=cells.row_numbers[index],
                column=cells.header,
                fix=error.fix,
            )
            continue
        if day is not None:
            result[index] = np.datetime64(day, "D")
    return result


def read_date(cell: Any) -> date | None:
    """Return a cell as a date: a spreadsheet date, or text written YYYY-MM-DD."""
    if cell is None:
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = str(cell).strip()
    if text.lower() in BLANKS:
        return None
    if _ISO_DATE.match(text):
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            pass
    raise CellError(f"{text!r} is not a date", DATE_FIX)
