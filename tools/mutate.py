"""Mutation score of one module against the tests that cover it (mutmut; never part of `make test`).

    python tools/mutate.py webapp/jobs.py tests/webapp/test_jobs.py [more test files] [--max-children N]

Only MODULE is mutated; each mutant runs against those of the given tests that execute the mutated
function. Every run starts from a fresh `mutants/` folder, so the score is that of today's code and
tests. Prints caught / all and the survivors; `mutmut show NAME` shows what a survivor changed.
"""

import argparse
import json
import shutil
import sys
from pathlib import Path

CAUGHT = {"killed", "timeout", "segfault", "caught by type check"}  # segfault: the test run was killed (hung)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", help="source file to mutate, e.g. webapp/jobs.py")
    parser.add_argument("tests", nargs="+", help="test files or node ids that cover it")
    parser.add_argument("--max-children", type=int, default=1, help="parallel mutants (default 1)")
    args = parser.parse_args(argv)
    if not Path(args.module).is_file():
        parser.error(f"no such module: {args.module}")

    shutil.rmtree("mutants", ignore_errors=True)  # cached verdicts would hide tests added since
    from mutmut import configuration
    from mutmut.__main__ import cli

    settings = configuration.config()  # pyproject's [tool.mutmut], narrowed to this module and its tests
    settings.only_mutate = [args.module]
    settings.pytest_add_cli_args_test_selection = list(args.tests)
    try:
        cli.main(["run", "--max-children", str(args.max_children)], standalone_mode=False)
    except SystemExit as exit_:
        if exit_.code:
            return int(exit_.code)
    return report(args.module)


def report(module: str) -> int:
    from mutmut.stats import status_by_exit_code

    meta = Path("mutants") / f"{module}.meta"
    verdicts = {name: status_by_exit_code[code] for name, code in json.loads(meta.read_text())["exit_code_by_key"].items()}
    missed = sorted(name for name, status in verdicts.items() if status not in CAUGHT)
    caught = len(verdicts) - len(missed)
    print(f"\n{module}: {caught} of {len(verdicts)} mutants caught ({100 * caught / max(len(verdicts), 1):.1f} %)")
    for name in missed:
        print(f"  {verdicts[name]:>10}  {name}")
    if missed:
        print("See one with: mutmut show NAME")
    return 0


if __name__ == "__main__":
    sys.exit(main())
