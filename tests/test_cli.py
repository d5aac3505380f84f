"""The console script: each command, and failures as one line without a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from epicommand.accounts.models import ApiToken, User
from epicommand.geo.models import Area
from tests.cli_helpers import run


def test_createuser_prints_a_generated_password(capsys, country, monkeypatch):
    monkeypatch.delenv("EPICOMMAND_PASSWORD", raising=False)
    code, out, _err = run(capsys, "createuser", "ana", "--role", "analyst", "--scope", "XX")
    assert code == 0
    password = out.split("password: ")[1].strip()
    user = User.objects.get(username="ana")
    assert user.check_password(password) and user.roles == ["analyst"]
    assert list(user.scope_areas.values_list("code", flat=True)) == ["XX"]


def test_createuser_unknown_scope_is_one_line(capsys, country):
    code, _out, err = run(capsys, "createuser", "ana", "--role", "analyst", "--scope", "NOPE")
    assert code == 1
    assert err.strip() == "error: unknown area code(s): NOPE"


def test_tokens_create_prints_a_working_token(capsys, client, country):
    run(capsys, "createuser", "ana", "--role", "analyst", "--scope", "XX")
    code, out, _err = run(capsys, "tokens", "create", "ana")
    raw = out.strip()
    assert code == 0 and raw.startswith("epc_")
    assert ApiToken.objects.filter(user__username="ana").count() == 1
    response = client.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.json()["username"] == "ana"


def test_areas_import_and_export(capsys, db, tmp_path):
    source = tmp_path / "areas.csv"
    source.write_text("code,parent_code,level,name,name_local,population\nQ,,country,Q,,5\n")
    code, out, _err = run(capsys, "areas", "import", str(source))
    assert code == 0 and "1 created" in out
    target = tmp_path / "out.csv"
    assert run(capsys, "areas", "export", "-o", str(target))[0] == 0
    assert target.read_text().splitlines()[1] == "Q,,country,Q,,5,,"


def test_areas_import_bad_file_lists_rows_and_writes_nothing(capsys, db, tmp_path):
    source = tmp_path / "areas.csv"
    source.write_text(
        "code,parent_code,level,name,name_local,population\nQ,,country,Q,,5\nR,NOPE,province,R,,-1\n"
    )
    code, _out, err = run(capsys, "areas", "import", str(source))
    assert code == 1
    assert err.startswith("error: 2 problem(s) in the file, nothing imported; first: row 3")
    assert "Traceback" not in err
    assert Area.objects.count() == 0


def test_serving_without_a_secret_key_is_refused_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "EPICOMMAND_DEBUG"}}
    env["DJANGO_SETTINGS_MODULE"] = "epicommand.settings"
    env["EPICOMMAND_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "epicommand", "serve", "--port", "0"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip().startswith("error: ImproperlyConfigured: SECRET_KEY is not set")
    assert "Traceback" not in result.stderr


def test_commands_that_sign_nothing_run_without_a_secret_key(tmp_path):
    """``epicommand rt cases.csv`` on a laptop needs neither a database nor a secret."""
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "EPICOMMAND_DEBUG"}}
    env["DJANGO_SETTINGS_MODULE"] = "epicommand.settings"
    env["EPICOMMAND_VAR_DIR"] = str(tmp_path)
    cases = tmp_path / "cases.csv"
    cases.write_text("date,cases\n" + "".join(f"2022-05-{d:02d},{10 * d}\n" for d in range(1, 21)))
    result = subprocess.run(
        [sys.executable, "-m", "epicommand", "rt", str(cases), "--si-mean", "3.5", "--si-sd", "2"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("t_start")


@pytest.mark.parametrize("argv", [["areas", "import", "/no/such/file.csv"], ["nonsense"]])
def test_usage_errors_exit_non_zero(capsys, argv):
    code, _out, err = run(capsys, *argv)
    assert code == 2 and "Traceback" not in err
