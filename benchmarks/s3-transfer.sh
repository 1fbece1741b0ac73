#!/usr/bin/env bash
# Uploads and downloads a bundle of random data to S3Proxy (filesystem backend, standalone, on
# loopback) with `amibundle upload-bundle` / `download-bundle`, --parallel 1 and --parallel 8,
# RUNS times each, and prints a markdown table of the median wall time and throughput.
#
#   bash benchmarks/s3-transfer.sh            # 1 GiB image, 3 runs, in a temporary directory
#   SIZE_MIB=256 RUNS=5 WORK=/some/dir bash benchmarks/s3-transfer.sh
#
# Needs bash, java, mvn (offline, to print S3Proxy's class path), python3 (a free port), openssl
# and the assembled distribution (mvn -B -q package -DskipTests). On a shared machine run it
# under the build lock, as a whole: flock <lock file> bash benchmarks/s3-transfer.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
size_mib=${SIZE_MIB:-1024}
runs=${RUNS:-3}
work=${WORK:-$(mktemp -d)}

# S3Proxy and its dependencies, as bundle-core's tests use them.
source "$root/benchmarks/s3proxy-start.sh"

# Random (incompressible) image, deterministic.
random_bytes "$((size_mib * 1048576))" 0 >"$work/image.raw"
mkdir -p "$work/bundle"
"$amibundle" bundle-image -i "$work/image.raw" -d "$work/bundle" -c "$keys/user-cert.pem" \
  -k "$keys/user-key.pem" --ec2cert "$keys/ec2-cert.pem" -u 111122223333 -r x86_64 \
  --compress-level 1 --batch >/dev/null
rm "$work/image.raw"
manifest="$work/bundle/image.raw.manifest.xml"
bytes=$(cat "$work"/bundle/image.raw.* | wc -c)

export AWS_SECRET_ACCESS_KEY=bench-secret
s3() { "$amibundle" "$@" -a bench --url "http://127.0.0.1:$port" >/dev/null 2>>"$work/amibundle.log"; }
seconds() { local t0 t1; t0=$(date +%s.%N); "$@"; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
median() { sort -g | sed -n "$(((runs + 1) / 2))p"; }

echo "bundle: $bytes bytes in $(ls "$work"/bundle/*.part.* | wc -l) parts, $runs runs each, $(nproc) CPUs"
echo
echo "| transfer | --parallel | wall s (median) | MB/s |"
echo "|---|---|---|---|"
for parallel in 1 8; do
  up=() down=()
  for ((run = 1; run <= runs; run++)); do
    prefix="bench/p$parallel-r$run"
    up+=("$(seconds s3 upload-bundle -b "$prefix" -m "$manifest" --acl public-read --parallel "$parallel")")
    rm -rf "$work/down" && mkdir "$work/down"
    down+=("$(seconds s3 download-bundle -b "$prefix" -m image.raw.manifest.xml -d "$work/down" -k "$keys/user-key.pem" --parallel "$parallel")")
    cmp -s "$work/down/${manifest##*/}" "$manifest"
    s3 delete-bundle -b "$prefix" -m "$manifest" -y
  done
  row() {
    local t
    t=$(printf '%s\n' "${@:2}" | median)
    printf '| %s | %d | %.2f | %.1f |\n' "$1" "$parallel" "$t" "$(echo "$bytes / 1000000 / $t" | bc -l)"
  }
  row upload "${up[@]}"
  row download "${down[@]}"
done
