from datetime import date

from odoo import _, models
from odoo.addons.noproof_catalog.models.noproof_certificate_rule import office_users
from odoo.exceptions import ValidationError

from .noproof_complaint import CHANNELS, COMPLAINT_TYPES, MEASURES, SUBSTANTIATED
from .noproof_evaluation_received import MAX_ORGANIZATIONS


class NoproofExchangeMessage(models.Model):
    """Supervision's messages: a complaint forwarded to the instance where the organization complained about
    works and its conclusion back (Taizhou art. 17, 21; Luzhou art. 17, 24), and an enterprise's evaluation
    figures for its supervising authority's evaluation (Taizhou art. 18, 21; Luzhou arts. 4, 21, 24)."""

    _inherit = "noproof.exchange.message"

    def _noproof_exchange_handlers(self):
        handlers = super()._noproof_exchange_handlers()
        handlers.update(
            {
                "noproof.complaint.forward": self._noproof_receive_complaint_forward,
                "noproof.complaint.conclusion": self._noproof_receive_complaint_conclusion,
                "noproof.evaluation.figures": self._noproof_receive_evaluation_figures,
            }
        )
        return handlers

    @staticmethod
    def _noproof_choice(payload, key, choices, required=True):
        value = payload.get(key)
        if value is None and not required:
            return False
        if value not in dict(choices):
            raise ValidationError(_("Unknown value %(value)r for “%(key)s”.", value=value, key=key))
        return value

    # ------------------------------------------- the organization's instance
    def _noproof_receive_complaint_forward(self, message, payload):
        peer = message.peer_id
        described = payload.get("organization")
        organization = self._noproof_find_local_organization(described)
        if not organization:
            raise ValidationError(
                _(
                    "No organization %(name)s works on this instance: the complaint cannot be investigated here.",
                    name=described.get("name") if isinstance(described.get("name"), str) else "?",
                )
            )
        forward_uuid = self._noproof_text(payload, "complaint", limit=64)
        Complaint = self.env["noproof.complaint"].sudo()
        if Complaint.search_count([("source_peer_id", "=", peer.id), ("source_uuid", "=", forward_uuid)]):
            raise ValidationError(_("Complaint %(complaint)s was already received.", complaint=forward_uuid))
        anonymous = payload.get("anonymous")
        if not isinstance(anonymous, bool):
            raise ValidationError(_("“anonymous” must be true or false."))
        complainant = payload.get("complainant")
        if anonymous or complainant is None:
            name = False
        elif isinstance(complainant, dict):
            name = self._noproof_text(complainant, "name", required=False, limit=200) or False
        else:
            raise ValidationError(_("The complainant is described by a name only."))
        deadline = self._noproof_time(payload, "deadline") if payload.get("deadline") is not None else False
        company = organization.company_id
        # The office's head, else the organization's head, else anyone on the office's staff.
        investigator = company.noproof_office_id.head_id or organization.head_id or office_users(company)[:1]
        complaint = Complaint._workflow_create(
            [
                {
                    "company_id": company.id,
                    "channel": self._noproof_choice(payload, "channel", CHANNELS),
                    "complaint_type": self._noproof_choice(payload, "type", COMPLAINT_TYPES),
                    "date_received": self._noproof_time(payload, "received_at"),
                    "target_organization_id": organization.id,
                    "description": self._noproof_text(payload, "description"),
                    "anonymous": anonymous,
                    "complainant_name": name,
                    "investigator_id": investigator.id,
                    "source_peer_id": peer.id,
                    "source_uuid": forward_uuid,
                    "source_reference": self._noproof_text(payload, "reference", limit=100),
                    "source_level": self._noproof_text(payload, "level", limit=200),
                    "source_item": self._noproof_text(payload, "item", required=False, limit=500),
                    "source_certificate": self._noproof_text(payload, "certificate", required=False, limit=500),
                    "source_deadline": deadline,
                }
            ]
        )
        complaint._noproof_schedule_forwarded()
        complaint.message_post(
            body=_(
                "Forwarded by %(level)s through %(peer)s (its number %(reference)s): investigate it and conclude "
                "by the deadline it set; the conclusion goes back on its own.",
                level=complaint.source_level,
                peer=peer.name,
                reference=complaint.source_reference,
            )
        )
        return {"reference": complaint.name}

    # ------------------------------------------------- the forwarding level
    def _noproof_receive_complaint_conclusion(self, message, payload):
        peer = message.peer_id
        forward_uuid = self._noproof_text(payload, "complaint", limit=64)
        complaint = self.env["noproof.complaint"].sudo().search([("forward_uuid", "=", forward_uuid)], limit=1)
        if not complaint:
            raise ValidationError(
                _("No complaint %(complaint)s was forwarded from this instance.", complaint=forward_uuid)
            )
        if complaint.target_organization_id not in peer.organization_ids or complaint.forward_peer_id != peer:
            raise ValidationError(
                _(
                    "%(complaint)s concerns %(organization)s, which the sender does not represent.",
                    complaint=complaint.name,
                    organization=complaint.target_organization_id.name,
                )
            )
        values = {
            "forward_substantiated": self._noproof_choice(payload, "substantiated", SUBSTANTIATED),
            "forward_measure": self._noproof_choice(payload, "measure", MEASURES, required=False),
            "forward_conclusion": self._noproof_text(payload, "conclusion"),
            "forward_concluded_at": self._noproof_time(payload, "concluded_at"),
            "forward_reference": self._noproof_text(payload, "reference", limit=100),
        }
        if complaint.state not in ("new", "investigating"):
            raise ValidationError(_("%(complaint)s no longer waits for a conclusion.", complaint=complaint.name))
        complaint._noproof_receive_conclusion(peer, values)
        return {"complaint": complaint.name, "state": complaint.state}

    def _noproof_receive_evaluation_figures(self, message, payload):
        peer = message.peer_id
        year, month = payload.get("year"), payload.get("month")
        if not isinstance(year, int) or not isinstance(month, int) or not 2000 <= year <= 2100 or not 1 <= month <= 12:
            raise ValidationError(_("The figures name their month by a year (2000–2100) and a month (1–12)."))
        items = payload.get("organizations")
        if not isinstance(items, list) or not items or len(items) > MAX_ORGANIZATIONS:
            raise ValidationError(_("The figures list from 1 to %(limit)s organizations.", limit=MAX_ORGANIZATIONS))
        Received = self.env["noproof.evaluation.received"].sudo()
        Organization = self.env["noproof.organization"].sudo()
        computed_at = self._noproof_time(payload, "computed_at")
        level = self._noproof_text(payload, "level", limit=200)
        first = date(year, month, 1)
        rows = []
        for item in items:
            if not isinstance(item, dict):
                raise ValidationError(_("Each organization is described by its name, code and figures."))
            code, name = item.get("code"), item.get("name")
            organization = Organization.browse()
            if isinstance(code, str) and code:
                organization = peer.organization_ids.filtered(lambda org, code=code: org.code == code)[:1]
            if not organization and isinstance(name, str) and name:
                organization = peer.organization_ids.filtered(lambda org, name=name: org.name == name)[:1]
            if not organization:
                known = isinstance(name, str) and name and Organization.search_count([("name", "=", name)])
                if known:
                    raise ValidationError(
                        _("%(organization)s is not an organization the sender represents.", organization=name)
                    )
                raise ValidationError(
                    _(
                        "No organization %(organization)s is known here.",
                        organization=name if isinstance(name, str) else "?",
                    )
                )
            rows.append((organization, Received._noproof_clean_figures(item.get("figures"))))
        existing = Received.search(
            [("peer_id", "=", peer.id), ("month", "=", first), ("organization_id", "in", [org.id for org, _f in rows])]
        )
        by_organization = {record.organization_id: record for record in existing}
        kept = 0
        for organization, figures in rows:
            vals = {
                **figures,
                "peer_id": peer.id,
                "organization_id": organization.id,
                "month": first,
                "sender_level": level,
                "computed_at": computed_at,
                "message_id": message.id,
            }
            record = by_organization.get(organization)
            if record and record.computed_at and record.computed_at > computed_at:
                kept += 1  # figures measured later arrived first: they stay
            elif record:
                record._workflow().write(vals)
            else:
                Received._workflow_create([vals])
        return {"organizations": len(rows) - kept, "kept_newer": kept}

    def _noproof_after_delivery(self, result):
        super()._noproof_after_delivery(result)
        if self.message_type == "noproof.complaint.forward" and isinstance(result.get("reference"), str):
            complaint = self._noproof_document()
            if complaint and complaint._name == "noproof.complaint":
                complaint.sudo()._workflow().forward_reference = result["reference"][:100]
