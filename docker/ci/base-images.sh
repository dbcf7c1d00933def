#!/usr/bin/env bash
# Makes the base images that the end-to-end test builds on, from Debian's packages alone (Docker Hub
# is out of reach in CI): a minimal bookworm root file system (debootstrap --variant=minbase) plus
# the JRE, and one plus PostgreSQL, each imported with `docker import`. The root file systems are
# cached as tarballs under ${EGRESSGUARD_CACHE:-~/.cache/egressguard}/rootfs, keyed by this recipe,
# so a warm run only imports them (a few seconds). The Dockerfiles keep the public images as their
# defaults; the test passes these through --build-arg.
# Usage: docker/ci/base-images.sh   (prints one VARIABLE=image line per image, for docker/ci/e2e.sh)
set -euo pipefail
CACHE="${EGRESSGUARD_CACHE:-${HOME:-/root}/.cache/egressguard}/rootfs"
SUITE=bookworm
RECIPE=1 # raise when rootfs() changes what it makes: the cached tarballs are then made anew
JRE_IMAGE=egressguard-ci/jre:17-$SUITE
PG_IMAGE=egressguard-ci/postgresql:15-$SUITE
JDK_IMAGE=egressguard-ci/jdk:17-$SUITE
MINBASE_IMAGE=egressguard-ci/minbase:$SUITE
BUSYBOX_IMAGE=egressguard-ci/busybox:$SUITE
mkdir -p "$CACHE"

# The mirror this machine's apt already uses (the first deb URI of the suite's main archive).
mirror() {
  local uri
  uri=$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -n1 || true)
  [ -n "$uri" ] || uri=$(grep -hsE '^deb ' /etc/apt/sources.list | awk '{print $2}' | grep -v security | head -n1 || true)
  [ -n "$uri" ] || { echo "base-images: no Debian mirror in /etc/apt/sources.list*" >&2; exit 1; }
  echo "$uri"
}

# rootfs NAME PACKAGES: the cached tarball of a minbase root file system with PACKAGES.
rootfs() {
  local name=$1 packages=$2 key tar dir
  key=$(printf '%s\n' "$RECIPE" "$SUITE" "$packages" | sha256sum | cut -c1-12)
  tar="$CACHE/$name-$SUITE-$key.tar"
  if [ ! -s "$tar" ]; then
    dir=$(mktemp -d "$CACHE/.$name.XXXXXX")
    echo "base-images: debootstrap $SUITE${packages:+ + $packages} (cold cache)" >&2
    mkdir -p "$CACHE/debs"
    debootstrap --variant=minbase ${packages:+--include="$packages"} --cache-dir="$CACHE/debs" "$SUITE" "$dir" "$(mirror)" \
      > "$dir.log" 2>&1 || { tail -n 30 "$dir.log" >&2; rm -rf "$dir" "$dir.log"; exit 1; }
    # what an image does not need: package caches and lists, docs, man pages, translations
    rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/cache/apt/*.bin "$dir"/var/lib/apt/lists/* \
      "$dir"/usr/share/doc/* "$dir"/usr/share/man/* "$dir"/usr/share/info/* "$dir"/usr/share/locale/* \
      "$dir"/var/log/*.log "$dir"/var/log/apt/* "$dir"/tmp/* "$dir"/dev/*
    # a package's own default database cluster (postgresql-15 makes one): the image's is made on first start
    rm -rf "$dir"/etc/postgresql/*/main "$dir"/var/lib/postgresql/*/main
    tar --numeric-owner -C "$dir" -cf "$tar.part" . && mv "$tar.part" "$tar"
    rm -rf "$dir" "$dir.log"
    # older recipes of the same image go
    find "$CACHE" -maxdepth 1 -name "$name-$SUITE-*.tar" ! -name "$(basename "$tar")" -delete
  fi
  echo "$tar"
}

import() { # import VARIABLE IMAGE TAR CHANGES...: docker import unless the image is already the one from TAR
  local variable=$1 image=$2 tar=$3; shift 3
  local label; label=$(basename "$tar" .tar)
  if [ "$(docker image inspect -f '{{index .Config.Labels "egressguard.rootfs"}}' "$image" 2>/dev/null)" != "$label" ]; then
    docker import "${@/#/--change=}" --change "LABEL egressguard.rootfs=$label" "$tar" "$image" >/dev/null
  fi
  echo "$variable=$image"
}

# A busybox image (for the agent image's `cp`) from Debian's busybox-static package.
busybox_image() {
  local deb tar dir
  mkdir -p "$CACHE/debs"
  deb=$(ls "$CACHE"/debs/busybox-static_*.deb 2>/dev/null | tail -n1 || true)
  if [ -z "$deb" ]; then
    (cd "$CACHE/debs" && { apt-get download -qq busybox-static 2>/dev/null || { apt-get update -qq && apt-get download -qq busybox-static; }; }) >&2
    deb=$(ls "$CACHE"/debs/busybox-static_*.deb | tail -n1)
  fi
  tar="$CACHE/$(basename "$deb" .deb).tar"
  if [ ! -s "$tar" ]; then
    dir=$(mktemp -d "$CACHE/.busybox.XXXXXX")
    dpkg-deb -x "$deb" "$dir/pkg"
    mkdir -p "$dir/root/bin" "$dir/root/tmp" "$dir/root/etc"
    cp "$dir/pkg/bin/busybox" "$dir/root/bin/busybox"
    for applet in $("$dir/root/bin/busybox" --list); do
      [ "$applet" = busybox ] || ln -s busybox "$dir/root/bin/$applet"
    done
    chmod 1777 "$dir/root/tmp"
    echo 'root:x:0:0:root:/root:/bin/sh' > "$dir/root/etc/passwd"
    echo 'root:x:0:' > "$dir/root/etc/group"
    tar --numeric-owner --owner=0 --group=0 -C "$dir/root" -cf "$tar.part" . && mv "$tar.part" "$tar"
    rm -rf "$dir"
  fi
  echo "$tar"
}

import EG_BUSYBOX_IMAGE "$BUSYBOX_IMAGE" "$(busybox_image)" "ENV PATH=/bin"
jre=$(rootfs jre17 openjdk-17-jre-headless)
import EG_JRE_IMAGE "$JRE_IMAGE" "$jre" "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "ENV LANG=C.UTF-8"
pg=$(rootfs postgresql15 postgresql-15)
import EG_PG_BASE_IMAGE "$PG_IMAGE" "$pg" "ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "ENV LANG=C.UTF-8"
# The collector's image: a JDK (its jmods are in the -headless package) for its jlink stage, a bare root file system for the runtime.
jdk=$(rootfs jdk17 openjdk-17-jdk-headless)
import EG_JDK_IMAGE "$JDK_IMAGE" "$jdk" "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "ENV LANG=C.UTF-8"
minbase=$(rootfs minbase "")
import EG_MINBASE_IMAGE "$MINBASE_IMAGE" "$minbase" "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "ENV LANG=C.UTF-8"
