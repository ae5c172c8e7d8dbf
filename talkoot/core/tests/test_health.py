from unittest import mock

import pytest
from django.db import connection
from django.db.utils import OperationalError


def test_healthz_answers_ok_with_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_when_database_is_unreachable(client):
    if connection.vendor != "postgresql":
        # The in-memory SQLite test database cannot be closed without losing it, so here the
        # failure is simulated; the PostgreSQL run below does it for real.
        with mock.patch.object(connection, "cursor", side_effect=OperationalError("unreachable")):
            response = client.get("/healthz")
    else:
        original_port = connection.settings_dict["PORT"]
        connection.close()
        connection.settings_dict["PORT"] = "1"  # nothing listens there
        try:
            response = client.get("/healthz")
        finally:
            connection.close()
            connection.settings_dict["PORT"] = original_port
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
