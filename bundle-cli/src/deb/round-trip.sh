#!/usr/bin/env bash
# After `dpkg -i amibundle_*.deb` (CI): the installed amibundle bundles the sample GPT disk image
# with the test keys and unbundles it byte-identical, its man pages and bash completion are where
# man and bash-completion look, and the ec2-* wrappers are not on the PATH.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
keys="$root/testdata/keys"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bundle" "$work/restored"
cd "$work"

[ "$(command -v amibundle)" = /usr/bin/amibundle ]
on_path=$(dpkg -L amibundle | grep -E '^/(usr/)?s?bin/' | grep -v '/bin$' || true)
if [ "$on_path" != /usr/bin/amibundle ]; then
  echo "the package should put only amibundle on the PATH, not: $on_path" >&2
  exit 1
fi
xz -dc "$root/testdata/reference/gptdisk.img.xz" >gptdisk.img
amibundle bundle-image -i gptdisk.img -d bundle -c "$keys/user-cert.pem" -k "$keys/user-key.pem" \
  --ec2cert "$keys/ec2-cert.pem" -u 111122223333 -r x86_64 --batch
amibundle unbundle -k "$keys/user-key.pem" -c "$keys/user-cert.pem" \
  -m bundle/gptdisk.img.manifest.xml -s bundle -d restored
cmp gptdisk.img restored/gptdisk.img
mkdir restored/wrapper
/usr/lib/amibundle/bin/ec2-unbundle -k "$keys/user-key.pem" -m bundle/gptdisk.img.manifest.xml \
  -s bundle -d restored/wrapper
cmp gptdisk.img restored/wrapper/gptdisk.img
page=$(MANWIDTH=200 man -P cat amibundle-unbundle)
grep -q "restore the image of a bundle" <<<"$page"
completion=$(bash -c 'source /usr/share/bash-completion/completions/amibundle && complete -p amibundle')
grep -q _complete_amibundle <<<"$completion"
echo "OK: the installed amibundle bundled and unbundled the sample disk"
