"""Reading account exports: formats, header aliases, cell formats and errors."""

from __future__ import annotations

import builtins
import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest

from agent.accounts import read_account_rows, read_accounts
from agent.accounts.schema import ALIASES, SPECS, canonical_name, schema_markdown
from agent.errors import AccountFileError

AS_OF = date(2025, 1, 1)


def write(tmp_path: Path, text: str, name: str = "accounts.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read_error(path: Path) -> AccountFileError:
    with pytest.raises(AccountFileError) as caught:
        read_accounts(path, as_of=AS_OF)
    return caught.value


# Formats ------------------------------------------------------------------


def test_reads_ids_names_and_numbers_from_csv(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "account_id,account_name,arr,nps\nA1,Acme,120000,9\nA2,Beta,,6\n",
    )
    table = read_accounts(path, as_of=AS_OF)
    assert table.rows == 2
    assert table.account_ids == ["A1", "A2"]
    assert table.names == ["Acme", "Beta"]
    assert table.columns["arr"][0] == 120000
    assert math.isnan(table.columns["arr"][1])
    assert table.columns["nps"].tolist() == [9.0, 6.0]
    assert table.source == str(path)


def test_names_are_none_without_a_name_column(tmp_path: Path) -> None:
    table = read_accounts(write(tmp_path, "account_id,nps\nA1,9\n"))
    assert table.names is None


def test_utf8_byte_order_mark_does_not_hide_the_first_header(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffAccount ID,NPS\r\nA1,9\r\n".encode())
    assert read_accounts(path).account_ids == ["A1"]


def test_semicolon_files_with_decimal_commas_are_read(tmp_path: Path) -> None:
    path = write(tmp_path, "account_id;dau_mau;nps\nA1;0,45;9\nA2;0,3;7\n")
    table = read_accounts(path)
    assert table.columns["dau_mau"].tolist() == [0.45, 0.3]
    assert table.columns["nps"].tolist() == [9.0, 7.0]


def test_tab_separated_files_are_read(tmp_path: Path) -> None:
    path = write(tmp_path, "account_id\tnps\nA1\t9\n", name="accounts.tsv")
    assert read_accounts(path).columns["nps"].tolist() == [9.0]


def test_windows_1252_text_is_read_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("account_id,account_name\nA1,Café Noir\n".encode("cp1252"))
    table = read_accounts(path)
    assert table.names == ["Café Noir"]
    assert any("Windows-1252" in note for note in table.notes)


def test_xlsx_round_trip_reads_the_first_sheet(tmp_path: Path) -> None:
    path = tmp_path / "accounts.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Account ID", "Account Name", "ARR", "Champion Left", "Renewal"])
    sheet.append([1001, "Acme", 120000, True, datetime(2025, 1, 31)])
    sheet.append(["A-2", "Beta", "$45k", "no", None])
    sheet.append([None, None, None, None, None])
    workbook.create_sheet("Ignored").append(["account_id"])
    workbook.save(path)

    table = read_accounts(path, as_of=AS_OF)

    assert table.account_ids == ["1001", "A-2"]
    assert table.columns["arr"].tolist() == [120000.0, 45000.0]
    assert table.columns["champion_left"].tolist() == [1.0, 0.0]
    assert table.columns["days_to_renewal"][0] == 30.0
    assert math.isnan(table.columns["days_to_renewal"][1])


