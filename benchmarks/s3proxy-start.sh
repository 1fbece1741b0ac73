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
# Without a logging configuration S3Proxy logs at DEBUG, and Jetty then logs every read of a
# request body: uploads become ten times slower (see README). S3PROXY_LOG_LEVEL=DEBUG to compare.
cat >"$work/logback.xml" <<LOGBACK
<configuration>
  <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
  </appender>
  <root level="${S3PROXY_LOG_LEVEL:-WARN}"><appender-ref ref="STDERR"/></root>
</configuration>
LOGBACK
java -Dlogback.configurationFile="$work/logback.xml" -cp "$(cat "$work/s3proxy.classpath")" \
  org.gaul.s3proxy.Main --properties "$work/s3proxy.properties" >"$work/s3proxy.log" 2>&1 &
s3proxy_pid=$!
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.2
done
