import csv
import io

from odoo.tests import HttpCase, tagged

from ..controllers.portal import EXPORT_COLUMNS, JSON_SCHEMA, PAGE_SIZE
from .test_change_request import ChangeControlCase


class PortalCase(HttpCase, ChangeControlCase):
    """The common change-control catalog plus a Chinese service item; the city has
    published two versions of its list."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Cert = cls.env["noproof.certificate"]
        cls.cert_zh_household = Cert.create({"name": "户籍证明", "category": "identity"})
        cls.cert_zh_no_crime = Cert.create({"name": "无犯罪记录证明", "category": "conduct"})
        cls.item_zh = cls.env["noproof.service.item"].create(
            {
                "name": "最低生活保障申请",
                "code": "TZ-MZ-001",
                "company_id": cls.city.id,
                "organization_id": cls.civil.id,
            }
        )
        cls.rule_zh_household = cls.make_rule(
            item=cls.item_zh, certificate=cls.cert_zh_household, alternative_method="通过公安人口信息库共享核验户籍信息"
        )
        cls.rule_zh_no_crime = cls.make_rule(
            item=cls.item_zh, certificate=cls.cert_zh_no_crime, disposition="retained", alternative_method=False
        )
        # As an approved change request would (its own tests cover that path).
        (cls.rule_zh_household | cls.rule_zh_no_crime)._workflow().action_activate()
        cls.city_list_v2 = cls.city_list._publish_amendment()


@tagged("post_install", "-at_install")
class TestPortal(PortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.draft = cls.env["noproof.cancellation.list"].create({"name": "City Draft", "company_id": cls.city.id})

    def get(self, url, status=200):
        response = self.url_open(url)
        self.assertEqual(response.status_code, status, f"{url}: {response.text[:300]}")
        return response

    def test_levels_and_their_lists_are_public(self):
        """Taizhou art. 6 ¶1, Luzhou art. 7: each level's list is published for anyone, without logging in."""
        index = self.get("/noproof").text
        for name in ("Test City", "Test County", "Other City"):
            self.assertIn(name, index)
        self.assertIn(f"/noproof/level/{self.county.id}", index)
        level = self.get(f"/noproof/level/{self.city.id}").text
        self.assertIn(f"/noproof/list/{self.city_list_v2.id}", level)
        self.assertIn(f"/noproof/list/{self.city_list.id}", level, "earlier versions stay reachable")
        self.assertIn(f"/noproof/level/{self.county.id}", level)
        self.assertNotIn(f"/noproof/list/{self.draft.id}", level)

    def test_list_page_search_in_chinese(self):
        """Luzhou art. 7: the public can check which certificate an item no longer needs, searching by item
        and certificate."""
        page = self.get(f"/noproof/list/{self.city_list_v2.id}").text
        self.assertIn("最低生活保障申请", page)
        self.assertIn("通过公安人口信息库共享核验户籍信息", page)
        self.assertIn("Social Assistance Measures Art. 11", page)
        self.assertIn("Minimum Living Allowance", page)
        found = self.get(f"/noproof/list/{self.city_list_v2.id}?item=最低生活&certificate=户籍").text
        self.assertIn("通过公安人口信息库共享核验户籍信息", found)
        self.assertNotIn("无犯罪记录证明", found)
        self.assertNotIn("Kinship Certificate", found)
        by_code = self.get(f"/noproof/list/{self.city_list_v2.id}?item=tz-mz").text
        self.assertIn("无犯罪记录证明", by_code)
        self.assertNotIn("Kinship Certificate", by_code)
        # Wildcards are searched literally.
        self.assertIn("o_noproof_no_match", self.get(f"/noproof/list/{self.city_list_v2.id}?certificate=%25").text)
        self.assertIn(f"/noproof/item/{self.item_zh.id}/guide", page)

    def test_bad_search_input_is_refused_clearly(self):
        url = f"/noproof/list/{self.city_list_v2.id}"
        # The portal speaks Chinese: check the error page, not its wording.
        self.assertIn("o_noproof_not_found", self.get(f"{url}?item={'证' * 101}", status=400).text)
        self.assertIn("o_noproof_not_found", self.get(f"{url}?page=abc", status=400).text)
        self.get(f"{url}?certificate={'证' * 100}")
        self.get(f"{url}?page=0", status=400)
        self.get(f"{url}?page=99999999999", status=400)
        self.assertIn("最低生活保障申请", self.get(f"{url}?item=%00最低%0A").text, "control characters are dropped")
        self.assertIn("最低生活保障申请", self.get(f"{url}?page=7").text, "past the end shows the last page")

    def test_earlier_version_is_marked_superseded(self):
        """Taizhou art. 6 ¶2: the list changes only by a new version; earlier versions stay public."""
        page = self.get(f"/noproof/list/{self.city_list.id}").text
        self.assertIn("o_noproof_superseded", page)
        self.assertIn(f"/noproof/list/{self.city_list_v2.id}", page)
        self.assertNotIn("最低生活保障申请", page)
        self.assertNotIn("o_noproof_superseded", self.get(f"/noproof/list/{self.city_list_v2.id}").text)

    def test_json_export_has_a_stable_schema(self):
        """Taizhou art. 6 ¶1: the published list is machine-readable, version by version."""
        response = self.get(f"/noproof/list/{self.city_list_v2.id}.json")
        self.assertEqual(response.headers["Content-Type"], "application/json; charset=utf-8")
        self.assertIn("app;dur=", response.headers["Server-Timing"])
        data = response.json()
        self.assertEqual(set(data), {"schema", "list", "lines"})
        self.assertEqual(data["schema"], JSON_SCHEMA)
        self.assertEqual(data["list"]["version"], 2)
        self.assertEqual(data["list"]["status"], "published")
        self.assertEqual(
            data["list"]["level"], {"id": self.city.id, "name": "Test City", "kind": "city", "parent_id": None}
        )
        self.assertIsNone(data["list"]["superseded_by"])
        self.assertEqual(data["list"]["line_count"], len(data["lines"]))
        self.assertIs(data["list"]["zero_certificate_target"], False)
        self.assertEqual(len(data["lines"]), 4)
        self.assertEqual([set(line) for line in data["lines"]], [set(EXPORT_COLUMNS) - {"version"}] * 4)
        line = next(line for line in data["lines"] if line["certificate"] == "户籍证明")
        self.assertEqual(
            line,
            {
                "item_code": "TZ-MZ-001",
                "item_name": "最低生活保障申请",
                "organization": "City Civil Affairs",
                "certificate": "户籍证明",
                "disposition": "online_check",
                "disposition_label": line["disposition_label"],
                "alternative_method": "通过公安人口信息库共享核验户籍信息",
                "legal_basis": "Social Assistance Measures Art. 11",
                "assisting_organization": None,
                "stopped_from": None,
                "lapsed_legal_basis": None,
                # Added for Taizhou art. 3 ¶2 / Luzhou art. 4 ¶2 and Luzhou art. 7 ¶1 (keys are only added).
                "excluded": False,
                "exclusion": None,
                "exclusion_reason": None,
                "exclusion_article": None,
                "retention_approved": None,
            },
        )
        self.assertTrue(line["disposition_label"])
        old = self.get(f"/noproof/list/{self.city_list.id}.json").json()
        self.assertEqual((old["list"]["status"], old["list"]["superseded_by"]), ("superseded", self.city_list_v2.id))

    def test_csv_export(self):
        response = self.get(f"/noproof/list/{self.city_list_v2.id}.csv")
        self.assertEqual(response.headers["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        # the header is for people, in the portal's language; the JSON keeps the stable keys
        self.assertEqual(len(rows[0]), len(EXPORT_COLUMNS))
        self.assertEqual(rows[0][:5], ["版本", "事项编码", "办事项目", "办理单位", "证明材料"])
        self.assertEqual(len(rows), 5)
        retained = next(row for row in rows if row[4] == "无犯罪记录证明")
        self.assertEqual((retained[0], retained[2], retained[5]), ("2", "最低生活保障申请", "retained"))

    def test_unknown_and_unpublished_lists_answer_404(self):
        for url in (
            f"/noproof/list/{self.draft.id}",
            f"/noproof/list/{self.draft.id}.json",
            f"/noproof/list/{self.draft.id}.csv",
            "/noproof/list/999999",
            "/noproof/list/99999999999999999999",
            "/noproof/list/abc",
            "/noproof/list/-1",
            "/noproof/level/999999",
            f"/noproof/level/{self.env['res.company'].create({'name': 'Silent County'}).id}",
            "/noproof/item/999999/guide",
            "/noproof/nothing/here",
        ):
            with self.subTest(url=url):
                response = self.get(url, status=404)
                self.assertIn("o_noproof_not_found", response.text)

    def test_stopped_lines_are_shown_from_their_date(self):
        """Taizhou art. 6 ¶3: the public list shows the certificates whose basis lapsed as stopped from that day."""
        self.law.date_repealed = "2024-03-01"
        self.env["noproof.certificate.rule"]._cron_suspend_on_lapsed_basis()
        page = self.get(f"/noproof/list/{self.city_list_v2.id}?certificate=Household").text
        self.assertIn("o_noproof_stopped", page)
        data = self.get(f"/noproof/list/{self.city_list_v2.id}.json").json()
        line = next(line for line in data["lines"] if line["certificate"] == "Household Certificate")
        self.assertEqual(
            (line["stopped_from"], line["lapsed_legal_basis"]), ("2024-03-01", "Social Assistance Measures Art. 11")
        )

    def test_long_list_is_paginated(self):
        self.assertEqual(PAGE_SIZE, 200)
        certificates = self.env["noproof.certificate"].create([{"name": f"证明{i:03d}"} for i in range(PAGE_SIZE)])
        items = self.env["noproof.service.item"].create(
            [
                {
                    "name": f"事项{i:03d}",
                    "code": f"P-{i:03d}",
                    "company_id": self.city.id,
                    "organization_id": self.civil.id,
                }
                for i in range(PAGE_SIZE)
            ]
        )
        self.env["noproof.certificate.rule"].create(
            [
                {"item_id": item.id, "certificate_id": cert.id, "disposition": "cancelled"}
                for item, cert in zip(items, certificates, strict=True)
            ]
        ).action_activate()
        lst = self.city_list_v2._publish_amendment()
        first = self.get(f"/noproof/list/{lst.id}").text
        self.assertEqual(first.count("o_noproof_row"), PAGE_SIZE)
        self.assertIn("page=2", first)
        second = self.get(f"/noproof/list/{lst.id}?page=2").text
        self.assertIn("事项199", second)
        self.assertNotIn("事项000", second)


@tagged("post_install", "-at_install")
class TestChangeRequestTour(PortalCase):
    def test_office_approves_and_sees_the_new_version(self):
        """Taizhou art. 6 ¶2: the office approves a department's request in the web client and finds the new
        list version that the approval published."""
        request = self.new_request(self.clerk, reason="Tour: income checked in shared data")
        request.action_submit()
        self.approve(request, self.civil_head)
        self.office.lang = "en_US"
        self.start_tour(
            "/odoo/action-noproof_catalog.action_noproof_change_request",
            "noproof_change_request_tour",
            login=self.office.login,
        )
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.list_id.version, 3)
        self.assertEqual(request.list_id.state, "published")