def test_parquet_round_trip_keeps_ids_nulls_and_dates(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "accounts.parquet"
    table = pa.table(
        {
            "account_id": [9007199254740993, 2],
            "arr": [120000, None],
            "nps": [9.0, None],
            "champion_left": [True, False],
            "renewal_date": [date(2025, 3, 2), None],
            "region": ["EMEA", "APAC"],
        }
    )
    pq.write_table(table, path)

    accounts = read_accounts(path, as_of=AS_OF)

    assert accounts.account_ids == ["9007199254740993", "2"]
    assert accounts.columns["arr"][0] == 120000.0
    assert math.isnan(accounts.columns["arr"][1])
    assert accounts.columns["champion_left"].tolist() == [1.0, 0.0]
    assert accounts.columns["days_to_renewal"][0] == 60.0
    assert accounts.unused_columns == ["region"]


def test_parquet_without_pyarrow_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "accounts.parquet"
    path.write_bytes(b"PAR1")
    real_import = builtins.__import__

    def no_pyarrow(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("pyarrow"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    error = read_error(path)
    assert "pip install 'cs-playbook[parquet]'" in str(error)


# Headers and aliases ----------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "column"),
    [
        pytest.param("Account ID", "account_id", id="spaces"),
        pytest.param("account-id", "account_id", id="hyphen"),
        pytest.param("ACCOUNT.ID", "account_id", id="dots"),
        pytest.param("Id", "account_id", id="id"),
        pytest.param("GSID", "account_id", id="gainsight"),
        pytest.param("Account", "account_name", id="salesforce-account-is-a-name"),
        pytest.param("Company Name", "account_name", id="company"),
        pytest.param("ACV", "arr", id="acv"),
        pytest.param("Annual Contract Value", "arr", id="annual-contract-value"),
        pytest.param("NPS Score", "nps", id="nps-score"),
        pytest.param("Licenses", "seats_purchased", id="licenses"),
        pytest.param("Seats", "seats_purchased", id="seats"),
        pytest.param("Active Users", "seats_active", id="active-users"),
        pytest.param("DAU/MAU", "dau_mau", id="slash"),
        pytest.param("Invoices on time %", "invoices_on_time_pct", id="percent"),
        pytest.param("# Tickets", "tickets", id="hash"),
        pytest.param("Contract End Date", "renewal_date", id="contract-end"),
        pytest.param("TTFV", "ttfv_days", id="ttfv"),
        pytest.param("usage_score", "usage_score", id="sub-score"),
        pytest.param("CSM Owner", None, id="unused"),
    ],
)
def test_headers_are_normalised_and_aliases_recognised(
    header: str, column: str | None
) -> None:
    assert canonical_name(header) == column


def test_no_alias_shadows_another_column() -> None:
    assert not set(ALIASES) & set(SPECS)


def test_schema_table_lists_every_column() -> None:
    table = schema_markdown()
    for name in SPECS:
        assert f"`{name}`" in table


def test_percent_alias_of_a_share_is_divided_by_100(tmp_path: Path) -> None:
    path = write(tmp_path, "id,DAU/MAU %,Feature adoption %\nA1,45,60%\n")
    table = read_accounts(path)
    assert table.columns["dau_mau"][0] == pytest.approx(0.45)
    assert table.columns["feature_adoption"][0] == pytest.approx(0.006)


def test_exact_column_name_beats_an_alias_and_the_other_is_noted(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "account_id,ACV,arr\nA1,50000,60000\n")
    table = read_accounts(path)
    assert table.columns["arr"].tolist() == [60000.0]
    assert any("'ACV' also read as arr" in note for note in table.notes)


def test_unused_columns_are_listed_and_noted_not_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "account_id,csm_owner,nps,Region\nA1,Jo,9,EMEA\n")
    table = read_accounts(path)
    assert table.unused_columns == ["csm_owner", "Region"]
    assert "Not used for scoring: csm_owner, Region." in table.notes


# Cell formats -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("true", 1.0),
        ("TRUE", 1.0),
        ("Yes", 1.0),
        ("y", 1.0),
        ("1", 1.0),
        ("false", 0.0),
        ("No", 0.0),
        ("N", 0.0),
        ("0", 0.0),
    ],
)
def test_booleans_accept_common_spellings(
    tmp_path: Path, text: str, value: float
) -> None:
    path = write(tmp_path, f"account_id,champion_left\nA1,{text}\n")
    assert read_accounts(path).columns["champion_left"].tolist() == [value]


def test_percent_strings_are_read_in_the_column_unit(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "account_id,invoices_on_time_pct,growth_pct,dau_mau,plan_limit_pct\n"
        "A1,85%,-8%,45%,92 %\n",
    )
    columns = read_accounts(path).columns
    assert columns["invoices_on_time_pct"][0] == 85.0
    assert columns["growth_pct"][0] == -8.0
    assert columns["dau_mau"][0] == pytest.approx(0.45)
    assert columns["plan_limit_pct"][0] == 92.0


def test_money_accepts_symbols_suffixes_and_separators(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'account_id,arr,value_delivered\nA1,$120k,"120,000"\nA2,USD 1.2M,950\n',
    )
    columns = read_accounts(path).columns
    assert columns["arr"].tolist() == [120000.0, 1200000.0]
    assert columns["value_delivered"].tolist() == [120000.0, 950.0]


def test_counts_accept_thousands_separators(tmp_path: Path) -> None:
    path = write(tmp_path, 'account_id,mau,dau\nA1,"1,200",300\n')
    assert read_accounts(path).columns["mau"].tolist() == [1200.0]


def test_no_data_markers_read_as_missing(tmp_path: Path) -> None:
    path = write(tmp_path, "account_id,nps\nA1,n/a\nA2,\nA3,-\nA4,NULL\nA5,N/A\n")
    assert np.isnan(read_accounts(path).columns["nps"]).all()


def test_renewal_date_becomes_days_to_renewal_from_as_of(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "account_id,renewal_date\nA1,2025-03-01\nA2,2024-12-25\nA3,\n"
        "A4,2025-01-01T09:30:00\n",
    )
    days = read_accounts(path, as_of=date(2025, 1, 1)).columns["days_to_renewal"]
    assert days[:2].tolist() == [59.0, -7.0]
    assert math.isnan(days[2])
    assert days[3] == 0.0


