"""Schemathesis over the whole OpenAPI document, against a real server: no generated request gets a 5xx.

Each operation gets valid and invalid inputs (EXAMPLES per mode, no shrinking): well over 1,000 requests in all,
in about a minute. Hypothesis drives schemathesis' strategies directly: its lazy pytest fixture loader needs a
pytest internal (Node._nodeid) that pytest 9 no longer has.
"""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error

pytestmark = pytest.mark.shared
EXAMPLES = 80


def fuzz(operation: schemathesis.APIOperation, mode: schemathesis.GenerationMode, made: Counter[str]) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, phases=[Phase.explicit, Phase.generate], derandomize=True,
              suppress_health_check=list(HealthCheck), database=None)
    @given(case=operation.as_strategy(generation_mode=mode))
    def call(case: schemathesis.Case) -> None:
        made[operation.label] += 1
        case.call_and_validate(checks=[not_a_server_error], timeout=30)

    call()


def test_no_server_error(service, capsys):
    schema = schemathesis.openapi.from_url(f"{service[0]}/api/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    made: Counter[str] = Counter()
    for operation in operations:
        for mode in schemathesis.GenerationMode:
            fuzz(operation, mode, made)
    assert set(made) == {operation.label for operation in operations}
    assert sum(made.values()) >= 1000
    with capsys.disabled():  # how much was tried, in the test report
        print(f"\nschemathesis: {sum(made.values())} requests over {len(operations)} operations")
