#!/usr/bin/env bash
# Copies a hanok cluster's images to the site registry, for air-gapped sites.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
Usage: mirror-images.sh --cluster NAME [--tool skopeo|crane] [--dest-insecure] [--dist DIR] [--dry-run]
       mirror-images.sh --from-bundle DIR [--dest-insecure] [--dry-run]

Copies every image of dist/NAME/image-sources.txt from where it is published to where the manifests pull it
from (spec.images.mirror and overrides of the cluster file), with skopeo or crane, whichever is installed. All
platforms of multi-platform images are copied and digests are kept, so references pinned by digest still
resolve. Images already in the site registry are skipped. When the cluster has a mirror and kubeadm is installed
here, kubeadm's own control-plane images (API server, etcd, CoreDNS, pause...) are copied too.

Run it on a machine that reaches both the public registries and the site registry, logged in to both
(skopeo login / crane auth login) where they need credentials.

With --from-bundle DIR it needs no internet: it pushes the images of an unpacked `hanok bundle --images` (DIR is
its hanok-NAME folder) from DIR/images into the site registry with skopeo, under the names the manifests and
kubeadm use, manifests byte for byte so every digest stays the published one. Images the registry already has
with the same digest are skipped; after each push the registry's digest is read back and compared.

Options:
  --cluster NAME     the cluster, as in clusters/NAME.yaml
  --tool TOOL        skopeo or crane (default: skopeo if installed, else crane)
  --dest-insecure    reach the site registry over plain HTTP or unverified TLS
  --dist DIR         the cluster's synth output (default: dist/NAME)
  --from-bundle DIR  push the images of an unpacked bundle (its hanok-NAME folder) instead
  --dry-run          print the copies it would make, contact no registry
  -h, --help         show this help
EOF
}

TOOL=""
DEST_INSECURE=0
FROM_BUNDLE=""
while [[ $# -gt 0 ]]; do
  common_option "$@"
  if ((SHIFT)); then
    shift "${SHIFT}"
    continue
  fi
  case "$1" in
    --tool)
      need_value "$@"
      TOOL="$2"
      shift 2
      ;;
    --dest-insecure)
      DEST_INSECURE=1
      shift
      ;;
    --from-bundle)
      need_value "$@"
      FROM_BUNDLE="$2"
      shift 2
      ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
if [[ -n "${FROM_BUNDLE}" ]]; then
  [[ -z "${TOOL}" || "${TOOL}" == skopeo ]] || die "--from-bundle pushes with skopeo (got --tool ${TOOL})"
  TOOL=skopeo
else
  use_cluster
  SOURCES="${DIST}/image-sources.txt"
  [[ -f "${SOURCES}" ]] || die "${SOURCES} not found: run 'npm run synth' first"
fi
if [[ -z "${TOOL}" ]]; then
  if have skopeo; then
    TOOL=skopeo
  elif have crane; then
    TOOL=crane
  elif ((DRY_RUN)); then
    TOOL=skopeo
    warn "neither skopeo nor crane is installed; showing skopeo commands"
  else
    die "install skopeo or crane first"
  fi
fi
[[ "${TOOL}" == skopeo || "${TOOL}" == crane ]] || die "--tool must be skopeo or crane (got '${TOOL}')"
((DRY_RUN)) || have "${TOOL}" || die "${TOOL} is not installed"

# split_ref REF: sets REF_NAME, REF_TAG and REF_DIGEST.
split_ref() {
  local ref="$1" last
  REF_DIGEST=""
  REF_TAG=""
  if [[ "${ref}" == *@* ]]; then
    REF_DIGEST="${ref#*@}"
    ref="${ref%%@*}"
  fi
  last="${ref##*/}"
  if [[ "${last}" == *:* ]]; then
    REF_TAG="${last##*:}"
    ref="${ref%:*}"
  fi
  REF_NAME="${ref}"
}

# exists REF: whether the site registry has the image already.
exists() {
  ((DRY_RUN)) && return 1
  if [[ "${TOOL}" == skopeo ]]; then
    local tls=()
    ((DEST_INSECURE)) && tls=(--tls-verify=false)
    skopeo inspect --raw "${tls[@]}" "docker://$1" >/dev/null 2>&1
  else
    local insecure=()
    ((DEST_INSECURE)) && insecure=(--insecure)
    crane manifest "${insecure[@]}" "$1" >/dev/null 2>&1
  fi
}

