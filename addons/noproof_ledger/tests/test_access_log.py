import contextlib
from unittest.mock import patch

from odoo import Command
from odoo.addons.noproof_catalog.models.res_partner import ResPartner as CatalogResPartner
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import RESIDENT_ID, NoproofLedgerCase


@tagged("post_install", "-at_install")
class TestAccessLog(NoproofLedgerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.li = Partner.create(
            {
                "name": "李娜",
                "noproof_id_type": "resident_id",
                "noproof_id_number": "331003199007212346",
                "company_id": cls.city.id,
            }
        )
        cls.wang = Partner.create(
            {
                "name": "王芳",
                "noproof_id_type": "resident_id",
                "noproof_id_number": "51050219880105345X",
                "company_id": cls.city.id,
            }
        )
        cls.nobody = Partner.create({"name": "No identity"})
        cls.Log = cls.env["noproof.access.log"]

    def logs(self):
        return self.Log.search([("user_id", "in", (self.clerk | self.verifier | self.office | self.manager).ids)])

    def reveal(self, partners, user, purposes=None, access_type="read"):
        """What the catalog does once it has shown whole numbers to ``user``."""
        partners.with_user(user)._noproof_id_number_revealed(purposes or {}, access_type)

    def test_revealed_number_is_logged(self):
        """Taizhou art. 16, Luzhou art. 18: who was shown which applicant's full identity number, and when."""
        self.reveal(self.applicant, self.clerk)
        self.assertRecordValues(
            self.logs(),
            [
                {
                    "user_id": self.clerk.id,
                    "partner_id": self.applicant.id,
                    "partner_name": "张伟",
                    "id_number_masked": "110***********002X",
                    "field_names": "Identity Number",
                    "access_type": "read",
                    "res_model": False,
                    "document_name": False,
                    "company_id": self.city.id,
                }
            ],
        )

    def test_the_purpose_is_the_record_that_granted_the_read(self):
        """The case is the record the granting module names for each applicant, one line per applicant."""
        self.reveal(self.applicant | self.li, self.verifier, {self.applicant.id: self.item})
        self.assertRecordValues(
            self.logs().sorted(lambda log: log.partner_id.id),
            [
                {
                    "partner_id": self.applicant.id,
                    "res_model": "noproof.service.item",
                    "res_id": self.item.id,
                    "document_name": self.item.display_name,
                    "has_case": True,
                },
                {"partner_id": self.li.id, "res_model": False, "res_id": 0, "document_name": False, "has_case": False},
            ],
        )

    def test_a_purpose_cannot_be_claimed_through_the_context(self):
        """Threat (purpose by context): a user claims a case in the context to hide a read without one."""
        partner = self.applicant.with_context(
            noproof_access_model="noproof.service.item", noproof_access_res_id=self.item.id
        )
        self.reveal(partner, self.clerk)
        self.assertRecordValues(self.logs(), [{"res_model": False, "document_name": False, "has_case": False}])

    def test_each_way_of_reading_is_logged_by_its_kind(self):
        """Reads, exports, searches by number and print-outs are told apart; applicants without
        a number leave no line."""
        for access_type in ("read", "export", "search", "print"):
            self.reveal(self.applicant | self.nobody, self.clerk, access_type=access_type)
        self.assertEqual(sorted(self.logs().mapped("access_type")), ["export", "print", "read", "search"])
        self.assertEqual(self.logs().partner_id, self.applicant)

    def test_line_is_filed_under_the_applicants_level(self):
        """Issue 11 ¶2: the line goes to the applicant's level, so that that level's office reads it,
        and no other city's office does."""
        self.li.company_id = self.county
        self.wang.company_id = self.other_city
        self.reveal(self.li, self.clerk)
        self.reveal(self.wang, self.other_clerk)
        log_li = self.Log.search([("partner_id", "=", self.li.id)])
        log_wang = self.Log.search([("partner_id", "=", self.wang.id)])
        self.assertEqual(log_li.company_id, self.county)
        self.assertEqual(log_wang.company_id, self.other_city)
        county_office = new_test_user(
            self.env,
            login="t_county_office_log",
            groups="noproof_catalog.group_office",
            company_id=self.county.id,
            company_ids=[Command.set(self.county.ids)],
        )
        self.assertEqual(self.Log.with_user(county_office).search([]), log_li)
        self.assertIn(log_li, self.Log.with_user(self.office).search([]))
        self.assertNotIn(log_wang, self.Log.with_user(self.office).search([]))

    def test_applicant_with_a_log_is_neither_deleted_nor_merged(self):
        """Threat (erasing the trail): deleting or merging an applicant would rewrite the access log."""
        self.reveal(self.li, self.clerk)
        with self.assertRaisesRegex(UserError, "Archive the contact instead"):
            self.li.unlink()
        wizard = self.env["base.partner.merge.automatic.wizard"].create({})
        with self.assertRaisesRegex(UserError, "cannot be merged.*Nothing was merged"):
            wizard._merge((self.li | self.wang).ids, self.wang)
        self.assertTrue(self.li.exists())
        self.assertEqual(self.logs().partner_id, self.li)
        # Contacts of no record merge as before.
        wizard._merge((self.nobody | self.wang).ids, self.wang)
        self.assertFalse(self.nobody.exists())

    def test_the_ledger_does_not_intercept_reads_itself(self):
        """No double logging: reads and exports are intercepted by the catalog alone (which masks the
        number of an applicant the user has no purpose for, and then calls the hook); the ledger adds
        no line of its own."""
        self.clerk.groups_id |= self.env.ref("base.group_allow_export")
        partners = (self.applicant | self.li).with_user(self.clerk)
        partners.read(["noproof_id_number"])
        # The catalog refuses to export whole numbers without a purpose.
        with contextlib.suppress(AccessError):
            partners.export_data(["name", "noproof_id_number"])
        self.assertFalse(self.logs())

    def test_a_read_the_catalog_grants_is_logged_once_with_its_purpose(self):
        """Threat (reading numbers unlogged): a read of a whole number that the catalog grants for a
        record leaves exactly one line, naming that record."""
        Partner = type(self.env["res.partner"])
        item = self.item
        applicant = self.applicant

        def purposes(partners):
            return {partner.id: item for partner in partners if partner == applicant}

        with patch.object(Partner, "_noproof_id_number_purposes", purposes, create=True):
            values = self.applicant.with_user(self.clerk).read(["noproof_id_number"])
            self.li.with_user(self.clerk).read(["noproof_id_number"])
        self.assertEqual(values[0]["noproof_id_number"], RESIDENT_ID)
        if "_read_format" not in vars(CatalogResPartner):
            # Until the catalog intercepts reads, nothing logs them (the ledger no longer does).
            self.assertFalse(self.logs())
            return
        self.assertRecordValues(
            self.logs(), [{"partner_id": self.applicant.id, "access_type": "read", "res_model": item._name}]
        )

    def test_unusual_access_report(self):
        """A user who reads more applicants' numbers in one day without a case than the level's
        threshold is reported; reads for a case do not count."""
        self.env["res.config.settings"].with_company(self.city).create(
            {"noproof_unusual_access_threshold": 2}
        ).execute()
        self.assertEqual(self.city.noproof_unusual_access_threshold, 2)
        Report = self.env["noproof.access.log.report"].with_user(self.office)
        for partner in (self.applicant, self.li):
            self.reveal(partner, self.clerk)
        self.reveal(self.wang, self.clerk, {self.wang.id: self.item})
        self.env.flush_all()
        line = Report.search([("user_id", "=", self.clerk.id)])
        self.assertRecordValues(
            line,
            [{"read_count": 3, "partner_count": 3, "partners_without_case": 2, "threshold": 2, "is_unusual": False}],
        )
        self.reveal(self.wang, self.clerk)
        self.env.flush_all()
        self.env.invalidate_all()
        line = Report.search([("user_id", "=", self.clerk.id)])
        self.assertRecordValues(line, [{"partners_without_case": 3, "is_unusual": True}])
        self.assertIn(line, Report.search([("is_unusual", "=", True)]))
        action = line.action_view_logs()
        self.assertEqual(self.Log.search(action["domain"]), self.logs())

    def test_only_the_office_reads_the_log_and_nobody_changes_it(self):
        self.reveal(self.applicant, self.clerk)
        log = self.logs()
        self.assertEqual(self.Log.with_user(self.office).search([("id", "=", log.id)]), log)
        for user in (self.clerk, self.verifier):
            with self.assertRaises(AccessError):
                self.Log.with_user(user).search([])
        county_office = new_test_user(
            self.env,
            login="t_county_office",
            groups="noproof_catalog.group_office",
            company_id=self.county.id,
            company_ids=[Command.set(self.county.ids)],
        )
        self.assertFalse(self.Log.with_user(county_office).search([("id", "=", log.id)]))
        for env in (self.env, self.env(user=self.office)):
            with self.assertRaises(UserError):
                log.with_env(env).write({"partner_name": "Someone else"})
            with self.assertRaises(UserError):
                log.with_env(env).unlink()
        self.assertEqual(log.partner_name, "张伟")
