"""Load test of noproof with Locust (issue 15): public visitors, window clerks and verifiers on a
city-year database (scripts/make_cityyear.py), against Odoo in workers mode; scripts/load_test.sh
runs it at 10, 50 and 100 users and writes the report.

    locust -f scripts/locustfile.py --host http://127.0.0.1:8373 --headless -u 50 -r 10 -t 60s

Every request goes as the web client sends it (JSON-RPC to /web/dataset/call_kw and
/web/dataset/call_button, plain GET for the public pages). The request names group the figures:
"public: …", "clerk: …", "verifier: …", and "floor: GET /web/login", a plain Odoo page measured in
the same run as the floor. Logins and passwords: cy_clerk and cy_verifier (make_cityyear.py).
"""

import itertools
import os
import random

from locust import HttpUser, between, task

_ids = itertools.count()
_slots = itertools.count()
DATABASE = os.environ.get("NOPROOF_LOAD_DB", "noproof_cityyear")


class RpcUser(HttpUser):
    abstract = True
    login = None

    def rpc(self, path, params, name):
        payload = {"jsonrpc": "2.0", "method": "call", "id": next(_ids), "params": params}
        with self.client.post(path, json=payload, name=name, catch_response=True) as response:
            body = response.json() if response.status_code == 200 else {}
            if response.status_code != 200 or "error" in body:
                message = body.get("error", {}).get("data", {}).get("message") or response.text[:200]
                response.failure(message)
                return None
            return body["result"]

    def call(self, model, method, args, kwargs, name):
        kwargs = {**kwargs, "context": {"lang": "zh_CN", "tz": "Asia/Shanghai", **kwargs.get("context", {})}}
        params = {"model": model, "method": method, "args": args, "kwargs": kwargs}
        return self.rpc(f"/web/dataset/call_kw/{model}/{method}", params, name)

    def button(self, model, method, ids, name, context=None):
        params = {
            "model": model,
            "method": method,
            "args": [ids],
            "kwargs": {"context": {"lang": "zh_CN", "tz": "Asia/Shanghai", **(context or {})}},
        }
        return self.rpc(f"/web/dataset/call_button/{model}/{method}", params, name)

    def on_start(self):
        # Each simulated user works on its own records (two clerks never take the same check).
        self.slot = next(_slots)
        self.rpc("/web/session/authenticate", {"db": DATABASE, "login": self.login, "password": self.login}, "sign in")


class PublicVisitor(HttpUser):
    """A citizen reading the published lists and the service guides (no login)."""

    weight = 5
    wait_time = between(1, 3)

    def on_start(self):
        self.lists = [1]
        self.items = []
        response = self.client.get("/noproof", name="public: GET /noproof")
        self.level_ids = sorted({int(x) for x in _find(response.text, "/noproof/level/")}) or [1]
        self.lists = sorted({int(x) for x in _find(response.text, "/noproof/list/")}) or [1]

    @task(3)
    def index(self):
        self.client.get("/noproof", name="public: GET /noproof")

    @task(5)
    def list_page(self):
        list_id = random.choice(self.lists)
        response = self.client.get(
            f"/noproof/list/{list_id}?page={random.randint(1, 3)}", name="public: GET /noproof/list/<id>"
        )
        self.items = sorted({int(x) for x in _find(response.text, "/noproof/item/")})[:50] or self.items

    @task(2)
    def search(self):
        list_id = random.choice(self.lists)
        self.client.get(
            f"/noproof/list/{list_id}?q={random.choice(['户籍', '证明', '低保', '婚姻'])}",
            name="public: GET /noproof/list/<id>?q=",
        )

    @task(2)
    def guide(self):
        if self.items:
            self.client.get(f"/noproof/item/{random.choice(self.items)}/guide", name="public: GET guide")

    @task(1)
    def export(self):
        self.client.get(f"/noproof/list/{random.choice(self.lists)}.json", name="public: GET /noproof/list/<id>.json")


class Floor(HttpUser):
    """A plain Odoo page in the same run: what any request costs before noproof does anything."""

    weight = 1
    wait_time = between(1, 3)

    @task
    def login_page(self):
        self.client.get("/web/login", name="floor: GET /web/login")


CASE_SPEC = {
    "name": {},
    "state": {},
    "date_opened": {},
    "applicant_id": {"fields": {"display_name": {}}},
    "item_id": {"fields": {"display_name": {}}},
    "clerk_id": {"fields": {"display_name": {}}},
}
CHECK_SPEC = {"certificate_id": {"fields": {"display_name": {}}}, "disposition": {}, "state": {}, "resolution": {}}
TICKET_SPEC = {
    "name": {},
    "state": {},
    "deadline": {},
    "sent_at": {},
    "question": {},
    "requesting_organization_id": {"fields": {"display_name": {}}},
    "item_id": {"fields": {"display_name": {}}},
    "certificate_id": {"fields": {"display_name": {}}},
}


