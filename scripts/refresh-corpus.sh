#!/usr/bin/env bash
# Refresh data/corpus/ from a copy of the shared annotation set: DIR/{seed,dev,dev2,tasktables}.
set -euo pipefail
src=${1:?usage: scripts/refresh-corpus.sh DIR}
dest="$(dirname "$0")/../data/corpus"
for d in seed dev dev2 tasktables; do
  [ -d "$src/$d" ] || { echo "refresh-corpus: $src/$d missing" >&2; exit 1; }
  rm -rf "${dest:?}/$d.new" && cp -r "$src/$d" "$dest/$d.new"
  rm -rf "${dest:?}/$d" && mv "$dest/$d.new" "$dest/$d"
done
echo "refreshed $(find "$dest" -type f | wc -l) files in data/corpus"
