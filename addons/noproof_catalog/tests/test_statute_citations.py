from odoo.tests import tagged

from .common import NoproofCatalogCase


@tagged("post_install", "-at_install")
class TestStatuteCitations(NoproofCatalogCase):
    """Each level quotes its own statute: never the other city's, never both."""

    def _level(self, name, statute, parent=None, **values):
        return self.env["res.company"].create(
            {"name": name, "noproof_statute": statute, "parent_id": parent and parent.id, **values}
        )

    def test_a_level_quotes_only_the_article_of_its_own_statute(self):
        """Taizhou art. 11 ¶3 / Luzhou art. 12: the same provision is quoted from the level's own statute."""
        taizhou = self._level("T city", "taizhou")
        luzhou = self._level("L city", "luzhou")
        articles = {"taizhou": "Taizhou art. 11 ¶3", "luzhou": "Luzhou art. 12"}
        self.assertEqual(taizhou._noproof_cite(**articles), "Taizhou art. 11 ¶3")
        self.assertEqual(luzhou._noproof_cite(**articles), "Luzhou art. 12")

    def test_a_county_quotes_its_city_statute(self):
        """A county that sets no statute quotes its city's."""
        city = self._level("L city", "luzhou")
        county = self._level("L county", False, parent=city)
        self.assertEqual(county._noproof_cite(taizhou="Taizhou art. 7", luzhou="Luzhou art. 9"), "Luzhou art. 9")

    def test_no_article_of_the_other_city_where_the_own_statute_has_none(self):
        """Luzhou art. 16 has no counterpart in Taizhou's regulation: a Taizhou level names its own regulation."""
        taizhou = self._level("T city", "taizhou")
        cited = taizhou._noproof_cite(luzhou="Luzhou art. 16")
        self.assertNotIn("Luzhou", cited)
        self.assertEqual(cited, "Taizhou Regulation")

    def test_a_level_under_its_own_regulation_quotes_its_title(self):
        """A new city under its own regulation quotes neither Taizhou's nor Luzhou's articles."""
        own = self._level("W city", "own", noproof_statute_name="温州规定")
        county = self._level("W county", False, parent=own)
        for level in (own, county):
            self.assertEqual(level._noproof_cite(taizhou="Taizhou art. 7", luzhou="Luzhou art. 9"), "温州规定")

    def test_views_keep_only_the_level_statute(self):
        """A form quotes the article of the user's level only (Taizhou art. 11 ¶4 / Luzhou art. 10 on processing
        time); the same view served to the other city shows its own article: the view cache is per statute."""
        taizhou = self._level("T city", "taizhou")
        luzhou = self._level("L city", "luzhou")
        own = self._level("W city", "own")
        self.env.user.company_ids |= taizhou | luzhou | own
        Rule = self.env["noproof.certificate.rule"]

        def arch(company):
            return Rule.with_company(company).get_views([(False, "form")])["views"]["form"]["arch"]

        self.assertIn("Luzhou art. 7 ¶1", arch(luzhou))
        self.assertNotIn("Luzhou art.", arch(taizhou))
        self.assertNotIn("o_noproof_statute_", arch(own))

    def test_empty_list_help_keeps_only_the_level_statute(self):
        """The help of an empty list quotes the level's statute only (Taizhou art. 6 ¶2)."""
        taizhou = self._level("T city", "taizhou")
        luzhou = self._level("L city", "luzhou")
        self.env.user.company_ids |= taizhou | luzhou
        action = self.env.ref("noproof_catalog.action_noproof_change_request")
        help_taizhou = action.with_company(taizhou).read(["help"])[0]["help"]
        help_luzhou = action.with_company(luzhou).read(["help"])[0]["help"]
        self.assertIn("Taizhou art. 6 ¶2", help_taizhou)
        self.assertNotIn("Taizhou art.", help_luzhou)
        self.assertIn("alternative verification method", help_luzhou)

    def test_chinese_screens_keep_only_the_level_statute(self):
        """In Chinese, a Luzhou screen quotes 泸州办法 and a Taizhou screen 台州规定, never the other."""
        self.env["res.lang"]._activate_lang("zh_CN")
        taizhou = self._level("T city", "taizhou")
        luzhou = self._level("L city", "luzhou")
        self.env.user.company_ids |= taizhou | luzhou
        action = self.env.ref("noproof_catalog.action_noproof_change_request")

        def help_text(company):
            return action.with_context(lang="zh_CN").with_company(company).read(["help"])[0]["help"]

        self.assertIn("台州规定第六条第二款", help_text(taizhou))
        self.assertNotIn("台州规定", help_text(luzhou))
        self.assertIn("替代核查方式", help_text(luzhou))

    def test_articles_are_cited_in_the_reader_language(self):
        """A Chinese reader sees an article as the statutes cite it (台州规定第六条第二款), in every add-on's
        messages, without one translation per article and add-on."""
        taizhou = self._level("T city", "taizhou").with_context(lang="zh_CN")
        luzhou = self._level("L city", "luzhou").with_context(lang="zh_CN")
        self.assertEqual(taizhou._noproof_cite(taizhou="Taizhou art. 6 ¶2"), "台州规定第六条第二款")
        self.assertEqual(luzhou._noproof_cite(luzhou="Luzhou arts. 4 and 24"), "泸州办法第四条、第二十四条")
        self.assertEqual(taizhou._noproof_cite(taizhou="Taizhou art. 8 ¶3-4"), "台州规定第八条第三款至第四款")
        self.assertEqual(
            luzhou._noproof_cite(luzhou="Luzhou art. 16 ¶1 (issue) and ¶2 (register)"),
            "泸州办法第十六条第一款（出具）、第二款（登记）",
        )
        self.assertEqual(taizhou.with_context(lang="en_US")._noproof_cite(taizhou="Taizhou art. 7"), "Taizhou art. 7")
