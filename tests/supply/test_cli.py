"""``epicommand stock`` and ``epicommand supply``."""

from __future__ import annotations

from epicommand.supply import services
from epicommand.supply.models import StockBalance, StockEntry
from epicommand.supply.services import StockLine
from tests.supply.factories import stock
from tests.test_cli import run


def test_stock_check_agrees_then_reports_a_tampered_balance(capsys, net):
    stock(net["PH-1"], net["P-LATE"], 10)
    code, out, _err = run(capsys, "stock", "check")
    assert code == 0 and "ledger and balances agree: 1 entries, 1 lot balances" in out
    StockBalance.objects.filter(site=net["PH-1"]).update(quantity=12)
    code, out, err = run(capsys, "stock", "check")
    assert code == 1
    assert (
        out.splitlines()
        == [
            "lot balance PH-1 PARA lot P-LATE: ledger says 10, kept 12",
            "stock level PH-1 PARA: ledger says 10, kept 10",
        ][:1]
    )
    assert "difference(s)" in err


def test_stock_status_as_csv(capsys, net):
    stock(net["PH-1"], net["P-LATE"], 10)
    code, out, _err = run(capsys, "stock", "status", "--area", "XX-A", "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("area_code,as_of,item_code")
    assert any(line.startswith("XX-A,") and ",PARA," in line and ",10," in line for line in lines)


def test_stock_status_table_and_unknown_area(capsys, net):
    code, out, _err = run(capsys, "stock", "status")
    assert code == 0 and "Stock status of Testland (XX)" in out
    code, _out, err = run(capsys, "stock", "status", "--area", "NOPE")
    assert code == 1 and err.startswith("error: no area 'NOPE' in your scope")


def test_import_count_file(capsys, net, tmp_path):
    path = tmp_path / "count.csv"
    path.write_text("site_code,item_code,batch_number,counted\nPH-1,PARA,P-LATE,7\n")
    code, out, _err = run(capsys, "stock", "import-count", str(path))
    assert code == 0 and "1 rows: 1 adjusted" in out
    path.write_text("site_code,item_code,batch_number,counted\nPH-1,PARA,NOPE,7\n")
    code, _out, err = run(capsys, "stock", "import-count", str(path))
    assert code == 1 and "row 2, column batch_number: unknown lot 'NOPE' of PARA" in err


def test_dispatch_and_receive_with_a_shortfall(capsys, net):
    stock(net["CC-A1"], net["P-LATE"], 50)
    shipment = services.plan_shipment(
        actor=None, from_site_code="CC-A1", to_site_code="PH-1", lines=[StockLine("PARA", 20)]
    )
    assert run(capsys, "supply", "dispatch", str(shipment.pk))[0] == 0
    code, out, _err = run(capsys, "supply", "shipments", "--status", "dispatched")
    assert code == 0 and "CC-A1" in out
    line = shipment.lines.get()
    code, out, _err = run(
        capsys, "supply", "receive", str(shipment.pk), "--line", f"{line.pk}=18:wet boxes"
    )
    assert code == 0 and f"shipment {shipment.pk} received" in out
    loss = StockEntry.objects.get(kind="loss")
    assert loss.quantity == -2 and "wet boxes" in loss.reason