class Clerk(RpcUser):
    """A window clerk: the cases in progress, a case with its checks, resolving a check."""

    weight = 3
    wait_time = between(2, 5)
    login = "cy_clerk"

    def open_cases(self):
        result = self.call(
            "noproof.case",
            "web_search_read",
            [],
            {
                "specification": CASE_SPEC,
                "domain": [("state", "=", "open")],
                "limit": 80,
                "order": "",
                "count_limit": 10001,
            },
            "clerk: case list",
        )
        return [record["id"] for record in (result or {}).get("records", [])]

    @task(4)
    def case_list(self):
        self.open_cases()

    @task(4)
    def case_form(self):
        cases = self.open_cases()
        if cases:
            self.call(
                "noproof.case",
                "web_read",
                [[random.choice(cases)]],
                {"specification": {**CASE_SPEC, "check_ids": {"fields": CHECK_SPEC, "limit": 40, "order": ""}}},
                "clerk: case form",
            )

    @task(1)
    def resolve_check(self):
        """Own investigation of a check still to do, through the resolution wizard."""
        checks = self.call(
            "noproof.case.check",
            "search_read",
            [[("state", "=", "todo"), ("disposition", "=", "self_investigation")]],
            {"fields": ["id"], "limit": 1, "offset": self.slot % 50, "order": "id"},
            "clerk: checks to do",
        )
        if not checks:
            return
        check_id = checks[0]["id"]
        action = self.button("noproof.case.check", "action_open_resolve", [check_id], "clerk: open resolve")
        if not action:
            return
        wizard = self.call(
            "noproof.check.resolve.wizard",
            "web_save",
            [
                [],
                {
                    "check_id": check_id,
                    "action": "resolve",
                    "resolution": "self_investigation",
                    "note": "经调取户籍档案核实，与申请人填报信息一致。",
                },
            ],
            {"specification": {"id": {}}, "context": action.get("context", {})},
            "clerk: fill resolve",
        )
        if wizard:
            self.button(
                "noproof.check.resolve.wizard",
                "action_confirm",
                [wizard[0]["id"]],
                "clerk: resolve check",
                action.get("context", {}),
            )


class Verifier(RpcUser):
    """A verifier of the police: the inbox with its countdowns, a ticket, answering it."""

    weight = 2
    wait_time = between(2, 5)
    login = "cy_verifier"

    def inbox(self):
        result = self.call(
            "noproof.verification.ticket",
            "web_search_read",
            [],
            {
                "specification": TICKET_SPEC,
                "domain": [("state", "in", ["sent", "accepted"])],
                "limit": 40,
                "order": "",
                "count_limit": 10001,
            },
            "verifier: inbox",
        )
        return [record["id"] for record in (result or {}).get("records", [])]

    @task(4)
    def open_inbox(self):
        self.inbox()

    @task(3)
    def open_ticket(self):
        tickets = self.inbox()
        if tickets:
            self.call(
                "noproof.verification.ticket",
                "web_read",
                [[random.choice(tickets)]],
                {"specification": TICKET_SPEC},
                "verifier: ticket form",
            )

    @task(1)
    def answer(self):
        tickets = self.inbox()
        if not tickets:
            return
        ticket_id = tickets[self.slot % len(tickets)]
        action = self.button("noproof.verification.ticket", "action_open_answer", [ticket_id], "verifier: open answer")
        if not action:
            return
        wizard = self.call(
            "noproof.ticket.answer.wizard",
            "web_save",
            [[], {"ticket_id": ticket_id, "result": "confirmed", "answer": "经核查人口信息系统，申请人信息属实。"}],
            {"specification": {"id": {}}, "context": action.get("context", {})},
            "verifier: fill answer",
        )
        if wizard:
            self.button(
                "noproof.ticket.answer.wizard",
                "action_answer",
                [wizard[0]["id"]],
                "verifier: answer ticket",
                action.get("context", {}),
            )


def _find(text, prefix):
    """The numbers following `prefix` in links of a page."""
    found, start = [], 0
    while True:
        start = text.find(prefix, start)
        if start < 0:
            return found
        start += len(prefix)
        digits = ""
        while start < len(text) and text[start].isdigit():
            digits += text[start]
            start += 1
        if digits:
            found.append(digits)
