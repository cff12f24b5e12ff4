#!/usr/bin/env bash
# Builds the bridge for employee laptops without a JDK: target/switchboard-bridge-VERSION-linux-x64.tar.gz holds a
# Java runtime cut to what `switchboard connect` uses (jlink, with its class-data archive for a quick start),
# the jar and bin/switchboard-connect. Usage: build-bundle.sh JAR VERSION OUTDIR
set -euo pipefail
jar=$1 version=$2 out=$3
name=switchboard-bridge-$version-linux-x64
work=$out/bridge-bundle
rm -rf "$work" && mkdir -p "$work/$name/bin"
# The bridge: the JDK's HTTP client, Vert.x' JSON (Jackson core, Netty buffers), picocli; Logback (its XML
# configuration) behind the platform logger. Tried by running the bundle: nothing else is loaded.
# jdk.crypto.ec: TLS to an https:// hub (ECDHE, and tailscale serve's ECDSA certificates).
jlink --add-modules java.base,java.net.http,java.logging,java.xml,jdk.crypto.ec,jdk.unsupported,java.management \
  --strip-debug --no-header-files --no-man-pages --compress=2 --generate-cds-archive \
  --output "$work/$name/runtime"
cp "$jar" "$work/$name/switchboard.jar"
cat > "$work/$name/bin/switchboard-connect" <<'LAUNCHER'
#!/bin/sh
# switchboard-connect HUB_URL [options]: the stdio bridge, on the runtime beside it (no JDK needed).
here=${0%/*}
exec "$here/../runtime/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx64m -Xshare:auto \
  -jar "$here/../switchboard.jar" connect "$@"
LAUNCHER
chmod 755 "$work/$name/bin/switchboard-connect"
tar -czf "$out/$name.tar.gz" -C "$work" "$name"
