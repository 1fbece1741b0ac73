#!/usr/bin/env bash
# Whole-process benchmark: amibundle bundle-image and unbundle against the reference pipeline that
# ec2-ami-tools runs (tar -S | tee sha1 | gzip -9 | openssl enc, split -b 10m, sha1sum per part;
# reverse: cat | openssl enc -d | gunzip | tee sha1 | tar -xS) and the same with pigz, on the
# inputs benchmarks/inputs.sh builds (a 2 GiB Debian bookworm GPT disk image, 1 GiB of random
# data, 10 GiB, 100 GiB and 1 TiB sparse images with 8 MiB of data). Each command runs RUNS times under
# GNU time; the tables give the medians of wall time, CPU time (user + system, all processes),
# peak RSS (the largest single process) and the output bytes. amibundle's restored image and the
# pigz pipeline's are compared with the source over the data ranges of either (SEEK_DATA and
# SEEK_HOLE; beyond them both read as zeros), not with cmp over a terabyte of holes, and their
# allocation is printed. Then, for the OS image, each stage alone on its input in the page cache,
# so the bottleneck of each pipeline can be named.
#
#   bash benchmarks/whole-process.sh                  # RUNS=3, inputs and runs in benchmarks/cache
#   RUNS=5 IMAGES="os.img sparse10.img" WORK=/some/dir bash benchmarks/whole-process.sh
#   STAGES=0 bash benchmarks/whole-process.sh          # without the stages-alone table
#
# Needs the assembled distribution (mvn -B -q package -DskipTests), GNU time, tar, gzip, pigz,
# openssl, xxd, coreutils, python3, and what inputs.sh needs. Public tools only; the reference bundle of
# each image is made by the pipeline above and given a manifest with openssl, so amibundle
# unbundles a reference-made bundle too.
set -euo pipefail
source "$(dirname "$0")/common.sh"
work=${WORK:-$root/benchmarks/cache}
runs=${RUNS:-3}
images=${IMAGES:-os.img random.img sparse10.img sparse100.img sparse1024.img}
stages=${STAGES:-1}
cpus=$(nproc)
bash "$root/benchmarks/inputs.sh" "$work" >/dev/null
cd "$work"
key=$(openssl rand -hex 16)
iv=$(openssl rand -hex 16)
declare -A ours_bundle_of ours_unbundle_of
credentials=(-c "$keys/user-cert.pem" -k "$keys/user-key.pem" --ec2cert "$keys/ec2-cert.pem"
  -u 111122223333 -r x86_64 --batch)

