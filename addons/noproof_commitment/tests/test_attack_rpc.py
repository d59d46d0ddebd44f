"""Attacks on commitments, bars and staff exemptions over the web client's own
JSON-RPC route, signed in with the demo logins: each abuse is refused with a clear
error and leaves the records as they were."""

from datetime import timedelta
from urllib.parse import quote

from odoo import fields
from odoo.addons.noproof_catalog.tests.rpc import NoproofRpcCase, RpcRefused
from odoo.tests import tagged

from .common import demo_commitment

COMMITMENT = "noproof.commitment"
BAR = "noproof.commitment.bar"
EXEMPTION = "noproof.exemption"


@tagged("post_install", "-at_install")
class TestCommitmentAttackRpc(NoproofRpcCase):
    """The demo: in Taizhou a commitment awaiting verification (周敏), a verified one
    (李娜) and a false one (张伟) with its bar and its decided exemption; in Luzhou a
    handwritten commitment with its scan (王芳) and a false one under rectification
    (李娜), without a bar (Luzhou has none), with the unit's exemption under assessment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tz_signed = demo_commitment(cls.env, "case_tz_wang_funeral")
        cls.tz_verified = demo_commitment(cls.env, "case_tz_li_funeral")
        cls.tz_false = demo_commitment(cls.env, "case_tz_zhang_funeral")
        cls.lz_handwritten = demo_commitment(cls.env, "case_lz_wang_funeral")
        cls.lz_false = demo_commitment(cls.env, "case_lz_li_temporary_assistance")
        cls.tz_bar = cls.tz_false.bar_ids
        # Taizhou art. 8 ¶3: exempt by law, decided; Luzhou art. 20: the unit's review is still open.
        cls.tz_exemption = cls.tz_false.exemption_ids.filtered(lambda e: e.role == "clerk")
        cls.lz_exemption = cls.lz_false.exemption_ids.filtered(lambda e: e.role == "unit")
        assert cls.tz_signed.state == "signed" and cls.tz_false.state == "revoked", "demo commitments changed"
        assert cls.tz_bar.state == "active" and cls.tz_exemption.state == "decided", "demo bar/exemption changed"
        assert cls.lz_exemption.state == "draft" and cls.lz_handwritten.signature_attachment_id, "demo changed"

    def within_two_years(self):
        """An end date a hand-recorded bar may have (Taizhou art. 8 ¶4: at most two years)."""
        return fields.Date.to_string(fields.Date.today() + timedelta(days=365))

    def snapshot(self, records, names):
        records.invalidate_recordset()
        return [{name: record[name] for name in names} for record in records.sudo()]

    def assertNothingWritten(self, records, names, before):
        self.assertEqual(self.snapshot(records, names), before, "the refused call changed nothing")

    # ------------------------------------------------------------ commitment
    def test_clerk_cannot_create_a_commitment_by_hand(self):
        """Threat T-C1 (forged commitment, Taizhou art. 8 ¶2): a window clerk cannot create a commitment over
        JSON-RPC, already "verified", without the applicant signing the template's text through 'Sign
        Commitment'; nor copy an existing one."""
        self.sign_in("np_clerk")
        check = self.tz_signed.check_id
        count = self.env[COMMITMENT].search_count([])
        refusal = self.refused(
            COMMITMENT,
            "create",
            [
                {
                    "check_id": check.id,
                    "template_version_id": self.tz_signed.template_version_id.id,
                    "signature_method": "esign",
                    "signature_reference": "FORGED-1",
                    "signed_at": "2024-01-01 00:00:00",
                    "clerk_id": self.env.ref("noproof_catalog.user_np_clerk").id,
                    "access_token": "f" * 43,
                    "state": "verified",
                    "content": "本人承诺属实",
                }
            ],
        )
        self.assertIn("Sign Commitment", refusal.message)
        self.refused(COMMITMENT, "copy", [[self.tz_signed.id]])
        self.assertEqual(self.env[COMMITMENT].search_count([]), count, "no commitment was made")

    def test_clerk_cannot_write_state_or_signature(self):
        """Threat T-C2 (status and signature by RPC, Luzhou art. 8, Taizhou art. 8 ¶3): the clerk who took a
        commitment cannot mark it verified, move its follow-up deadline, or rewrite what and how the applicant
        signed — not even with the context key of the old workflow token."""
        self.sign_in("np_clerk")
        names = [
            "state",
            "verified_at",
            "follow_up_deadline",
            "content",
            "liability",
            "signature_method",
            "signature_reference",
            "signature_attachment_id",
            "signed_at",
            "access_token",
        ]
        before = self.snapshot(self.tz_signed, names)
        for vals in (
            {"state": "verified"},
            {"verified_at": "2024-01-01 00:00:00", "verification_note": "checked"},
            {"follow_up_deadline": "2099-01-01 00:00:00"},
            {"content": "本人承诺无任何事项"},
            {"liability": False},
            {"signature_method": "ca", "signature_reference": "CA-FORGED"},
            {"signed_at": "2020-01-01 00:00:00"},
            {"signature_attachment_id": self.lz_handwritten.signature_attachment_id.id},
            {"access_token": "a" * 43},
        ):
            for context in ({}, {"noproof_commitment_workflow": True, "noproof_workflow": True}):
                refusal = self.refused(COMMITMENT, "write", [[self.tz_signed.id], vals], {"context": context})
                self.assertIn("keeps what was signed", refusal.message)
        self.assertNothingWritten(self.tz_signed, names, before)

    def test_verifier_and_office_cannot_write_outcome_fields(self):
        """Threat T-C3 (outcome by RPC, Taizhou art. 8 ¶3): a verifier cannot record a verification, and the
        office cannot undo a revocation or a rectification order by writing the commitment's fields; the
        false-promise finding stays as found."""
        names = ["state", "verified_by_id", "false_finding", "measure", "revoked_at", "rectification_deadline"]
        before_signed = self.snapshot(self.tz_signed, names)
        before_false = self.snapshot(self.tz_false, names)
        self.sign_in("np_verifier")
        self.refused(
            COMMITMENT,
            "write",
            [[self.tz_signed.id], {"state": "verified", "verified_by_id": self.env.ref("base.user_admin").id}],
            errors=("UserError", "AccessError"),
        )
        self.sign_in("np_office")
        for vals in (
            {"state": "signed"},
            {"state": "rectified", "rectified_at": "2024-01-01 00:00:00"},
            {"false_finding": False, "measure": False, "revoked_at": False},
            {"rectification_deadline": "2099-12-31"},
        ):
            self.refused(COMMITMENT, "write", [[self.tz_false.id], vals])
        self.assertNothingWritten(self.tz_signed, names, before_signed)
        self.assertNothingWritten(self.tz_false, names, before_false)

    def test_commitments_are_never_deleted(self):
        """Threat T-C4 (evidence destroyed): no role, not even the configuration manager, deletes a commitment,
        signed, verified or found false; they are kept for inspection."""
        commitments = self.tz_signed | self.tz_verified | self.tz_false
        for login in ("np_clerk", "np_office", "np_manager"):
            self.sign_in(login)
            self.refused(COMMITMENT, "unlink", [commitments.ids], errors=("UserError", "AccessError"))
        self.assertEqual(commitments.exists(), commitments)

    def test_check_and_case_fields_set_by_commitment_are_guarded(self):
        """Threat T-C5 (approval on a forged commitment, Luzhou art. 8): a clerk cannot point a check at another
        commitment so that the case is approved on it, nor write a revocation date or reason on a case; a
        case's revocation comes only from a false promise (Taizhou art. 8 ¶3)."""
        self.sign_in("np_clerk")
        check = self.tz_signed.check_id
        case = self.tz_verified.case_id
        before_check = self.snapshot(check, ["commitment_id"])
        before_case = self.snapshot(case, ["date_revoked", "revocation_reason", "state"])
        self.refused("noproof.case.check", "write", [[check.id], {"commitment_id": self.tz_verified.id}])
        self.refused(
            "noproof.case",
            "write",
            [[case.id], {"date_revoked": "2024-01-01 00:00:00", "revocation_reason": "x"}],
        )
        self.assertNothingWritten(check, ["commitment_id"], before_check)
        self.assertNothingWritten(case, ["date_revoked", "revocation_reason", "state"], before_case)

    def test_evidence_of_another_city_cannot_be_attached(self):
        """Threat T-C6 (file of another level, issue 11 part 3): a Taizhou clerk cannot attach the signed scan
        of a Luzhou commitment as evidence of a verification by giving its id to the follow-up wizard; the
        file is not read with superuser rights and nothing is recorded."""
        scan = self.lz_handwritten.signature_attachment_id
        before_scan = self.snapshot(scan, ["res_model", "res_id"])
        self.sign_in("np_clerk")
        wizard_id = self.call_kw(
            "noproof.commitment.outcome.wizard",
            "create",
            [
                {
                    "commitment_id": self.tz_signed.id,
                    "mode": "confirm",
                    "note": "核查属实",
                    "attachment_ids": [[6, 0, [scan.id]]],
                }
            ],
        )
        with self.assertRaises(RpcRefused) as caught:
            self.call_button("noproof.commitment.outcome.wizard", "action_confirm", [wizard_id])
        self.assertTrue(
            caught.exception.name.endswith(("AccessError", "UserError")), f"refused with {caught.exception}"
        )
        self.assertNothingWritten(scan, ["res_model", "res_id"], before_scan)
        self.assertEqual(self.tz_signed.sudo().state, "signed")
        self.assertFalse(self.tz_signed.sudo().evidence_attachment_ids)

    # ------------------------------------------------------------------ bars
    def test_bar_is_lifted_only_with_lift_bar(self):
        """Threat T-B1 (bar lifted by RPC, Taizhou art. 8 ¶4): the office cannot end a bar by writing its status
        or its lifting fields, with or without the old context key, nor by moving the dates or rewriting the
        reason the false promise set, nor link it to another commitment; only 'Lift Bar', with its reason,
        lifts it."""
        names = ["state", "lifted_by_id", "lifted_at", "lifted_reason", "commitment_id", "date_to", "reason"]
        before = self.snapshot(self.tz_bar, names)
        self.sign_in("np_office")
        for vals in (
            {"state": "lifted"},
            {"state": "expired"},
            {"lifted_reason": "信用修复", "lifted_at": "2024-01-01 00:00:00"},
        ):
            for context in ({}, {"noproof_bar_workflow": True}):
                refusal = self.refused(BAR, "write", [[self.tz_bar.id], vals], {"context": context})
                self.assertIn("Lift Bar", refusal.message)
        self.refused(BAR, "write", [[self.tz_bar.id], {"commitment_id": self.tz_verified.id}])
        # Ending the bar by moving its dates is lifting it without the reason.
        for vals in ({"date_to": "2020-01-01", "date_from": "2019-01-01"}, {"reason": "已整改"}):
            refusal = self.refused(BAR, "write", [[self.tz_bar.id], vals])
            self.assertIn("Lift Bar", refusal.message)
        self.assertNothingWritten(self.tz_bar, names, before)

    def test_bar_cannot_be_created_lifted_or_as_a_false_promise_bar(self):
        """Threat T-B2 (bar created already lifted, Taizhou art. 8 ¶4): the office records a bar by hand only in
        force and following no commitment; a bar created lifted, expired or claiming a false commitment is
        refused. A plain bar is still recorded (no over-blocking)."""
        self.sign_in("np_office")
        partner = self.env.ref("noproof_catalog.partner_applicant_wang")
        city = self.env.ref("base.main_company")
        base = {
            "applicant_id": partner.id,
            "company_id": city.id,
            "date_to": self.within_two_years(),
            "reason": "省信用名单",
        }
        count = self.env[BAR].search_count([])
        for vals in (
            {"state": "lifted"},
            {"state": "expired"},
            {"lifted_reason": "信用修复", "lifted_by_id": self.env.ref("noproof_catalog.user_np_office").id},
            {"commitment_id": self.tz_signed.id},
        ):
            self.refused(BAR, "create", [{**base, **vals}])
        self.assertEqual(self.env[BAR].search_count([]), count, "no bar was recorded")
        bar_id = self.call_kw(BAR, "create", [base])
        self.assertEqual(self.env[BAR].browse(bar_id).state, "active")

    def test_defaults_chosen_by_the_caller_do_not_set_workflow_fields(self):
        """Threat T-B4 (workflow field through a default, Taizhou art. 8 ¶4, Taizhou art. 8 ¶3): a caller who
        leaves a workflow field out of ``create`` but names it in a ``default_<field>`` context key, or saves it
        as their own default (``ir.default``), does not get a bar created lifted, an exemption already decided,
        nor a case opened approved or revoked: workflow fields start from their field's own default."""
        self.sign_in("np_office")
        partner = self.env.ref("noproof_catalog.partner_applicant_wang")
        city = self.env.ref("base.main_company")
        base = {
            "applicant_id": partner.id,
            "company_id": city.id,
            "date_to": self.within_two_years(),
            "reason": "省信用名单",
        }
        context = {
            "default_state": "lifted",
            "default_lifted_reason": "信用修复",
            "default_commitment_id": self.tz_signed.id,
        }
        bar = self.env[BAR].browse(self.call_kw(BAR, "create", [base], {"context": context}))
        self.assertEqual((bar.state, bar.lifted_reason, bar.commitment_id.id), ("active", False, False))
        self.call_kw("ir.default", "set", [BAR, "state", "lifted"], {"user_id": True})
        bar = self.env[BAR].browse(self.call_kw(BAR, "create", [base]))
        self.assertEqual(bar.state, "active", "a saved user default does not lift a bar")

        self.sign_in("lz_office")
        exemption = self.env[EXEMPTION].browse(
            self.call_kw(
                EXEMPTION,
                "create",
                [{"commitment_id": self.lz_false.id, "user_id": self.env.ref("noproof_catalog.user_lz_office").id}],
                {
                    "context": {
                        "default_state": "decided",
                        "default_is_exempt": True,
                        "default_decided_at": "2024-01-01",
                    }
                },
            )
        )
        self.assertEqual((exemption.state, exemption.is_exempt, exemption.decided_at), ("draft", False, False))

        self.sign_in("np_clerk")
        case = self.tz_signed.case_id
        new_case = self.env["noproof.case"].browse(
            self.call_kw(
                "noproof.case",
                "create",
                [{"item_id": case.item_id.id, "applicant_id": case.applicant_id.id}],
                {
                    "context": {
                        "default_state": "approved",
                        "default_date_revoked": "2024-01-01 00:00:00",
                        "default_revocation_reason": "x",
                        "default_commitment_id": self.tz_verified.id,
                        "default_resolution": "commitment",
                    }
                },
            )
        )
        self.assertEqual((new_case.state, new_case.date_revoked, new_case.revocation_reason), ("open", False, False))
        self.assertFalse(new_case.check_ids.filtered("commitment_id"), "no check claims another case's commitment")
        self.assertFalse(new_case.check_ids.filtered(lambda c: c.resolution == "commitment"))

    def test_other_city_cannot_lift_a_bar(self):
        """Threat T-B5 (bar lifted by another city, Taizhou art. 8 ¶4): a bar covers one city and its counties;
        Luzhou's office cannot lift Taizhou's bar through the lifting wizard, and a clerk cannot lift at all."""
        for login in ("lz_office", "np_clerk"):
            self.sign_in(login)
            try:
                wizard_id = self.call_kw(
                    "noproof.commitment.bar.lift.wizard", "create", [{"bar_id": self.tz_bar.id, "reason": "信用修复"}]
                )
            except RpcRefused as refusal:
                self.assertTrue(refusal.name.endswith("AccessError"), f"{login}: {refusal}")
                continue
            with self.assertRaises(RpcRefused) as caught:
                self.call_button("noproof.commitment.bar.lift.wizard", "action_lift", [wizard_id])
            self.assertTrue(caught.exception.name.endswith("AccessError"), f"{login}: {caught.exception}")
        self.assertEqual((self.tz_bar.sudo().state, self.tz_bar.sudo().lifted_reason), ("active", False))

    def test_bars_are_never_deleted(self):
        """Threat T-B3 (bar erased): a bar, in force or not, is kept for inspection; the office lifts it
        instead."""
        self.sign_in("np_office")
        self.refused(BAR, "unlink", [self.tz_bar.ids], errors=("UserError", "AccessError"))
        self.sign_in("np_clerk")
        self.refused(BAR, "unlink", [self.tz_bar.ids], errors=("UserError", "AccessError"))
        self.assertTrue(self.tz_bar.exists())

    # ------------------------------------------------------------ exemptions
    def test_exemption_cannot_be_reopened_with_a_context_key(self):
        """Threat T-E1 (decision rewritten, Luzhou art. 20): the office cannot change a decided exemption by
        putting the old reopening key in the context, nor write its status back to draft; reopening is the
        'Reopen' button, which keeps the trace."""
        names = ["state", "decided_by_id", "decided_at", "condition_reform", "decision_note", "is_exempt"]
        before = self.snapshot(self.tz_exemption, names)
        self.sign_in("np_office")
        for vals in ({"condition_reform": False, "decision_note": "改判"}, {"state": "draft"}, {"decided_at": False}):
            self.refused(
                EXEMPTION, "write", [[self.tz_exemption.id], vals], {"context": {"noproof_exemption_reopen": True}}
            )
        self.assertNothingWritten(self.tz_exemption, names, before)

    def test_exemption_is_decided_only_by_its_button(self):
        """Threat T-E2 (exemption by RPC, Luzhou art. 20): the office cannot declare a staff member exempt by
        writing the decision or the result; the five conditions and their evidence are checked by 'Decide'."""
        names = ["state", "decided_by_id", "decided_at", "is_exempt"]
        before = self.snapshot(self.lz_exemption, names)
        self.sign_in("lz_office")
        for vals in ({"state": "decided"}, {"is_exempt": True}, {"decided_at": "2024-01-01 00:00:00"}):
            self.refused(EXEMPTION, "write", [[self.lz_exemption.id], vals])
        self.refused(
            EXEMPTION,
            "create",
            [{"commitment_id": self.lz_false.id, "user_id": self.env.ref("base.user_admin").id, "state": "decided"}],
        )
        self.assertNothingWritten(self.lz_exemption, names, before)

    # -------------------------------------------------------------- templates
    def test_signed_template_version_cannot_be_rewritten(self):
        """Threat T-T1 (signed text rewritten, Taizhou art. 8 ¶2): the configuration manager cannot change the
        text of a template version that applicants signed, with or without the old synchronisation key, nor
        create a version by hand; editing the template makes a new version."""
        version = self.tz_signed.template_version_id
        names = ["content", "liability", "version"]
        before = self.snapshot(version, names)
        count = self.env["noproof.commitment.template.version"].search_count([])
        self.sign_in("np_manager")
        for context in ({}, {"noproof_template_sync": True}):
            self.refused(
                "noproof.commitment.template.version",
                "write",
                [[version.id], {"content": "篡改的承诺内容"}],
                {"context": context},
                errors=("UserError", "AccessError"),
            )
        self.refused(
            "noproof.commitment.template.version",
            "create",
            [{"template_id": version.template_id.id, "version": 99, "content": "forged", "liability": "none"}],
            errors=("UserError", "AccessError"),
        )
        self.assertNothingWritten(version, names, before)
        self.assertEqual(self.env["noproof.commitment.template.version"].search_count([]), count)

    # ------------------------------------------------------- private methods
    def test_internal_methods_are_not_callable(self):
        """Threat T-A1 (API surface, issue 11 part 4): the internal steps of signing, verifying, finding false,
        lifting, the demo helpers and the workflow guard itself cannot be called over JSON-RPC; only the buttons
        of the views are."""
        check = self.tz_signed.check_id
        calls = [
            ("np_clerk", COMMITMENT, "_noproof_sign", [check.id, "esign"], {"signature_reference": "X-1"}),
            ("np_clerk", COMMITMENT, "_noproof_confirm", [[self.tz_signed.id], "核查属实"], {}),
            ("np_office", COMMITMENT, "_noproof_declare_false", [[self.tz_signed.id], "虚假", "revocation"], {}),
            ("np_clerk", COMMITMENT, "_noproof_decide_bar", [[self.tz_false.id], 24], {}),
            ("np_clerk", COMMITMENT, "_demo_decide_bar", [[self.tz_false.id], 2, 24, "x"], {}),
            ("np_clerk", BAR, "_noproof_bar_after", [self.tz_false.id, 24], {}),
            ("np_office", BAR, "_noproof_export_rows", [[self.tz_bar.id]], {}),
            ("np_clerk", "noproof.case.check", "_noproof_check_commitment_fallback", [[check.id]], {}),
            ("np_clerk", "noproof.verification.ticket", "_noproof_cancel_follow_up", [[1]], {}),
            ("np_office", COMMITMENT, "_noproof_void", [[self.tz_signed.id]], {}),
            ("np_clerk", COMMITMENT, "_demo_backdate", [[self.tz_signed.id], 30], {}),
            ("np_clerk", COMMITMENT, "_demo_sign", [check.id, 2, "esign", "X-2"], {}),
            ("np_clerk", COMMITMENT, "_noproof_find_by_token", [self.tz_signed.sudo().access_token], {}),
            ("np_clerk", COMMITMENT, "_workflow", [[self.tz_signed.id]], {}),
            ("np_clerk", COMMITMENT, "_workflow_create", [[{"check_id": check.id}]], {}),
            ("np_office", BAR, "_noproof_lift", [[self.tz_bar.id], "信用修复"], {}),
            ("np_office", BAR, "_noproof_expire", [], {}),
            ("np_office", EXEMPTION, "_demo_decide", [[self.tz_exemption.id], 1, {}], {}),
            ("np_manager", "noproof.commitment.template", "_noproof_sync_version", [[1]], {}),
            ("np_clerk", COMMITMENT, "init", [], {}),
        ]
        before = self.snapshot(self.tz_signed, ["state", "signed_at", "follow_up_deadline"])
        for login, model, method, args, kwargs in calls:
            self.sign_in(login)
            refusal = self.refused(model, method, args, kwargs, errors=("AccessError",))
            self.assertIn("cannot be called remotely", refusal.message, f"{model}.{method}")
        self.assertNothingWritten(self.tz_signed, ["state", "signed_at", "follow_up_deadline"], before)
        self.assertEqual(self.tz_bar.sudo().state, "active")

    def test_other_city_cannot_see_or_touch_a_commitment(self):
        """Threat T-C7 (another city's commitments): a Luzhou clerk neither reads a Taizhou commitment nor writes
        its status."""
        self.sign_in("lz_clerk")
        found = self.call_kw(COMMITMENT, "search_read", [[("id", "=", self.tz_signed.id)], ["name"]])
        self.assertEqual(found, [])
        self.refused(COMMITMENT, "read", [[self.tz_signed.id], ["name"]], errors=("AccessError",))
        self.refused(
            COMMITMENT, "write", [[self.tz_signed.id], {"state": "verified"}], errors=("UserError", "AccessError")
        )
        self.assertEqual(self.tz_signed.sudo().state, "signed")


