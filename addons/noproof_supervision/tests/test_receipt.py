import re

from odoo.addons.noproof_catalog.tests.rpc import NoproofRpcCase
from odoo.tests import tagged

from ..models.noproof_complaint import QUERY_CODE_ALPHABET


@tagged("post_install", "-at_install")
class TestComplaintReceipt(NoproofRpcCase):
    """The receipt (受理回执) of a window or hotline complaint, over the web client's routes, on the demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.civil = cls.env["noproof.organization"].search(
            [("name", "=", "台州市民政局"), ("company_id", "=", cls.taizhou.id)], limit=1
        )
        cls.taizhou.noproof_public_url = "https://0zm.taizhou.example.gov.cn/"

    def register(self, login="tz_supervisor", channel="window"):
        self.sign_in(login)
        return self.call_kw(
            "noproof.complaint",
            "create",
            [
                {
                    "company_id": self.taizhou.id,
                    "channel": channel,
                    "complaint_type": "cancelled_certificate",
                    "target_organization_id": self.civil.id,
                    "description": "窗口要求提供已取消的居住证明",
                    "complainant_name": "张三",
                }
            ],
        )

    def receipt(self, complaint_id):
        return self.url_open(f"/report/html/noproof_supervision.report_complaint_receipt/{complaint_id}")

    def test_window_complaint_gets_a_receipt_with_number_and_query_code(self):
        """Taizhou art. 17: the supervision window registers a complaint at the window or from the 12345 hotline
        and hands the complainant a receipt with the tracking number and the 查询码 to follow it online, at the
        level's public address (not the host of the last request)."""
        for channel in ("window", "hotline"):
            complaint_id = self.register(channel=channel)
            number, code = (
                self.call_kw("noproof.complaint", "read", [[complaint_id], ["name", "query_code"]])[0][key]
                for key in ("name", "query_code")
            )
            self.assertRegex(code, rf"^[{QUERY_CODE_ALPHABET}]{{4}}-[{QUERY_CODE_ALPHABET}]{{4}}$")
            response = self.receipt(complaint_id)
            self.assertEqual(response.status_code, 200)
            self.assertIn("投诉受理回执", response.text)
            self.assertIn(number, response.text)
            self.assertIn(code, response.text)
            self.assertIn("https://0zm.taizhou.example.gov.cn/noproof/complaint/status", response.text)
            self.assertIn("台州规定第十七条", response.text)
            self.assertNotIn("泸州办法", response.text, "a Taizhou receipt quotes only Taizhou's statute")

    def test_the_query_code_opens_the_status_page_as_people_type_it(self):
        """Taizhou art. 17, Luzhou art. 17: the complainant follows the complaint with the number and the 查询码
        of the receipt, typed in lower case or without the dash."""
        complaint = self.env["noproof.complaint"].browse(self.register())
        code = complaint.query_code
        Complaint = self.env["noproof.complaint"]
        for typed in (code, code.lower(), code.replace("-", ""), f" {code[:4]} {code[5:]} "):
            self.assertEqual(Complaint._find_by_query_code(complaint.name, typed), complaint, typed)
        self.assertFalse(Complaint._find_by_query_code(complaint.name, "AAAA-AAAA"))
        self.assertFalse(Complaint._find_by_query_code("TS-unknown", code))

    def test_the_organization_complained_about_never_sees_the_query_code(self):
        """Threat T-pub-code (the organization complained about follows the complainant): its clerk reads the
        complaint but neither its 查询码 nor the receipt that prints it."""
        complaint_id = self.register()
        self.sign_in("np_clerk")
        self.assertTrue(self.call_kw("noproof.complaint", "read", [[complaint_id], ["name"]]))
        self.refused("noproof.complaint", "read", [[complaint_id], ["query_code"]], errors=("AccessError",))
        response = self.receipt(complaint_id)
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(self.env["noproof.complaint"].browse(complaint_id).query_code, response.text)
        self.assertNotIn("张三", response.text)


