"""A report table as CSV: the shown headings and rows, spreadsheet formulas neutralised."""

import io

import pandas as pd
from scoring_model import write_csv

from webapp.reports.figures import Table


def table_csv(table: Table) -> str:
    frame = pd.DataFrame(table.rows, columns=table.columns)
    buffer = io.StringIO()
    write_csv(frame, buffer)
    return buffer.getvalue()


def tables_of(report: dict) -> dict[str, Table]:
    """Every table of a report by its file name."""
    found: dict[str, Table] = {}

    def walk(value):
        if isinstance(value, Table):
            found[value.name] = value
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    walk(report)
    return found
