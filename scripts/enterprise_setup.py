# Run by `odoo-bin shell` on a fresh database with noproof_supervision (or only noproof_verification)
# installed without demo data (scripts/demo_enterprise.sh, tests/test_exchange_two_servers.py): what the
# administrator of a water company's own instance configures after installing. The level is the water
# company; its supervising authority is named (Taizhou art. 21, Luzhou art. 24); one designated verifier
# answers tickets; the company's own No-Proof office (its head investigates the complaints forwarded by the
# city's supervision window, Taizhou art. 17, Luzhou art. 17) is the water company itself.
# ruff: noqa: F821  (env is given by odoo-bin shell)
WATER = "台州市水务集团有限公司"
level = env.ref("base.main_company")
if not env["noproof.organization"].search_count([("name", "=", WATER)]):
    level.write({"name": WATER + "（企业实例）"})
    Organization = env["noproof.organization"]
    bureau = Organization.create({"name": "台州市水利局", "company_id": level.id})

    def staff(name, login, group):
        """A user of the level; the password is the login (change it)."""
        return env["res.users"].create(
            {
                "name": name,
                "login": login,
                "password": login,
                "lang": "zh_CN" if env["res.lang"]._lang_get("zh_CN") else "en_US",
                "tz": "Asia/Shanghai",
                "company_id": level.id,
                "company_ids": [(6, 0, level.ids)],
                "groups_id": [(6, 0, [env.ref(group).id])],
            }
        )

    verifier = staff("水务协查专员", "water_verifier", "noproof_catalog.group_verifier")
    # The office's head; with noproof_supervision installed, the office group includes the supervision window.
    office = staff("水务监督专员", "water_office", "noproof_catalog.group_office")
    water = Organization.create(
        {
            "name": WATER,
            "kind": "water",
            "company_id": level.id,
            "supervising_authority_id": bureau.id,
            "user_ids": [(6, 0, (verifier | office).ids)],
            "verifier_ids": [(6, 0, verifier.ids)],
            "head_id": office.id,
        }
    )
    level.noproof_office_id = water
    env["ir.config_parameter"].set_param("noproof_exchange.instance_name", level.name)
    env.cr.commit()
print("NOPROOF-SETUP-OK")
