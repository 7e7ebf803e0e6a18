#!/usr/bin/env bash
# Provides a real kube-apiserver and etcd for the integration tests.
#
# No registry ships a kube-apiserver binary, so it is built from the pinned
# k8s.io/kubernetes Go module (staging modules replaced by their matching v0.x
# releases) and cached outside the repository. etcd comes from Debian.
# Prints the directory holding both binaries.
set -euo pipefail

KUBE_VERSION="${KUBE_VERSION:-v1.32.4}"
CACHE_DIR="${MERIDIAN_CACHE:-$HOME/.cache/meridian}/kube-${KUBE_VERSION}"
BIN_DIR="$CACHE_DIR/bin"

log() { echo "[test-apiserver] $*" >&2; }

if ! command -v etcd >/dev/null 2>&1; then
  log "installing etcd-server from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq etcd-server >&2
  # The Debian package starts a system etcd on the default ports; the tests run their own.
  (systemctl stop etcd 2>/dev/null || service etcd stop 2>/dev/null || pkill -x etcd || true) >&2
fi
mkdir -p "$BIN_DIR"
ln -sf "$(command -v etcd)" "$BIN_DIR/etcd"

if [[ ! -x "$BIN_DIR/kube-apiserver" ]]; then
  command -v go >/dev/null || { log "go is required to build kube-apiserver"; exit 1; }
  # The checksum database is not reachable from every build machine; the module proxy is.
  export GOSUMDB="${GOSUMDB:-off}" GOFLAGS="-mod=mod -buildvcs=false"
  work="$CACHE_DIR/src"
  mkdir -p "$work"
  cd "$work"
  log "building kube-apiserver ${KUBE_VERSION} (one-off, cached in $BIN_DIR)"
  kube_gomod=$(go mod download -json "k8s.io/kubernetes@${KUBE_VERSION}" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  staging_version="v0.${KUBE_VERSION#v1.}"
  minor="${KUBE_VERSION#v1.}"; minor="${minor%%.*}"
  {
    echo "module meridian.local/kube-apiserver"
    echo
    echo "go 1.23"
    echo
    echo "require k8s.io/kubernetes ${KUBE_VERSION}"
    echo
    # Every staging module the upstream go.mod points at ./staging gets its published release.
    grep -oE 'k8s\.io/[a-z0-9-]+ => \./staging/src/k8s\.io/[a-z0-9-]+' "$kube_gomod" \
      | awk -v v="$staging_version" '{print "replace " $1 " => " $1 " " v}'
  } > go.mod
  cat > tools.go <<'GO'
//go:build tools

package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver"
GO
  go mod tidy -e >&2 || true
  CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=${KUBE_VERSION} -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=${minor}" -o "$BIN_DIR/kube-apiserver.tmp" k8s.io/kubernetes/cmd/kube-apiserver >&2
  mv "$BIN_DIR/kube-apiserver.tmp" "$BIN_DIR/kube-apiserver"
fi
echo "$BIN_DIR"
