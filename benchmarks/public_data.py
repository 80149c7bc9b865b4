"""The public lead datasets in ../shared/data as (frame, target, positive, columns to drop).

Dataset knowledge (file names, targets, leaky columns from each SOURCE.md) lives here, in the
benchmark and notebook side, never in the scoring_model library.
"""

from __future__ import annotations

from pathlib import Path

from scoring_model import read_table

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def x_education(data: Path = DATA):
    frame = read_table(data / "x_education_leads" / "Leads.csv")
    post_contact = ("Tags", "Lead Quality", "Last Activity", "Last Notable Activity")
    return frame, "Converted", None, post_contact


def olist(data: Path = DATA):
    leads = read_table(data / "olist_marketing_funnel" / "olist_marketing_qualified_leads_dataset.csv")
    deals = read_table(data / "olist_marketing_funnel" / "olist_closed_deals_dataset.csv")
    # Only the MQL table is known at lead time; the deals table exists only for won leads.
    frame = leads.assign(closed_deal=leads["mql_id"].isin(deals["mql_id"]).astype(int))
    return frame, "closed_deal", None, ()


def maven(data: Path = DATA):
    frame = read_table(data / "maven_crm_sales_opportunities" / "sales_pipeline.csv")
    frame = frame[frame["deal_stage"].isin(["Won", "Lost"])].reset_index(drop=True)
    return frame, "deal_stage", "Won", ("close_date", "close_value")


DATASETS = {"x_education": x_education, "olist": olist, "maven": maven}
