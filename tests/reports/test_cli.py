"""``epicommand sitrep``: each format, to a file or stdout, and one-line refusals."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from tests.test_cli import run

BASE = ("sitrep", "--area", "KP", "--as-of", "2022-05-20")


def test_markdown_goes_to_stdout_by_default(capsys, selector):
    code, out, _err = run(capsys, *BASE)
    assert code == 0 and out.startswith("# Situation report: Democratic")
    assert selector.calls[-1]["actor"] is None  # the system actor


def test_json_to_stdout_with_known_at(capsys, selector):
    code, out, _err = run(capsys, *BASE, "--format", "json", "--known-at", "2022-05-20T18:00+09:00")
    data = json.loads(out)
    assert code == 0 and data["headline"]["cum_fever"]["value"] == 2_128_600
    assert data["known_at"] == "2022-05-20T09:00:00+00:00"


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [
        ("md", "# 상황 보고서"),
        ("html", '<html lang="ko">'),
        ("json", '"name_local": "조선민주주의인민공화국"'),
    ],
)
def test_text_formats_write_a_file(capsys, selector, tmp_path, fmt, marker):
    target = tmp_path / f"sitrep.{fmt}"
    code, out, _err = run(capsys, *BASE, "--format", fmt, "-o", str(target), "--language", "ko")
    assert code == 0 and out == ""
    assert marker in target.read_text(encoding="utf-8")


def test_html_file_has_the_charts_drawn_as_svg(capsys, selector, tmp_path):
    target = tmp_path / "sitrep.html"
    assert run(capsys, *BASE, "--format", "html", "-o", str(target))[0] == 0
    html = target.read_text(encoding="utf-8")
    assert html.count("<svg") >= 2 and "data-vega" not in html


def test_pdf_writes_a_file(capsys, selector, tmp_path):
    target = tmp_path / "sitrep.pdf"
    code, _out, _err = run(capsys, *BASE, "--format", "pdf", "-o", str(target))
    assert code == 0
    text = PdfReader(target).pages[0].extract_text()
    assert "219,030" in text


def test_pdf_without_output_is_refused_in_one_line(capsys, selector):
    code, out, err = run(capsys, *BASE, "--format", "pdf")
    assert code == 2 and out == ""
    assert err == "error: a PDF needs -o FILE (it is not written to a terminal)\n"
    assert selector.calls == []


@pytest.mark.parametrize(
    ("option", "value"), [("--as-of", "2022-13-01"), ("--known-at", "yesterday")]
)
def test_bad_dates_are_one_line(capsys, selector, option, value):
    argv = ["sitrep", "--area", "KP", option, value]
    code, _out, err = run(capsys, *argv)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert err.startswith(f"error: Invalid value for '{option}': not a date")
    assert "Traceback" not in err


def test_unknown_area_is_one_line(capsys, selector):
    code, _out, err = run(capsys, "sitrep", "--area", "NOPE", "--as-of", "2022-05-20")
    assert code == 1 and err == "error: no area 'NOPE' in your scope\n"
