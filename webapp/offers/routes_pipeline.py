"""The pipeline: open offers with expected value, per month, and how offers were decided."""

from flask import render_template
from flask_login import current_user

from webapp.offers import bp, pipeline


@bp.get("/pipeline")
def pipeline_view():
    rows = pipeline.open_offers(current_user)
    value, expected = pipeline.totals(rows)
    return render_template("offers/pipeline.html", rows=rows, months=pipeline.by_month(rows), value=value,
                           expected=expected, by_owner=pipeline.ratio_by_owner(current_user),
                           by_source=pipeline.ratio_by_source(current_user), no_date=pipeline.NO_DATE)
