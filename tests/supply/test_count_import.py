"""A stock count file: validated row by row (header = row 1), then all or nothing."""

from __future__ import annotations

import pytest

from epicommand.errors import ImportRejected
from epicommand.supply import services
from epicommand.supply.models import StockBalance, StockEntry
from tests.supply.factories import stock

HEADER = "site_code,item_code,batch_number,counted\n"


def test_count_file_adjusts_only_what_differs(net):
    stock(net["PH-1"], net["P-LATE"], 10)
    data = (HEADER + "PH-1,PARA,P-LATE,8\nPH-1,MASK,M1,30\nPH-2,PARA,P-LATE,0\n").encode()
    summary = services.import_stock_count(actor=None, data=data, filename="count.csv")
    assert (summary.rows, summary.adjusted, summary.unchanged) == (3, 2, 1)
    assert StockBalance.objects.get(site=net["PH-1"], lot=net["M1"]).quantity == 30
    assert StockBalance.objects.get(site=net["PH-1"], lot=net["P-LATE"]).quantity == 8


def test_every_bad_row_is_listed_and_nothing_written(net, pharmacist):
    data = (
        HEADER
        + "PH-1,PARA,P-LATE,8\n"
        + "PH-2,PARA,P-LATE,3\n"  # outside the pharmacist's scope
        + "PH-1,NOPE,X,1\n"
        + "PH-1,PARA,NOPE,1\n"
        + "PH-1,MASK,M1,-2\n"
        + "PH-1,MASK,M1,many\n"
        + "PH-1,PARA,P-LATE,9\n"
    ).encode()
    with pytest.raises(ImportRejected) as rejected:
        services.import_stock_count(actor=pharmacist, data=data)
    problems = [(p.row, p.column) for p in rejected.value.problems]
    assert problems == [
        (3, "site_code"),
        (4, "item_code"),
        (5, "batch_number"),
        (6, "counted"),
        (7, "batch_number"),
        (7, "counted"),
        (8, "batch_number"),
    ]
    assert not StockEntry.objects.exists()


def test_missing_column_and_bad_bytes(net):
    with pytest.raises(ImportRejected) as rejected:
        services.import_stock_count(actor=None, data=b"site_code,item_code,counted\nPH-1,PARA,1\n")
    assert [(p.row, p.column) for p in rejected.value.problems] == [(1, "batch_number")]
    with pytest.raises(ImportRejected) as rejected:
        services.import_stock_count(
            actor=None, data=(HEADER + "PH-1,PARA,P\xff,1\n").encode("latin-1")
        )
    assert rejected.value.problems[0].row == 2
