#!/usr/bin/env bash
# Adds a migration with the same name to both providers, so SQLite and PostgreSQL never drift.
# usage: scripts/add-migration.sh <Name>
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh <Name>}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet ef migrations add "$name" --project src/Renhe --context SqliteAppDbContext --output-dir Platform/Data/Migrations/Sqlite
dotnet ef migrations add "$name" --project src/Renhe --context PostgresAppDbContext --output-dir Platform/Data/Migrations/Postgres
