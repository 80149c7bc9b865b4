"""Load generator run as its own process: `http_load.py URL SECONDS [COOKIE]` prints rps p50 p99,
`http_load.py login BASE EMAIL PASSWORD` prints a session cookie."""

import http.client
import statistics
import sys
import threading
import time
import urllib.parse


def login(base: str, email: str, password: str) -> str:
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port)
    body = urllib.parse.urlencode({"email": email, "password": password})
    connection.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    return response.getheader("Set-Cookie").split(";")[0]


def run(url: str, seconds: float, cookie: str, threads: int = 4) -> None:
    parts = urllib.parse.urlsplit(url)
    path = parts.path + ("?" + parts.query if parts.query else "")
    latencies: list[float] = []
    stop = time.perf_counter() + seconds

    def worker() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port)
        headers = {"Cookie": cookie} if cookie else {}
        while time.perf_counter() < stop:
            start = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"HTTP {response.status} for {url}")
            if response.getheader("Set-Cookie"):  # keep the session as a browser would
                headers = {"Cookie": response.getheader("Set-Cookie").split(";")[0]}
            latencies.append((time.perf_counter() - start) * 1000)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    print(f"{len(latencies) / seconds:.1f} {statistics.median(latencies):.2f} {p99:.2f}")


if __name__ == "__main__":
    if sys.argv[1] == "login":
        print(login(*sys.argv[2:5]))
    else:
        run(sys.argv[1], float(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else "")
