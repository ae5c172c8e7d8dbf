"""Every operation of the API, for each caller (harness.py): the right status, a problem for every
refusal, and nothing changed by a refusal."""

import importlib

import pytest
from django.apps import apps

from config.api import api
from talkoot.api.problems import MEDIA_TYPE
from talkoot.api.tests.harness import CALLERS, Case, World, database_state, run


def _all_cases() -> list[Case]:
    cases: list[Case] = []
    for app in apps.get_app_configs():
        if not app.name.startswith("talkoot."):
            continue
        try:
            module = importlib.import_module(f"{app.name}.tests.api_cases")
        except ModuleNotFoundError as error:
            if error.name != f"{app.name}.tests.api_cases":
                raise
            continue
        cases.extend(module.CASES)
    return cases


CASES = _all_cases()


def _operations() -> dict[str, str]:
    schema = api.get_openapi_schema()
    return {
        operation["operationId"]: method.upper()
        for item in schema["paths"].values()
        for method, operation in item.items()
    }


def test_every_operation_has_a_row_and_the_rows_name_real_operations():
    operations = _operations()
    covered = {case.operation for case in CASES}
    assert not sorted(set(operations) - covered), "operations without a row in any tests/api_cases.py"
    assert not sorted(covered - set(operations)), "rows for operations the API does not have"
    wrong_method = [case.id for case in CASES if operations[case.operation] != case.method]
    assert not wrong_method


def test_operation_ids_are_unique():
    schema = api.get_openapi_schema()
    ids = [operation["operationId"] for item in schema["paths"].values() for operation in item.values()]
    assert len(ids) == len(set(ids))


@pytest.fixture
def world(community, other_community, steward, member, outsider) -> World:
    return World(community, other_community, steward, member, outsider)


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_access(case: Case, caller: str, world: World):
    expected = case.expected(caller)
    before: list[str] = []
    snapshot = (lambda: before.append(database_state())) if expected >= 400 else None
    response = run(case, caller, world, after_setup=snapshot)
    assert response.status_code == expected, (
        f"{case.method} {case.operation} as {caller}: {response.status_code}, not {expected}: "
        f"{response.content[:500]!r}"
    )
    if expected >= 400:
        assert response["Content-Type"].startswith(MEDIA_TYPE)
        assert database_state() == before[0], f"{case.operation} as {caller} was refused but changed something"
    elif response.status_code != 204:
        assert response["Content-Type"].startswith("application/json")
