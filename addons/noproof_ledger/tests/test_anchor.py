from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import NoproofLedgerCase


@tagged("post_install", "-at_install")
class TestAnchor(NoproofLedgerCase):
    """Issue 11 ¶6: each level's chain head is published daily, so a rewrite shows against it."""

    def test_daily_publication_one_head_per_level_and_day(self):
        Anchor = self.env["noproof.ledger.anchor"]
        with freeze_time("2026-03-01 10:00:00"):
            published = self.outbound()
            self.outbound(organization=self.county_civil)
            first = Anchor._publish()
            self.assertLessEqual(self.city | self.county, first.company_id)
            self.assertNotIn(self.other_city, first.company_id, "a level without entries publishes nothing")
            self.assertFalse(Anchor._publish(), "a second run the same day publishes nothing")
            self.outbound()
            self.assertFalse(Anchor._publish())
        city_head = Anchor._latest_for(self.city)
        # The head as it was when published, not as it is now.
        self.assertRecordValues(city_head, [{"sequence": 1, "entry_hash": published.entry_hash}])
        with freeze_time("2026-03-02 10:00:00"):
            self.assertEqual(Anchor._cron_publish(), len(first))
        city_head = Anchor._latest_for(self.city)
        self.assertEqual((str(city_head.date), city_head.sequence), ("2026-03-02", 2))
        self.assertEqual(city_head.entry_hash, self.chain_of(self.city).last_hash)
        self.assertTrue(city_head.env.su, "_latest_for returns a record the evaluation report can print")
        self.assertFalse(Anchor._latest_for(self.other_city))

    def test_published_head_never_changes(self):
        """Threat T-L5 (forging a published head): write and unlink are refused, even to the superuser."""
        self.outbound()
        anchor = self.env["noproof.ledger.anchor"]._publish()
        for env in (self.env, self.env(su=True)):
            with self.assertRaises(UserError):
                anchor.with_env(env).write({"entry_hash": "0" * 64})
            with self.assertRaises(UserError):
                anchor.with_env(env).unlink()
        with self.assertRaises(UserError):
            self.env["noproof.ledger.anchor"].create(
                {"company_id": self.city.id, "date": "2026-01-01", "sequence": 9, "entry_hash": "0" * 64}
            )


@tagged("post_install", "-at_install")
class TestAnchorPortal(HttpCase):
    def test_public_page_lists_each_levels_heads(self):
        """Anyone, without signing in, reads each level's published heads (page and JSON), linked
        from the public catalog."""
        anchors = self.env["noproof.ledger.anchor"]._publish() or self.env["noproof.ledger.anchor"].search([])
        self.assertTrue(anchors, "the demo ledger has chains to publish")
        page = self.url_open("/noproof/ledger/anchors")
        self.assertEqual(page.status_code, 200)
        for anchor in anchors:
            self.assertIn(anchor.entry_hash, page.text)
        data = self.url_open("/noproof/ledger/anchors.json").json()
        published = {(level["level_id"], head["entry_hash"]) for level in data for head in level["anchors"]}
        self.assertTrue({(anchor.company_id.id, anchor.entry_hash) for anchor in anchors} <= published)
        self.assertIn('href="/noproof/ledger/anchors"', self.url_open("/noproof").text)
