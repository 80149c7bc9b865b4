"""The training table for data scientists: CSV or Parquet plus a data card beside it."""

from datetime import datetime, timezone
from pathlib import Path

from scoring_model import write_csv

from webapp.scoring import dataset
from webapp.settings.services import get_settings

CARD = """# Closed leads for training: data card

- exported: {exported}
- rows: {rows} closed leads ({won} won, {lost} lost); decided between {first} and {last}
- target: `{target}` (1 = reached customer or debtor, 0 = lost or disqualified)
- time column: `{decided}` (when the outcome was decided); split by it, never shuffle across it
- excluded from the table by setting: {excluded}
- contacts who opted out of automated scoring are left out

## Point in time
Each lead is described as it was known before its outcome: engagement counts (`calls`,
`emails`, `meetings`, `notes`, `materials_sent`) include only activities before `{decided}`.
`emails` also counts offers sent by e-mail before that time: they were known then, and an open
lead's offers count the same way when it is scored. Nothing written by the outcome (stage
reached, hand-offs, an offer's acceptance, close date, lost reason, the length of the sales
cycle) is in the table.

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
    won = int(frame[dataset.TARGET].sum()) if len(frame) else 0
    card = {
        "exported": datetime.now(timezone.utc).isoformat(timespec="seconds"), "rows": len(frame),
        "won": won, "lost": len(frame) - won,
        "first": frame[dataset.DECIDED_AT].min() if len(frame) else "–",
        "last": frame[dataset.DECIDED_AT].max() if len(frame) else "–",
        "target": dataset.TARGET, "decided": dataset.DECIDED_AT,
        "excluded": ", ".join(settings["excluded_fields"]) or "nothing",
        "columns": "\n".join(f"- `{c}` ({t})" for c, t in frame.dtypes.astype(str).items()),
    }
    out.with_suffix(".md").write_text(CARD.format(**card))
    return card
