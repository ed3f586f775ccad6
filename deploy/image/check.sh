#!/usr/bin/env bash
# Builds fedplane's image with podman (chroot isolation: no daemon, no registry) and runs what it holds the way a
# kubelet would as far as this sandbox allows: `podman export` of the image, then chroot as the image's non-root user
# on a read-only bind mount of it. Checks `fedplane --version` and a short `serve` answering /livez and /graphql.
#   deploy/image/check.sh [image-tag]     (root, podman, debootstrap; CI runs it when podman is installed)
set -euo pipefail
cd "$(dirname "$0")/../.."
tag="${1:-localhost/fedplane:dev}"
base="${FEDPLANE_IMAGE_BASE:-localhost/fedplane-base}"
step() { printf '[image] %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

if ! podman image exists "$base"; then
  step "no $base image: making one from Debian packages and this machine's Node.js"
  deploy/image/make-base.sh "$base"
fi
step "podman build $tag (BASE=$base)"
podman build --quiet --isolation chroot --build-arg "BASE=$base" -f deploy/image/Containerfile -t "$tag" . >/dev/null
size=$(podman image inspect "$tag" --format '{{.Size}}')
step "built $tag: $((size / 1024 / 1024)) MiB"

work="$(mktemp -d)"
ro="$work/ro"
cleanup() {
  if [ -n "${server:-}" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  mountpoint -q "$ro" && umount "$ro" || true
  [ -n "${container:-}" ] && podman rm -f "$container" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
container=$(podman create "$tag")
mkdir -p "$work/rootfs" "$ro"
podman export "$container" | tar -C "$work/rootfs" -x
mkdir -p "$work/rootfs/tmp" "$work/rootfs/proc" && chmod 1777 "$work/rootfs/tmp"
# The chart mounts the root filesystem read-only; so does this check.
mount --bind "$work/rootfs" "$ro" && mount -o remount,bind,ro "$ro"
user=$(podman image inspect "$tag" --format '{{.Config.User}}')
entry=(chroot --userspec="$user" "$ro" node /app/bin/fedplane.js)

version=$("${entry[@]}" --version)
[ "$version" = "$(node -p 'require("./package.json").version')" ] || { echo "image: fedplane --version said '$version'" >&2; exit 1; }
step "fedplane --version in the image: $version (as user $user, read-only root)"

port=$((20000 + RANDOM % 20000))
"${entry[@]}" serve --in-memory --port "$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/livez" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; echo "image: fedplane serve exited" >&2; exit 1; }
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$port/livez" >/dev/null || { cat "$work/serve.log" >&2; exit 1; }
# Anonymous callers are refused; the admin token `serve` prints (the embedded default's) is accepted.
anonymous=$(curl -sS -o /dev/null -w '%{http_code}' -H 'content-type: application/json' -d '{"query":"{ __typename }"}' "http://127.0.0.1:$port/graphql")
[ "$anonymous" = 401 ] || { cat "$work/serve.log" >&2; echo "image: an anonymous /graphql request got HTTP $anonymous, not 401" >&2; exit 1; }
token=$(sed -n 's/^ *Admin token: \([^ ]*\).*/\1/p' "$work/serve.log")
answer=$(curl -fsS -H "authorization: Bearer $token" -H 'content-type: application/json' -d '{"query":"{ clusters { name } }"}' "http://127.0.0.1:$port/graphql" || true)
case "$answer" in
  *'"name":"local"'*) ;;
  *) cat "$work/serve.log" >&2; echo "image: /graphql answered: $answer" >&2; exit 1 ;;
esac
step "fedplane serve in the image answered /livez, refused an anonymous query and served the admin's on port $port"
