#!/usr/bin/env bash
# Builds the kube-apiserver and etcd binaries that the tests and dev mode run,
# from the Go modules pinned in hack/controlplane/go.mod, and caches them
# outside the clone so that a fresh clone (CI) does not rebuild them.
#
# Prints the directory that holds the binaries on its last line of stdout;
# progress goes to stderr. A cold build takes about 9 minutes on 2 cores.
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

# build NAME PACKAGE: compiles PACKAGE into $dir/NAME unless it is there.
# Writes to a temporary name first so an interrupted build never leaves a
# truncated binary that a later run would trust.
build() {
  local name=$1 pkg=$2 start count=0
  if [ -x "$dir/$name" ]; then
    return
  fi
  log "building $name from $pkg (cold builds take minutes; later runs reuse $dir)"
  start=$(date +%s)
  (cd "$mod" && CGO_ENABLED=0 go build -v -trimpath -ldflags='-s -w' -o "$dir/$name.tmp" "$pkg") 2>&1 |
    while IFS= read -r line; do
      case $line in
        *" "* | *:*) printf '%s\n' "$line" >&2 ;; # compiler errors and warnings
        *)
          count=$((count + 1))
          if [ $((count % 200)) -eq 0 ]; then
            log "$name: $count packages compiled ($(($(date +%s) - start))s)"
          fi
          ;;
      esac
    done
  if [ ! -x "$dir/$name.tmp" ]; then
    log "building $name failed"
    exit 1
  fi
  mv "$dir/$name.tmp" "$dir/$name"
  log "built $name in $(($(date +%s) - start))s"
}

# One build at a time: `make run` and `make test` started together share it.
exec 9>"$dir/.lock"
if command -v flock >/dev/null; then
  flock 9
fi

build etcd go.etcd.io/etcd/server/v3
build kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver
printf '%s\n' "$dir"
