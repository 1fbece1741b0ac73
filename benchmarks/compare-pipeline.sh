#!/usr/bin/env bash
# Bundles a generated semi-compressible file with amibundle and runs the reference pipeline
# (tar | gzip -9 | openssl enc) and the same with gzip -6 on it, RUNS times each under
# /usr/bin/time -v, and prints a markdown table of the median wall time and peak RSS.
#
#   bash benchmarks/compare-pipeline.sh            # 1 GiB, 3 runs, in a temporary directory
#   SIZE_MIB=256 RUNS=5 WORK=/some/dir bash benchmarks/compare-pipeline.sh
#
# Needs bash, GNU time, tar, gzip, openssl, base64 and the assembled distribution
# (mvn -B -q package -DskipTests). Peak RSS of a pipeline is its largest process.
set -euo pipefail
source "$(dirname "$0")/common.sh"
size_mib=${SIZE_MIB:-1024}
runs=${RUNS:-3}
work=${WORK:-$(mktemp -d)}
[ -n "${WORK:-}" ] || trap 'rm -rf "$work"' EXIT
key=000102030405060708090a0b0c0d0e0f
iv=f0e0d0c0b0a090807060504030201000

# 1 MiB slices in turn: random, zeros, base64 text of random, repeated text. (head ends the
# producers of the last two early, so they are not held to pipefail.)
generate() (
  set +o pipefail
  for ((i = 0; i < size_mib; i++)); do
    case $((i % 4)) in
      0) random_bytes 1048576 "$i" ;;
      1) head -c 1048576 /dev/zero ;;
      2) random_bytes 786432 "$i" | base64 -w 76 | head -c 1048576 ;;
      3) yes "slice $i /usr/lib/x86_64-linux-gnu/libc.so.6 kernel 0x0000" | head -c 1048576 ;;
    esac
  done
)

cd "$work"
[ -f f ] && [ "$(stat -c %s f)" -eq $((size_mib << 20)) ] || generate >f

# Runs "$@" under GNU time; prints "seconds kilobytes".
measure() {
  /usr/bin/time -v -o time.txt "$@" >/dev/null
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
              /Maximum resident set size/ { kb = $2 } END { printf "%.2f %d\n", s, kb }' time.txt
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

row() {
  local name=$1 cmd=$2 out=$3 results
  results=$(for ((r = 0; r < runs; r++)); do rm -rf out out.enc; mkdir out; measure bash -c "$cmd"; done)
  local bytes
  bytes=$(du -cb $out | tail -1 | cut -f1)
  printf '| %s | %s | %s | %s |\n' "$name" \
    "$(cut -d' ' -f1 <<<"$results" | median)" \
    "$(( $(cut -d' ' -f2 <<<"$results" | median) / 1024 ))" "$bytes"
}

echo "input: $size_mib MiB, $runs runs each, $(nproc) CPUs"
echo
echo "| command | wall s (median) | peak RSS MiB (median) | output bytes |"
echo "|---|---|---|---|"
row "amibundle bundle-image (level 6, $(nproc) threads)" \
  "'$amibundle' bundle-image -i f -d out -c '$keys/user-cert.pem' -k '$keys/user-key.pem' --ec2cert '$keys/ec2-cert.pem' -u 111122223333 -r x86_64 --batch" \
  "out/f.part.*"
for level in 9 6; do
  row "tar -c -S \| gzip -$level \| openssl enc -aes-128-cbc" \
    "tar -c -S --owner 0 --group 0 f | gzip -$level | openssl enc -e -aes-128-cbc -K $key -iv $iv >out.enc" \
    out.enc
done
