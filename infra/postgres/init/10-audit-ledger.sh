#!/usr/bin/env bash
# Run once by the postgres image on an empty data volume (/docker-entrypoint-initdb.d), as the
# owner POSTGRES_USER: the audit service's insert-and-select role gets its login password
# here, before the audit migrations grant it the ledger's tables (decision 0002).
set -euo pipefail

password="${AUDIT_LEDGER_PASSWORD:-}"
if [ -n "${AUDIT_LEDGER_PASSWORD_FILE:-}" ]; then
    password="$(cat "$AUDIT_LEDGER_PASSWORD_FILE")"
fi
if [ -z "$password" ]; then
    echo "AUDIT_LEDGER_PASSWORD (or AUDIT_LEDGER_PASSWORD_FILE) must be set" >&2
    exit 1
fi

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v password="$password" <<'SQL'
SELECT 'CREATE ROLE audit_ledger LOGIN'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'audit_ledger') \gexec
ALTER ROLE audit_ledger WITH LOGIN PASSWORD :'password';
SQL
