"""The soak run's clients, as their own process: `soak_load.py BASE SECONDS CLIENTS PLAN.json` prints JSON.

Each client signs in as a browser would (CSRF token from the page), then loops over a mix of reads
and writes until the time is up. Writes it saw acknowledged (a redirect after a form, 201 from the
API) are returned so the caller can look for each of them in the database afterwards. Every client
writes only to its own share of the leads, so an honest run has no edit conflicts to excuse.
"""

from __future__ import annotations

import http.client
import json
import random
import re
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.html_forms import form_fields  # noqa: E402

TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Client:
    def __init__(self, base: str, index: int, plan: dict, deadline: float):
        parts = urllib.parse.urlsplit(base)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        self.index, self.plan, self.deadline = index, plan, deadline
        self.cookies: dict[str, str] = {}
        self.rng = random.Random(index)
        self.leads = [lead for n, lead in enumerate(plan["lead_ids"]) if n % plan["clients"] == index]
        self.latencies: list[float] = []
        self.statuses: Counter = Counter()
        self.failures: list[str] = []
        self.acknowledged: list[dict] = []
        self.sequence = 0

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None,
                counted: bool = True) -> tuple[int, str, dict]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        start = time.perf_counter()
        self.connection.request(method, path, body, headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        elapsed = (time.perf_counter() - start) * 1000
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        if counted:
            self.latencies.append(elapsed)
            self.statuses[response.status] += 1
            if response.status >= 400 and len(self.failures) < 20:
                self.failures.append(f"{method} {path} -> {response.status}")
        return response.status, text, dict(response.getheaders())

    def post_form(self, path: str, fields: dict, counted: bool = True):
        return self.request("POST", path, urllib.parse.urlencode(fields),
                            {"Content-Type": "application/x-www-form-urlencoded"}, counted)

    def sign_in(self) -> None:
        _, page, _ = self.request("GET", "/login", counted=False)
        token = TOKEN_RE.search(page).group(1)
        status, _, _ = self.post_form("/login", {"csrf_token": token, "email": self.plan["email"],
                                                 "password": self.plan["password"]}, counted=False)
        if status != 302:
            raise SystemExit(f"client {self.index} could not sign in: HTTP {status}")

    def marker(self) -> str:
        self.sequence += 1
        return f"soak-{self.index}-{self.sequence}"

    # --- the mix -------------------------------------------------------------------------------
    def read_list(self):
        self.request("GET", "/leads/?per=50")

    def read_queue(self):
        self.request("GET", "/leads/queue")

    def read_lead(self):
        self.request("GET", f"/leads/{self.rng.choice(self.leads)}")

    def search_contacts(self):
        term = self.rng.choice(["Mü", "GmbH", "an", "Schmidt"])
        self.request("GET", "/contacts/?" + urllib.parse.urlencode({"q": term}))

    def log_note(self):
        lead_id, marker = self.rng.choice(self.leads), self.marker()
        _, page, _ = self.request("GET", f"/leads/{lead_id}")
        form = {**form_fields(page, f"/leads/{lead_id}/activities"), "kind": "note", "body": marker}
        status, _, _ = self.post_form(f"/leads/{lead_id}/activities", form)
        if status in (302, 303):
            self.acknowledged.append({"kind": "note", "lead_id": lead_id, "marker": marker})

    def edit_lead(self):
        lead_id, marker = self.rng.choice(self.leads), self.marker()
        _, page, _ = self.request("GET", f"/leads/{lead_id}")
        form = {**form_fields(page, f"/leads/{lead_id}"), "next_step": marker}
        status, _, _ = self.post_form(f"/leads/{lead_id}", form)
        if status in (302, 303):
            self.acknowledged.append({"kind": "edit", "lead_id": lead_id, "marker": marker})

    def intake(self):
        marker = self.marker()
        body = json.dumps({"first_name": "Soak", "last_name": marker, "email": f"{marker}@soak.example",
                           "title": f"Intake {marker}", "source": "web_form", "budget": "planned"})
        status, _, _ = self.request("POST", "/api/v1/leads", body, {
            "Content-Type": "application/json", "Authorization": f"Bearer {self.plan['token']}"})
        if status == 201:
            self.acknowledged.append({"kind": "intake", "marker": marker})

    MIX = (("read_list", 25), ("read_queue", 10), ("read_lead", 20), ("search_contacts", 10),
           ("log_note", 15), ("edit_lead", 10), ("intake", 10))

    def run(self) -> None:
        names, weights = zip(*self.MIX)
        self.sign_in()
        while time.perf_counter() < self.deadline:
            try:
                getattr(self, self.rng.choices(names, weights)[0])()
            except Exception as exc:  # a dropped connection is an error of the run, reported, not hidden
                self.statuses["exception"] += 1
                self.failures.append(f"{type(exc).__name__}: {exc}")
                self.connection.close()


def main() -> None:
    base, seconds, clients, plan_file = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    plan = {**json.loads(open(plan_file).read()), "clients": clients}
    deadline = time.perf_counter() + seconds
    pool = [Client(base, i, plan, deadline) for i in range(clients)]
    threads = [threading.Thread(target=c.run) for c in pool]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies = sorted(x for c in pool for x in c.latencies)
    statuses = sum((c.statuses for c in pool), Counter())
    print(json.dumps({
        "seconds": elapsed, "requests": len(latencies),
        "p50_ms": latencies[len(latencies) // 2] if latencies else None,
        "p99_ms": latencies[max(int(len(latencies) * 0.99) - 1, 0)] if latencies else None,
        "statuses": {str(k): v for k, v in sorted(statuses.items(), key=str)},
        "failures": [f for c in pool for f in c.failures][:40],
        "acknowledged": [a for c in pool for a in c.acknowledged],
    }))


if __name__ == "__main__":
    main()
