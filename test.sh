#!/usr/bin/env bash
# The README's test command: installs what the build and the tests need (Debian/Ubuntu packages,
# with apt-get, as root), or names what is missing and stops, then runs `mvn -B verify` with any
# arguments given (e.g. `bash test.sh -o`). .ci/run runs it too.
set -euo pipefail
cd "$(dirname "$0")"

# The tests run against real peers: GNU tar, gzip, pigz, openssl, xz, sgdisk, sfdisk, parted,
# python3 (gzip reader), e2fsprogs (bundle-vol makes ext filesystems, convert grows them; tests
# check them), blkid, getfattr/setfattr and setfacl, mount/umount/losetup/partx for full and
# read-only filesystems and block devices (tmpfs, loop devices; so they run as root), man (the
# generated man pages are read with it), dpkg-deb (the .deb is checked), the AWS CLI (an
# independent S3 client) and npm (for s3rver, a second S3-compatible server, over plain HTTP).
declare -A package_of=(
  [java]=openjdk-17-jdk-headless [mvn]=maven [tar]=tar [gzip]=gzip [openssl]=openssl
  [xz]=xz-utils [sha256sum]=coreutils [stat]=coreutils [mount]=mount [losetup]=mount
  [sgdisk]=gdisk [sfdisk]=fdisk [parted]=parted [python3]=python3 [pigz]=pigz [grep]=grep
  [mke2fs]=e2fsprogs [e2fsck]=e2fsprogs [resize2fs]=e2fsprogs [debugfs]=e2fsprogs
  [dumpe2fs]=e2fsprogs [partx]=util-linux [blockdev]=util-linux [blkid]=util-linux
  [getfattr]=attr [setfattr]=attr [setfacl]=acl [man]=man-db [dpkg-deb]=dpkg
  [aws]=awscli [npm]=npm
)
missing=()
for tool in "${!package_of[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("${package_of[$tool]}")
done
# Libraries, not commands, so asked of dpkg: libdeflate deflates bundles (with zlib walking its
# blocks) and inflates amibundle's own faster (the tests deflate and inflate with and without it);
# libcrypto is the AES and SHA-1 the tests expect.
for library in libdeflate0 zlib1g libssl3; do
  [ "$(dpkg-query -W -f='${Status}' "$library" 2>/dev/null)" = "install ok installed" ] ||
    missing+=("$library")
done
if [ ${#missing[@]} -gt 0 ]; then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "The tests need these Debian/Ubuntu packages, which are missing: ${missing[*]}" >&2
    echo "Install them (as root: apt-get install ${missing[*]}) and run this again." >&2
    exit 1
  fi
  echo "Installing what the tests need: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if ! command -v s3rver >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "The tests need s3rver: npm install -g s3rver@3.7.1 (as root), then run this again." >&2
    exit 1
  fi
  npm install -g --no-fund --no-audit s3rver@3.7.1
fi
java -version 2>&1 | head -1
tar --version | head -1

exec mvn -B verify "$@"
