#!/usr/bin/env bash
# Usage: hack/gobuild.sh NAME PACKAGE [go build flags...]
#
# Runs `go build -v FLAGS PACKAGE` in the current directory and reports, on
# stderr, how far a cold build has come instead of go build's list of
# package names: "NAME: 400 of 838 packages (47%, 64s)". N is the number of
# packages PACKAGE depends on (`go list -deps`, itself included); those
# already in Go's build cache are not compiled again, so a warm build
# prints nothing and a partly warm one ends below N. Compiler errors and
# `go: downloading` lines pass through. Exits with go build's status.
#
# GOBUILD_ESTIMATE, when set, is said once a hundred packages have been
# compiled (a cold build, not a relink): what a cold build costs, measured.
# GOBUILD_VERB=install runs go install instead; GOBUILD_TOTAL gives N where
# `go list` cannot count it here (a PACKAGE@version outside any module).
set -euo pipefail

name=$1 pkg=$2
shift 2

log() { printf '%s: %s\n' "$name" "$*" >&2; }

start=$(date +%s)
# The count needs the module graph; on a cold module cache this is where
# the `go: downloading` lines come from.
total=${GOBUILD_TOTAL:-$("${GO:-go}" list -deps "$pkg" | wc -l)}
total=$((total))

status=0
{ "${GO:-go}" "${GOBUILD_VERB:-build}" -v "$@" "$pkg" 2>&1 || echo "gobuild-status $?"; } | {
  count=0 status=0
  while IFS= read -r line; do
    case $line in
      "gobuild-status "*) status=${line#gobuild-status } ;;
      *" "* | *:*) printf '%s\n' "$line" >&2 ;; # errors, warnings, downloads
      *)
        count=$((count + 1))
        if [ "$count" -eq 1 ]; then
          log "compiling up to $total packages (those in Go's build cache are skipped)"
        fi
        if [ $((count % 100)) -eq 0 ]; then
          log "$count of $total packages ($((count * 100 / total))%, $(($(date +%s) - start))s)"
          if [ "$count" -eq 100 ] && [ -n "${GOBUILD_ESTIMATE:-}" ]; then
            log "a cold build: $GOBUILD_ESTIMATE"
          fi
        fi
        ;;
    esac
  done
  if [ "$count" -gt 0 ] && [ "$status" -eq 0 ]; then
    log "built in $(($(date +%s) - start))s ($count packages compiled, $((total - count > 0 ? total - count : 0)) from the build cache)"
  fi
  exit "$status"
} || status=$?
if [ "$status" -ne 0 ]; then
  log "build failed"
fi
exit "$status"