COPIED=0
PRESENT=0
FAILED=0

# copy SOURCE IMAGE: copies one image; by digest when it has one, so the digest stays the same.
copy() {
  local source="$1" image="$2" from targets=() target
  split_ref "${source}"
  from="${REF_NAME}${REF_DIGEST:+@${REF_DIGEST}}"
  [[ -n "${REF_DIGEST}" ]] || from="${REF_NAME}:${REF_TAG}"
  split_ref "${image}"
  # Tools refuse name:tag@digest: a digest target keeps the digest, a tag target keeps the name readable.
  [[ -n "${REF_DIGEST}" ]] && targets+=("${REF_NAME}@${REF_DIGEST}")
  [[ -n "${REF_TAG}" ]] && targets+=("${REF_NAME}:${REF_TAG}")
  if exists "${targets[0]}"; then
    log "present: ${image}"
    PRESENT=$((PRESENT + 1))
    return
  fi
  for target in "${targets[@]}"; do
    if [[ "${TOOL}" == skopeo ]]; then
      local tls=()
      ((DEST_INSECURE)) && tls=(--dest-tls-verify=false)
      run skopeo copy --all "${tls[@]}" "docker://${from}" "docker://${target}" || {
        FAILED=$((FAILED + 1))
        return
      }
    else
      local insecure=()
      ((DEST_INSECURE)) && insecure=(--insecure)
      run crane copy "${insecure[@]}" "${from}" "${target}" || {
        FAILED=$((FAILED + 1))
        return
      }
    fi
  done
  COPIED=$((COPIED + 1))
}

# kubeadm's control-plane images, `source image` per line, when the cluster pulls them from a mirror.
kubeadm_pairs() {
  local init repository version
  init="$(grep -l '^kind: InitConfiguration' "${NODES_DIR}"/kubeadm/*.yaml 2>/dev/null | head -n 1)"
  [[ -n "${init}" ]] || return 0
  repository="$(awk '/^imageRepository:/ { print $2 }' "${init}")"
  [[ -n "${repository}" ]] || return 0
  version="$(awk '/^kubernetesVersion:/ { print $2 }' "${init}")"
  if ! have kubeadm; then
    warn "kubeadm is not installed here: also copy the images of 'kubeadm config images list --kubernetes-version ${version}' to ${repository} (kubeadm names CoreDNS ${repository}/coredns)"
    return 0
  fi
  paste -d ' ' <(kubeadm config images list --kubernetes-version "${version}") <(kubeadm config images list --config "${init}")
}

# --from-bundle: the images of an unpacked `hanok bundle --images`, pushed without internet. DIR/images/images.txt
# has `<image> <source> <digest> <file>...` per image; the files are those of skopeo's dir: folder of the image
# (manifest.json=<hex>, <hex>.manifest.json, <hex>), each the blob DIR/images/blobs/sha256/<hex>. A dir: folder of
# links to the blobs is pushed with `skopeo copy --all --preserve-digests`, so the registry holds the manifests
# byte for byte.

# registry_digest REF: prints the digest of the manifest the site registry serves for REF, or nothing.
registry_digest() {
  local tls=() sum
  ((DEST_INSECURE)) && tls=(--tls-verify=false)
  # Hashed as it streams: a command substitution would drop the manifest's final newline and so change the digest.
  sum="$(skopeo inspect --raw "${tls[@]}" "docker://$1" 2>/dev/null | sha256sum)" || return 0
  printf 'sha256:%s\n' "${sum%% *}"
}

