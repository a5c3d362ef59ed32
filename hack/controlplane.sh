#!/usr/bin/env bash
# Builds the kube-apiserver and etcd binaries that the tests and dev mode run,
# from the Go modules pinned in hack/controlplane/go.mod, and caches them
# outside the clone so that a fresh clone (CI) does not rebuild them.
#
# Prints the directory that holds the binaries on its last line of stdout;
# progress goes to stderr: each phase, then n of N packages as it goes. What
# a cold build costs is measured in docs/development.md.
#
# Cache location: $BFF_CONTROLPLANE_CACHE (default: the user cache directory,
# ${XDG_CACHE_HOME:-~/.cache}/workspaces-bff/controlplane), one sub-directory
# per version pair, so a version bump builds afresh and old builds stay usable.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mod="$here/controlplane"

version_of() { (cd "$mod" && go list -m -f '{{.Version}}' "$1"); }
k8s_version=$(version_of k8s.io/kubernetes)
etcd_version=$(version_of go.etcd.io/etcd/server/v3)

base=${BFF_CONTROLPLANE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/workspaces-bff/controlplane}
dir="$base/kubernetes-$k8s_version-etcd-$etcd_version-$(go env GOOS)-$(go env GOARCH)"
mkdir -p "$dir"

log() { printf 'controlplane: %s\n' "$*" >&2; }

# What a cold build of both costs, measured: see docs/development.md.
cold_estimate="measured 10 min on 2 idle cores, 40 min on 2 cores shared with other builds; see docs/development.md"

# build N NAME PACKAGE: compiles PACKAGE into $dir/NAME unless it is there,
# as phase N of 2, reporting n of N packages as it goes (hack/gobuild.sh).
# Writes to a temporary name first so an interrupted build never leaves a
# truncated binary that a later run would trust.
build() {
  local phase=$1 name=$2 pkg=$3 start
  if [ -x "$dir/$name" ]; then
    return
  fi
  log "phase $phase of 2: building $name from $pkg (later runs reuse $dir)"
  start=$(date +%s)
  if ! (cd "$mod" && CGO_ENABLED=0 "$here/gobuild.sh" "controlplane: $name" "$pkg" -trimpath -ldflags='-s -w' -o "$dir/$name.tmp") ||
    [ ! -x "$dir/$name.tmp" ]; then
    log "building $name failed"
    exit 1
  fi
  mv "$dir/$name.tmp" "$dir/$name"
  log "phase $phase of 2: built $name in $(($(date +%s) - start))s"
}

# One build at a time: `make run` and `make test` started together share it.
exec 9>"$dir/.lock"
if command -v flock >/dev/null && ! flock -n 9; then
  log "another build holds $dir/.lock: waiting for it to finish"
  flock 9
fi

if [ ! -x "$dir/etcd" ] || [ ! -x "$dir/kube-apiserver" ]; then
  log "cold build of etcd and kube-apiserver: $cold_estimate"
fi
build 1 etcd go.etcd.io/etcd/server/v3
build 2 kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver
printf '%s\n' "$dir"
