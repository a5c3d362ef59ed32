#!/usr/bin/env bash
# Builds the pinned golangci-lint from the Go module proxy and caches it
# outside the clone, as hack/controlplane.sh does the control plane, so a
# fresh clone (CI) does not rebuild it. The version is pinned here: a
# newer linter finds new things, and that is a change of its own.
#
# Prints the path of the binary on its last line of stdout; progress goes
# to stderr, n of N packages (hack/gobuild.sh). For what a cold build costs,
# see docs/development.md.
#
# Cache location: $BFF_TOOLS_CACHE (default: the user cache directory,
# ${XDG_CACHE_HOME:-~/.cache}/workspaces-bff/tools), one sub-directory per
# linter and Go version: the linter must be built with a Go at least as
# new as the code it reads.
set -euo pipefail

version=v2.15.0
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

base=${BFF_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/workspaces-bff/tools}
dir="$base/golangci-lint-$version-$(go env GOVERSION)-$(go env GOOS)-$(go env GOARCH)"
mkdir -p "$dir"

# One build at a time: two `make lint` started together share it.
exec 9>"$dir/.lock"
if command -v flock >/dev/null && ! flock -n 9; then
  printf 'golangci-lint: another build holds %s/.lock: waiting for it to finish\n' "$dir" >&2
  flock 9
fi

if [ ! -x "$dir/golangci-lint" ]; then
  printf 'golangci-lint: building %s (cold builds take minutes; later runs reuse %s)\n' "$version" "$dir" >&2
  start=$(date +%s)
  # Into a temporary directory first, so an interrupted build never leaves
  # a binary that a later run would trust. Outside any module: go install
  # pkg@version builds with the linter's own go.mod.
  tmp=$(mktemp -d "$dir/build.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  # N, the packages it depends on, counted in its module's source.
  src=$(cd "$tmp" && GOFLAGS= go mod download -json "github.com/golangci/golangci-lint/v2@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  total=$(cd "$src" && GOFLAGS= CGO_ENABLED=0 go list -deps ./cmd/golangci-lint | wc -l)
  (cd "$tmp" && GOBUILD_ESTIMATE="measured under 4 min (with its first analysis) on 2 idle cores, 11 min on 2 cores shared with other builds" GOBUILD_VERB=install GOBUILD_TOTAL=$total GOBIN="$tmp" GOFLAGS= CGO_ENABLED=0 \
    "$here/gobuild.sh" golangci-lint "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$version") >&2
  mv "$tmp/golangci-lint" "$dir/golangci-lint"
  printf 'golangci-lint: ready in %ss, downloads included\n' "$(($(date +%s) - start))" >&2
fi
printf '%s\n' "$dir/golangci-lint"
