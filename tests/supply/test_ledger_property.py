"""Random sequences of moves against a model of the shelves: a dict of quantities.

Whatever the sequence, a move is refused exactly when the model says a balance would go
below zero, refused moves change nothing, and the kept balances, the levels and the ledger
agree with the model after every step.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from epicommand.supply import services
from epicommand.supply.errors import InsufficientStock
from epicommand.supply.models import StockBalance, StockLevel
from epicommand.supply.selectors import ledger_differences
from epicommand.supply.services import CountLine, StockLine

SITES = ["PH-1", "PH-2", "CC-A1"]
LOTS = ["P-EARLY", "P-LATE"]

moves = st.one_of(
    st.tuples(
        st.just("transfer"),
        st.sampled_from(SITES),
        st.sampled_from(SITES),
        st.sampled_from(LOTS),
        st.integers(1, 40),
    ),
    st.tuples(
        st.just("dispense"),
        st.sampled_from(SITES[:2]),
        st.none(),
        st.sampled_from(LOTS),
        st.integers(1, 40),
    ),
    st.tuples(
        st.just("issue"),
        st.sampled_from(SITES),
        st.none(),
        st.sampled_from(LOTS),
        st.integers(1, 40),
    ),
    st.tuples(
        st.just("count"),
        st.sampled_from(SITES),
        st.none(),
        st.sampled_from(LOTS),
        st.integers(0, 60),
    ),
)


def _apply(kind: str, site: str, other: str | None, lot: str, quantity: int) -> None:
    line = [StockLine("PARA", quantity, lot)]
    if kind == "transfer":
        services.transfer_stock(actor=None, from_site_code=site, to_site_code=other, lines=line)
    elif kind == "dispense":
        services.record_dispensing(actor=None, site_code=site, lines=line)
    elif kind == "issue":
        services.record_movement(actor=None, site_code=site, kind="issue", lines=line)
    else:
        services.count_stock(actor=None, site_code=site, counts=[CountLine("PARA", lot, quantity)])


def _model_step(
    model: dict, kind: str, site: str, other: str | None, lot: str, quantity: int
) -> bool:
    """Apply one move to the model; False if it must be refused."""
    if kind == "count":
        model[(site, lot)] = quantity
        return True
    if model.get((site, lot), 0) < quantity:
        return False
    model[(site, lot)] -= quantity
    if kind == "transfer":
        model[(other, lot)] = model.get((other, lot), 0) + quantity
    return True


def _kept() -> dict:
    rows = StockBalance.objects.values_list("site__area__code", "lot__batch_number", "quantity")
    return {(s, lot): q for s, lot, q in rows if q}


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sequence=st.lists(moves.filter(lambda m: m[0] != "transfer" or m[1] != m[2]), max_size=12))
def test_random_moves_agree_with_a_model_of_the_shelves(net, sequence):
    with transaction.atomic():
        model: dict = {}
        for kind, site, other, lot, quantity in sequence:
            allowed = _model_step(model, kind, site, other, lot, quantity)
            try:
                _apply(kind, site, other, lot, quantity)
            except InsufficientStock:
                assert not allowed, f"refused although the model allows {kind} {quantity}"
            else:
                assert allowed, f"accepted although the model refuses {kind} {quantity}"
            assert _kept() == {k: v for k, v in model.items() if v}
        assert ledger_differences(actor=None) == []
        levels = dict(StockLevel.objects.values_list("site__area__code", "on_hand"))
        for site in SITES:
            assert levels.get(site, 0) == sum(model.get((site, lot), 0) for lot in LOTS)
        transaction.set_rollback(True)
