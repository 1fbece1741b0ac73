#!/usr/bin/env bash
# Builds the whole-process benchmark inputs in a work directory and keeps them there, so reruns
# do not rebuild them:
#   os.img       2 GiB GPT disk: partition 1 is ext4 holding a Debian bookworm minbase system
#                (cloud kernel, systemd, openssh-server, python3), made with debootstrap from the
#                Debian mirror, `mke2fs -d` at the partition's offset, sgdisk for the table
#   random.img   1 GiB of random data (deterministic: AES-CTR of zeros)
#   sparse10.img, sparse100.img, sparse1024.img   10 GiB, 100 GiB and 1 TiB sparse files with
#                8 MiB of data (WORK must be on a filesystem that holds a 1 TiB sparse file: ext4,
#                XFS, tmpfs)
#
#   bash benchmarks/inputs.sh [WORK]     # WORK defaults to benchmarks/cache
#
# Needs root (debootstrap), debootstrap, sgdisk (gdisk), mke2fs (e2fsprogs), openssl, and the
# network for the mirror (MIRROR, default http://deb.debian.org/debian).
set -euo pipefail
source "$(dirname "$0")/common.sh"
work=${1:-${WORK:-$root/benchmarks/cache}}
mirror=${MIRROR:-http://deb.debian.org/debian}
mkdir -p "$work"
cd "$work"

if [ ! -s os.img ]; then
  if [ ! -f rootfs/.complete ]; then
    rm -rf rootfs
    debootstrap --variant=minbase \
      --include=linux-image-cloud-amd64,systemd,systemd-sysv,openssh-server,python3 \
      bookworm rootfs "$mirror"
    rm -rf rootfs/var/cache/apt/archives/*.deb
    touch rootfs/.complete
  fi
  rm -f os.img.new
  truncate -s 2G os.img.new
  sgdisk -n 1:2048:0 -t 1:8300 -c 1:root os.img.new >/dev/null
  # Partition 1's first and last sector, from the table just written.
  read -r first last < <(sgdisk -i 1 os.img.new |
    awk '/First sector/ { f = $3 } /Last sector/ { l = $3 } END { print f, l }')
  mke2fs -q -F -t ext4 -L root -E offset=$((first * 512)) -d rootfs \
    os.img.new "$(((last - first + 1) / 2))k"
  mv os.img.new os.img
fi

[ -s random.img ] || { random_bytes $((1 << 30)) 1 >random.img.new && mv random.img.new random.img; }

# A sparse image with 8 MiB of data: 1 MiB of random bytes at eight spread-out offsets.
sparse() {
  local file=$1 size=$2 i
  [ -s "$file" ] && return
  rm -f "$file.new"
  truncate -s "$size" "$file.new"
  for ((i = 0; i < 8; i++)); do
    random_bytes $((1 << 20)) $((100 + i)) |
      dd of="$file.new" bs=1M seek=$(((size >> 20) / 8 * i)) conv=notrunc status=none
  done
  mv "$file.new" "$file"
}
sparse sparse10.img $((10 << 30))
sparse sparse100.img $((100 << 30))
sparse sparse1024.img $((1 << 40))
ls -ls "$work"/*.img
