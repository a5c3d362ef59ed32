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
  # The file begins with the header, byte for byte.
  if [ "$(head -c "${#header}" "$file")" = "$header" ]; then
    continue
  fi
  missing=$((missing + 1))
  if $check; then
    echo "$file: no license header (run hack/license-headers.sh)" >&2
    continue
  fi
  # Header, a blank line, then the file (a //go:build line may follow a
  # comment and a blank line).
  tmp=$(mktemp "$file.XXXXXX")
  { cat "$boilerplate"; echo; cat "$file"; } >"$tmp"
  chmod --reference="$file" "$tmp" 2>/dev/null || true
  mv "$tmp" "$file"
done < <(git ls-files -z --cached --others --exclude-standard -- '*.go')

if $check && [ "$missing" -gt 0 ]; then
  echo "$missing Go files lack the license header" >&2
  exit 1
fi
