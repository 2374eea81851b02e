"""Builds are all or nothing, and a running service moves to a new build only once it is complete."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from .conftest import BUNDLED, FIXTURES
from .oxigraph_server import free_port

KILLS = 20
ACTIVITIES = ("SELECT (COUNT(?a) AS ?n) WHERE { ?a a "
              "<https://w3id.org/italia/anci-lombardia/onto/Attivita> }")


def kg(*args: str) -> list[str]:
    return [sys.executable, "-m", "api.cli", *args]


def fingerprint(directory: Path) -> dict[str, object]:
    """Each file's hash; report.json records timings, so it is only checked to be whole."""
    found = {}
    for path in sorted(directory.iterdir()):
        if path.name == "report.json":
            found[path.name] = sorted(json.loads(path.read_text(encoding="utf-8")))
        else:
            found[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def test_a_build_killed_at_any_moment_leaves_the_previous_one_intact(tmp_path):
    dist = tmp_path / "dist"
    environment = {**os.environ, "KG_REFERENCE_DIR": ""}  # quicker, and the same bytes every time
    subprocess.run(kg("build", "-q", "--input", str(BUNDLED), "--out", str(dist)), check=True, env=environment,
                   capture_output=True)
    before = fingerprint(dist)
    assert {"graph.nq", "graph.ttl", "graph.nt", "graph.jsonld", "dataset.ttl", "report.json"} <= set(before)
    started = time.monotonic()
    subprocess.run(kg("build", "-q", "--input", str(BUNDLED), "--out", str(dist)), check=True, env=environment,
                   capture_output=True)
    one_build = time.monotonic() - started
    chance = random.Random(2026)
    for _ in range(KILLS):
        process = subprocess.Popen(kg("build", "-q", "--input", str(BUNDLED), "--out", str(dist)), env=environment,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(0.05, one_build * 1.1))  # anywhere in the build, now and then after it
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert fingerprint(dist) == before  # builds are deterministic: intact or replaced by the same bytes
    subprocess.run(kg("build", "-q", "--input", str(BUNDLED), "--out", str(dist)), check=True, env=environment,
                   capture_output=True)
    assert fingerprint(dist) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]  # what the killed builds left is gone


def test_a_watching_service_switches_to_a_new_build_once_it_is_complete(tmp_path):
    dist = tmp_path / "dist"
    environment = {**os.environ, "KG_REFERENCE_DIR": "", "KG_WORKERS": "1"}
    subprocess.run(kg("build", "-q", "--input", str(BUNDLED), "--out", str(dist)), check=True, env=environment,
                   capture_output=True)
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}/sparql"
    server = subprocess.Popen(kg("serve", "--watch", "--store", str(dist), "--port", str(port)), env=environment,
                              stderr=subprocess.DEVNULL)
    answers, errors, stop = [], [], threading.Event()

    def ask_again_and_again() -> None:
        with httpx.Client(timeout=30) as client:
            while not stop.is_set():
                try:
                    response = client.get(endpoint, params={"query": ACTIVITIES})
                    answers.append(int(response.json()["results"]["bindings"][0]["n"]["value"]))
                except (httpx.HTTPError, ValueError, KeyError) as exc:
                    errors.append(repr(exc))
                time.sleep(0.02)

    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(endpoint, params={"query": "ASK {}"})
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "kg serve did not start"
                time.sleep(0.1)
        asking = threading.Thread(target=ask_again_and_again)
        asking.start()
        subprocess.run(kg("build", "-q", "--input", str(FIXTURES / "mini" / "catalogue.txt"), "--out", str(dist)),
                       check=True, env=environment, capture_output=True)
        while not answers or answers[-1] == 75:
            assert time.monotonic() < deadline, "the service never moved to the new build"
            time.sleep(0.1)
        time.sleep(0.5)
        stop.set()
        asking.join()
    finally:
        stop.set()
        server.terminate()
        server.wait(10)
    new = answers[-1]
    assert new != 75 and not errors
    switched = answers.index(new)
    assert set(answers[:switched]) == {75} and set(answers[switched:]) == {new}  # old, then new: nothing between
