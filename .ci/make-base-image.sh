#!/usr/bin/env bash
# Builds a minimal Node.js base image from this machine's own node and npm, for machines that can reach
# no container registry (CI here). Usage: .ci/make-base-image.sh [TAG]   (default maas-kind/node-base:local)
# The result has node, npm, /bin/sh, /usr/bin/env and a few coreutils with the shared libraries they
# need, and nothing else.
set -Eeuo pipefail
tag=${1:-maas-kind/node-base:local}
rootfs=$(mktemp -d)
trap 'rm -rf "$rootfs"' EXIT

copy_with_libs() {
  local bin
  for bin in "$@"; do
    bin=$(readlink -f "$bin")
    install -D "$bin" "$rootfs$bin"
    # ldd prints "name => /path (addr)" and "/lib64/ld-linux… (addr)"; copy every absolute path it names.
    ldd "$bin" | grep -o '/[^ ]*' | while read -r lib; do
      [ -e "$rootfs$lib" ] || install -D "$(readlink -f "$lib")" "$rootfs$lib"
    done
  done
}

node_bin=$(readlink -f "$(command -v node)")
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
# A shell and the coreutils the Dockerfile's build stages use.
copy_with_libs "$node_bin" /bin/sh /usr/bin/env /bin/rm /bin/cp /bin/mv /bin/mkdir /bin/chmod /bin/ln /bin/cat /bin/ls
[ "$node_bin" = /usr/bin/node ] || ln -s "$node_bin" "$rootfs/usr/bin/node"
mkdir -p "$rootfs/bin"
[ -e "$rootfs/bin/sh" ] || ln -s "$(readlink -f /bin/sh)" "$rootfs/bin/sh"
mkdir -p "$rootfs/usr/lib/node_modules" "$rootfs/usr/bin"
cp -a "$npm_dir" "$rootfs/usr/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/bin/npx"
mkdir -p "$rootfs/etc" "$rootfs/root" "$rootfs/tmp" "$rootfs/home/nonroot"
chmod 1777 "$rootfs/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$rootfs/etc/group"

tar -C "$rootfs" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["node"]' \
  - "$tag" >/dev/null
echo "built $tag ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}')) from node $("$node_bin" --version)"
