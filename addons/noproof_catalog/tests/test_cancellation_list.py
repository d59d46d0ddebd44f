from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import NoproofCatalogCase


@tagged("post_install", "-at_install")
class TestCancellationList(NoproofCatalogCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule_shared = cls.make_rule()
        cls.rule_assist = cls.make_rule(
            certificate=cls.cert_kinship,
            disposition="assistance",
            assisting_organization_id=cls.police.id,
            alternative_method="Ticket to the police",
        )
        cls.rule_draft = cls.make_rule(certificate=cls.cert_income, disposition="commitment")
        (cls.rule_shared | cls.rule_assist).action_activate()
        cls.make_rule(item=cls.county_item).action_activate()

    def new_list(self, company=None):
        return self.env["noproof.cancellation.list"].create(
            {"name": "City List", "company_id": (company or self.city).id}
        )

    def test_publish_freezes_a_snapshot_of_live_rules(self):
        """Taizhou art. 6 ¶1, Luzhou art. 7: the level's list is compiled from its rules and published."""
        lst = self.new_list()
        lst.action_publish()
        self.assertEqual(lst.state, "published")
        self.assertEqual(lst.version, 1)
        self.assertTrue(lst.date_published)
        self.assertEqual(lst.line_ids.rule_id, self.rule_shared | self.rule_assist, "drafts and other levels stay out")
        line = lst.line_ids.filtered(lambda line: line.rule_id == self.rule_assist)
        self.assertRecordValues(
            line,
            [
                {
                    "item_name": "Minimum Living Allowance",
                    "item_code": "MZ-001",
                    "certificate_name": "Kinship Certificate",
                    "disposition": "assistance",
                    "alternative_method": "Ticket to the police",
                    "legal_basis": "Social Assistance Measures Art. 11",
                    "assisting_organization_name": "City Police",
                    "organization_name": "City Civil Affairs",
                }
            ],
        )
        self.assertEqual((lst.line_count, lst.replaced_count, lst.cancelled_count, lst.retained_count), (2, 2, 0, 0))

    def test_snapshot_does_not_follow_later_changes(self):
        """Luzhou art. 7: the published list is the public promise, whatever happens to the catalog later."""
        lst = self.new_list()
        lst.action_publish()
        self.item.name = "Renamed Item"
        self.cert_kinship.name = "Renamed Certificate"
        self.assertEqual(set(lst.line_ids.mapped("item_name")), {"Minimum Living Allowance"})
        self.assertIn("Kinship Certificate", lst.line_ids.mapped("certificate_name"))

    def test_published_version_is_frozen(self):
        """Taizhou art. 6: a published list cannot be edited or deleted."""
        lst = self.new_list()
        lst.action_publish()
        with self.assertRaisesRegex(UserError, "frozen"):
            lst.name = "Changed"
        with self.assertRaisesRegex(UserError, "frozen"):
            lst.line_ids[0].alternative_method = "Bring the certificate"
        with self.assertRaisesRegex(UserError, "frozen"):
            lst.line_ids[0].unlink()
        with self.assertRaisesRegex(UserError, "frozen"):
            self.env["noproof.cancellation.list.line"].create({"list_id": lst.id, "item_name": "Sneaked in"})
        with self.assertRaisesRegex(UserError, "frozen"):
            lst.unlink()
        with self.assertRaisesRegex(UserError, "frozen"):
            lst.action_refresh_lines()
        with self.assertRaises(UserError):
            lst.action_publish()
        self.assertEqual(lst.name, "City List")
        self.assertEqual(len(lst.line_ids), 2)

    def test_new_version_supersedes_the_previous(self):
        """Taizhou art. 6 ¶2: after publication the list changes only by a new version."""
        first = self.new_list()
        first.action_publish()
        action = first.action_new_version()
        second = self.env["noproof.cancellation.list"].browse(action["res_id"])
        self.assertEqual((second.state, second.version), ("draft", 2))
        # Cancelling one more certificate needs no approval (adding one does: see the change requests).
        self.rule_draft.write({"disposition": "cancelled", "legal_basis_id": False, "alternative_method": False})
        self.rule_draft.action_activate()
        second.action_publish()
        self.assertEqual(first.state, "superseded")
        self.assertEqual(first.superseded_by_id, second)
        self.assertEqual(len(first.line_ids), 2, "the superseded version keeps its lines")
        self.assertEqual(len(second.line_ids), 3)
        published = self.env["noproof.cancellation.list"].search(
            [("company_id", "=", self.city.id), ("state", "=", "published")]
        )
        self.assertEqual(published, second)

    def test_one_published_version_per_level(self):
        first = self.new_list()
        first.action_publish()
        second = self.new_list()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            second._workflow().write({"state": "published"})
            second.flush_recordset()
        county_list = self.new_list(self.county)
        county_list.action_publish()
        self.assertEqual(first.state, "published", "a county's list does not supersede its city's")
        self.assertEqual(county_list.line_ids.item_id, self.county_item)

    def test_empty_list_cannot_be_published(self):
        lst = self.new_list(self.other_city)
        with self.assertRaisesRegex(UserError, "no lines"):
            lst.action_publish()
        self.assertEqual(lst.state, "draft")

    def test_draft_can_be_refreshed_and_deleted(self):
        lst = self.new_list()
        lst.action_refresh_lines()
        self.assertEqual(len(lst.line_ids), 2)
        self.rule_draft.action_activate()
        lst.action_refresh_lines()
        self.assertEqual(len(lst.line_ids), 3)
        lst.unlink()
        self.assertFalse(lst.exists())
