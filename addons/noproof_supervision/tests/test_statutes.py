"""Statute provisions carried by supervision (issue 12); each test names its article."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from ..models.noproof_complaint import COMPLAINT_TYPES
from ..wizard.noproof_complaint_import import TYPE_ALIASES
from .common import NoproofSupervisionCase


@tagged("post_install", "-at_install")
class TestSupervisionStatutes(NoproofSupervisionCase):
    def test_refusal_because_cancelled_is_a_complaint_type(self):
        """Luzhou art. 16 ¶1: refusing a certificate needed outside the city "because certificates were cancelled"
        is a complaint type of its own, beside the others, also from the 12345 hotline import."""
        self.assertIn("refused_cancelled", dict(COMPLAINT_TYPES))
        self.assertIn("cancelled_certificate", dict(COMPLAINT_TYPES), "the existing types stay")
        self.assertEqual(TYPE_ALIASES["以证明已取消为由拒绝开具"], "refused_cancelled")
        complaint = self.complaint(complaint_type="refused_cancelled")
        self.assertEqual(complaint.complaint_type, "refused_cancelled")

    def test_overview_shows_lapsing_legal_bases(self):
        """Luzhou art. 25: the overview warns of legal bases whose validity period ends within the level's warning
        days (a level setting) or ended while the level's programme still rests on them."""
        today = fields.Date.context_today(self.env["noproof.legal.basis"])
        Basis = self.env["noproof.legal.basis"]
        soon = Basis.create(
            {
                "name": "Provisional Measures",
                "level": "normative_document",
                "date_effective": "2020-01-18",
                "date_expiry": today + timedelta(days=20),
                "company_id": self.city.id,
            }
        )
        lapsed_regulation = Basis.create(
            {
                "name": "Expired Programme Regulation",
                "level": "normative_document",
                "date_effective": "2020-01-18",
                "date_expiry": "2022-01-17",
                "company_id": self.city.id,
            }
        )
        Basis.create(
            {
                "name": "Long Valid Regulation",
                "level": "normative_document",
                "date_effective": "2020-01-18",
                "date_expiry": today + timedelta(days=400),
                "company_id": self.city.id,
            }
        )
        self.city.write(
            {
                "noproof_regulation_id": lapsed_regulation.id,
                "noproof_lapse_warning_days": 30,
                "noproof_statute": "luzhou",
            }
        )

        def card():
            cards = self.env["noproof.complaint"].with_user(self.office).noproof_overview()
            found = next(card for card in cards if card["key"] == "legal_bases_lapsing")
            return found, Basis.with_user(self.office).search(found["domain"])

        found, bases = card()
        self.assertTrue(found["alert"])
        self.assertIn("Luzhou art. 25", found["help"])
        self.assertEqual(bases.filtered(lambda b: b.company_id == self.city), soon | lapsed_regulation)
        self.city.noproof_lapse_warning_days = 10
        found, bases = card()
        self.assertNotIn(soon, bases, "outside the level's warning window")
