"""The training table for data scientists: CSV or Parquet plus a data card beside it."""

from datetime import datetime, timezone
from pathlib import Path

from scoring_model import write_csv

from webapp.scoring import dataset
from webapp.settings.services import get_settings

CARD = """# Closed leads for training: data card

- exported: {exported}
- rows: {rows} snapshots of {leads} closed leads ({won} won, {lost} lost); decided between {first} and {last}
- target: `{target}` (1 = reached customer or debtor, 0 = lost or disqualified), the lead's final outcome on every snapshot
- group: `{group}`: a lead's snapshots belong together; never put them on both sides of a split
  (`GroupKFold`, `StratifiedGroupKFold`)
- weight: `{weight}` = 1 / the lead's number of snapshots, so each lead counts once
- time column: `{decided}` (when the outcome was decided); split by it, never shuffle across it
- snapshot moment: `{snapshot}`; the lead's age then is `age_days`, its stage `stage`
- excluded from the table by setting: {excluded}
- contacts who opted out of automated scoring are left out

## Point in time
Each closed lead is described as it was at several moments of its open life: one day after its
creation, at each stage change and every {every} days until its decision, never at or after it.
Every field comes from the field history as of that moment (an edit made later, even after the
decision, changes no row); engagement counts (`calls`, `emails`, `meetings`, `notes`,
`materials_sent`) include only the customer's activities up to the moment: the e-mail the app
writes when an offer goes out is not counted there, `offers_sent` counts the offers out by then
(at a stage change to prospect, the offer sent with it).
Nothing written by the outcome (stage reached at the end, hand-offs, an offer's acceptance, close
date, lost reason) is in the table. An open lead is scored the same way, as of now.

## Columns
{columns}
"""


def write_export(out: Path) -> dict:
    settings = get_settings()["scoring"]
    frame = dataset.training_frame(excluded=tuple(settings["excluded_fields"]))
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".parquet":
        frame.to_parquet(out, index=False)
    else:
        write_csv(frame, out)
    leads = dataset.lead_groups(frame) if len(frame) else frame
    won = int(leads[dataset.TARGET].sum()) if len(frame) else 0
    card = {
        "exported": datetime.now(timezone.utc).isoformat(timespec="seconds"), "rows": len(frame),
        "leads": len(leads), "won": won, "lost": len(leads) - won, "group": dataset.GROUP,
        "weight": dataset.WEIGHT, "snapshot": dataset.SNAPSHOT_AT, "every": settings["snapshot_every_days"],
        "first": frame[dataset.DECIDED_AT].min() if len(frame) else "–",
        "last": frame[dataset.DECIDED_AT].max() if len(frame) else "–",
        "target": dataset.TARGET, "decided": dataset.DECIDED_AT,
        "excluded": ", ".join(settings["excluded_fields"]) or "nothing",
        "columns": "\n".join(f"- `{c}` ({t})" for c, t in frame.dtypes.astype(str).items()),
    }
    out.with_suffix(".md").write_text(CARD.format(**card))
    return card
