#!/usr/bin/env bash
# Validates docker/k8s/*.yaml against the Kubernetes API schema, offline (validate.mjs says what is and
# is not checked). Installs its two pinned npm packages (package-lock.json) under docker/target/.
# Without node and npm it prints one line and exits 0.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../../.." && pwd)"
WORK="$REPO/docker/target/k8s-schema"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "k8s-schema: SKIPPED: node and npm are not installed; the Kubernetes manifests were not schema-checked"
  exit 0
fi
mkdir -p "$WORK"
cp "$HERE/package.json" "$HERE/package-lock.json" "$HERE/validate.mjs" "$WORK/"
(cd "$WORK" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
cd "$WORK" && node validate.mjs "$REPO"/docker/k8s/*.yaml
