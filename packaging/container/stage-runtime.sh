#!/usr/bin/env bash
# Stages the container image's own files under $1 (Jib adds them to a scratch image, then the hub's jar and
# dependencies): a Java runtime cut to the modules the hub uses (jlink, from the JDK that builds), the C
# libraries that runtime links against (from this machine: the runtime was built against them), an
# /etc/passwd naming the hub's user, the directories the hub writes, and the image's default config.
set -euo pipefail
root=$1
here=$(cd "$(dirname "$0")" && pwd)
# What the hub and its libraries use (jdeps on the jar and its dependencies), plus TLS' elliptic curves and
# DNS lookups, which are found at run time rather than by jdeps.
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,jdk.crypto.ec,jdk.management,jdk.unsupported
rm -rf "$root"
mkdir -p "$root/opt" "$root/tmp" "$root/etc/switchboard" "$root/var/lib/switchboard" "$root/proc"
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 --output "$root/opt/java"
# Every shared library the runtime's binaries and libraries load, and the dynamic loader, at their own paths.
find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} \; 2>/dev/null \
  | grep -o '/[^ ]*\.so[^ ]*' | grep -v "^$root" | sort -u | while read -r lib; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
printf 'root:x:0:0:root:/:/sbin/nologin\nswitchboard:x:65532:65532:Switchboard:/var/lib/switchboard:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nswitchboard:x:65532:\n' > "$root/etc/group"
cp "$here/switchboard.yaml" "$root/etc/switchboard/switchboard.yaml"