# dir_view BLOBS VIEW FILE...: makes VIEW a skopeo dir: folder whose files link to the blobs.
dir_view() {
  local blobs="$1" view="$2" file hex
  shift 2
  mkdir -p "${view}"
  printf 'Directory Transport Version: 1.1\n' >"${view}/version"
  for file in "$@"; do
    case "${file}" in
      manifest.json=*)
        hex="${file#manifest.json=}"
        file=manifest.json
        ;;
      *.manifest.json) hex="${file%.manifest.json}" ;;
      *) hex="${file}" ;;
    esac
    [[ "${hex}" =~ ^[0-9a-f]{64}$ ]] || die "images.txt names an unexpected file '${file}'"
    [[ -f "${blobs}/${hex}" ]] || die "blob ${hex} is missing from ${blobs}: check the bundle with 'sha256sum -c SHA256SUMS'"
    ln -s "${blobs}/${hex}" "${view}/${file}"
  done
}

mirror_from_bundle() {
  local bundle list blobs work count=0 total pushed=0 present=0 same=0 failed=0
  bundle="$(cd "$1" 2>/dev/null && pwd)" || die "--from-bundle $1: no such folder"
  list="${bundle}/images/images.txt"
  blobs="${bundle}/images/blobs/sha256"
  [[ -f "${list}" ]] || die "${list} not found: was the bundle made with 'hanok bundle --images'?"
  ((DRY_RUN)) || have skopeo || die "skopeo is not installed: apt-get install skopeo (it is a Debian package; no internet is needed beyond the site's mirror)"
  total="$(content_lines "${list}" | wc -l)"
  work="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand now: the folder is known
  trap "rm -rf '${work}'" EXIT
  log "Loading ${total} images from ${bundle}/images into the site registry$( ((DRY_RUN)) && printf ' (dry run: no registry is contacted)')"
  local image source digest files target targets name tag rest
  while read -r image source digest rest; do
    count=$((count + 1))
    read -r -a files <<<"${rest}"
    if [[ "${image}" == "${source}" ]]; then
      log "[${count}/${total}] ${image}: pulled from where it is published (no mirror for it); not pushed"
      same=$((same + 1))
      continue
    fi
    split_ref "${image}"
    name="${REF_NAME}"
    tag="${REF_TAG}"
    targets=()
    [[ -n "${tag}" ]] && targets+=("${name}:${tag}")
    [[ -z "${tag}" || -n "${REF_DIGEST}" ]] && targets+=("${name}@${digest}")
    if ! ((DRY_RUN)) && [[ "$(registry_digest "${targets[0]}")" == "${digest}" ]]; then
      log "[${count}/${total}] present: ${image}"
      present=$((present + 1))
      continue
    fi
    log "[${count}/${total}] pushing ${image} (${#files[@]} files, ${digest})"
    rm -rf "${work}/view"
    dir_view "${blobs}" "${work}/view" "${files[@]}"
    local tls=() ok=1
    ((DEST_INSECURE)) && tls=(--dest-tls-verify=false)
    for target in "${targets[@]}"; do
      run skopeo copy --quiet --all --preserve-digests "${tls[@]}" "dir:${work}/view" "docker://${target}" || ok=0
      if ((ok)) && ! ((DRY_RUN)) && [[ "$(registry_digest "${target}")" != "${digest}" ]]; then
        warn "${target}: the registry serves another digest than ${digest}"
        ok=0
      fi
    done
    if ((ok)); then
      pushed=$((pushed + 1))
    else
      failed=$((failed + 1))
    fi
  done < <(content_lines "${list}")
  log "Pushed ${pushed}, already present ${present}, failed ${failed}; ${same} not pushed (pulled from where they are published)."
  ((failed == 0)) || die "${failed} images were not loaded"
}

if [[ -n "${FROM_BUNDLE}" ]]; then
  mirror_from_bundle "${FROM_BUNDLE}"
  exit 0
fi

log "Mirroring the images of cluster ${CLUSTER} with ${TOOL}$( ((DRY_RUN)) && printf ' (dry run: no registry is contacted)')"
SAME=0
while read -r image source; do
  if [[ "${image}" == "${source}" ]]; then
    SAME=$((SAME + 1))
    continue
  fi
  copy "${source}" "${image}"
done < <(content_lines "${SOURCES}"; kubeadm_pairs | awk '{ print $2, $1 }')
log "Copied ${COPIED}, already present ${PRESENT}, failed ${FAILED}; ${SAME} pulled from where they are published (no mirror or override for them)."
((FAILED == 0)) || die "${FAILED} images were not copied"
