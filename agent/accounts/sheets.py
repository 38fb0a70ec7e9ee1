"""Read the cells of a CSV, Excel or Parquet account export into raw columns.

Nothing here interprets a value: a sheet is headers, one sequence of cells per
header, and the spreadsheet row number of every data row (the header is row
1). Fully blank rows are skipped but still counted, so row numbers match what
a spreadsheet shows.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import warnings
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from agent.accounts.schema import ACCOUNT_ID, ACCOUNT_NAME, canonical_name
from agent.errors import AccountFileError, FileProblem

logger = logging.getLogger(__name__)

DELIMITED = (".csv", ".tsv", ".txt")
EXCEL = (".xlsx", ".xlsm")
PARQUET = (".parquet", ".pq")
SUPPORTED = ", ".join(DELIMITED + EXCEL + PARQUET)
PROBLEM_CAP = 20

# Cells of one column: values as read (a list or an object array), or a float
# array from a typed format such as Parquet.
CellColumn = Sequence[Any] | npt.NDArray[Any]

_SAMPLE = 65_536
# Text exports hold tabs and line breaks, and almost no other control bytes;
# more than this share of them in the first 64 KB means the file is binary.
_CONTROL_SHARE = 0.01
_TEXT_CONTROLS = frozenset(b"\t\n\r\f")


class Problems:
    """Problems found in a file, kept up to a cap and counted beyond it."""

    def __init__(self, cap: int = PROBLEM_CAP) -> None:
        self.cap = cap
        self.found: list[FileProblem] = []
        self.more = 0

    def add(
        self, problem: str, *, row: int | None, column: str | None, fix: str
    ) -> None:
        if len(self.found) < self.cap:
            self.found.append(FileProblem(problem, row, column, fix))
        else:
            self.more += 1

    def raise_if_any(self, source: str) -> None:
        if self.found:
            raise AccountFileError.collected(self.found, source=source, more=self.more)


@dataclass
class Sheet:
    """Headers, one cell sequence per header, and each data row's row number."""

    headers: list[str]
    columns: list[CellColumn]
    row_numbers: list[int]
    decimal_comma: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.row_numbers)


