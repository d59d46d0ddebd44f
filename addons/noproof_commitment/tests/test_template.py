from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import NoproofCommitmentCase


@tagged("post_install", "-at_install")
class TestCommitmentTemplate(NoproofCommitmentCase):
    def test_template_without_liability_is_refused(self):
        """Taizhou art. 8 ¶2, Luzhou art. 8 ¶2: the applicant is told the liability for a false promise, so a
        template without liability text is refused and nothing is saved."""
        Template = self.env["noproof.commitment.template"].with_user(self.manager)
        count = Template.search_count([])
        for liability in (False, "", "   \n "):
            with self.assertRaisesRegex(ValidationError, "no liability for a false promise"):
                Template.create(
                    {
                        "name": "No Liability",
                        "company_id": self.city.id,
                        "content": "I promise.",
                        "standard": "The standard.",
                        "liability": liability,
                    }
                )
        self.assertEqual(Template.search_count([]), count)
        with self.assertRaisesRegex(ValidationError, "no liability"):
            self.template.with_user(self.manager).liability = " "
        self.assertIn("责令限期整改", self.template.liability)

    def test_template_states_content_standard_and_liability(self):
        """Taizhou art. 8 ¶1-2, Luzhou art. 8 ¶2: the organ tells the applicant the content to promise, the standard
        to meet and the liability for a false promise; a template (and each of its versions) without any of the
        three is refused, from the form and over the ORM alike, and nothing is saved."""
        Template = self.env["noproof.commitment.template"].with_user(self.manager)
        count = Template.search_count([])
        base = {
            "name": "Incomplete",
            "company_id": self.city.id,
            "content": "I promise.",
            "standard": "S",
            "liability": "L",
        }
        for name, message in (
            ("content", "write what the applicant promises"),
            ("standard", "no standard to meet"),
            ("liability", "no liability for a false promise"),
        ):
            # (An empty content is refused by the database's NOT NULL as well; blanks by the check.)
            for empty in ("  ",) if name == "content" else (False, "  "):
                with self.assertRaisesRegex(ValidationError, message):
                    Template.create({**base, name: empty})
            with self.assertRaisesRegex(ValidationError, message):
                self.template.with_user(self.manager)[name] = " "
        self.assertEqual(Template.search_count([]), count)
        self.assertEqual(self.template.standard, "符合{{item}}的办理条件。")
        # A version is checked on its own too: even the template's synchronisation cannot write an empty part.
        with self.assertRaisesRegex(ValidationError, "missing: Standard to Meet"):
            self.template.current_version_id._workflow().write({"standard": False})

    def test_unknown_or_unclosed_placeholder_is_refused(self):
        """A placeholder the system cannot fill is refused with the list of those it can."""
        with self.assertRaisesRegex(ValidationError, r"\{\{salary\}\} is not a placeholder.*\{\{applicant\}\}"):
            self.template.content = "本人{{applicant}}月收入{{salary}}元"
        with self.assertRaisesRegex(ValidationError, "not closed"):
            self.template.standard = "符合{{item}的条件"
        with self.assertRaisesRegex(ValidationError, "not closed"):
            self.template.standard = "符合item}}的条件"
        self.template.content = "本人{{ applicant }}承诺"  # spaces inside the braces are fine
        self.assertIn("本人张三承诺", self.template.with_context(lang="en_US").preview.replace("Zhang San", "张三"))

    def test_editing_a_signed_template_makes_a_new_version(self):
        """Taizhou art. 8 ¶2: a signed commitment keeps the exact text its applicant saw; editing the template
        after a signature makes a new version, while editing an unsigned one rewrites its only version."""
        template = self.kinship_template
        self.assertEqual(template.version, 1)
        template.content = "本人{{applicant}}承诺与逝者系直系亲属。"
        self.assertEqual((template.version, len(template.version_ids)), (1, 1), "unsigned: rewritten in place")
        self.assertEqual(template.current_version_id.content, "本人{{applicant}}承诺与逝者系直系亲属。")

        case = self.make_case()
        first = self.sign(case)
        self.assertEqual(first.template_id, template)
        self.assertEqual(first.template_version_id.version, 1)
        self.assertEqual(first.content, "本人张三承诺与逝者系直系亲属。")

        template.with_user(self.manager).write({"content": "本人{{applicant}}承诺与逝者系配偶、父母或子女关系。"})
        self.assertEqual((template.version, len(template.version_ids)), (2, 2))
        old = template.version_ids.filtered(lambda v: v.version == 1)
        self.assertEqual(old.content, "本人{{applicant}}承诺与逝者系直系亲属。", "the signed version keeps its text")
        self.assertEqual(first.content, "本人张三承诺与逝者系直系亲属。")
        self.assertEqual(first.template_version_id, old)
        # A name change is no new version; an unsigned version 2 is rewritten by the next edit.
        template.name = "Kinship Commitment (2024)"
        template.liability = "虚假承诺的，撤销决定。"
        self.assertEqual(template.version, 2)

        second = self.sign(self.make_case(applicant=self.li))
        self.assertEqual(second.template_version_id.version, 2)
        self.assertEqual(second.content, "本人李四承诺与逝者系配偶、父母或子女关系。")
        self.assertEqual(second.liability, "虚假承诺的，撤销决定。")

        with self.assertRaises(UserError):
            old.with_user(self.manager).write({"content": "tampered"})
        with self.assertRaises(UserError):
            old.sudo().write({"content": "tampered"})
        with self.assertRaisesRegex(UserError, "Archive it instead"):
            template.unlink()

    def test_template_selection_per_rule_item_certificate_and_level(self):
        """Taizhou art. 8 ¶2: the office makes templates for applicants to use: the rule's own template wins,
        then the level's template for the item, for the certificate, the general one, then the city's."""
        Template = self.env["noproof.commitment.template"]
        self.assertEqual(Template._noproof_for_rule(self.rule_funeral_kinship), self.kinship_template)
        self.assertEqual(Template._noproof_for_rule(self.rule_risky_income), self.template)
        self.assertEqual(self.rule_risky_income.effective_commitment_template_id, self.template)
        for_item = Template.create(
            {
                "name": "For the funeral subsidy",
                "company_id": self.city.id,
                "item_ids": [Command.set(self.funeral_item.ids)],
                "sequence": 99,
                "content": "本人承诺（殡葬）",
                "standard": "标准",
                "liability": "责任",
            }
        )
        self.assertEqual(Template._noproof_for_rule(self.rule_funeral_kinship), for_item)
        # A county without its own template uses its city's; the other city's never.
        self.assertEqual(Template._noproof_for_rule(self.rule_county_funeral_kinship), self.kinship_template)
        self.assertEqual(Template._noproof_for_rule(self.rule_lz_funeral_kinship), self.lz_template)
        county_template = Template.create(
            {
                "name": "County template",
                "company_id": self.county.id,
                "content": "县级承诺",
                "standard": "县级标准",
                "liability": "县级责任",
            }
        )
        self.assertEqual(Template._noproof_for_rule(self.rule_county_funeral_kinship), county_template)
        # The rule's own choice wins; it must belong to the rule's level or its city.
        self.rule_funeral_kinship.commitment_template_id = self.template
        self.assertEqual(Template._noproof_for_rule(self.rule_funeral_kinship), self.template)
        with self.assertRaisesRegex(ValidationError, "cannot use it"):
            self.rule_funeral_kinship.commitment_template_id = self.lz_template
        with self.assertRaisesRegex(ValidationError, "cannot use it"):
            self.rule_funeral_kinship.commitment_template_id = county_template
        # An archived template is not used.
        self.rule_funeral_kinship.commitment_template_id = False
        (for_item | self.kinship_template).action_archive()
        self.assertEqual(Template._noproof_for_rule(self.rule_funeral_kinship), self.template)

    def test_case_data_is_rendered_as_plain_text(self):
        """Placeholders are filled with the case's data once, as text: data that looks like markup or like a
        placeholder stays as it is."""
        tricky = self.env["res.partner"].create(
            {
                "name": "<b>王</b>{{item}}",
                "company_id": self.city.id,
                "noproof_id_type": "other",
                "noproof_id_number": "{{date}}",
            }
        )
        commitment = self.sign(self.make_case(item=self.risky_item, applicant=tricky), certificate=self.cert_income)
        self.assertEqual(
            commitment.content,
            "本人<b>王</b>{{item}}（{*****}}）承诺“Income Certificate”所证明的事项属实，用于办理最低生活保障申请。",
        )
        self.assertEqual(
            commitment.liability, "承诺不实的，Civil Affairs责令限期整改或者撤销决定，两年内不适用告知承诺。"
        )
        self.assertNotIn("{{date}}", commitment.verification_right)
