#!/usr/bin/env bash
# Bundles a random (incompressible) image into S3Proxy (filesystem backend, standalone, on
# loopback) two ways, RUNS times each, and prints a markdown table of the median wall time and
# peak RSS: `amibundle bundle-and-upload` (parts uploaded as they are cut, none on disk) against
# `amibundle bundle-image` then `amibundle upload-bundle` (parts written to disk, then uploaded).
#
#   bash benchmarks/bundle-upload.sh            # 1 GiB image, 3 runs, in a temporary directory
#   SIZE_MIB=256 RUNS=5 PARALLEL=8 WORK=/some/dir bash benchmarks/bundle-upload.sh
#
# Needs bash, java, mvn (offline, to print S3Proxy's class path), python3, openssl, GNU time and
# the assembled distribution (mvn -B -q package -DskipTests). On a shared machine run it under
# the build lock, as a whole: flock <lock file> bash benchmarks/bundle-upload.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
size_mib=${SIZE_MIB:-1024}
runs=${RUNS:-3}
parallel=${PARALLEL:-8}
work=${WORK:-$(mktemp -d)}

source "$root/benchmarks/s3proxy-start.sh"

# Random (incompressible) image, deterministic.
random_bytes "$((size_mib * 1048576))" 0 >"$work/image.raw"

export AWS_SECRET_ACCESS_KEY=bench-secret
bundling=(-i "$work/image.raw" -c "$keys/user-cert.pem" -k "$keys/user-key.pem"
  --ec2cert "$keys/ec2-cert.pem" -u 111122223333 -r x86_64 --compress-level 1 --batch)
s3=(-a bench --url "http://127.0.0.1:$port" --acl public-read --parallel "$parallel")
# Wall seconds and peak RSS (KiB, of the largest process) of a command, as "seconds kib".
measure() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>>"$work/amibundle.log"
  cat "$work/time"
}
streamed() {
  "$amibundle" bundle-and-upload "${bundling[@]}" -b "bench/streamed-$1" "${s3[@]}"
}
staged() {
  rm -rf "$work/bundle" && mkdir "$work/bundle"
  "$amibundle" bundle-image "${bundling[@]}" -d "$work/bundle" &&
    "$amibundle" upload-bundle -b "bench/staged-$1" -m "$work/bundle/image.raw.manifest.xml" "${s3[@]}"
}
median() { sort -g | sed -n "$(((runs + 1) / 2))p"; }

echo "image: $size_mib MiB random, $runs runs each, --parallel $parallel, $(nproc) CPUs"
echo
echo "| command | wall s (median) | peak RSS MiB (median) |"
echo "|---|---|---|"
for way in streamed staged; do
  t=() m=()
  for ((run = 1; run <= runs; run++)); do
    read -r seconds kib < <(measure bash -c "$(declare -f "$way"); $(declare -p amibundle bundling s3 work); $way $run")
    t+=("$seconds") m+=("$((kib / 1024))")
  done
  label=$([ "$way" = streamed ] && echo "bundle-and-upload" || echo "bundle-image, then upload-bundle")
  printf '| %s | %.2f | %d |\n' "$label" "$(printf '%s\n' "${t[@]}" | median)" "$(printf '%s\n' "${m[@]}" | median)"
done
