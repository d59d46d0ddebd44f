#!/usr/bin/env python3
"""Fill a database with one year of a prefecture-level city and its nine counties (issue 15).

    ~/.cache/noproof/venv/bin/python scripts/make_cityyear.py -d noproof_cityyear [-c .odoo/odoo.conf]
        [--scale 1.0]

The database must have every noproof add-on installed WITHOUT demo data; when it does not exist the
script creates it (`odoo-bin -i <add-ons> --without-demo=all --load-language=en_US,zh_CN`).

What it builds (at --scale 1.0), over the twelve months before today:
- through the ORM: 台州市 (the main company, Taizhou statute) and its nine counties, each with its
  joint-conference office and departments (20 in the city, 12 in each county), a clerk and a
  verifier per department, 60 service items in the city and 40 in each county with four active
  certificate rules each (assistance, commitment, cancelled, own investigation), a commitment
  template, and each level's published cancellation list;
- with bulk SQL: 150,000 applicants, 300,000 cases, 1,000,000 case checks, 200,000 verification
  tickets (about 4% answered late, 1% still open past their deadline and escalated to the office),
  50,000 commitments, 20,000 complaints and 5,000,000 access-log rows;
- 1,000,000 ledger entries in the ten levels' chains, hashed in Python with the ledger's own
  canonical serialization and written with COPY; each chain verifies.

Logins for the screen and load benchmarks (password = login): cy_clerk (city civil affairs),
cy_verifier (city police), cy_office (city office), cy_supervisor, cy_manager.
It ends with the database size. Run it once on an empty database.
"""

import io
import math
import os
import random
import subprocess
import sys
import time
from datetime import datetime, timedelta

from benchlib import argument_parser

