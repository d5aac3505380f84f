"""Deployment orders of medical staff, their history, and the optimiser's proposals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from epicommand.care.enums import DeploymentState, ProposalState, Qualification


class Deployment(models.Model):
    """An order moving persons from one site to another, from ``start_on`` until they
    return. States go ordered > travelling > arrived > returned (or cancelled before
    arrival); each change is a ``DeploymentEvent``. ``decision_ref`` names the decision
    behind it (the operations app links to orders by content type and id)."""

    from_site = models.ForeignKey(
        "supply.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_site = models.ForeignKey(
        "supply.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    from_path = models.CharField(max_length=255)
    to_path = models.CharField(max_length=255)
    start_on = models.DateField(_("start"))
    planned_end_on = models.DateField(_("planned end"), null=True, blank=True)
    arrived_on = models.DateField(_("arrived on"), null=True, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    decision_ref = models.CharField(_("decision"), max_length=200, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=DeploymentState.choices, default=DeploymentState.ORDERED
    )
    proposal = models.ForeignKey(
        "care.Proposal", on_delete=models.PROTECT, null=True, blank=True, related_name="orders"
    )
    ordered_at = models.DateTimeField(_("ordered at"))
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    staff = models.ManyToManyField(
        "care.StaffMember", through="care.DeploymentMember", related_name="deployments"
    )

    class Meta:
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        permissions = [
            ("order_deployment", "Order deployments of staff"),
            ("update_deployment", "Record a deployment travelling, arrived or returned"),
            ("propose_deployment", "Run the balanced-deployment optimiser"),
            ("approve_deployment", "Edit and approve deployment proposals"),
        ]
        indexes = [
            models.Index(fields=["start_on"], name="care_deployment_start"),
            models.Index(fields=["to_path"], name="care_deployment_to"),
            models.Index(fields=["from_path"], name="care_deployment_from"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.from_site_id} -> {self.to_site_id} ({self.state})"


class DeploymentMember(models.Model):
    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="members")
    staff = models.ForeignKey(
        "care.StaffMember", on_delete=models.PROTECT, related_name="deployment_rows"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["deployment", "staff"], name="care_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.deployment_id}: {self.staff_id}"


class DeploymentEvent(models.Model):
    """One step of a deployment's history: the state it entered, when, by whom."""

    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="events")
    state = models.CharField(_("state"), max_length=12, choices=DeploymentState.choices)
    on = models.DateField(_("day"))
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.deployment_id} {self.state} {self.at}"


class Proposal(models.Model):
    """A balanced-deployment proposal of the optimiser: its inputs, the solver's answer per
    qualification (``summary``), and its moves; the HQ commander edits and approves it."""

    as_of = models.DateField(_("as of"))
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+")
    qualifications = models.JSONField(_("qualifications"))
    parameters = models.JSONField(_("parameters"))
    summary = models.JSONField(_("summary"))
    state = models.CharField(
        _("state"), max_length=10, choices=ProposalState.choices, default=ProposalState.DRAFT
    )
    is_edited = models.BooleanField(_("edited"), default=False)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_ref = models.CharField(_("decision"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("deployment proposal")
        verbose_name_plural = _("deployment proposals")

    def __str__(self) -> str:
        return f"proposal #{self.pk} ({self.as_of}, {self.state})"


class ProposedMove(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="moves")
    staff = models.ForeignKey("care.StaffMember", on_delete=models.PROTECT, related_name="+")
    qualification = models.CharField(max_length=20, choices=Qualification.choices)
    from_site = models.ForeignKey("supply.Site", on_delete=models.PROTECT, related_name="+")
    to_site = models.ForeignKey("supply.Site", on_delete=models.PROTECT, related_name="+")
    minutes = models.PositiveIntegerField(_("travel minutes"))
    is_dropped = models.BooleanField(_("dropped"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "staff"], name="care_move_unique")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.staff_id} {self.from_site_id}->{self.to_site_id}"