def read_sheet(path: Path, problems: Problems) -> Sheet:
    """Return the raw cells of an account export, chosen by its extension."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise AccountFileError(
            "is an old-style .xls workbook, which cs-playbook cannot read",
            fix="Save it as .xlsx or CSV (UTF-8) and run again.",
            source=str(path),
        )
    if suffix not in DELIMITED + EXCEL + PARQUET:
        raise AccountFileError(
            f"has the extension {suffix or '(none)'!r}, which is not supported",
            fix=f"Export the accounts as one of: {SUPPORTED}.",
            source=str(path),
        )
    if not path.is_file():
        raise AccountFileError(
            "does not exist or is not a file",
            fix="Check the path and the file name.",
            source=str(path),
        )
    if suffix in EXCEL:
        return _read_excel(path, problems)
    if suffix in PARQUET:
        return _read_parquet(path)
    return _read_delimited(path, problems)


def sheet_from_rows(
    rows: Sequence[Mapping[str, Any]], source: str, problems: Problems
) -> Sheet:
    """Return the cells of account rows given as mappings (JSON objects).

    The headers are every key in the order first seen; a key a row lacks is a
    blank cell. rows[i] is row i + 2, as if the keys were a header row.
    """
    headers = list(dict.fromkeys(key for row in rows for key in row))
    records: list[Sequence[Any]] = [headers]
    records += ([row.get(key) for key in headers] for row in rows)
    return _from_records(records, source, problems)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise AccountFileError(
            f"cannot be read ({exc.strerror})",
            fix="Check the file exists and that you may read it.",
            source=str(path),
        ) from None


def _read_delimited(path: Path, problems: Problems) -> Sheet:
    data = _read_bytes(path)
    text, notes = _decode(data, path)
    delimiter = _sniff_delimiter(text)
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    sheet = _from_records(records, str(path), problems)
    sheet.decimal_comma = delimiter == ";"
    sheet.notes = notes + sheet.notes
    return sheet


def _decode(data: bytes, path: Path) -> tuple[str, list[str]]:
    """Return the text of a delimited file: UTF-8 (BOM or not), or UTF-16 with BOM.

    Excel's plain "CSV" on Windows is Windows-1252, so that is the fallback.
    """
    if data.startswith(b"PK\x03\x04"):
        raise AccountFileError(
            "is an Excel workbook saved under a text extension",
            fix="Rename it to .xlsx, or export it again as CSV.",
            source=str(path),
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), []
    if _looks_binary(data[:_SAMPLE]):
        raise AccountFileError(
            "is not a text file (it holds binary data)",
            fix=f"Export the accounts as CSV (UTF-8), XLSX or Parquet ({SUPPORTED}).",
            source=str(path),
        )
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise AccountFileError(
            "is not UTF-8 text",
            fix="Save it again as 'CSV UTF-8' and run again.",
            source=str(path),
        ) from None
    return text, ["The file is not UTF-8, so it was read as Windows-1252 text."]


def _looks_binary(sample: bytes) -> bool:
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in _TEXT_CONTROLS)
    return controls > len(sample) * _CONTROL_SHARE


def _sniff_delimiter(text: str) -> str:
    """Return the delimiter the header line uses most: comma, semicolon or tab."""
    header = text.split("\n", 1)[0]
    counts = {delimiter: header.count(delimiter) for delimiter in ",;\t"}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] > 0 else ","


def _from_records(
    records: Iterable[Sequence[Any]], source: str, problems: Problems
) -> Sheet:
    """Build a sheet from rows of cells; the first non-blank row is the header."""
    header: list[str] | None = None
    kept: list[Sequence[Any]] = []
    row_numbers: list[int] = []
    skipped = pending = 0  # blank rows after the last data row are not news
    for number, record in enumerate(records, start=1):
        if _is_blank(record):
            pending += header is not None
            continue
        if header is None:
            header = _header(record)
            continue
        skipped, pending = skipped + pending, 0
        kept.append(_fit(record, len(header), number, problems))
        row_numbers.append(number)
    if header is None:
        raise AccountFileError(
            "is empty",
            fix="Export the accounts with a header row and one row per account.",
            source=source,
        )
    if not kept:
        raise AccountFileError(
            "has a header row but no account rows",
            fix="Export the accounts again with one row per account.",
            source=source,
        )
    notes = [f"Skipped {skipped} blank row(s)."] if skipped else []
    return Sheet(header, _transpose(kept, len(header)), row_numbers, notes=notes)


def _is_blank(record: Sequence[Any]) -> bool:
    for cell in record:
        if cell is not None and (not isinstance(cell, str) or cell.strip()):
            return False
    return True


def _header(record: Sequence[Any]) -> list[str]:
    cells = ["" if cell is None else str(cell).strip() for cell in record]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _fit(
    record: Sequence[Any], width: int, number: int, problems: Problems
) -> Sequence[Any]:
    """Pad a short row; report a long one whose extra cells hold values."""
    if len(record) == width:
        return record
    if len(record) < width:
        return list(record) + [None] * (width - len(record))
    if not _is_blank(record[width:]):
        problems.add(
            f"has {len(record)} values but the header has {width} columns",
            row=number,
            column=None,
            fix="Put values that contain the delimiter in quotes, such as "
            '"$120,000", or give the extra values a header.',
        )
    return record[:width]


def _transpose(rows: list[Sequence[Any]], width: int) -> list[CellColumn]:
    """Return one object array per column; every row already has `width` cells."""
    table = np.empty((len(rows), width), dtype=object)
    table[:] = rows
    return [table[:, index] for index in range(width)]


def _read_excel(path: Path, problems: Problems) -> Sheet:
    """Read the first worksheet; formulas are read as their last saved values."""
    try:
        # Exports from CRMs often lack a default style, which openpyxl warns
        # about; the warning says nothing about the data.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        logger.info("cannot open workbook %s: %s", path, exc)
        raise AccountFileError(
            "is not a readable Excel workbook",
            fix="Open it in Excel and save it again as .xlsx, or export CSV.",
            source=str(path),
        ) from None
    try:
        worksheet = workbook.worksheets[0]
        worksheet.reset_dimensions()
        records = worksheet.iter_rows(values_only=True)
        return _from_records(records, str(path), problems)
    finally:
        workbook.close()


def _read_parquet(path: Path) -> Sheet:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise AccountFileError(
            "is a Parquet file, and reading Parquet needs pyarrow",
            fix="Install it with: pip install 'cs-playbook[parquet]'",
            source=str(path),
        ) from None
    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        logger.info("cannot read parquet %s: %s", path, exc)
        raise AccountFileError(
            "is not a readable Parquet file",
            fix="Export the accounts again as Parquet, CSV or XLSX.",
            source=str(path),
        ) from None
    if table.num_columns == 0 or table.num_rows == 0:
        raise AccountFileError(
            "has no account rows" if table.num_columns else "is empty",
            fix="Export the accounts with one row per account.",
            source=str(path),
        )
    headers = [str(name) for name in table.column_names]
    columns = [
        _arrow_cells(table.column(index), header, pa)
        for index, header in enumerate(headers)
    ]
    return Sheet(headers, columns, list(range(2, table.num_rows + 2)))


def _arrow_cells(column: Any, header: str, pa: Any) -> CellColumn:
    """Return numbers as a float array (null -> NaN); anything else as values."""
    kind = column.type
    numeric = (
        pa.types.is_integer(kind)
        or pa.types.is_floating(kind)
        or pa.types.is_boolean(kind)
        or pa.types.is_decimal(kind)
    )
    if numeric and canonical_name(header) not in (ACCOUNT_ID.name, ACCOUNT_NAME.name):
        numbers = column.cast(pa.float64()).to_numpy(zero_copy_only=False)
        return np.asarray(numbers, dtype=np.float64)
    values: list[Any] = column.to_pylist()
    return values
