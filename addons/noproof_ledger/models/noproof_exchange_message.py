import json

from odoo import _, models


class NoproofExchangeMessage(models.Model):
    """Every message exchanged with another instance, with its receipt (or the
    peer's refusal), is kept in the ledger's chain of the level, as X-Road's
    message log keeps them: the envelope and the receipt are the entry's file."""

    _inherit = "noproof.exchange.message"

    def _noproof_exchange_logged(self):
        super()._noproof_exchange_logged()
        directions = dict(self._fields["direction"]._description_selection(self.env))
        states = dict(self._fields["state"]._description_selection(self.env))
        records = []
        for message in self.sudo():
            log = {
                "envelope": json.loads(message.envelope) if message.envelope else None,
                "receipt": json.loads(message.receipt) if message.receipt else None,
            }
            records.append(
                {
                    "entry_type": "exchange_message",
                    "company": message.company_id,
                    "reason": _(
                        "%(direction)s %(type)s %(id)s: %(state)s",
                        direction=directions[message.direction],
                        type=message.message_type,
                        id=message.uuid,
                        state=states[message.state],
                    ),
                    "document": message,
                    "attachments": [
                        (f"{message.uuid}-{message.direction}.json", json.dumps(log, sort_keys=True).encode())
                    ],
                    "counterparty": message.peer_id.name,
                    "result": message.content_hash,
                }
            )
        # One lock of the level's chain and one INSERT for all the messages logged together.
        self.env["noproof.ledger.entry"].sudo()._record_many(records)
