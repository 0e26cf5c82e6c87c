#!/usr/bin/env bash
# Regenerates the checked-in Java for protocol/src/main/thrift/*.thrift.
# Needs the Thrift compiler 0.17 (Debian: apt-get install -y thrift-compiler). The build itself
# does not: the generated sources are committed so a fresh clone builds with Maven alone.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/src/main/java"
command -v thrift >/dev/null || { echo "thrift compiler not found: apt-get install -y thrift-compiler" >&2; exit 1; }
rm -rf "$out/io/meseta/protocol/thrift"
mkdir -p "$out"
for f in "$here"/src/main/thrift/*.thrift; do
  thrift --gen java:generated_annotations=suppress,private_members -out "$out" "$f"
done
echo "regenerated into $out/io/meseta/protocol/thrift"
