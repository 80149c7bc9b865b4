"""Command line for data scientists and operators (the interface is a contract; keep it).

    python -m scoring_model evaluate DATA.csv --target COL [--positive VALUE] [--drop COL ...]
            [--time-column COL] [--folds 5] [--seed 0]
    python -m scoring_model train DATA.csv --target COL [...] --out MODEL_DIR
    python -m scoring_model predict MODEL_DIR DATA.csv --out SCORES.csv
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import replace

from .bant import BantConfig, probability_class
from .config import TrainConfig
from .errors import ScoringError
from .evaluate import evaluate
from .explain import explain_frame
from .io import read_table, write_csv
from .registry import load_model, promote, save_model
from .train import train


def _data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data", help="CSV file of closed leads (separator and encoding are detected)")
    parser.add_argument("--target", required=True, help="column saying whether the lead was won")
    parser.add_argument("--positive", help="value of the target column that means won")
    parser.add_argument("--drop", nargs="*", default=[], metavar="COL", help="columns not to learn from")
    parser.add_argument("--time-column", help="date column: validate on later leads than trained on")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--candidates", nargs="+", choices=("logistic", "logistic_strong", "boosting"),
        help="models to choose from (default: all); fewer is faster",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m scoring_model", description="Lead scoring models.")
    commands = parser.add_subparsers(dest="command", required=True)
    ev = commands.add_parser("evaluate", help="cross-validated metrics of the model and reference models (JSON)")
    _data_options(ev)
    ev.add_argument("--folds", type=int, default=5)
    ev.add_argument("--n-jobs", type=int, default=1, help="folds run in parallel")
    tr = commands.add_parser("train", help="train on all closed leads and save the model")
    _data_options(tr)
    tr.add_argument("--out", required=True, metavar="MODEL_DIR")
    tr.add_argument("--no-promote", action="store_true", help="save without making it the current model")
    pr = commands.add_parser("predict", help="score leads with the current model")
    pr.add_argument("model_dir")
    pr.add_argument("data")
    pr.add_argument("--out", required=True, metavar="SCORES.csv")
    pr.add_argument("--top", type=int, default=3, help="factors for and against per lead")
    return parser


def _config(args) -> TrainConfig:
    config = replace(TrainConfig(), drop=tuple(args.drop), time_column=args.time_column, random_state=args.seed)
    return replace(config, candidates=tuple(args.candidates)) if args.candidates else config


def _json_safe(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    return value


def run(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "evaluate":
            frame = read_table(args.data)
            result = evaluate(frame, args.target, positive=args.positive, config=_config(args), folds=args.folds, seed=args.seed, n_jobs=args.n_jobs)
            print(json.dumps(_json_safe(result)))
        elif args.command == "train":
            model = train(read_table(args.data), args.target, positive=args.positive, config=_config(args))
            sidecar = save_model(model, args.out)
            if not args.no_promote:
                promote(args.out, sidecar["version"])
            print(json.dumps(_json_safe({k: sidecar[k] for k in ("version", "model", "n_train", "cv_metrics", "dropped_columns")})))
        else:
            model = load_model(args.model_dir)
            frame = read_table(args.data)
            scores = explain_frame(model, frame, top=args.top)
            scores.insert(1, "class", [probability_class(p, BantConfig()) for p in scores["probability"]])
            write_csv(frame.join(scores.rename(columns=lambda c: c if c not in frame.columns else f"score_{c}")), args.out)
            print(json.dumps({"rows": len(frame), "out": args.out}))
    except ScoringError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def main() -> None:
    sys.exit(run())
