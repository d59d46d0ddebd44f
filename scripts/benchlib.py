"""What every scripts/bench_*.py shares: its command line and the Odoo registry it measures."""

import argparse
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def argument_parser(doc):
    """A parser with the database (-d) and the Odoo configuration (-c) every benchmark takes."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("-c", "--config", default=os.environ.get("NOPROOF_CONF", os.path.join(ROOT, ".odoo/odoo.conf")))
    return parser


def odoo_registry(args):
    """The registry of ``args.database``, Odoo configured from ``args.config``."""
    import odoo
    from odoo.tools import config

    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    odoo.service.server.load_server_wide_modules()
    return odoo.modules.registry.Registry(args.database)