def test_stated_days_to_renewal_wins_over_renewal_date(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "account_id,days_to_renewal,renewal_date\nA1,10,2025-03-01\nA2,,2025-03-01\n",
    )
    days = read_accounts(path, as_of=AS_OF).columns["days_to_renewal"]
    assert days.tolist() == [10.0, 59.0]


def test_renewal_date_defaults_to_counting_from_today(tmp_path: Path) -> None:
    path = write(tmp_path, f"account_id,renewal_date\nA1,{date.today()}\n")
    table = read_accounts(path)
    assert table.as_of == date.today()
    assert table.columns["days_to_renewal"].tolist() == [0.0]


def test_blank_rows_are_skipped_and_counted(tmp_path: Path) -> None:
    path = write(tmp_path, "account_id,nps\nA1,9\n,\nA2,7\n\n\n")
    table = read_accounts(path)
    assert table.account_ids == ["A1", "A2"]
    assert "Skipped 1 blank row(s)." in table.notes


# Errors ---------------------------------------------------------------------------


def test_missing_file_is_reported(tmp_path: Path) -> None:
    error = read_error(tmp_path / "nope.csv")
    assert "does not exist" in str(error)


@pytest.mark.parametrize("name", ["accounts.json", "accounts", "accounts.xls"])
def test_unsupported_extensions_are_reported_with_the_formats_that_work(
    tmp_path: Path, name: str
) -> None:
    error = read_error(write(tmp_path, "account_id\nA1\n", name=name))
    assert ".xlsx" in str(error)
    assert "CSV" in str(error) or ".csv" in str(error)


def test_binary_garbage_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "accounts.csv"
    path.write_bytes(bytes(range(256)) * 8)
    assert "not a text file" in str(read_error(path))


def test_workbook_saved_as_csv_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "accounts.csv"
    path.write_bytes(b"PK\x03\x04" + b"\x14" * 40)
    assert "Rename it to .xlsx" in str(read_error(path))


def test_corrupt_workbook_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "accounts.xlsx"
    path.write_bytes(b"not a workbook")
    assert "not a readable Excel workbook" in str(read_error(path))


