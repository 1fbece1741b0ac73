#!/usr/bin/env bash
# Quick start, after `mvn -B -q package -DskipTests`: bundles the sample GPT disk image from
# testdata/ with the test keys, unbundles it again and checks it is byte-identical; then unbundles
# the same disk as the real ec2-ami-tools bundled it and checks it against its recorded SHA-256.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/bundle-cli/target/amibundle/bin"
keys="$root/testdata/keys"
ref="$root/testdata/reference"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bundle" "$work/restored" "$work/from-reference"

xz -dc "$ref/gptdisk.img.xz" >"$work/gptdisk.img"
echo "== bundle the 32 MiB GPT disk image"
"$bin/ec2-bundle-image" -i "$work/gptdisk.img" -d "$work/bundle" \
  -c "$keys/user-cert.pem" -k "$keys/user-key.pem" --ec2cert "$keys/ec2-cert.pem" \
  -u 111122223333 -r x86_64 --batch
echo "== unbundle it, checking the signature"
"$bin/ec2-unbundle" -k "$keys/user-key.pem" -c "$keys/user-cert.pem" \
  -m "$work/bundle/gptdisk.img.manifest.xml" -s "$work/bundle" -d "$work/restored"
cmp "$work/gptdisk.img" "$work/restored/gptdisk.img"
echo "OK: restored image is byte-identical; bundle is $(du -cb "$work"/bundle/gptdisk.img.part.* | tail -1 | cut -f1) bytes"

echo "== unbundle the bundle ec2-ami-tools 1.5.3 made of the same disk"
"$bin/ec2-unbundle" -k "$keys/user-key.pem" -c "$keys/user-cert.pem" \
  -m "$ref/gptdisk/gptdisk.manifest.xml" -s "$ref/gptdisk" -d "$work/from-reference"
(cd "$work/from-reference" && grep ' gptdisk.img$' "$ref/images.sha256" | sed 's/gptdisk.img$/gptdisk/' | sha256sum -c -)
echo "OK: quick start passed"
