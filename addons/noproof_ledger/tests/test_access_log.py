from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import NoproofLedgerCase


@tagged("post_install", "-at_install")
class TestAccessLog(NoproofLedgerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.li = Partner.create(
            {"name": "李娜", "noproof_id_type": "resident_id", "noproof_id_number": "331003199007212346"}
        )
        cls.wang = Partner.create(
            {"name": "王芳", "noproof_id_type": "resident_id", "noproof_id_number": "51050219880105345X"}
        )
        cls.nobody = Partner.create({"name": "No identity"})
        cls.Log = cls.env["noproof.access.log"]

    def logs(self):
        return self.Log.search([("user_id", "in", (self.clerk | self.verifier | self.office | self.manager).ids)])

    def test_reading_the_unmasked_number_is_logged(self):
        """Taizhou art. 16, Luzhou art. 18: who read which applicant's full identity number, and when."""
        values = self.applicant.with_user(self.clerk).read(["name", "noproof_id_number"])
        self.assertEqual(values[0]["noproof_id_number"], "11010519491231002X")
        log = self.logs()
        self.assertRecordValues(
            log,
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

    def test_opening_the_applicant_form_from_a_case_logs_the_case(self):
        """The case is taken from the context the case form passes to the applicant it opens."""
        partner = self.applicant.with_user(self.verifier).with_context(
            noproof_access_model="noproof.service.item", noproof_access_res_id=self.item.id
        )
        partner.web_read({"display_name": {}, "noproof_id_number": {}})
        self.assertRecordValues(
            self.logs(),
            [
                {
                    "user_id": self.verifier.id,
                    "res_model": "noproof.service.item",
                    "res_id": self.item.id,
                    "document_name": self.item.display_name,
                }
            ],
        )

    def test_reads_without_the_unmasked_number_are_not_logged(self):
        """Only an actual read of the unmasked number is logged: not the masked one, not a search by it,
        not an applicant without a number, not the server's own reads."""
        partners = (self.applicant | self.li | self.wang).with_user(self.clerk)
        partners.read(["name", "noproof_id_number_masked"])
        partners.web_read({"name": {}, "noproof_id_number_masked": {}})
        self.env["res.partner"].with_user(self.clerk).search_read(
            [("noproof_id_number", "=", "11010519491231002X")], ["name", "noproof_id_number_masked"]
        )
        self.env["res.partner"].with_user(self.clerk).web_search_read(
            [("id", "in", partners.ids)], {"name": {}, "noproof_id_number_masked": {}}
        )
        self.nobody.with_user(self.clerk).read(["noproof_id_number"])
        self.assertEqual(self.applicant.sudo().noproof_id_number, "11010519491231002X")
        self.applicant.sudo().read(["noproof_id_number"])
        self.assertFalse(self.logs())
        # …and a list that does show the number logs one line per applicant whose number it shows.
        self.env["res.partner"].with_user(self.clerk).search_read(
            [("id", "in", (partners | self.nobody).ids)], ["name", "noproof_id_number"]
        )
        self.assertEqual(self.logs().partner_id, partners)

    def test_user_who_sees_masked_numbers_only_is_not_logged(self):
        employee = new_test_user(self.env, login="t_plain", groups="base.group_user")
        values = self.applicant.with_user(employee).read()
        self.assertNotIn("noproof_id_number", values[0])
        self.assertEqual(values[0]["noproof_id_number_masked"], "110***********002X")
        with self.assertRaises(AccessError):
            self.applicant.with_user(employee).read(["noproof_id_number"])
        self.assertFalse(self.Log.search([("user_id", "=", employee.id)]))

    def test_export_of_the_number_is_logged(self):
        self.clerk.groups_id |= self.env.ref("base.group_allow_export")
        partners = (self.applicant | self.nobody).with_user(self.clerk)
        partners.export_data(["name"])
        self.assertFalse(self.logs())
        partners.export_data(["name", "noproof_id_number"])
        self.assertRecordValues(self.logs(), [{"partner_id": self.applicant.id, "access_type": "export"}])

    def test_unusual_access_report(self):
        """A user who reads more applicants' numbers in one day without a case than the level's
        threshold is reported; reads for a case do not count."""
        self.env["res.config.settings"].with_company(self.city).create(
            {"noproof_unusual_access_threshold": 2}
        ).execute()
        self.assertEqual(self.city.noproof_unusual_access_threshold, 2)
        Report = self.env["noproof.access.log.report"].with_user(self.office)
        for partner in (self.applicant, self.li):
            partner.with_user(self.clerk).read(["noproof_id_number"])
        self.wang.with_user(self.clerk).with_context(
            noproof_access_model="noproof.service.item", noproof_access_res_id=self.item.id
        ).read(["noproof_id_number"])
        self.env.flush_all()
        line = Report.search([("user_id", "=", self.clerk.id)])
        self.assertRecordValues(
            line,
            [{"read_count": 3, "partner_count": 3, "partners_without_case": 2, "threshold": 2, "is_unusual": False}],
        )
        self.wang.with_user(self.clerk).read(["noproof_id_number"])
        self.env.flush_all()
        self.env.invalidate_all()
        line = Report.search([("user_id", "=", self.clerk.id)])
        self.assertRecordValues(line, [{"partners_without_case": 3, "is_unusual": True}])
        self.assertIn(line, Report.search([("is_unusual", "=", True)]))
        action = line.action_view_logs()
        self.assertEqual(self.Log.search(action["domain"]), self.logs())

    def test_only_the_office_reads_the_log_and_nobody_changes_it(self):
        self.applicant.with_user(self.clerk).read(["noproof_id_number"])
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
