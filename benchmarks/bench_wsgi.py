"""WSGI apps for benchmarks/scoring_app.py: the real app and a bare view of the same 50 rows."""

import os
import sqlite3

from flask import Flask, render_template_string

from webapp import create_app

DB = os.environ["BENCH_DB"]
app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{DB}", "MODEL_DIR": os.environ["BENCH_MODELS"],
                  "SECRET_KEY": "bench", "SCHEDULER": "off", "WTF_CSRF_ENABLED": False})

bare = Flask(__name__)
# The same cells the app's list shows for each lead, printed as they come from the database.
TABLE = """<table>{% for r in rows %}<tr><td><a href="/leads/{{ r["id"] }}">{{ r["title"] }}</a></td>
<td>{{ r["first_name"] }} {{ r["last_name"] }}<br><small>{{ r["organization"] }}</small></td><td>{{ r["stage"] }}</td>
<td>{{ "%.0f%%"|format(r["probability"] * 100) }}</td><td>{{ r["abc_class"] }}</td><td>{{ r["top_factor"] }}</td>
<td>{{ r["last_contact_at"] }}</td><td>{{ r["owner"] }}</td><td>{{ r["source"] }}</td><td>{{ r["due_at"] }}</td>
<td>{{ r["expected_value"] }}</td></tr>{% endfor %}</table>"""
QUERY = """SELECT l.id, l.title, c.first_name, c.last_name, o.name AS organization, l.stage, l.probability, l.abc_class,
l.top_factor, l.last_contact_at, u.name AS owner, l.source, l.due_at, l.expected_value
FROM leads l JOIN contacts c ON c.id = l.contact_id LEFT JOIN organizations o ON o.id = c.organization_id
LEFT JOIN users u ON u.id = l.owner_id WHERE l.stage = 'lead' ORDER BY l.probability DESC LIMIT 50"""


@bare.get("/login")
def ready():
    return "ok"


@bare.get("/bare")
def bare_list():
    connection = sqlite3.connect(DB)
    connection.row_factory = sqlite3.Row
    rows = connection.execute(QUERY).fetchall()
    connection.close()
    return render_template_string(TABLE, rows=rows)
