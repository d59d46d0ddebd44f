from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..models.ir_attachment import IrAttachment as LedgerAttachment
from .common import NoproofLedgerCase


@tagged("post_install", "-at_install")
class TestAttachmentAccess(NoproofLedgerCase):
    """Issue 11 ¶3: binding attachments checks that the user may read each one; no id from the
    client is read with superuser rights first."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Attachment = cls.env["ir.attachment"]
        other_office = new_test_user(cls.env, login="t_other_uploader", groups="noproof_catalog.group_clerk")
        cls.foreign_upload = Attachment.with_user(other_office).create(
            {"name": "signed-commitment.pdf", "raw": b"%PDF-1.4 another county's commitment"}
        )
        cls.other_entry = cls.Entry.with_user(cls.other_clerk).record(
            "query_authorization", organization=cls.other_org, applicant_name="王芳", attachments=[("l.pdf", b"x")]
        )
        cls.foreign_ledger_file = cls.other_entry.sudo().attachment_ids
        cls.own_upload = Attachment.with_user(cls.clerk).create({"name": "letter.pdf", "raw": b"%PDF-1.4 mine"})

    def test_record_refuses_files_the_user_cannot_read(self):
        """Threat T-L7 (stealing a file through the ledger): record() copies a file into the ledger only
        if the calling user may read it; nothing is written otherwise."""
        before = self.counts()
        for stolen in (self.foreign_upload, self.foreign_ledger_file):
            with self.subTest(file=stolen.name), self.assertRaisesRegex(AccessError, "cannot open yourself"):
                self.Entry.with_user(self.clerk).record(
                    "query_authorization",
                    organization=self.civil,
                    applicant_name="张伟",
                    attachments=stolen.with_user(self.clerk),
                )
        self.assertEqual(self.counts(), before)
        entry = self.Entry.with_user(self.clerk).record(
            "query_authorization",
            organization=self.civil,
            applicant_name="张伟",
            attachments=self.own_upload.with_user(self.clerk),
        )
        self.assertEqual(entry.sudo().attachment_ids.raw, b"%PDF-1.4 mine")

    def test_bind_refuses_files_the_user_cannot_read(self):
        """Threat T-L7: ir.attachment._noproof_bind (used by checks, tickets, commitments) binds only
        files the user may read, and binds the user's own unbound uploads to the record."""
        # The ledger's binder itself (an add-on further right may still define its own copy).
        bind = LedgerAttachment._noproof_bind
        document = (
            self.env["noproof.ledger.record.wizard"].with_user(self.clerk).create({"organization_id": self.civil.id})
        )
        binder = self.env["ir.attachment"].with_user(self.clerk)
        for stolen in (self.foreign_upload, self.foreign_ledger_file):
            with self.subTest(file=stolen.name), self.assertRaisesRegex(AccessError, "cannot open yourself"):
                bind(binder, stolen.with_user(self.clerk), document)
        self.assertFalse(self.foreign_upload.res_id)
        bound = bind(binder, [self.own_upload.with_user(self.clerk), ("note.txt", b"n")], document)
        self.assertEqual(len(bound), 2)
        self.assertEqual(set(bound.sudo().mapped("res_model")), {document._name})
        self.assertEqual(set(bound.sudo().mapped("res_id")), {document.id})
