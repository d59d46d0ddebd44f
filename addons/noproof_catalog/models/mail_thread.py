from odoo import models


class MailThread(models.AbstractModel):
    """Staff work without an e-mail address (issue 16): a clerk or verifier created without one sends tickets,
    answers them and acts on every No-Proof City record through Odoo's internal messaging. Where mail is
    configured, what leaves by e-mail is sent from the level's address; a message needing a real sender
    elsewhere still says so."""

    _inherit = "mail.thread"

    def _message_compute_author(self, author_id=None, email_from=None, raise_on_email=True):
        if not self._name.startswith("noproof."):
            return super()._message_compute_author(author_id, email_from, raise_on_email)
        author_id, email_from = super()._message_compute_author(author_id, email_from, raise_on_email=False)
        if not email_from:
            email_from = self._noproof_system_sender()
        return author_id, email_from

    def _noproof_system_sender(self):
        """The e-mail address (formatted) of the record's level, else of the user's, or ``False``: the message
        then stays inside Odoo."""
        company = self[:1].sudo().company_id if "company_id" in self._fields else None
        return (company or self.env.company).email_formatted or False
