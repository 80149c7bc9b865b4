import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_library_pulls_in_neither_flask_nor_the_web_app():
    code = "import sys, scoring_model; print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'webapp', 'sqlalchemy')))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