# Runs a bash command under GNU time; prints "wall cpu peak-KiB". Its messages go to stderr.log.
measure() {
  /usr/bin/time -f '%e %U %S %M' -o time.txt bash -c "$1" >/dev/null 2>>stderr.log
  awk '{ printf "%.2f %.2f %d\n", $1, $2 + $3, $4 }' time.txt
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# same_image RESTORED SOURCE: whether both have the same size and bytes, read over the data ranges
# of either file only (SEEK_DATA / SEEK_HOLE), so a sparse terabyte costs its data; prints a
# warning if not, and RESTORED's allocation against SOURCE's.
same_image() {
  python3 - "$1" "$2" <<'PYTHON'
import os, sys

def data_ranges(fd, size):
    ranges, at = [], 0
    while at < size:
        try:
            start = os.lseek(fd, at, os.SEEK_DATA)
        except OSError:  # ENXIO: no data after at
            break
        end = os.lseek(fd, start, os.SEEK_HOLE)
        ranges.append((start, end))
        at = end
    return ranges

restored, source = sys.argv[1], sys.argv[2]
a, b = os.open(restored, os.O_RDONLY), os.open(source, os.O_RDONLY)
size = os.fstat(b).st_size
same = os.fstat(a).st_size == size
merged = []
for start, end in sorted(data_ranges(a, size) + data_ranges(b, size)):
    if merged and start <= merged[-1][1]:
        merged[-1][1] = max(merged[-1][1], end)
    else:
        merged.append([start, end])
compared = 0
for start, end in merged:
    at = start
    while same and at < end:
        n = min(1 << 22, end - at)
        same = os.pread(a, n, at) == os.pread(b, n, at)
        at += n
    compared += end - start
kib = lambda fd: os.fstat(fd).st_blocks // 2
print(("" if same else "WARNING: ") + f"{restored} {'equals' if same else 'differs from'} {source}"
      f" ({compared} bytes of data ranges compared); {kib(a)} KiB allocated, the source {kib(b)} KiB")
PYTHON
}

# row NAME PREPARE COMMAND OUTPUT: runs PREPARE (untimed) and COMMAND RUNS times, prints a table
# row of the medians and the bytes OUTPUT (a shell glob) holds; keeps the median wall in $wall.
row() {
  local name=$1 prepare=$2 command=$3 output=$4 results bytes
  results=$(for ((r = 0; r < runs; r++)); do bash -c "$prepare"; sync; measure "$command"; done)
  bytes=$(bash -c "du -cb --apparent-size $output | tail -1 | cut -f1")
  wall=$(cut -d' ' -f1 <<<"$results" | median)
  printf '| %s | %s | %s | %s | %s |\n' "$name" "$wall" "$(cut -d' ' -f2 <<<"$results" | median)" \
    "$(($(cut -d' ' -f3 <<<"$results" | median) / 1024))" "$bytes"
}

# The reference pipeline's bundle of $1 in ref-$1/: parts, per-part SHA-1, and a manifest.
reference_bundle() {
  local img=$1 gzip=$2 dir=ref-$1
  echo "rm -rf $dir && mkdir $dir && cd $dir && tar -c -S --owner 0 --group 0 -C .. -f - $img \
    | tee >(openssl sha1 -r | cut -d' ' -f1 >digest) | $gzip \
    | openssl enc -e -aes-128-cbc -K $key -iv $iv >$img.tar.gz.enc \
    && split -b 10m -d -a 3 $img.tar.gz.enc $img.part. && rm $img.tar.gz.enc \
    && sha1sum $img.part.* >parts.sha1"
}

# RSA-encrypted (PKCS#1 v1.5) hex of the ASCII hex $1 for certificate $2.
wrap() { printf %s "$1" | openssl pkeyutl -encrypt -certin -inkey "$2" | xxd -p | tr -d '\n'; }

# The manifest ec2-bundle-image writes, for the reference bundle in ref-$1/.
reference_manifest() {
  local img=$1 dir=ref-$1 parts="" i=0 part sum size mc image
  while read -r sum part; do
    parts+="<part index='$i'><filename>$part</filename><digest algorithm='SHA1'>$sum</digest></part>"
    i=$((i + 1))
  done <"$dir/parts.sha1"
  size=$(stat -c %s "$img")
  mc="<machine_configuration><architecture>x86_64</architecture></machine_configuration>"
  image="<image><name>$img</name><user>111122223333</user><type>machine</type>"
  image+="<digest algorithm='SHA1'>$(cat "$dir/digest")</digest><size>$size</size>"
  image+="<bundled_size>$(cat "$dir"/$img.part.* | wc -c)</bundled_size>"
  image+="<ec2_encrypted_key algorithm='AES-128-CBC'>$(wrap "$key" "$keys/ec2-cert.pem")</ec2_encrypted_key>"
  image+="<user_encrypted_key algorithm='AES-128-CBC'>$(wrap "$key" "$keys/user-cert.pem")</user_encrypted_key>"
  image+="<ec2_encrypted_iv>$(wrap "$iv" "$keys/ec2-cert.pem")</ec2_encrypted_iv>"
  image+="<user_encrypted_iv>$(wrap "$iv" "$keys/user-cert.pem")</user_encrypted_iv>"
  image+="<parts count='$i'>$parts</parts></image>"
  printf "<?xml version='1.0'?><manifest><version>2007-10-10</version><bundler><name>ec2-ami-tools</name><version>1.5</version><release>3</release></bundler>%s%s<signature>%s</signature></manifest>" \
    "$mc" "$image" "$(printf %s "$mc$image" | openssl dgst -sha1 -sign "$keys/user-key.pem" | xxd -p | tr -d '\n')" \
    >"$dir/$img.manifest.xml"
}

reference_unbundle() {
  local dir=$1 gunzip=$2 img=$3
  echo "rm -rf restored && mkdir restored && cat $dir/$img.part.* \
    | openssl enc -d -aes-128-cbc -K $key -iv $iv | $gunzip \
    | tee >(openssl sha1 >/dev/null) | tar -x -S -C restored"
}

echo "$(date -u +%Y-%m-%d), $cpus CPUs, $runs runs each; $(java -version 2>&1 | head -1)"
for img in $images; do
  echo
  echo "### $img: $(stat -c %s "$img") bytes, $(($(stat -c %b "$img") * 512)) allocated"
  echo
  echo "| command | wall s | CPU s | peak RSS MiB | output bytes |"
  echo "|---|---|---|---|---|"
  row "amibundle bundle-image (level 6, $cpus threads)" "rm -rf ours && mkdir ours" \
    "'$amibundle' bundle-image -i $img -d ours ${credentials[*]}" "ours/$img.part.*"
  ours=$wall
  row "reference: tar -S \| gzip -9 \| openssl enc; split; sha1sum" "true" \
    "$(reference_bundle "$img" "gzip -9")" "ref-$img/$img.part.*"
  reference=$wall
  row "tar -S \| pigz -6 -p $cpus \| openssl enc; split; sha1sum" "true" \
    "$(reference_bundle "$img" "pigz -6 -p $cpus" | sed "s/ref-$img/pigz-$img/g")" \
    "pigz-$img/$img.part.*"
  reference_manifest "$img"
  row "amibundle unbundle (our bundle)" "rm -rf restored && mkdir restored" \
    "'$amibundle' unbundle -k '$keys/user-key.pem' -m ours/$img.manifest.xml -s ours -d restored" \
    "restored/$img"
  ours_unbundle=$wall
  same_image restored/"$img" "$img" >compare.txt
  row "amibundle unbundle (reference bundle)" "rm -rf restored && mkdir restored" \
    "'$amibundle' unbundle -k '$keys/user-key.pem' -m ref-$img/$img.manifest.xml -s ref-$img -d restored" \
    "restored/$img"
  ours_on_reference=$wall
  row "reference: cat \| openssl enc -d \| gunzip \| tar -xS" "true" \
    "$(reference_unbundle "ref-$img" gunzip "$img")" "restored/$img"
  reference_unbundle_wall=$wall
  row "cat \| openssl enc -d \| pigz -d \| tar -xS" "true" \
    "$(reference_unbundle "ref-$img" "pigz -d" "$img")" "restored/$img"
  echo
  echo "amibundle's: $(cat compare.txt)"
  echo "pigz pipeline's: $(same_image restored/"$img" "$img")"
  ours_unbundle_of[$img]=$ours_unbundle
  ours_bundle_of[$img]=$ours
  awk -v a="$reference" -v b="$ours" -v c="$reference_unbundle_wall" -v d="$ours_unbundle" \
    -v e="$ours_on_reference" 'BEGIN { printf "bundle %.2fx the reference'"'"'s speed; unbundle of our bundle %.2fx, of the reference bundle %.2fx the reference'"'"'s unbundle speed\n", a / b, c / d, c / e }'
done

# The 1 TiB sparse image against the 10 GiB one, both with the same 8 MiB of data: cost follows data.
if [[ -n ${ours_bundle_of[sparse1024.img]-} && -n ${ours_bundle_of[sparse10.img]-} ]]; then
  echo
  for what in bundle unbundle; do
    declare -n walls=ours_${what}_of
    awk -v t="${walls[sparse1024.img]}" -v g="${walls[sparse10.img]}" -v w="$what" 'BEGIN {
      printf "1 TiB sparse %s %.2f s against 10 GiB %.2f s: %.2fx (target: within 1.25x + 0.1 s, %.2f s)\n",
        w, t, g, t / g, 1.25 * g + 0.1 }'
  done
