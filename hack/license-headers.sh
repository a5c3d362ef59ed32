#!/usr/bin/env bash
# Puts the license header (hack/boilerplate.go.txt) at the top of every Go
# file git knows that lacks it. Safe to run again, after a merge brings
# new files: files that have it are left as they are.
#
#   hack/license-headers.sh           add the header where it is missing
#   hack/license-headers.sh --check   list the files without it; fail if any
set -euo pipefail
cd "$(dirname "$0")/.."

boilerplate=hack/boilerplate.go.txt
check=false
case ${1:-} in
  --check) check=true ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

header=$(cat "$boilerplate")
missing=0
while IFS= read -r -d '' file; do
  # A //go:build line and the blank line after it come first: gofmt
  # moves the constraint above any comment (controller-gen writes it so).
  skip=0
  if head -n 1 "$file" | grep -q '^//go:build '; then
    skip=2
  fi
  # Then the header, byte for byte.
  if [ "$(tail -n "+$((skip + 1))" "$file" | head -c "${#header}")" = "$header" ]; then
    continue
  fi
  missing=$((missing + 1))
  if $check; then
    echo "$file: no license header (run hack/license-headers.sh)" >&2
    continue
  fi
  tmp=$(mktemp "$file.XXXXXX")
  {
    head -n "$skip" "$file"
    cat "$boilerplate"
    echo
    tail -n "+$((skip + 1))" "$file"
  } >"$tmp"
  chmod --reference="$file" "$tmp" 2>/dev/null || true
  mv "$tmp" "$file"
done < <(git ls-files -z --cached --others --exclude-standard -- '*.go')

if $check && [ "$missing" -gt 0 ]; then
  echo "$missing Go files lack the license header" >&2
  exit 1
fi
