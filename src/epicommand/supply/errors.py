"""The supply app's refusals, each with a stable code (see ``epicommand.errors``).

Like ``epicommand.errors`` this imports no Django, so the pure ``rules`` can raise them.
"""

from __future__ import annotations

from epicommand.errors import DomainError, ValidationFailed


class InsufficientStock(DomainError):
    """A move would take a balance below zero; nothing was written."""

    code = "supply.insufficient_stock"
    status = 409


class BadQuantity(ValidationFailed):
    code = "supply.bad_quantity"


class UnknownItem(ValidationFailed):
    code = "supply.unknown_item"


class UnknownLot(ValidationFailed):
    code = "supply.unknown_lot"


class LotExpired(ValidationFailed):
    code = "supply.lot_expired"


class ReceiptWithoutShipment(ValidationFailed):
    """Stock arrives only by a shipment (or production, or a count): a bare receipt is refused."""

    code = "supply.receipt_without_shipment"


class AlreadyReceived(DomainError):
    code = "supply.already_received"
    status = 409


class BadTransition(DomainError):
    code = "supply.bad_status_transition"
    status = 409


class ReceivedAboveShipped(ValidationFailed):
    code = "supply.received_above_shipped"


class ReasonRequired(ValidationFailed):
    code = "supply.reason_required"


class WrongSiteKind(ValidationFailed):
    code = "supply.wrong_site_kind"


class SameSite(ValidationFailed):
    code = "supply.same_site"


class ReleaseRequired(DomainError):
    """Stock leaves a state reserve only under an approved release order."""

    code = "supply.release_required"
    status = 409


class AlreadyDecided(DomainError):
    code = "supply.already_decided"
    status = 409


class VehicleUnavailable(DomainError):
    code = "supply.vehicle_unavailable"
    status = 409


class OverCapacity(ValidationFailed):
    code = "supply.vehicle_over_capacity"


class DuplicateCode(ValidationFailed):
    code = "supply.duplicate_code"