@tagged("post_install", "-at_install")
class TestEvaluationReportAccess(NoproofRpcCase):
    """The evaluation PDF, printed by the people it is made for, on the demo data."""

    def evaluation(self, company):
        return self.env["noproof.evaluation"].search([("company_id", "=", company.id)], limit=1)

    def pdf_html(self, evaluation):
        return self.url_open(f"/report/html/noproof_supervision.report_noproof_evaluation/{evaluation.id}")

    def test_office_and_supervision_window_print_their_evaluation(self):
        """Taizhou art. 18 ¶2, Luzhou art. 22: the office prints the evaluation of its city and counties, whose
        organizations it does not administer, and the supervision window of the level prints it too."""
        for login, company, statute, other in (
            ("np_office", self.taizhou, "台州规定第八条第三款", "泸州办法"),
            ("lz_office", self.luzhou, "泸州办法第二十条", "台州规定"),
            ("tz_supervisor", self.taizhou, "台州规定第八条第三款", "泸州办法"),
            ("lz_supervisor", self.luzhou, "泸州办法第二十条", "台州规定"),
        ):
            evaluation = self.evaluation(company)
            self.sign_in(login)
            response = self.pdf_html(evaluation)
            self.assertEqual(response.status_code, 200, login)
            self.assertIn(evaluation.name, response.text, login)
            county_lines = evaluation.line_ids.filtered(lambda line, c=company: line.company_id != c)
            self.assertTrue(county_lines, "the demo evaluation covers counties")
            self.assertIn(county_lines[0].company_id.name, response.text, login)
            self.assertEqual(
                len(re.findall("o_noproof_rank", response.text)), len(evaluation.line_ids), f"{login}: every line"
            )
            self.assertIn(statute, response.text, login)
            self.assertNotIn(other, response.text, f"{login}: only the level's own statute")

    def test_an_organization_prints_its_own_line(self):
        """Taizhou art. 18: an organization evaluated reads its own figures, not the other organizations'."""
        evaluation = self.evaluation(self.taizhou)
        self.sign_in("np_clerk")
        response = self.pdf_html(evaluation)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(re.findall("o_noproof_rank", response.text)), 1)
        self.assertIn("台州市民政局", response.text)
        self.assertIn("o_noproof_partial", response.text)

    def test_another_city_cannot_print_it(self):
        """Threat T-eval-leak (another city's figures): an office never prints another city's evaluation."""
        self.sign_in("lz_office")
        response = self.pdf_html(self.evaluation(self.taizhou))
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn("o_noproof_rank", response.text)


@tagged("post_install", "-at_install")
class TestPublicComplaintChoices(NoproofRpcCase):
    """What the public complaint form offers, on the demo data, without logging in."""

    def form(self):
        return self.url_open("/noproof/complaint").text

    def test_counties_are_grouped_under_their_city_in_one_page(self):
        """Taizhou art. 17, Luzhou art. 17: a citizen chooses the city or county concerned in one list, counties
        under their city, and the organizations of every level are in the page, grouped by level, for the
        page to show those of the chosen level without a reload."""
        form = self.form()
        taizhou_group = form.split('<optgroup label="台州市">')[1].split("</optgroup>")[0]
        jiaojiang = self.env.ref("noproof_catalog.company_tz_jiaojiang")
        self.assertIn(f'value="{jiaojiang.id}"', taizhou_group)
        self.assertNotIn("江阳区", taizhou_group)
        self.assertIn(f'data-level="{jiaojiang.id}"', form, "the county's organizations are in the page")
        self.assertIn("/noproof_supervision/static/src/js/complaint_form.js", form)
        self.assertEqual(self.url_open("/noproof_supervision/static/src/js/complaint_form.js").status_code, 200)

    def test_only_published_items_are_offered(self):
        """Taizhou art. 6 ¶1, Luzhou art. 7: the form offers the items on a level's published list only; an item
        that is not on it is neither offered nor recorded."""
        civil = self.env["noproof.organization"].search([("name", "=", "台州市民政局")], limit=1)
        published = self.env["noproof.cancellation.list.line"].search(
            [("list_id.state", "=", "published"), ("list_id.company_id", "=", self.taizhou.id)], limit=1
        )
        hidden = self.env["noproof.service.item"].create(
            {"name": "未公布的测试事项", "code": "TZ-TEST-HIDDEN", "organization_id": civil.id}
        )
        form = self.form()
        # The item choices only: an organization's option may carry the same number as the hidden item.
        items = form.split('name="item_id"')[1].split("</select>")[0]
        self.assertIn(f'value="{published.item_id.id}"', items)
        self.assertNotIn(f'value="{hidden.id}"', items)
        self.assertNotIn("未公布的测试事项", form)
        token = form.split('name="csrf_token" value="')[1].split('"')[0]
        response = self.url_open(
            "/noproof/complaint",
            data={
                "csrf_token": token,
                "level": self.taizhou.id,
                "organization_id": civil.id,
                "item_id": hidden.id,
                "complaint_type": "other",
                "description": "测试",
            },
        )
        self.assertEqual(response.status_code, 200)
        complaint = self.env["noproof.complaint"].search([("channel", "=", "online")], order="id desc", limit=1)
        self.assertEqual((complaint.target_organization_id, complaint.item_id), (civil, hidden.browse()))
