"""Fixtures of the deployment tests: the production topology, built once per session from throwaway parts."""

import shutil

import pytest

from tests.deploy.services import ServiceError, Topology

REQUIRED_COMMANDS = ("pg_createcluster", "pg_ctlcluster", "pg_dropcluster", "pg_lsclusters", "redis-server")


@pytest.fixture(scope="session")
def topology():
    """PostgreSQL, Redis and S3 of their own, the demo portal in them, static files collected."""
    missing = [command for command in REQUIRED_COMMANDS if shutil.which(command) is None]
    if missing:
        pytest.fail(
            f"Missing {', '.join(missing)}: install Debian's postgresql-15 and redis-server.",
            pytrace=False,
        )
    try:
        with Topology() as topology:
            yield topology
    except ServiceError as error:
        pytest.fail(str(error), pytrace=False)
