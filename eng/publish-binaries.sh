#!/usr/bin/env bash
# One file to copy: publishes hookbox as a self-contained single-file executable per runtime
# identifier, to artifacts/bin/<rid>/hookbox (hookbox.exe on Windows). The publish settings
# themselves are in src/Hookbox.Cli/Hookbox.Cli.csproj, so `dotnet publish -r <rid>` alone makes
# the same file (named Hookbox.Cli); this script only picks the RIDs, the output and the name.
#
#   eng/publish-binaries.sh                     # linux-x64 linux-arm64 win-x64 osx-arm64
#   eng/publish-binaries.sh linux-x64           # one
#   OUTPUT=/tmp/bin eng/publish-binaries.sh     # elsewhere (artifacts/bin by default)
#
# Runtime packs for other platforms come from NuGet. The osx-arm64 binary is ad-hoc signed by
# the SDK, not notarized. Exits non-zero, naming the RID, when a publish fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

rids=("$@")
if [ "${#rids[@]}" -eq 0 ]; then
  rids=(linux-x64 linux-arm64 win-x64 osx-arm64)
fi
output="${OUTPUT:-artifacts/bin}"
configuration="${CONFIGURATION:-Release}"

for rid in "${rids[@]}"; do
  staging="$output/$rid/.publish"
  rm -rf "$output/$rid"
  echo "Publishing hookbox for $rid..." >&2
  if ! dotnet publish src/Hookbox.Cli/Hookbox.Cli.csproj -c "$configuration" -r "$rid" -o "$staging" -nologo -v quiet; then
    echo "publish-binaries: dotnet publish failed for $rid (see above)." >&2
    exit 1
  fi

  extension=""
  case "$rid" in win-*) extension=".exe" ;; esac
  if [ ! -f "$staging/Hookbox.Cli$extension" ]; then
    echo "publish-binaries: $staging has no Hookbox.Cli$extension; is the single-file publish set up in Hookbox.Cli.csproj?" >&2
    exit 1
  fi
  # The executable is the deliverable; symbols (.pdb) stay out of it and are left beside, apart.
  mv "$staging/Hookbox.Cli$extension" "$output/$rid/hookbox$extension"
  mkdir -p "$output/$rid/symbols"
  find "$staging" -maxdepth 1 -name '*.pdb' -exec mv {} "$output/$rid/symbols/" \;
  leftover="$(find "$staging" -mindepth 1 | head -n 5)"
  if [ -n "$leftover" ]; then
    echo "publish-binaries: the $rid publish left files beside the executable, so it is not one file:" >&2
    printf '%s\n' "$leftover" | sed 's/^/  /' >&2
    exit 1
  fi
  rm -rf "$staging"
  size="$(du -h "$output/$rid/hookbox$extension" | cut -f1)"
  echo "$output/$rid/hookbox$extension ($size)"
done
