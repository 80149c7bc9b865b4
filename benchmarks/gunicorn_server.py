"""Start two gunicorn sync workers for a benchmark and wait until they answer (benchmarks only)."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def serve(app_spec: str, port: int, env: dict) -> subprocess.Popen:
    """gunicorn -w 2 APP_SPEC on 127.0.0.1:PORT with `env` on top of ours; returns once /login answers."""
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
                                "--log-level", "warning", app_spec],
                               env={**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'benchmarks'}", **env}, cwd=ROOT)
    for _ in range(150):
        time.sleep(0.2)
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=1)
            return process
        except Exception:
            if process.poll() is not None:
                raise RuntimeError(f"{app_spec} exited") from None
    process.terminate()
    raise RuntimeError(f"{app_spec} did not start")
