import uuid

import pytz

from odoo import _, api, fields, models
from odoo.addons.noproof_catalog.tools import exchange
from odoo.exceptions import UserError

from .noproof_complaint import MEASURES, SUBSTANTIATED

FORWARD_STATES = [("forwarded", "Waiting for Their Conclusion"), ("concluded", "Concluded There")]


def exchange_time(value):
    return value.strftime(exchange.TIME_FORMAT) if value else None


class NoproofComplaint(models.Model):
    """A complaint about an organization that works on another instance (an enterprise under its supervising
    authority: Taizhou art. 21, Luzhou art. 24) is forwarded there to be investigated (Taizhou art. 17: the
    window investigates together with the units concerned); the conclusion comes back to the complaint, which
    the window reviews and concludes here (Taizhou art. 17, 20; Luzhou art. 17, 19).

    Of the complainant only the name travels, and not for an anonymous complaint: the organization needs it
    to find the matter it handled; phone, e-mail and the 查询码 stay here, where the complainant is told the
    outcome (Taizhou art. 16, Luzhou art. 18: information serves no other purpose)."""

    _inherit = "noproof.complaint"
    _workflow_fields = (
        "forward_peer_id",
        "forward_uuid",
        "forward_state",
        "forwarded_at",
        "forward_reference",
        "forward_substantiated",
        "forward_measure",
        "forward_conclusion",
        "forward_concluded_at",
        "source_peer_id",
        "source_uuid",
        "source_reference",
        "source_level",
        "source_item",
        "source_certificate",
        "source_deadline",
    )
    _deadline_depends = ("source_deadline",)

    exchange_peer_id = fields.Many2one(
        "noproof.exchange.peer",
        string="Organization Works on Instance",
        compute="_compute_exchange_peer_id",
        help="The instance where the organization complained about works, when it is not this one.",
    )
    # The sending side: this complaint was forwarded to the organization's instance.
    forward_peer_id = fields.Many2one(
        "noproof.exchange.peer", string="Forwarded to Instance", readonly=True, copy=False, index="btree_not_null"
    )
    forward_uuid = fields.Char(string="Forwarding ID", readonly=True, copy=False, index="btree_not_null")
    forward_state = fields.Selection(FORWARD_STATES, string="Forwarding", readonly=True, copy=False, tracking=True)
    forwarded_at = fields.Datetime(string="Forwarded On", readonly=True, copy=False)
    forward_reference = fields.Char(string="Their Number", readonly=True, copy=False)
    forward_substantiated = fields.Selection(SUBSTANTIATED, string="Their Conclusion", readonly=True, copy=False)
    forward_measure = fields.Selection(MEASURES, string="Their Measure", readonly=True, copy=False)
    forward_conclusion = fields.Text(string="Their Conclusion Summary", readonly=True, copy=False)
    forward_concluded_at = fields.Datetime(string="Concluded There On", readonly=True, copy=False)
    # The receiving side: this complaint was forwarded here by another instance.
    source_peer_id = fields.Many2one(
        "noproof.exchange.peer", string="Forwarded by Instance", readonly=True, copy=False, index="btree_not_null"
    )
    source_uuid = fields.Char(string="Forwarding ID Received", readonly=True, copy=False)
    source_reference = fields.Char(string="Number at the Forwarding Level", readonly=True, copy=False)
    source_level = fields.Char(string="Forwarded by Level", readonly=True, copy=False)
    source_item = fields.Char(string="Service Item Named", readonly=True, copy=False)
    source_certificate = fields.Char(string="Certificate Named", readonly=True, copy=False)
    source_deadline = fields.Datetime(
        string="Deadline Set by the Forwarding Level", readonly=True, copy=False, help="Its policy's deadline."
    )

    _sql_constraints = [
        (
            "source_uuid_uniq",
            "unique(source_peer_id, source_uuid)",
            "This complaint was already received from that instance.",
        )
    ]

    @api.depends("target_organization_id")
    def _compute_exchange_peer_id(self):
        Peer = self.env["noproof.exchange.peer"]
        for complaint in self:
            complaint.exchange_peer_id = Peer._noproof_for_organization(complaint.target_organization_id.sudo())

    def _noproof_deadline_value(self):
        # A forwarded complaint keeps the deadline the forwarding level's policy gave it.
        if self.source_deadline:
            return self.source_deadline
        return super()._noproof_deadline_value()

    # --------------------------------------------------------- forwarding
    def action_forward(self):
        """Forward the complaint to the instance where the organization complained about works, to be
        investigated there by the deadline set here."""
        self.check_access("write")
        Message = self.env["noproof.exchange.message"]
        for complaint in self:
            peer = complaint.exchange_peer_id
            if not peer:
                raise UserError(
                    _(
                        "%(organization)s works on this instance: investigate %(complaint)s here.",
                        organization=complaint.target_organization_id.name or "-",
                        complaint=complaint.name,
                    )
                )
            if complaint.forward_state == "forwarded":
                raise UserError(
                    _(
                        "%(complaint)s was forwarded to %(peer)s and waits for its conclusion.",
                        complaint=complaint.name,
                        peer=peer.name,
                    )
                )
            if complaint.state == "new":
                complaint.action_investigate()
            complaint._check_state(("investigating",), "investigating")
            forward_uuid = str(uuid.uuid4())
            payload = complaint._noproof_forward_payload(forward_uuid)
            complaint._workflow().write(
                {
                    "forward_peer_id": peer.id,
                    "forward_uuid": forward_uuid,
                    "forward_state": "forwarded",
                    "forwarded_at": fields.Datetime.now(),
                    "forward_reference": False,
                    "forward_substantiated": False,
                    "forward_measure": False,
                    "forward_conclusion": False,
                    "forward_concluded_at": False,
                }
            )
            Message._noproof_send(peer, "noproof.complaint.forward", payload, document=complaint)
            complaint.message_post(
                body=_(
                    "Forwarded to %(peer)s, where %(organization)s works, to be investigated by %(deadline)s.",
                    peer=peer.name,
                    organization=complaint.target_organization_id.name,
                    deadline=complaint.deadline or "-",
                )
            )
        return True

    def _noproof_forward_payload(self, forward_uuid):
        self.ensure_one()
        complaint = self.sudo()
        organization = complaint.target_organization_id
        return {
            "complaint": forward_uuid,
            "reference": complaint.name,
            "level": complaint.company_id.name,
            "channel": complaint.channel,
            "type": complaint.complaint_type,
            "received_at": exchange_time(complaint.date_received),
            "deadline": exchange_time(complaint.deadline),
            "organization": {"name": organization.name, "code": organization.code or None},
            "item": complaint.item_id.name or None,
            "certificate": complaint.certificate_id.name or None,
            "description": complaint.description,
            "anonymous": complaint.anonymous,
            "complainant": None if complaint.anonymous else {"name": complaint.complainant_name or None},
        }

    def _noproof_receive_conclusion(self, peer, values):
        """The conclusion the organization's instance reached lands here; the investigator reviews it and
        concludes (the wizard offers it)."""
        self.ensure_one()
        self._workflow().write(dict(values, forward_state="concluded"))
        labels = dict(self._fields["forward_substantiated"]._description_selection(self.env))
        summary = _(
            "Conclusion of %(peer)s: %(result)s. Review it and conclude the complaint.",
            peer=peer.name,
            result=labels.get(values["forward_substantiated"], ""),
        )
        self.message_post(
            body=_("%(summary)s\n%(conclusion)s", summary=summary, conclusion=values["forward_conclusion"])
        )
        user = self.investigator_id or self.company_id.noproof_office_id.head_id
        if user:
            self.activity_schedule(
                "noproof_supervision.mail_activity_type_complaint_review",
                summary=summary,
                user_id=user.id,
            )

    def _conclude(self, values):
        result = super()._conclude(values)
        self.activity_unlink(["noproof_supervision.mail_activity_type_complaint_review"])
        forwarded = self.filtered("source_peer_id")
        forwarded.activity_feedback(["noproof_supervision.mail_activity_type_complaint_forwarded"])
        Message = self.env["noproof.exchange.message"]
        for complaint in forwarded.sudo():
            Message._noproof_send(
                complaint.source_peer_id,
                "noproof.complaint.conclusion",
                {
                    "complaint": complaint.source_uuid,
                    "reference": complaint.name,
                    "substantiated": complaint.substantiated,
                    "measure": complaint.measure or None,
                    "conclusion": complaint.conclusion,
                    "concluded_at": exchange_time(complaint.date_concluded),
                },
                document=complaint,
            )
        return result

    def _noproof_schedule_forwarded(self):
        """The investigator's to-do for a complaint received from another instance, due on its deadline."""
        self.ensure_one()
        if not self.investigator_id:
            return
        tz = pytz.timezone(self.investigator_id.tz or "Asia/Shanghai")
        due = pytz.utc.localize(self.deadline or fields.Datetime.now()).astimezone(tz)
        self.activity_schedule(
            "noproof_supervision.mail_activity_type_complaint_forwarded",
            date_deadline=due.date(),
            summary=_("Conclude by %(deadline)s", deadline=due.strftime("%Y-%m-%d %H:%M")),
            user_id=self.investigator_id.id,
        )