ADDONS = "noproof_catalog,noproof_ledger,noproof_verification,noproof_commitment,noproof_supervision"
COUNTIES = ["椒江区", "黄岩区", "路桥区", "临海市", "温岭市", "玉环市", "天台县", "仙居县", "三门县"]
CITY_DEPARTMENTS = [
    "民政局",
    "公安局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "住房和城乡建设局",
    "卫生健康委员会",
    "教育局",
    "市场监督管理局",
    "司法局",
    "交通运输局",
    "农业农村局",
    "退役军人事务局",
    "医疗保障局",
    "税务局",
    "应急管理局",
    "生态环境局",
    "文化广电旅游局",
    "残疾人联合会",
    "水务集团",
    "供电公司",
]
COUNTY_DEPARTMENTS = CITY_DEPARTMENTS[:12]
CERTIFICATES = [
    "户籍证明",
    "无犯罪记录证明",
    "亲属关系证明",
    "婚姻状况证明",
    "收入证明",
    "居住证明",
    "就业失业证明",
    "社保缴纳证明",
    "房产证明",
    "无房证明",
    "学历证明",
    "健康证明",
    "残疾证明",
    "退役军人证明",
    "死亡证明",
    "出生证明",
    "独生子女证明",
    "低保证明",
    "特困证明",
    "纳税证明",
    "企业经营状况证明",
    "无违法记录证明",
    "火灾事故证明",
    "交通事故证明",
    "工作经历证明",
    "计划生育证明",
    "抚养关系证明",
    "赡养关系证明",
    "贫困证明",
    "在读证明",
]
ITEM_WORDS = ["申请", "登记", "补助", "变更", "审核", "确认", "备案", "办理"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅文辉鹏飞玲燕丹宁"


def parse_args():
    parser = argument_parser(__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every volume (0.01 for a quick try)")
    return parser.parse_args()


def step(message, started=[None]):  # noqa: B006 - the timer of the previous step
    now = time.perf_counter()
    if started[0] is not None:
        print(f"  ({now - started[0]:.1f} s)", flush=True)
    started[0] = now
    if message:
        print(message, flush=True)


def ensure_database(args):
    exists = subprocess.run(["psql", "-XAtc", "SELECT 1", args.database], capture_output=True, check=False)
    if exists.returncode == 0:
        return
    odoo_bin = os.path.join(os.environ.get("ODOO_SRC", os.path.expanduser("~/.cache/noproof/odoo-18.0")), "odoo-bin")
    step(f"creating {args.database}: every add-on, no demo data, Chinese")
    subprocess.run(
        [
            sys.executable,
            odoo_bin,
            "-c",
            args.config,
            "-d",
            args.database,
            "-i",
            ADDONS,
            "--without-demo=all",
            "--load-language=en_US,zh_CN",
            "--stop-after-init",
            "--log-level=warn",
            "--no-http",
        ],
        check=True,
    )


# ---------------------------------------------------------------------------------------------- ORM
def build_configuration(env, scale):
    """The levels, organizations, users, items, rules, template and published lists."""
    from odoo import Command

    ref = env.ref
    groups = {name: ref(f"noproof_catalog.group_{name}").id for name in ("clerk", "verifier", "office", "manager")}
    groups["supervisor"] = ref("noproof_supervision.group_supervisor").id
    city = ref("base.main_company")
    city.write(
        {
            "name": "台州市",
            "currency_id": ref("base.CNY").id,
            "country_id": ref("base.cn").id,
            "noproof_statute": "taizhou",
        }
    )
    counties = env["res.company"].create([{"name": name, "parent_id": city.id} for name in COUNTIES])
    levels = city + counties
    for county in counties:  # the city's weights come with the add-on
        env["noproof.evaluation.metric"]._setup_company(county.id)
    basis = env["noproof.legal.basis"].create(
        {"name": "浙江省行政程序办法", "level": "administrative_regulation", "date_effective": "2015-01-01"}
    )
    certificates = env["noproof.certificate"].create([{"name": name} for name in CERTIFICATES])
    template = env["noproof.commitment.template"].create(
        {
            "name": "台州市证明事项告知承诺书（通用）",
            "company_id": city.id,
            "content": "本人{{applicant}}申请办理“{{item}}”，承诺所填报的信息真实、准确、完整，"
            "与“{{certificate}}”所证明的内容一致。",
            "standard": "所承诺事项应当符合“{{item}}”办事指南规定的申请条件。",
            "liability": "承诺不实的，{{organization}}将责令限期整改或者依法撤销有关决定"
            "（台政办发〔2019〕17号 第八条）。",
            "verification_right": "本人同意{{organization}}在事中事后核实承诺事项。",
        }
    )
    users = env["res.users"].with_context(no_reset_password=True, mail_create_nosubscribe=True)
    bench_logins = {}
    level_data = []
    item_rows = []  # (item, company, organization, handling_type, clerk, assisting org, its company, verifier)
    for index, level in enumerate(levels):
        departments = CITY_DEPARTMENTS if level == city else COUNTY_DEPARTMENTS
        prefix = "台州市" if level == city else level.name
        office = env["noproof.organization"].create({"name": f"{prefix}跑改办", "company_id": level.id})
        orgs = env["noproof.organization"].create(
            [{"name": f"{prefix}{name}", "company_id": level.id} for name in departments]
        )
        level.noproof_office_id = office
        common = {
            "company_id": level.id,
            "company_ids": [Command.set(level.ids)],
            "lang": "zh_CN",
            "tz": "Asia/Shanghai",
        }
        # The city's office, supervisors and managers read their counties (as in the demo).
        city_wide = {**common, "company_ids": [Command.set(levels.ids)]} if level == city else common
        office_user = users.create(
            {
                **city_wide,
                "name": f"{prefix}跑改办",
                "login": f"cy_office_{index}",
                "groups_id": [Command.set([groups["office"]])],
            }
        )
        office.user_ids = office_user
        clerks = users.create(
            [
                {
                    **common,
                    "name": f"{org.name}窗口",
                    "login": f"cy_clerk_{index}_{n}",
                    "groups_id": [Command.set([groups["clerk"]])],
                }
                for n, org in enumerate(orgs)
            ]
        )
        verifiers = users.create(
            [
                {
                    **common,
                    "name": f"{org.name}协查",
                    "login": f"cy_verifier_{index}_{n}",
                    "groups_id": [Command.set([groups["verifier"]])],
                }
                for n, org in enumerate(orgs)
            ]
        )
        for org, clerk, verifier in zip(orgs, clerks, verifiers, strict=True):
            org.write({"user_ids": [Command.set((clerk + verifier).ids)], "verifier_ids": [Command.set(verifier.ids)]})
        if level == city:
            bench_logins.update(cy_clerk=clerks[0], cy_verifier=verifiers[1], cy_office=office_user)
            bench_logins["cy_manager"] = users.create(
                {
                    **city_wide,
                    "name": "台州市配置管理员",
                    "login": "cy_manager",
                    "groups_id": [Command.set([groups["manager"]])],
                }
            )
            bench_logins["cy_supervisor"] = users.create(
                {
                    **city_wide,
                    "name": "台州市监督专窗",
                    "login": "cy_supervisor",
                    "groups_id": [Command.set([groups["supervisor"]])],
                }
            )
        n_items = max(2, round((60 if level == city else 40) * max(scale, 0.05)))
        items = env["noproof.service.item"].create(
            [
                {
                    "name": f"{CERTIFICATES[n % len(CERTIFICATES)][:-2]}{ITEM_WORDS[n % len(ITEM_WORDS)]}（{n + 1}）",
                    "company_id": level.id,
                    "organization_id": orgs[n % len(orgs)].id if n % len(orgs) != 1 else orgs[0].id,
                    "handling_type": "immediate" if n % 3 else "non_immediate",
                    "category": "public_service",
                }
                for n in range(n_items)
            ]
        )
        rules = []
        for n, item in enumerate(items):
            police = orgs[1]  # the police verify; items are never the police's own (above)
            for k, disposition in enumerate(("assistance", "commitment", "cancelled", "self_investigation")):
                rules.append(
                    {
                        "item_id": item.id,
                        "certificate_id": certificates[(n * 4 + k) % len(certificates)].id,
                        "disposition": disposition,
                        "state": "active",
                        "sequence": k + 1,
                        "legal_basis_id": basis.id if disposition != "cancelled" else False,
                        "alternative_method": "部门间协查" if disposition != "cancelled" else False,
                        "assisting_organization_id": police.id if disposition == "assistance" else False,
                    }
                )
        env["noproof.certificate.rule"]._workflow_create(rules)
        for item in items:
            org_index = orgs.ids.index(item.organization_id.id)
            item_rows.append(
                (
                    item.id,
                    level.id,
                    item.organization_id.id,
                    item.handling_type,
                    clerks[org_index].id,
                    orgs[1].id,
                    level.id,
                    verifiers[1].id,
                    office.id,
                )
            )
        lst = env["noproof.cancellation.list"].create({"name": f"{prefix}证明材料取消清单", "company_id": level.id})
        lst.action_publish()
        level_data.append((level, office, office_user, orgs, clerks, verifiers))
    for login, user in bench_logins.items():
        user.write({"login": login, "password": login})
    return levels, level_data, item_rows, template, bench_logins


# ---------------------------------------------------------------------------------------------- SQL
def bulk(env, args, levels, item_rows, template):
    from odoo.addons.noproof_catalog.models.res_partner import MASK_KEEP

    cr = env.cr

    def run(query, values=None):
        cr.execute(query.replace(" % ", " %% "), values)

    n = lambda count: max(1, int(count * args.scale))  # noqa: E731
    head, tail = MASK_KEEP["resident_id"]
    start = datetime.now().replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=365)
    params = {"start": start, "now": datetime.now(), "uid": env.uid, "template_id": template.id}
    run(
        "SELECT id FROM noproof_commitment_template_version WHERE template_id = %s ORDER BY version DESC LIMIT 1",
        [template.id],
    )
    params["version_id"] = cr.fetchone()[0]
    run(
        "CREATE TEMP TABLE cy_item (n serial, item_id int, company_id int, organization_id int, handling_type "
        "varchar, clerk_id int, assisting_org int, assisting_company int, verifier_id int, office_id int)"
    )
    run(
        "INSERT INTO cy_item (item_id, company_id, organization_id, handling_type, clerk_id, assisting_org, "
        "assisting_company, verifier_id, office_id) VALUES " + ",".join(["%s"] * len(item_rows)),
        item_rows,
    )
    params["items"] = len(item_rows)

    step(f"applicants: {n(150_000):,}")
    run(
        f"""INSERT INTO res_partner (name, complete_name, company_id, active, type, is_company, lang,
                                     noproof_id_type, noproof_id_number, noproof_id_number_masked,
                                     create_uid, write_uid, create_date, write_date)
            SELECT nm, nm, %(city)s, true, 'contact', false, 'zh_CN', 'resident_id', num,
                   left(num, {head}) || repeat('*', 18 - {head + tail}) || right(num, {tail}),
                   %(uid)s, %(uid)s, now(), now()
              FROM generate_series(1, %(count)s) g,
                   LATERAL (SELECT substr(%(surnames)s, 1 + g %% {len(SURNAMES)}, 1)
                                   || substr(%(given)s, 1 + (g / {len(SURNAMES)}) %% {len(GIVEN)}, 1)
                                   || substr(%(given)s, 1 + (g / 7) %% {len(GIVEN)}, 1) AS nm,
                                   '33100' || (1 + g %% 9)::text
                                   || to_char(date '1950-01-01' + (g * 37) %% 20000, 'YYYYMMDD')
                                   || lpad((g %% 1000)::text, 3, '0') || (g %% 10)::text AS num) x""",
        {**params, "city": levels[0].id, "count": n(150_000), "surnames": SURNAMES, "given": GIVEN},
    )
    run("UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL")
    run(
        """CREATE TEMP TABLE cy_applicant AS
                  SELECT row_number() OVER (ORDER BY id) AS n, id FROM res_partner WHERE noproof_id_type = 'resident_id'
                     AND create_uid = %s""",
        [env.uid],
    )
    run("SELECT count(*) FROM cy_applicant")
    params["applicants"] = cr.fetchone()[0]

    step(f"cases: {n(300_000):,}")
    # Opened evenly over the year on office hours; a case older than two weeks is decided.
    run(
        """INSERT INTO noproof_case (item_id, company_id, organization_id, applicant_id, clerk_id, name, state,
                                     handling_type, date_opened, date_decided, processing_hours, waiting_hours,
                                     approved_by_id, create_uid, write_uid, create_date, write_date)
           SELECT i.item_id, i.company_id, i.organization_id, a.id, i.clerk_id, 'CY' || lpad(g::text, 7, '0'),
                  s.state, i.handling_type, o.opened,
                  CASE WHEN s.state <> 'open' THEN o.opened + (1 + g % 70) * interval '1 hour' END,
                  CASE WHEN s.state <> 'open' THEN 1 + g % 70 END, CASE WHEN s.state <> 'open' THEN g % 5 END,
                  CASE WHEN s.state IN ('approved', 'revoked') THEN i.clerk_id END,
                  %(uid)s, %(uid)s, o.opened, o.opened
             FROM generate_series(1, %(count)s) g
             JOIN cy_item i ON i.n = 1 + (g::bigint * 7919) % %(items)s
             JOIN cy_applicant a ON a.n = 1 + (g::bigint * 104729) % %(applicants)s,
                  LATERAL (SELECT %(start)s::timestamp + (g::float / %(count)s) * interval '365 days'
                                  + ((g % 9) - 4) * interval '1 hour' AS opened) o,
                  LATERAL (SELECT CASE WHEN o.opened > %(now)s::timestamp - interval '14 days' AND g % 5 < 2 THEN 'open'
                                       WHEN g % 100 < 4 THEN 'rejected' WHEN g % 100 < 7 THEN 'cancelled'
                                       WHEN g % 1000 = 999 THEN 'revoked' ELSE 'approved' END AS state) s""",
        {**params, "count": n(300_000)},
    )
    step(f"case checks: {n(1_000_000):,}")
    # Each case checks its item's first three rules; every third case the fourth one too.
    run(
        """INSERT INTO noproof_case_check (case_id, sequence, company_id, organization_id, rule_id, certificate_id,
                                           disposition, state, resolution, resolved_by_id, resolved_at,
                                           create_uid, write_uid, create_date, write_date)
           SELECT c.id, r.sequence, c.company_id, c.organization_id, r.id, r.certificate_id, r.disposition,
                  CASE WHEN c.state <> 'open' THEN 'done' WHEN r.disposition = 'assistance' THEN 'waiting'
                       ELSE 'todo' END,
                  CASE WHEN c.state <> 'open' THEN r.disposition END,
                  CASE WHEN c.state <> 'open' THEN c.clerk_id END, c.date_decided,
                  %(uid)s, %(uid)s, c.date_opened, c.date_opened
             FROM noproof_case c
             JOIN noproof_certificate_rule r ON r.item_id = c.item_id AND (r.sequence <= 3 OR c.id % 3 = 0)
            WHERE c.name LIKE 'CY%%'""",
        params,
    )
    step(f"verification tickets: {n(200_000):,}")
    # Two assistance checks in three send a ticket; deadlines three days after sending.
    run(
        """INSERT INTO noproof_verification_ticket
                  (check_id, case_id, company_id, item_id, certificate_id, applicant_id, requesting_organization_id,
                   requested_by_id, assisting_organization_id, assisting_company_id, assigned_user_id, name, uuid,
                   state, handling_type, data_kind, channel, question, answer, answer_result, classified,
                   on_time, sent_at, deadline, accepted_at, answered_at, closed_at, overdue_at, office_hours,
                   create_uid, write_uid, create_date, write_date)
           SELECT k.id, c.id, c.company_id, c.item_id, k.certificate_id, c.applicant_id, c.organization_id,
                  c.clerk_id, i.assisting_org, i.assisting_company, i.verifier_id, 'XC' || lpad(k.id::text, 8, '0'),
                  md5('cy' || k.id), t.state, c.handling_type, 'electronic', 'system',
                  '请核实申请人' || p.name || '的相关信息是否属实。',
                  CASE WHEN t.answered IS NOT NULL THEN '经核实，信息属实。' END,
                  CASE WHEN t.answered IS NOT NULL THEN 'confirmed' END, false,
                  CASE WHEN t.answered IS NOT NULL THEN t.answered <= t.deadline END,
                  t.sent, t.deadline, CASE WHEN t.state <> 'sent' THEN t.sent + interval '1 hour' END,
                  t.answered, CASE WHEN t.state = 'closed' THEN t.answered END,
                  CASE WHEN t.escalated THEN t.deadline + interval '1 hour' END,
                  CASE WHEN t.answered IS NOT NULL THEN extract(epoch FROM t.answered - t.sent) / 3600 END,
                  %(uid)s, %(uid)s, t.sent, coalesce(t.answered, t.sent)
             FROM noproof_case_check k
             JOIN noproof_case c ON c.id = k.case_id
             JOIN cy_item i ON i.item_id = c.item_id
             JOIN res_partner p ON p.id = c.applicant_id,
                  LATERAL (SELECT c.date_opened + interval '10 minutes' AS sent,
                                  c.date_opened + interval '3 days' AS deadline) b,
                  LATERAL (SELECT b.sent, b.deadline,
                                  CASE WHEN c.state = 'open' AND (k.id % 10 < 3 OR b.deadline < %(now)s::timestamp
                                                                  AND k.id % 10 < 6)
                                       THEN NULL
                                       WHEN k.id % 25 = 0 THEN b.deadline + (1 + k.id % 40) * interval '1 hour'
                                       ELSE b.sent + (1 + k.id % 50) * interval '1 hour' END AS answered,
                                  CASE WHEN c.state = 'open' AND (k.id % 10 < 3 OR b.deadline < %(now)s::timestamp
                                                                  AND k.id % 10 < 6) THEN 'sent'
                                       WHEN c.state = 'open' THEN 'answered' ELSE 'closed' END AS state,
                                  c.state = 'open' AND b.deadline < %(now)s::timestamp AND k.id % 10 < 6
                                      OR k.id % 25 = 0 AND k.id % 50 = 0 AS escalated) t
            WHERE k.disposition = 'assistance' AND c.name LIKE 'CY%%' AND k.id % 4 < 3
            ORDER BY k.id LIMIT %(count)s""",
        {**params, "count": n(200_000)},
    )
    run(
        """INSERT INTO noproof_ticket_escalation (ticket_id, company_id, office_company_id, office_organization_id,
                                                  requesting_organization_id, assisting_organization_id, state,
                                                  deadline, escalated_at, fault, create_uid, write_uid, create_date,
                                                  write_date)
           SELECT t.id, t.company_id, t.company_id, i.office_id, t.requesting_organization_id,
                  t.assisting_organization_id, CASE WHEN t.state = 'sent' THEN 'open' ELSE 'done' END,
                  t.overdue_at + interval '5 days', t.overdue_at,
                  CASE WHEN t.state = 'sent' THEN NULL ELSE 'assisting' END, %(uid)s, %(uid)s, t.overdue_at,
                  t.overdue_at
             FROM noproof_verification_ticket t JOIN cy_item i ON i.item_id = t.item_id
            WHERE t.overdue_at IS NOT NULL AND t.name LIKE 'XC%%'""",
        params,
    )
    step(f"commitments: {n(50_000):,}")
    run(
        """INSERT INTO noproof_commitment
                  (check_id, case_id, company_id, organization_id, item_id, rule_id, certificate_id, applicant_id,
                   template_id, template_version_id, clerk_id, name, applicant_name, applicant_id_number_masked,
                   signature_method, access_token, state, content, signed_at, follow_up_deadline, verified_at,
                   verified_by_id, create_uid, write_uid, create_date, write_date)
           SELECT k.id, c.id, c.company_id, c.organization_id, c.item_id, k.rule_id, k.certificate_id, c.applicant_id,
                  %(template_id)s, %(version_id)s, c.clerk_id, 'CN' || lpad(k.id::text, 8, '0'), p.name,
                  p.noproof_id_number_masked, 'handwritten', md5('cn' || k.id),
                  CASE WHEN c.state = 'open' THEN 'signed' WHEN k.id % 200 = 0 THEN 'rectification'
                       WHEN k.id % 500 = 1 THEN 'revoked' ELSE 'verified' END,
                  '本人' || p.name || '承诺所填报的信息真实、准确、完整。', c.date_opened + interval '20 minutes',
                  c.date_opened + interval '3 days',
                  CASE WHEN c.state <> 'open' THEN c.date_opened + interval '2 days' END,
                  CASE WHEN c.state <> 'open' THEN c.clerk_id END,
                  %(uid)s, %(uid)s, c.date_opened, c.date_opened
             FROM noproof_case_check k JOIN noproof_case c ON c.id = k.case_id
             JOIN res_partner p ON p.id = c.applicant_id
            WHERE k.disposition = 'commitment' AND c.name LIKE 'CY%%' AND k.id % 5 = 0
            ORDER BY k.id LIMIT %(count)s""",
        {**params, "count": n(50_000)},
    )
    run("""UPDATE noproof_case_check k SET commitment_id = m.id FROM noproof_commitment m
                   WHERE m.check_id = k.id AND m.name LIKE 'CN%%'""")
    step(f"complaints: {n(20_000):,}")
    run(
        """INSERT INTO noproof_complaint (company_id, target_organization_id, item_id, name, channel, complaint_type,
                                          state, substantiated, description, conclusion, anonymous, complainant_name,
                                          complainant_phone, date_received, deadline, date_concluded,
                                          create_uid, write_uid, create_date, write_date)
           SELECT i.company_id, i.organization_id, i.item_id, 'TS' || lpad(g::text, 6, '0'),
                  (ARRAY['window', 'hotline', 'online', 'letter'])[1 + g % 4],
                  (ARRAY['cancelled_certificate', 'unapproved_certificate', 'no_verification_answer',
                         'information_misuse', 'refused_cancelled', 'other'])[1 + g % 6],
                  CASE WHEN r.received > %(now)s::timestamp - interval '20 days' THEN 'investigating'
                       ELSE 'closed' END,
                  CASE WHEN r.received <= %(now)s::timestamp - interval '20 days'
                       THEN (ARRAY['yes', 'no', 'no'])[1 + g % 3] END,
                  '窗口仍要求提供已取消的证明材料（第' || g || '号）。',
                  CASE WHEN r.received <= %(now)s::timestamp - interval '20 days' THEN '已核实并整改。' END,
                  g % 7 = 0, CASE WHEN g % 7 <> 0 THEN substr(%(surnames)s, 1 + g % 40, 1) || '先生' END,
                  '138' || lpad((g * 7)::text, 8, '0'), r.received, r.received + interval '15 days',
                  CASE WHEN r.received <= %(now)s::timestamp - interval '20 days'
                       THEN r.received + interval '9 days' END,
                  %(uid)s, %(uid)s, r.received, r.received
             FROM generate_series(1, %(count)s) g JOIN cy_item i ON i.n = 1 + (g * 31) % %(items)s,
                  LATERAL (SELECT %(start)s::timestamp + (g::float / %(count)s) * interval '365 days' AS received) r""",
        {**params, "count": n(20_000), "surnames": SURNAMES},
    )
    total = n(5_000_000)
    step(f"access log: {total:,} rows")
    for offset in range(0, total, 1_000_000):
        run(
            """INSERT INTO noproof_access_log (user_id, company_id, partner_id, res_id, partner_name, id_number_masked,
                                               field_names, access_type, res_model, document_name, date,
                                               create_uid, write_uid, create_date, write_date)
               SELECT c.clerk_id, c.company_id, c.applicant_id, c.id, p.name, p.noproof_id_number_masked,
                      'noproof_id_number', (ARRAY['read', 'read', 'read', 'search', 'print', 'export'])[1 + g % 6],
                      'noproof.case', c.name, d.at, %(uid)s, %(uid)s, d.at, d.at
                 FROM generate_series(%(first)s, %(last)s) g
                 JOIN noproof_case c ON c.name = 'CY' || lpad((1 + g % %(cases)s)::text, 7, '0')
                 JOIN res_partner p ON p.id = c.applicant_id,
                      LATERAL (SELECT c.date_opened + (g % 240) * interval '1 minute' AS at) d""",
            {**params, "first": offset + 1, "last": min(offset + 1_000_000, total), "cases": n(300_000)},
        )
        env.cr.commit()


def build_ledger(env, args, levels):
    """1,000,000 entries over the levels' chains, proportional to their cases, hashed in Python."""
    from odoo.addons.noproof_ledger.models.noproof_ledger_entry import (
        DATE_FORMAT,
        GENESIS_HASH,
        HASHED_FIELDS,
        entry_hash,
    )

    cr = env.cr
    total = max(1, int(1_000_000 * args.scale))
    cr.execute("""SELECT c.company_id, c.id, c.name, c.organization_id, c.applicant_id, p.name, c.clerk_id,
                         c.item_id, c.date_opened
                    FROM noproof_case c JOIN res_partner p ON p.id = c.applicant_id
                   WHERE c.name LIKE 'CY%' ORDER BY c.date_opened, c.id""")
    cases = cr.fetchall()
    step(f"ledger: {total:,} chained entries over {len(levels)} levels (hashed in Python, COPY)")
    by_level = {}
    for row in cases:
        by_level.setdefault(row[0], []).append(row)
    columns = [*HASHED_FIELDS, "prev_hash", "entry_hash", "create_uid", "write_uid", "create_date", "write_date"]
    kinds = [
        "data_query",
        "data_query",
        "information_use",
        "supplement_request",
        "voluntary_provision",
        "onsite_check",
        "outbound_certificate",
    ]
    rng = random.Random(15)
    for level in levels:
        level_cases = by_level.get(level.id, [])
        if not level_cases:
            continue
        count = math.ceil(total * len(level_cases) / len(cases))
        prev_hash, buffer = GENESIS_HASH, io.StringIO()
        for sequence in range(1, count + 1):
            case = level_cases[(sequence - 1) * len(level_cases) // count]
            company_id, case_id, case_name, org_id, applicant_id, applicant_name, clerk_id, item_id, opened = case
            date = (opened + timedelta(minutes=5 + sequence % 50)).strftime(DATE_FORMAT)
            kind = kinds[rng.randrange(len(kinds))]
            values = dict.fromkeys(HASHED_FIELDS)
            values.update(
                company_id=company_id,
                sequence=sequence,
                date=date,
                entry_type=kind,
                user_id=clerk_id,
                organization_id=org_id,
                applicant_id=applicant_id,
                applicant_name=applicant_name,
                item_id=item_id,
                res_model="noproof.case",
                res_id=case_id,
                document_name=case_name,
                is_classified=False,
            )
            if kind == "outbound_certificate":
                values.update(
                    certificate_name="无犯罪记录证明",
                    contact="13800000000",
                    purpose="赴外地应聘",
                    requesting_unit="重庆市某公证处",
                    res_model=None,
                    res_id=None,
                    document_name=None,
                )
            elif kind == "data_query":
                values.update(result="一致")
            elif kind == "onsite_check":
                values.update(result="实地核查属实", location="申请人住所")
            elif kind == "supplement_request":
                values.update(reason="共享数据与申请人填报信息不符")
            else:
                values.update(purpose="审核办件", certificate_name="户籍证明")
            row = [values[name] for name in HASHED_FIELDS]
            digest = entry_hash(row, [], prev_hash)
            fields = [*row, prev_hash, digest, clerk_id, clerk_id, date, date]
            buffer.write("\t".join("\\N" if v is None else ("f" if v is False else str(v)) for v in fields) + "\n")
            prev_hash = digest
            if sequence % 100_000 == 0 or sequence == count:
                buffer.seek(0)
                cr.copy_from(buffer, "noproof_ledger_entry", columns=columns, null="\\N")
                buffer = io.StringIO()
        chain, __, __ = env["noproof.ledger.chain"]._lock_head(level.id)
        cr.execute(
            "UPDATE noproof_ledger_chain SET last_sequence = %s, last_hash = %s, last_date = %s WHERE id = %s",
            [count, prev_hash, date, chain.id],
        )
        env.cr.commit()


def main():
    args = parse_args()
    begun = time.perf_counter()
    ensure_database(args)
    from benchlib import odoo_registry

    from odoo import SUPERUSER_ID, api

    registry = odoo_registry(args)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_notrack": True, "lang": "en_US"})
        cr.execute("SELECT count(*) FROM noproof_case")
        if cr.fetchone()[0]:
            sys.exit(f"{args.database} already has cases: run make_cityyear.py on a new database.")
        step("configuration through the ORM: 台州市 and nine counties, departments, users, items, rules, lists")
        levels, __, item_rows, template, __ = build_configuration(env, args.scale)
        cr.commit()
        bulk(env, args, levels, item_rows, template)
        cr.commit()
        build_ledger(env, args, levels)
        step("ANALYZE")
        cr.commit()
    with registry.cursor() as cr:
        cr.connection.autocommit = True
        cr.execute("ANALYZE")
        step("counts")
        for table in (
            "noproof_case",
            "noproof_case_check",
            "noproof_verification_ticket",
            "noproof_ticket_escalation",
            "noproof_commitment",
            "noproof_ledger_entry",
            "noproof_access_log",
            "noproof_complaint",
            "res_partner",
        ):
            cr.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - our table names
            print(f"  {table:32} {cr.fetchone()[0]:>12,}")
        cr.execute("""SELECT count(*) FILTER (WHERE state = 'sent' AND deadline < now() at time zone 'UTC'),
                             count(*) FILTER (WHERE on_time IS FALSE),
                             (SELECT count(*) FROM noproof_ticket_escalation) FROM noproof_verification_ticket""")
        overdue, late, escalated = cr.fetchone()
        print(f"  tickets open past their deadline {overdue:,}, answered late {late:,}, escalated {escalated:,}")
        cr.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cr.fetchone()[0]
    step(None)
    print(f"database {args.database}: {size}, built in {(time.perf_counter() - begun) / 60:.1f} min")


if __name__ == "__main__":
    main()