@tagged("post_install", "-at_install")
class TestCommitmentPublicPageAttack(NoproofRpcCase):
    """The public check of a commitment by its QR code, as anyone on the internet can call it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.commitment = cls.env[COMMITMENT].search(
            [("case_id", "=", cls.env.ref("noproof_commitment.case_tz_zhang_funeral").id)]
        )
        cls.token = cls.commitment.sudo().access_token

    def test_public_page_shows_no_personal_data(self):
        """Threat T-P1 (personal data on a public page, Taizhou art. 16): the page of a commitment found false
        shows its reference and status, never the applicant's name, identity number (whole or masked), phone,
        case, the promised text or the finding."""
        response = self.url_open(f"/noproof/commitment/{self.token}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        commitment = self.commitment.sudo()
        applicant = commitment.applicant_id
        self.assertIn(commitment.name, page)
        self.assertIn('data-state="revoked"', page)
        for hidden in (
            applicant.name,
            applicant.noproof_id_number,
            applicant.noproof_id_number_masked,
            commitment.case_id.applicant_phone,
            commitment.case_id.name,
            commitment.content,
            commitment.false_finding,
            commitment.signature_reference,
        ):
            if hidden:
                self.assertNotIn(hidden, page)
        self.assertEqual(response.headers.get("Cache-Control"), "no-store")

    def test_malformed_tokens_get_a_not_found_page(self):
        """Threat T-P2 (malformed input on a public route): a NUL byte, a newline, a too long, non-ASCII or
        SQL-looking token gets a 404 (or 400) page, never a 500 and never another commitment."""
        for token in (
            "%00",
            self.token + "%00",
            self.token + "%0A",
            quote("\u202e" + self.token),
            "x" * 5000,
            quote("承诺书" * 20),
            "%27%20OR%201%3D1--",
            "..%2F..%2Fweb",
            "%C0%AF",
            "%FF%FE",
        ):
            response = self.url_open(f"/noproof/commitment/{token}")
            self.assertIn(response.status_code, (400, 404), f"{token[:40]}: {response.status_code}")
            self.assertNotIn(self.commitment.sudo().name, response.text)

    def test_scan_is_not_public(self):
        """Threat T-P3 (signed scan downloaded): the scan of a handwritten signature is not served to an
        anonymous visitor by its attachment id."""
        commitment = self.env[COMMITMENT].search(
            [("case_id", "=", self.env.ref("noproof_commitment.case_lz_wang_funeral").id)]
        )
        scan = commitment.signature_attachment_id
        self.assertTrue(scan)
        response = self.url_open(f"/web/content/{scan.id}?download=true")
        self.assertFalse(response.content.startswith(b"\x89PNG"), "the scan was served")
        self.assertNotIn("image/", response.headers.get("Content-Type", ""))
