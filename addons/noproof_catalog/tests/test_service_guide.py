import io
import unicodedata

from pdfminer.high_level import extract_text

from odoo.tests import tagged

from .test_portal import PortalCase


@tagged("post_install", "-at_install")
class TestServiceGuide(PortalCase):
    def guide(self, item):
        return self.env["report.noproof_catalog.report_service_guide"]._guide(item)

    def test_guide_asks_for_no_more_than_the_published_list(self):
        """Luzhou art. 7: no guide may set a certificate that the published list does not; the guide lists what
        the applicant still brings and how every other certificate is replaced, from the list itself."""
        guide = self.guide(self.item_zh)
        self.assertEqual(guide["list"], self.city_list_v2)
        self.assertEqual([line["certificate_name"] for line in guide["bring"]], ["无犯罪记录证明"])
        self.assertEqual([line["certificate_name"] for line in guide["replaced"]], ["户籍证明"])
        self.assertEqual(guide["replaced"][0]["alternative_method"], "通过公安人口信息库共享核验户籍信息")
        # A rule that takes effect after publication without an approved change request does not reach the guide.
        sneaked = self.make_rule(
            item=self.item_zh, certificate=self.cert_income, disposition="retained", alternative_method=False
        )
        sneaked._workflow().action_activate()
        guide = self.guide(self.item_zh)
        listed = {line["certificate_name"] for line in self.city_list_v2.line_ids if line.item_id == self.item_zh}
        brought = {line["certificate_name"] for line in guide["bring"]}
        self.assertNotIn("Income Certificate", brought)
        self.assertLessEqual(brought | {line["certificate_name"] for line in guide["replaced"]}, listed)

    def test_guide_shows_stopped_certificates_as_not_to_bring(self):
        """Taizhou art. 6 ¶3: a certificate whose basis lapsed is no longer asked for."""
        self.law.date_repealed = "2024-03-01"
        self.env["noproof.certificate.rule"]._cron_suspend_on_lapsed_basis()
        guide = self.guide(self.item_zh)
        self.assertEqual(sorted(line["certificate_name"] for line in guide["stopped"]), ["户籍证明", "无犯罪记录证明"])
        self.assertFalse(guide["bring"], "a retained certificate on a repealed basis is not asked for any more")
        self.assertFalse(guide["replaced"])

    def test_item_without_published_lines_has_no_guide(self):
        item = self.env["noproof.service.item"].create(
            {"name": "未公布事项", "organization_id": self.civil.id, "company_id": self.city.id}
        )
        self.assertFalse(self.guide(item)["list"])
        self.assertEqual(self.url_open(f"/noproof/item/{item.id}/guide").status_code, 404)

    def test_pdf_guide(self):
        """Luzhou art. 7: the printed guide names exactly the certificates of the list, in Chinese."""
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("noproof_catalog.action_report_service_guide", self.item_zh.ids)
        )
        self.assertEqual(report_type, "pdf")
        # Fonts map some ideographs to their Kangxi radicals; compare the normalized text.
        text = unicodedata.normalize("NFKC", extract_text(io.BytesIO(pdf)))
        for expected in ("最低生活保障申请", "无犯罪记录证明", "户籍证明", "通过公安人口信息库共享核验户籍信息"):
            self.assertIn(expected, text)
        self.assertNotIn("Income Certificate", text)

    def test_public_guide_page_and_pdf(self):
        """Luzhou art. 7: anyone can read and print an item's guide without logging in."""
        page = self.url_open(f"/noproof/item/{self.item_zh.id}/guide")
        self.assertEqual(page.status_code, 200)
        self.assertIn("无犯罪记录证明", page.text)
        self.assertIn(f"/noproof/item/{self.item_zh.id}/guide.pdf", page.text)
        # While Odoo runs tests it renders reports as HTML; test_pdf_guide checks the real PDF.
        printed = self.url_open(f"/noproof/item/{self.item_zh.id}/guide.pdf")
        self.assertEqual(printed.status_code, 200)
        self.assertIn("户籍证明", printed.text)
        self.assertIn("无犯罪记录证明", printed.text)

    def test_demo_guide_says_where_when_and_on_what_conditions(self):
        """The demo city's public guide of 最低生活保障申请 tells the applicant the conditions, where to apply, the
        office hours and whom to call, as the item and its organization record them."""
        item = self.env.ref("noproof_catalog.item_tz_minimum_living")
        page = self.url_open(f"/noproof/item/{item.id}/guide")
        self.assertEqual(page.status_code, 200)
        for expected in (item.conditions, "台州市行政服务中心", "8:30–12:00", item.organization_id.phone):
            self.assertTrue(expected)
            self.assertIn(expected, page.text)

    def test_guide_pdf_rendered_once_a_day(self):
        """Threat T7e (denial of service on public pages): a guide's PDF is kept with its frozen list version
        and served again from there, one copy per item, language and day."""
        from ..controllers.portal import NoproofPortal  # noqa: PLC0415

        portal = NoproofPortal()
        env = self.env(context=dict(self.env.context, lang="zh_CN"))
        item, lst = self.item_zh.with_env(env), self.city_list_v2.with_env(env)
        self.assertIsNone(portal._cached_guide_pdf(env, item, lst))
        portal._cache_guide_pdf(env, item, lst, b"%PDF-1.4 first")
        self.assertEqual(portal._cached_guide_pdf(env, item, lst), b"%PDF-1.4 first")
        portal._cache_guide_pdf(env, item, lst, b"%PDF-1.4 second")
        self.assertEqual(portal._cached_guide_pdf(env, item, lst), b"%PDF-1.4 second")
        copies = self.env["ir.attachment"].search([("res_model", "=", lst._name), ("res_id", "=", lst.id)])
        self.assertEqual(len(copies.filtered(lambda a: a.name.startswith(f"noproof-guide-{item.id}-"))), 1)
