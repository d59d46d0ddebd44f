# noproof: the two commands a newcomer needs, plus a few helpers.
# Settings: ODOO_SRC, NOPROOF_VENV, NOPROOF_PORT, NOPROOF_DB, PGHOST/PGPORT/PGUSER (see README).
.PHONY: demo test bootstrap lint bench clean

demo:            ## build or upgrade the demo database and serve Odoo on 127.0.0.1:8069
	bash scripts/demo.sh

test:            ## the whole test suite on a throwaway database
	bash scripts/test.sh

bootstrap:       ## virtualenv, Odoo tree, PostgreSQL, Chromium, wkhtmltopdf
	bash scripts/bootstrap.sh

lint:            ## ruff and pylint-odoo through pre-commit
	$${NOPROOF_VENV:-$$HOME/.cache/noproof/venv}/bin/pre-commit run --all-files

bench:           ## the benchmark scripts (see README, "Benchmarks")
	bash scripts/bench.sh

clean:           ## drop generated configuration and logs
	rm -rf .odoo
