"""Test settings: production mode with a test-only secret, an isolated var/, and the database
named by DATABASE_URL_TEST when given (the PostgreSQL pass of ``make test``)."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("EPICOMMAND_VAR_DIR", tempfile.mkdtemp(prefix="epicommand-test-"))
os.environ.pop("EPICOMMAND_DEBUG", None)
if os.environ.get("DATABASE_URL_TEST"):
    os.environ["DATABASE_URL"] = os.environ["DATABASE_URL_TEST"]

from epicommand.settings import *  # noqa: E402,F403

# An app wired in by its own contract alone (tests/core/test_contract.py).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.contract_app"]  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; argon2 in prod
DEMO_SUPPLY_SITES = 300  # the demo's supply network at test size (5,000 in a real demo)

from epicommand.i18n import compile_catalogs  # noqa: E402

compile_catalogs()
