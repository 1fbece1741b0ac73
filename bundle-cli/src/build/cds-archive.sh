#!/usr/bin/env bash
# Makes the distribution's class list and class path, and its class data sharing archive for where
# it is built: cds-archive.sh DIST TESTDATA. Training runs bundle and unbundle a small image with the
# test keys and print the version; the classes they load go to DIST/lib/amibundle.classlist, from
# which the launcher makes the archive (now, and for each place the distribution is later installed
# or copied to). Start-up then maps those classes instead of loading and verifying them.
set -euo pipefail
dist=$1 keys=$2/keys
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Bouncy Castle's jars are signed. amibundle only parses PEM files with them and never registers
# them as a JCE provider (which alone would need the signature), but the JVM checks a signed jar's
# signature on first use (about half a second of SHA-256 and RSA at every start), CDS cannot
# archive classes of signed jars, and the JVM parses the whole manifest, a digest per class (800 KB
# for bcprov), when it defines a package. So the distribution holds them without their signature
# files and with only the main section of their manifests.
python3 - "$dist"/lib/*.jar <<'PYTHON'
import re, shutil, sys, zipfile
signature = re.compile(r"META-INF/[^/]+\.(SF|RSA|DSA|EC)$")
for jar in sys.argv[1:]:
    with zipfile.ZipFile(jar) as source:
        if not any(signature.match(name) for name in source.namelist()):
            continue
        with zipfile.ZipFile(jar + ".unsigned", "w", zipfile.ZIP_DEFLATED) as target:
            for entry in source.infolist():
                data = source.read(entry)
                if entry.filename == "META-INF/MANIFEST.MF":
                    data = re.split(rb"\r?\n\r?\n", data, maxsplit=1)[0] + b"\r\n\r\n"
                if not signature.match(entry.filename):
                    target.writestr(entry, data)
    shutil.move(jar + ".unsigned", jar)
PYTHON

# The training runs: bundle a small image with the test keys, unbundle it, print the version (the
# command the launcher makes the archive with). JVM options may name a file RUN, replaced by the
# run's name (bundle-image, unbundle, version).
head -c 1048576 /dev/urandom >"$work/training.img"
java_run() {
  local run=$1 options=("${@:2}")
  java "${options[@]//RUN/$run}" -XX:+UseSerialGC -cp "$classpath" org.amibundle.cli.Main "$run" \
    "${arguments[@]}" >/dev/null
}
train() {
  mkdir "$work/bundle" "$work/restored"
  arguments=(-c "$keys/user-cert.pem" -k "$keys/user-key.pem" --ec2cert "$keys/ec2-cert.pem"
    -u 111122223333 -r x86_64 -i "$work/training.img" -d "$work/bundle" --batch)
  java_run bundle-image "$@"
  arguments=(-k "$keys/user-key.pem" -m "$work/bundle/training.img.manifest.xml"
    -s "$work/bundle" -d "$work/restored")
  java_run unbundle "$@"
  cmp -s "$work/training.img" "$work/restored/training.img"
  rm -rf "$work/bundle" "$work/restored"
  arguments=()
  java_run version "$@"
}

# The class path, written to DIST/lib/classpath for the launcher: first the jars the training runs
# load classes from, in that order, then the others (S3 ...). A class the archive does not hold is
# looked up jar by jar along the class path, and each jar opened on the way costs its index.
(cd "$dist/lib" && ls -- *.jar) >"$work/all"
classpath="$dist/lib/*"
train -Xshare:off -Xlog:class+load:file="$work/loaded-RUN"
cat "$work"/loaded-* | grep -o 'source: file:[^ ]*\.jar' |
  sed 's|.*/||' | awk '!seen[$0]++' >"$work/used"
{ cat "$work/used"; grep -vxFf "$work/used" "$work/all"; } >"$dist/lib/classpath"
classpath=$(sed "s|^|$dist/lib/|" "$dist/lib/classpath" | paste -sd: -)

# The classes the runs load, the JDK's and amibundle's, for a static archive (a dynamic archive
# would only hold one process's).
train -Xshare:off -XX:DumpLoadedClassList="$work/classes-RUN"
# One list: each line once, without the class ids (only classes of custom loaders need them).
sed 's/ id: [0-9]*$//' "$work"/classes-* | awk '!seen[$0]++' \
  >"$dist/lib/amibundle.classlist"
# The launcher makes the archive for this place on its first run.
rm -f "$dist"/lib/amibundle*.jsa
"$dist/bin/amibundle" version >/dev/null
ls "$dist"/lib/amibundle-*.jsa >/dev/null
