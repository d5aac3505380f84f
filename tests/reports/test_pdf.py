"""The PDF: the headline numbers are in its text, and Korean prints as Hangul. Two PDFs are
rendered for the whole module (about a second each)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from epicommand.reports.render import render_pdf
from tests.reports.factories import make_situation_report

KNOWN_AT = dt.datetime(2022, 5, 20, 15, 0, tzinfo=dt.UTC)
MISSING_GLYPHS = ("\ufffd", "□", "\x00")


def pages_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture(scope="module")
def english() -> tuple[bytes, str]:
    pdf = render_pdf(make_situation_report(), "en")
    return pdf, pages_text(pdf)[1]


@pytest.fixture(scope="module")
def korean() -> tuple[bytes, str]:
    report = make_situation_report(with_geometry=True, known_at=KNOWN_AT)
    pdf = render_pdf(report, "ko")
    return pdf, pages_text(pdf)[1]


def test_pdf_is_a4_and_numbers_its_pages(english):
    pdf, text = english
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    assert f"Page 1 / {len(reader.pages)}" in text


def test_pdf_text_holds_the_headline_numbers(english):
    _pdf, text = english
    for number in ("219,030", "2,128,600", "696,710", "10.048 %", "-44,340", "+44,590"):
        assert number in text
    assert "Democratic People's Republic of Korea" in text
    assert "as of 2022-05-20" in text and "generated 2022-05-21 09:30" in text
    assert "as known at" not in text


def test_pdf_draws_the_charts_and_lists_the_areas(english):
    _pdf, text = english
    assert "Last 28 days" in text  # the trend chart, drawn as SVG with real text
    assert "N.Hamgyong" in text  # a tile of the map
    assert "Pyongyang" in text and "9,691.4" in text
    assert "Musan County" in text  # a silent area


def test_korean_pdf_text_extracts_as_hangul(korean):
    _pdf, text = korean
    assert "상황 보고서" in text and "보고 완전성" in text and "하위 지역" in text
    assert "조선민주주의인민공화국" in text and "평양시" in text
    assert "신규 발열자" in text and "219,030" in text
    assert not any(glyph in text for glyph in MISSING_GLYPHS)


def test_korean_pdf_states_when_the_figures_were_known(korean):
    _pdf, text = korean
    assert "2022-05-21 00:00 KST 시점 자료" in text
