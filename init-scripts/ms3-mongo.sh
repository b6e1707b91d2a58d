#!/usr/bin/env bash
# Lakeport demo data, microservice 3 (MongoDB 7): imports ms3/logs.json, ms3/sesiones.json and
# ms3/eventos.json into database ms3 with mongoimport, then adds the watermark indexes.
#
# In compose, mongo:7 runs this from /docker-entrypoint-initdb.d on the first start. Its
# entrypoint *sources* *.sh files (bash, with set -Eeuo pipefail in force) while a temporary
# mongod listens on 127.0.0.1:27017 without auth, so: no exit, no set -e/-u changes here, and
# every variable has a default. It ignores sub-directories, so the data directory is mounted
# next to this file (see init-scripts/README.md):
#   ./init-scripts/ms3-mongo.sh:/docker-entrypoint-initdb.d/ms3-mongo.sh:ro
#   ./init-scripts/ms3:/docker-entrypoint-initdb.d/ms3:ro
# The official image installs mongodb-org-tools (mongoimport) and mongosh.
#
# Outside a container: MS3_DATA_DIR=init-scripts/ms3 MS3_MONGO_URI=mongodb://HOST:PORT bash init-scripts/ms3-mongo.sh
# (needs mongoimport and mongosh; the dev machines have neither: there the local stack loads the
# same files into the MongoDB wire-protocol server itself). Re-running replaces the collections.

# Executed rather than sourced: stop at the first failure (sourced, the entrypoint already does).
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then set -euo pipefail; fi

ms3_data_dir="${MS3_DATA_DIR:-/docker-entrypoint-initdb.d/ms3}"
ms3_uri="${MS3_MONGO_URI:-mongodb://127.0.0.1:27017}"

for ms3_collection in logs sesiones eventos; do
    echo "ms3: importing ${ms3_data_dir}/${ms3_collection}.json"
    mongoimport --uri "${ms3_uri}" --db ms3 --collection "${ms3_collection}" --drop \
        --file "${ms3_data_dir}/${ms3_collection}.json"
done

mongosh "${ms3_uri}/ms3" --quiet --eval '
  db.logs.createIndex({ timestamp: 1 });
  db.sesiones.createIndex({ actualizado_en: 1 });
  db.sesiones.createIndex({ usuario_id: 1 });
  db.eventos.createIndex({ fecha: 1 });
  db.eventos.createIndex({ sesion_id: 1 });
  printjson({ logs: db.logs.countDocuments(), sesiones: db.sesiones.countDocuments(), eventos: db.eventos.countDocuments() });
'
