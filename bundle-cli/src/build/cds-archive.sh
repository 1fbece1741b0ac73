#!/usr/bin/env bash
# Makes the distribution's class data sharing archive: cds-archive.sh DIST TESTDATA.
# A training run bundles a small image with the test keys; the JVM records every class it loaded
# in DIST/lib/amibundle.jsa. Start-up then maps those classes instead of loading and verifying them.
set -euo pipefail
dist=$1 keys=$2/keys
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
head -c 1048576 /dev/urandom >"$work/training.img"
rm -f "$dist/lib/amibundle.jsa"
java -XX:ArchiveClassesAtExit="$dist/lib/amibundle.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
  -XX:+UseSerialGC -cp "$dist/lib/*" org.amibundle.cli.Main bundle-image \
  -c "$keys/user-cert.pem" -k "$keys/user-key.pem" --ec2cert "$keys/ec2-cert.pem" \
  -u 111122223333 -r x86_64 -i "$work/training.img" -d "$work" --batch >/dev/null
test -s "$dist/lib/amibundle.jsa"
