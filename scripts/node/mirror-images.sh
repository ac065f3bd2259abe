#!/usr/bin/env bash
# Copies a hanok cluster's images to the site registry, for air-gapped sites.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
Usage: mirror-images.sh --cluster NAME [--tool skopeo|crane] [--dest-insecure] [--dist DIR] [--dry-run]

Copies every image of dist/NAME/image-sources.txt from where it is published to where the manifests pull it
from (spec.images.mirror and overrides of the cluster file), with skopeo or crane, whichever is installed. All
platforms of multi-platform images are copied and digests are kept, so references pinned by digest still
resolve. Images already in the site registry are skipped. When the cluster has a mirror and kubeadm is installed
here, kubeadm's own control-plane images (API server, etcd, CoreDNS, pause...) are copied too.

Run it on a machine that reaches both the public registries and the site registry, logged in to both
(skopeo login / crane auth login) where they need credentials.

Options:
  --cluster NAME     the cluster, as in clusters/NAME.yaml
  --tool TOOL        skopeo or crane (default: skopeo if installed, else crane)
  --dest-insecure    reach the site registry over plain HTTP or unverified TLS
  --dist DIR         the cluster's synth output (default: dist/NAME)
  --dry-run          print the copies it would make, contact no registry
  -h, --help         show this help
EOF
}

TOOL=""
DEST_INSECURE=0
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
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
use_cluster
SOURCES="${DIST}/image-sources.txt"
[[ -f "${SOURCES}" ]] || die "${SOURCES} not found: run 'npm run synth' first"
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