fi

# Each stage alone, on the OS image's tar stream (made once, then in the page cache).
if [[ " $images " == *" os.img "* && $stages != 0 ]]; then
  [ -s os.tar ] || tar -c -S --owner 0 --group 0 -f os.tar os.img
  [ -s os.tar.gz ] || gzip -9 <os.tar >os.tar.gz
  openssl enc -e -aes-128-cbc -K "$key" -iv "$iv" <os.tar.gz >os.tar.gz.enc
  echo
  echo "### stages alone (os.img: $(stat -c %s os.tar) bytes of tar stream, $(stat -c %s os.tar.gz) gzip -9)"
  echo
  echo "| stage | wall s | CPU s | peak RSS MiB | output bytes |"
  echo "|---|---|---|---|---|"
  row "tar -c -S of os.img" "true" "tar -c -S --owner 0 --group 0 -f - os.img | cat >/dev/null" os.tar
  row "sha1sum of the tar stream" "true" "sha1sum os.tar" os.tar
  for level in 9 6 1; do
    row "gzip -$level" "true" "gzip -$level <os.tar >stage.gz" stage.gz
  done
  row "pigz -6 -p $cpus" "true" "pigz -6 -p $cpus <os.tar >stage.gz" stage.gz
  row "pigz -6 -i -b 1024 -p $cpus (independent 1 MiB blocks)" "true" \
    "pigz -6 -i -b 1024 -p $cpus <os.tar >stage.gz" stage.gz
  row "openssl enc -aes-128-cbc of the gzip stream" "true" \
    "openssl enc -e -aes-128-cbc -K $key -iv $iv <os.tar.gz >stage.enc" stage.enc
  row "openssl enc -d" "true" "openssl enc -d -aes-128-cbc -K $key -iv $iv <os.tar.gz.enc >/dev/null" os.tar.gz
  row "gunzip" "true" "gunzip <os.tar.gz >/dev/null" os.tar
  row "pigz -d" "true" "pigz -d <os.tar.gz >/dev/null" os.tar
  row "tar -x -S" "rm -rf restored && mkdir restored" "tar -x -S -C restored -f os.tar" "restored/os.img"
  rm -f stage.gz stage.enc os.tar.gz.enc
fi
