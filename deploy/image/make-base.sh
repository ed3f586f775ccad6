#!/usr/bin/env bash
# Builds a local base image (default localhost/fedplane-base) for deploy/image/Containerfile where no image registry
# is reachable: a minimal Debian root filesystem from Debian's packages (debootstrap, with this machine's apt mirror),
# plus this machine's Node.js and npm. Needs root, debootstrap and podman.
set -euo pipefail
tag="${1:-localhost/fedplane-base}"
suite="$(. /etc/os-release && echo "$VERSION_CODENAME")"
# The mirror this machine's apt already uses (deb822 or one-line sources), so nothing else is reached.
mirror="$( { cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null || true; } \
  | grep -oE '^(URIs:|deb) +[^ ]+' | grep -v security | head -n1 | awk '{print $2}')"
[ -n "$mirror" ] || { echo "make-base: no Debian mirror found in /etc/apt sources" >&2; exit 1; }
node_bin="$(command -v node)"
npm_dir="$(dirname "$(readlink -f "$(command -v npm)")")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "make-base: debootstrap --variant=minbase $suite (a minute or two)..."
debootstrap --variant=minbase "$suite" "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
install -D -m 0755 "$node_bin" "$work/rootfs/usr/local/bin/node"
mkdir -p "$work/rootfs/usr/local/lib/node_modules"
cp -a "$(readlink -f "$npm_dir")" "$work/rootfs/usr/local/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$work/rootfs/usr/local/bin/npm"
rm -rf "$work/rootfs/var/cache/apt/archives"/*.deb "$work/rootfs/var/lib/apt/lists"/*
echo "make-base: importing as $tag..."
tar -C "$work/rootfs" -c . | podman import --quiet - "$tag" >/dev/null
echo "make-base: $tag ($(node --version), $(. /etc/os-release && echo "$PRETTY_NAME"))"
