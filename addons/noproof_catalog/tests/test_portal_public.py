from odoo.tests import tagged

from .rpc import NoproofRpcCase


@tagged("post_install", "-at_install")
class TestPublicPagesForCitizens(NoproofRpcCase):
    """The public pages a citizen reads without logging in, on the demo data of both cities."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        List = cls.env["noproof.cancellation.list"]
        cls.tz_list = List.search([("company_id", "=", cls.taizhou.id), ("state", "=", "published")], limit=1)
        cls.lz_list = List.search([("company_id", "=", cls.luzhou.id), ("state", "=", "published")], limit=1)
        cls.tz_item = cls.tz_list.line_ids.filtered("item_id")[:1].item_id

    def page(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return response.text

    def test_each_level_quotes_only_its_own_statute(self):
        """Taizhou art. 6 ¶1, Luzhou art. 7: a level's public list and guides quote the statute that level runs,
        never both cities' articles."""
        tz_pages = [
            f"/noproof/level/{self.taizhou.id}",
            f"/noproof/list/{self.tz_list.id}",
            f"/noproof/item/{self.tz_item.id}/guide",
        ]
        for url in tz_pages:
            text = self.page(url)
            self.assertIn("台州规定第六条", text, url)
            self.assertNotIn("泸州办法", text, url)
        for url in (f"/noproof/level/{self.luzhou.id}", f"/noproof/list/{self.lz_list.id}"):
            text = self.page(url)
            self.assertIn("泸州办法第七条", text, url)
            self.assertNotIn("台州规定", text, url)

    def test_pages_have_titles_and_fit_a_phone(self):
        """Every public page has its own title in Chinese (not "Odoo"), a phone-sized viewport and the stylesheet
        that lays tables out as cards on a narrow screen."""
        for url, title in (
            ("/noproof", "已公布的证明材料取消清单"),
            (f"/noproof/list/{self.tz_list.id}", self.tz_list.name),
            (f"/noproof/item/{self.tz_item.id}/guide", self.tz_item.name),
            ("/noproof/complaint", "我要投诉"),
        ):
            text = self.page(url)
            self.assertIn(f"<title>{title} · 无证明城市</title>", text, url)
            self.assertIn('name="viewport" content="width=device-width, initial-scale=1"', text, url)
            self.assertIn("/noproof_catalog/static/src/css/portal.css", text, url)
        self.assertIn("o_noproof_stack", self.page(f"/noproof/list/{self.tz_list.id}"))
        self.assertEqual(self.url_open("/noproof_catalog/static/src/css/portal.css").status_code, 200)

    def test_guide_tells_where_when_and_on_what_conditions(self):
        """Luzhou art. 7: the service guide tells the applicant the conditions of the item and where, when and at
        which number the handling organization receives them."""
        self.tz_item.conditions = "本市户籍居民，家庭人均收入低于当地最低生活保障标准。"
        self.tz_item.organization_id.write(
            {
                "address": "台州市市府大道100号行政服务中心2楼",
                "office_hours": "周一至周五 8:30–12:00, 14:30–17:30",
                "phone": "0576-88888888",
            }
        )
        text = self.page(f"/noproof/item/{self.tz_item.id}/guide")
        for expected in (
            "申办条件",
            "本市户籍居民",
            "办理地点",
            "市府大道100号",
            "办公时间",
            "8:30–12:00",
            "咨询电话",
            'href="tel:0576-88888888"',
        ):
            self.assertIn(expected, text)
