"""A report table as CSV: the shown headings and rows, spreadsheet formulas neutralised."""

import csv
import io

from webapp.exports.cells import inert
from webapp.reports.tables import Table


def _cell(value):
    return inert(value) if isinstance(value, str) else value


def table_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([_cell(heading) for heading in table.columns])
    writer.writerows([_cell(value) for value in row] for row in table.rows)
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
