from odoo import models

# Tickets whose verifiers work on the applicant's fact: sent to them and not yet closed.
PURPOSE_TICKET_STATES = ("sent", "accepted", "answered")


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _noproof_id_number_purposes(self):
        """A case the current user handles (as its clerk, or acting for its handling
        organization) or a ticket addressed to an organization they act for is a
        purpose to read the applicant's whole identity number.

        Two searches for the whole batch, whatever the number of applicants."""
        purposes = dict(super()._noproof_id_number_purposes())
        missing = [partner_id for partner_id in self.ids if partner_id not in purposes]
        if not missing:
            return purposes
        user = self.env.user
        organization_ids = user.sudo().noproof_organization_ids.ids
        Case = self.env["noproof.case"].sudo()
        rows = Case._read_group(
            [
                ("applicant_id", "in", missing),
                "|",
                ("clerk_id", "=", user.id),
                ("organization_id", "in", organization_ids),
            ],
            ["applicant_id"],
            ["id:max"],
        )
        for applicant, case_id in rows:
            purposes[applicant.id] = Case.browse(case_id).with_env(self.env)
        missing = [partner_id for partner_id in missing if partner_id not in purposes]
        if missing and organization_ids:
            Ticket = self.env["noproof.verification.ticket"].sudo()
            rows = Ticket._read_group(
                [
                    ("applicant_id", "in", missing),
                    ("assisting_organization_id", "in", organization_ids),
                    ("state", "in", PURPOSE_TICKET_STATES),
                ],
                ["applicant_id"],
                ["id:max"],
            )
            for applicant, ticket_id in rows:
                purposes[applicant.id] = Ticket.browse(ticket_id).with_env(self.env)
        return purposes

    def _noproof_id_number_shown(self, document):
        """This applicant's identity number as ``document`` (the case or ticket on the
        screen) shows it to the current user: whole to whoever handles the applicant's
        case or ticket, written to the access log for ``document``; masked to anyone
        else."""
        self.ensure_one()
        applicant = self.sudo()
        if not applicant.noproof_id_number or self.env.su:
            return applicant.noproof_id_number or False
        if self.id not in self._noproof_id_number_purposes():
            return applicant.noproof_id_number_masked
        self._noproof_id_number_revealed({self.id: document}, "read")
        return applicant.noproof_id_number
