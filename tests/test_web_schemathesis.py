"""Property-based tests of the JSON API from its own OpenAPI document (schemathesis, in-process).

Schemathesis sends what the document allows and what it forbids to every
operation, as an admin, and checks each answer: never a server error, a
declared status code and content type, a body that matches the declared
model, schema-violating input refused, a correct ``Allow`` on 405. Requests
that fit the document may still be refused by the register's rules (a lag
without a reason, a date outside the target's period: 400; a stale version:
409), so the "positive data must be accepted" check is left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from luoshi.settings import Settings
from luoshi.store import Database
from luoshi.web.app import create_app
from web_fixtures import DemoApp, demo_app

OPERATIONS = 8
CASES: Counter[str] = Counter()  # cases sent per operation …
ACCEPTED: Counter[str] = Counter()  # … and how many were answered 2xx


def _document_only() -> schemathesis.schemas.BaseSchema:
    """The API's OpenAPI document, read from an app whose database is never opened.

    ``@schema.parametrize`` needs the schema at import; schemathesis' fixture
    loader (``schemathesis.pytest.from_fixture``) fails under pytest 9 (it sets
    ``node._nodeid``). The calls go to the ``demo`` fixture's app instead.
    """
    app = create_app(Database("sqlite://", migrate=False), Settings(secret_key="docs"))
    # Every call carries the admin's token (headers= below). Left to generate the Authorization
    # header too, schemathesis pairs "header removed" (which headers= undoes) with a query
    # mutation that may vanish on the wire (an object with no keys), then reports a request
    # that was valid as sent as "schema-violating request accepted".
    config = schemathesis.config.SchemathesisConfig.from_dict(
        {"generation": {"with-security-parameters": False}}
    )
    return schemathesis.openapi.from_asgi("/api/openapi.json", app, config=config)


schema = _document_only()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoApp]:
    d = demo_app(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'demo.sqlite3'}")
    yield d
    d.db.dispose()


@schema.parametrize()
@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_makes_the_api_fail(case: schemathesis.Case, demo: DemoApp) -> None:
    response = case.call_and_validate(
        app=demo.app, headers=demo.auth("admin"), excluded_checks=[positive_data_acceptance]
    )
    assert response.status_code < 500, response.text
    CASES[case.operation.label] += 1
    ACCEPTED[case.operation.label] += response.status_code < 300


def test_every_operation_was_exercised_through_to_success() -> None:
    """Not only refusals: the examples in the document reach every route's success path."""
    if not CASES:
        pytest.skip("runs after test_no_input_makes_the_api_fail")
    assert len(CASES) == OPERATIONS, CASES
    assert sum(CASES.values()) >= 600, CASES
    assert all(ACCEPTED[op] for op in CASES), ACCEPTED
