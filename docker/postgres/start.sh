#!/usr/bin/env bash
# Starts the official postgres image with a superuser password that nobody knows: a random
# one, used only if the cluster is being created. The superuser "postgres" is reachable only
# through the container's local socket (docker compose exec db psql -U postgres); Odoo connects
# with its own ordinary role (postgres/initdb-odoo-role.sh), never as a superuser.
set -euo pipefail
POSTGRES_PASSWORD=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
export POSTGRES_PASSWORD
exec docker-entrypoint.sh "$@"
