# Sourced by the S3 benchmarks: starts S3Proxy standalone (filesystem backend under $work/s3,
# SigV4 auth, identity "bench", secret "bench-secret") on a free loopback port and sets $port.
# On exit it is stopped, and $work removed unless the caller's WORK named it. Needs $root and
# $work, mvn -o, python3.
s3proxy_pid=
cleanup() {
  [ -z "$s3proxy_pid" ] || kill "$s3proxy_pid" 2>/dev/null || true
  [ -n "${WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

mvn -B -q -o -f "$root/pom.xml" -pl bundle-core dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/s3proxy.classpath"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/s3"
cat >"$work/s3proxy.properties" <<PROPERTIES
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench
s3proxy.credential=bench-secret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$work/s3
jclouds.identity=bench
jclouds.credential=bench-secret
PROPERTIES
java -cp "$(cat "$work/s3proxy.classpath")" org.gaul.s3proxy.Main --properties "$work/s3proxy.properties" \
  >"$work/s3proxy.log" 2>&1 &
s3proxy_pid=$!
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.2
done
