#!/bin/sh
# Run once by the postgres image on a fresh volume (docker-entrypoint-initdb.d): the apps' login role,
# erp_app, with ERP_APP_PASSWORD. Its privileges come from the migrations, which the apps run as the owner
# (DATABASE_OWNER_URL) at start-up; erp_app itself may read and write, never change the schema.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v pw="$ERP_APP_PASSWORD" <<'SQL'
CREATE ROLE erp_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw';
SQL