def test_corrupt_parquet_is_reported(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    path = tmp_path / "accounts.parquet"
    path.write_bytes(b"not parquet at all")
    assert "not a readable Parquet file" in str(read_error(path))


def test_empty_file_is_reported(tmp_path: Path) -> None:
    assert "is empty" in str(read_error(write(tmp_path, "")))


def test_header_only_file_is_reported(tmp_path: Path) -> None:
    error = read_error(write(tmp_path, "account_id,nps\n"))
    assert "no account rows" in str(error)


def test_missing_id_column_names_the_columns_found_and_the_alias(
    tmp_path: Path,
) -> None:
    error = read_error(write(tmp_path, "Account Name,ARR\nAcme,100\n"))
    message = str(error)
    assert "has no account_id column" in message
    assert "'Account Name', 'ARR'" in message
    assert "'Account ID'" in message


def test_blank_account_id_names_its_row(tmp_path: Path) -> None:
    error = read_error(write(tmp_path, "account_id,nps\nA1,9\n ,7\n"))
    assert error.row == 3
    assert error.column == "account_id"
    assert "row 3, column 'account_id': the account id is blank" in str(error)


def test_duplicate_account_id_names_both_rows(tmp_path: Path) -> None:
    error = read_error(write(tmp_path, "account_id,nps\nA1,9\nA2,8\nA1,7\n"))
    assert error.row == 4
    assert "account id 'A1' is in rows 2 and 4" in str(error)


def test_non_numeric_value_names_row_column_and_fix(tmp_path: Path) -> None:
    error = read_error(write(tmp_path, "account_id,NPS Score\nA1,9\nA2,great\n"))
    assert (error.row, error.column) == (3, "NPS Score")
    assert "'great' is not a number" in error.problem
    assert "0 to 10" in error.fix


@pytest.mark.parametrize(
    ("column", "value", "range_text"),
    [
        pytest.param("nps", "11", "0 to 10", id="nps"),
        pytest.param("csat", "0", "1 to 5", id="csat"),
        pytest.param("ticket_sentiment", "2", "-1 to 1", id="sentiment"),
        pytest.param("invoices_on_time_pct", "120", "0 to 100", id="on-time"),
        pytest.param("dau_mau", "1.5", "0 to 1", id="share"),
        pytest.param("growth_pct", "-150", "-100 or more", id="growth"),
        pytest.param("usage_score", "120", "0 to 100", id="sub-score"),
        pytest.param("tickets", "-1", "0 or more", id="count"),
        pytest.param("seats_active", "-3", "0 or more", id="seats"),
        pytest.param("arr", "-5", "0 or more", id="money"),
    ],
)
def test_values_out_of_range_name_the_range(
    tmp_path: Path, column: str, value: str, range_text: str
) -> None:
    error = read_error(write(tmp_path, f"account_id,{column}\nA1,{value}\n"))
    assert (error.row, error.column) == (2, column)
    assert f"{value} is outside the valid range ({range_text})" in error.problem


def test_negative_money_with_a_symbol_is_reported(tmp_path: Path) -> None:
    error = read_error(write(tmp_path, "account_id,arr\nA1,-$5k\n"))
    assert (error.row, error.column) == (2, "arr")
    assert "is negative" in error.problem


def test_infinite_number_is_reported(tmp_path: Path) -> None:
    error = read_error(write(tmp_path, "account_id,tickets\nA1,inf\n"))
    assert "not a finite number" in error.problem


def test_unknown_boolean_is_reported(tmp_path: Path) -> None:
    error = read_error(write(tmp_path, "account_id,champion_left\nA1,maybe\n"))
    assert (error.row, error.column) == (2, "champion_left")
    assert "'maybe' is not yes or no" in error.problem


def test_numeric_boolean_other_than_0_or_1_is_reported(tmp_path: Path) -> None:
    error = read_error(write(tmp_path, "account_id,champion_promoted\nA1,2\n"))
    assert "'2' is not yes or no" in error.problem


def test_date_not_written_iso_is_reported(tmp_path: Path) -> None:
    error = read_error(write(tmp_path, "account_id,renewal_date\nA1,31/03/2025\n"))
    assert (error.row, error.column) == (2, "renewal_date")
    assert "YYYY-MM-DD" in error.fix


def test_dau_above_mau_is_reported(tmp_path: Path) -> None:
    error = read_error(write(tmp_path, "account_id,dau,mau\nA1,10,100\nA2,130,100\n"))
    assert (error.row, error.column) == (3, "dau")
    assert "dau 130 is above mau 100" in error.problem


def test_features_used_above_available_is_reported(tmp_path: Path) -> None:
    error = read_error(
        write(tmp_path, "account_id,features_used,features_available\nA1,12,10\n")
    )
    assert (error.row, error.column) == (2, "features_used")
    assert "features_used 12 is above features_available 10" in error.problem


def test_row_with_more_values_than_headers_is_reported(tmp_path: Path) -> None:
    error = read_error(write(tmp_path, "account_id,arr\nA1,$120,000\n"))
    assert error.row == 2
    assert "in quotes" in error.fix


def test_problems_in_a_file_are_reported_together(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "account_id,nps,champion_left,csat\nA1,11,yes,3\nA1,9,maybe,9\n,5,no,4\n",
    )
    error = read_error(path)
    where = {(problem.row, problem.column) for problem in error.problems}
    assert where == {
        (3, "account_id"),
        (4, "account_id"),
        (2, "nps"),
        (3, "champion_left"),
        (3, "csat"),
    }
    message = str(error)
    assert message.startswith(f"{path}: 5 problems to fix")
    assert "row 3, column 'csat': 9 is outside the valid range (1 to 5)" in message


def test_problems_beyond_twenty_are_counted_not_listed(tmp_path: Path) -> None:
    rows = "".join(f"A{i},99\n" for i in range(30))
    error = read_error(write(tmp_path, "account_id,nps\n" + rows))
    assert len(error.problems) == 20
    assert error.more == 10
    assert "... and 10 more like these." in str(error)


def test_row_numbers_count_skipped_blank_rows(tmp_path: Path) -> None:
    error = read_error(write(tmp_path, "account_id,nps\nA1,9\n\n,\nA2,12\n"))
    assert error.row == 5


def test_rows_as_mappings_read_as_a_file_would() -> None:
    rows = [
        {"Account ID": 1001, "DAU": 5, "MAU": 10, "champion_left": True},
        {"Account ID": "B-2", "NPS": "9"},
    ]

    table = read_account_rows(rows, source="rows")

    assert table.account_ids == ["1001", "B-2"]
    assert table.source == "rows"
    assert table.columns["dau"].tolist()[0] == 5.0
    assert np.isnan(table.columns["dau"][1])
    assert table.columns["champion_left"].tolist()[0] == 1.0
    assert table.columns["nps"].tolist()[1] == 9.0


def test_problems_in_rows_count_them_as_rows_after_a_header() -> None:
    rows = [{"account_id": "A", "nps": 9}, {"account_id": "B", "nps": "eleven"}]

    with pytest.raises(AccountFileError) as caught:
        read_account_rows(rows, source="rows")

    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "nps")]
