"""CSV written for spreadsheets never runs a cell as a formula; numbers stay numbers."""

import io

import pandas as pd

from scoring_model import neutralise_formulas, write_csv


def test_text_that_a_spreadsheet_would_run_gets_a_leading_apostrophe():
    frame = pd.DataFrame({"function": ["=HYPERLINK(\"http://evil\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx",
                                       "Buyer", None],
                          "employees": [-5, 1, 2, 3, 4, 5, 6, 7]})
    cleaned = neutralise_formulas(frame)
    assert cleaned["function"].tolist()[:7] == ["'=HYPERLINK(\"http://evil\")", "'+1", "'-2+3", "'@SUM(A1)", "'\tx",
                                                "'\rx", "Buyer"]
    assert pd.isna(cleaned["function"].iloc[7])
    assert cleaned["employees"].tolist() == [-5, 1, 2, 3, 4, 5, 6, 7]  # negative numbers are not formulas


def test_write_csv_neutralises_column_names_and_cells():
    buffer = io.StringIO()
    write_csv(pd.DataFrame({"=cmd": ["=1+1"], "ok": [1.5]}), buffer)
    assert buffer.getvalue().splitlines() == ["'=cmd,ok", "'=1+1,1.5"]
