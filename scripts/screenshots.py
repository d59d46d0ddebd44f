"""Screenshots of each role's main screen, as its users see it, into the readme/ of the add-on that shows it.

Usage (a demo database served by Odoo, e.g. `make demo`):
    python scripts/screenshots.py [--url http://127.0.0.1:8069] [--db noproof_demo] [--only clerk,verifier]

Needs Playwright (`pip install playwright`) and Chromium (`/usr/bin/chromium`, or set CHROMIUM). Each demo user's
password is its login. The script fails when a screen shows an English word of the web client that the Chinese
translation should have replaced, so that a screenshot never documents an untranslated screen.
"""

import argparse
import os
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent

# (name, login or None for the public, path, add-on whose readme/ gets the picture, what it shows)
SCREENS = [
    (
        "manager",
        "np_manager",
        "/odoo/action-noproof_catalog.action_noproof_change_request",
        "noproof_catalog",
        "the configuration administrator's change requests",
    ),
    (
        "approver",
        "np_office",
        "/odoo/action-noproof_catalog.action_noproof_change_request_to_review",
        "noproof_catalog",
        "an approver's reviews waiting for them (待我审批)",
    ),
    ("public_list", None, "/noproof", "noproof_catalog", "the public cancellation lists"),
    (
        "clerk",
        "np_clerk",
        "/odoo/action-noproof_verification.action_noproof_case",
        "noproof_verification",
        "the window clerk's cases",
    ),
    (
        "verifier",
        "np_verifier",
        "/odoo/action-noproof_verification.action_noproof_ticket_inbox",
        "noproof_verification",
        "the department verifier's ticket inbox with countdowns",
    ),
    (
        "luzhou_clerk",
        "lz_clerk",
        "/odoo/action-noproof_verification.action_noproof_case",
        "noproof_verification",
        "a Luzhou clerk's cases",
    ),
    (
        "ledger",
        "np_office",
        "/odoo/action-noproof_ledger.action_noproof_ledger_entry",
        "noproof_ledger",
        "the office's ledger",
    ),
    (
        "commitments",
        "np_clerk",
        "/odoo/action-noproof_commitment.action_noproof_commitment",
        "noproof_commitment",
        "the clerk's commitments",
    ),
    (
        "office",
        "np_office",
        "/odoo/action-noproof_supervision.action_noproof_overview",
        "noproof_supervision",
        "the joint-conference office's overview",
    ),
    (
        "supervisor",
        "tz_supervisor",
        "/odoo/action-noproof_supervision.action_noproof_complaint",
        "noproof_supervision",
        "the supervision window's complaints",
    ),
    ("public_complaint", None, "/noproof/complaint", "noproof_supervision", "the public complaint form"),
]

# Words of Odoo's web client that must not stay English on a Chinese screen.
ENGLISH = re.compile(r"\b(New|Save|Discard|Search|Filters|Group By|Favorites|Validate|Reject|Todo by|Next:)\b")


def login(page, url, db, user):
    page.goto(f"{url}/web/login?db={db}")
    page.fill("input[name=login]", user)
    page.fill("input[name=password]", user)
    page.click("button[type=submit]")
    page.wait_for_selector(".o_main_navbar", timeout=60000)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("NOPROOF_URL", "http://127.0.0.1:8069"))
    parser.add_argument("--db", default=os.environ.get("NOPROOF_DB", "noproof_demo"))
    parser.add_argument("--only", help="comma-separated screen names")
    args = parser.parse_args()
    wanted = set(args.only.split(",")) if args.only else None
    failures = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=["--no-sandbox"]
        )
        for name, user, path, addon, what in SCREENS:
            if wanted and name not in wanted:
                continue
            context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
            page = context.new_page()
            if user:
                login(page, args.url, args.db, user)
            page.goto(f"{args.url}{path}" + ("" if user else f"?db={args.db}"))
            if user:
                page.wait_for_selector(
                    ".o_action_manager .o_view_controller, .o_action_manager .o_action", timeout=60000
                )
            page.wait_for_load_state("load")
            page.wait_for_timeout(2500)
            target = ROOT / "addons" / addon / "readme" / f"screen_{name}.png"
            page.screenshot(path=str(target))
            english = sorted(set(ENGLISH.findall(page.inner_text("body")))) if user else []
            print(f"{target.relative_to(ROOT)}: {what}" + (f"  ENGLISH: {english}" if english else ""))
            if english:
                failures.append(name)
            context.close()
        browser.close()
    if failures:
        sys.exit(f"English words on: {', '.join(failures)}")


if __name__ == "__main__":
    main()
