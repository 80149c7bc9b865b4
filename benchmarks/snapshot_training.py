"""How long train() takes on the snapshot table the app will build, beside the 120 s budget.

    .venv/bin/python benchmarks/snapshot_training.py [--leads 100000] [--max-rows N | --all-rows]

Builds synthetic closed leads, each described at about ten moments of its open life
(scoring_model.synthetic.make_lead_snapshots: the lead snapshot contract's columns), and
trains with the time, group and weight columns set as the app sets them, with the default
candidates and three folds. Prints wall and CPU seconds (CPU time does not depend on what
else the machine is doing), rows, leads, rows learned from, the model chosen and its
cross-validated figures. Prints only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scoring_model import TrainConfig, train  # noqa: E402
from scoring_model.synthetic import make_lead_snapshots  # noqa: E402

BUDGET_SECONDS = 120
CONFIG = TrainConfig(
    time_column="decided_at",
    group_column="lead_id",
    weight_column="weight",
    drop=("snapshot_at", "decided_at"),  # as the app does: when a row was taken or decided is no feature
    cv_folds=3,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    limit = parser.add_mutually_exclusive_group()
    limit.add_argument("--max-rows", type=int, default=CONFIG.max_rows, help="thin above this many rows")
    limit.add_argument("--all-rows", action="store_true", help="learn from every row (no thinning)")
    args = parser.parse_args()
    config = replace(CONFIG, max_rows=None if args.all_rows else args.max_rows)

    start = time.perf_counter()
    frame = make_lead_snapshots(args.leads, seed=args.seed)
    built = time.perf_counter() - start
    wall, cpu = time.perf_counter(), time.process_time()
    model = train(frame, "won", config=config)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    m = model.cv_metrics
    print(f"table: {len(frame):,} rows x {frame.shape[1]} columns, {model.n_groups:,} leads "
          f"({frame['won'].mean():.1%} of rows won), built in {built:.1f} s")
    print(f"learned from {model.rows_learned:,} rows ({'thinned, max_rows ' + format(config.max_rows, ',') if model.thinned else 'all rows'}); "
          f"features kept: {len(model.features)}; dropped: {', '.join(d['column'] for d in model.dropped)}")
    print(f"model chosen: {model.model_name}; CV (time-ordered, by lead, weighted) ROC AUC {m['roc_auc']:.4f}, "
          f"Brier {m['brier']:.4f}, log loss {m['log_loss']:.4f}, ECE {m['ece']:.4f}")
    print(f"train(): {wall:.1f} s wall, {cpu:.1f} s CPU, budget {BUDGET_SECONDS} s "
          f"({'within' if wall < BUDGET_SECONDS else 'OVER'}); machine load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
