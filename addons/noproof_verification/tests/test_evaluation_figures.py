"""An enterprise's instance sends its figures of a month to its supervising authority's instance (issue 14),
inside one server: this instance is its own peer and represents the Financial Office, which supervises a
water works working here. The sender lives in noproof_verification: an enterprise may run only it."""

import json

from odoo import Command
from odoo.addons.noproof_catalog.tests.exchange_common import ExchangeCase
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models.noproof_ticket_figures import PERIOD_FIGURES
from .common import VerificationFixture


@tagged("post_install", "-at_install")
class TestEvaluationFiguresSent(VerificationFixture, ExchangeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_fixture()
        cls.peer = cls.onboard_self(cls, organizations=cls.bank, company=cls.city)

    def test_enterprise_sends_its_figures_to_its_authority(self):
        """Taizhou art. 21, Luzhou art. 24: an instance sends the month's figures of the organizations working
        on it to the instance of the authority that supervises them (here the peer represents the Financial
        Office), by the monthly scheduled action or the peer's button; organizations supervised by no
        represented authority stay out."""
        self.peer.organization_ids = [Command.link(self.finance.id)]
        water = self.env["noproof.organization"].create(
            {
                "name": "Water Works",
                "company_id": self.city.id,
                "kind": "water",
                "supervising_authority_id": self.finance.id,
            }
        )
        item = self.env["noproof.service.item"].create(
            {
                "name": "Water Connection",
                "code": "T-W-1",
                "company_id": self.city.id,
                "organization_id": water.id,
                "handling_type": "immediate",
            }
        )
        self.make_rule(item, self.cert_household, "cancelled")
        Figures = self.env["noproof.ticket.figures"]
        self.assertEqual(self.env["noproof.exchange.peer"]._noproof_supervising_peers(self.city), self.peer)
        messages = Figures._noproof_send_evaluation_figures(self.city, 2026, 3)
        payload = json.loads(messages.payload)
        self.assertEqual((payload["year"], payload["month"]), (2026, 3))
        sent = {organization["name"]: organization["figures"] for organization in payload["organizations"]}
        self.assertEqual(set(sent), {water.name}, "the bank and the finance office are represented by the peer")
        self.assertEqual(set(sent[water.name]), set(PERIOD_FIGURES))
        self.assertEqual(sent[water.name]["cancelled_count"], 1)
        # The button sends last month's, the scheduled action too.
        self.peer.with_user(self.manager).action_send_evaluation_figures()
        year, month = Figures._noproof_last_month()
        Figures._cron_send_evaluation_figures()
        sent = self.Message.sudo().search(
            [("message_type", "=", "noproof.evaluation.figures"), ("id", "not in", messages.ids)]
        )
        self.assertEqual(len(sent), 2)
        periods = {(json.loads(message.payload)["year"], json.loads(message.payload)["month"]) for message in sent}
        self.assertEqual(periods, {(year, month)})
        with self.assertRaisesRegex(UserError, "does not represent a supervising authority"):
            self.peer.organization_ids = [Command.unlink(self.finance.id)]
            self.peer.with_user(self.manager).action_send_evaluation_figures()

    def test_cron_skips_a_peer_that_does_not_take_figures(self):
        """A supervising authority's instance that does not take figures from this one gets none; the
        scheduled action goes on with the others instead of failing."""
        self.peer.organization_ids = [Command.link(self.finance.id)]
        self.env["noproof.organization"].create(
            {
                "name": "Water Works",
                "company_id": self.city.id,
                "kind": "water",
                "supervising_authority_id": self.finance.id,
            }
        )
        kind = self.env.ref("noproof_verification.message_type_evaluation_figures")
        self.peer.send_type_ids = [Command.unlink(kind.id)]
        self.env["noproof.ticket.figures"]._cron_send_evaluation_figures()
        self.assertFalse(self.Message.sudo().search_count([("message_type", "=", kind.code)]))
        with self.assertRaisesRegex(UserError, "does not take"):
            self.peer.with_user(self.manager).action_send_evaluation_figures()
