#!/usr/bin/env bash
# Runs the bootstrap registry of a hanok cluster: the site registry that exists before the cluster.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
Usage: prepare-bootstrap-registry.sh --cluster NAME [--cert FILE --key FILE] [--binary PATH] [--dist DIR] [--dry-run]

On the host of spec.images.bootstrapRegistry (the NFS or HAProxy host, or another machine outside the cluster):
runs a distribution registry as the systemd service hanok-bootstrap-registry, from dist/NAME/nodes/bootstrap-registry/:
  - the registry binary: --binary, else Debian's /usr/bin/docker-registry (apt-get install docker-registry), else
    distribution's `registry` on the PATH, linked as /usr/local/bin/hanok-bootstrap-registry
  - the system user hanok-registry, and the data folder (with storage: nfs, <nfs server>:<export>/bootstrap_registry
    mounted there through /etc/fstab)
  - /etc/hanok-bootstrap-registry/config.yml and, unless the registry is insecure, the certificate and key given
    with --cert and --key (site files issued for the registry's host; they never belong in git)
  - the unit, enabled and (re)started on change, then checked on /v2/
Nodes pull the CNI, kube-proxy, CoreDNS and control-plane images from it before the cluster runs; load it with
mirror-images.sh --from-bundle. Running it again changes only what is not yet as it should be.

Options:
  --cluster NAME    the cluster, as in clusters/NAME.yaml
  --cert FILE       PEM certificate of the registry (with the CA chain), required unless insecure
  --key FILE        its private key
  --binary PATH     the registry program (default: /usr/bin/docker-registry, else registry)
  --dist DIR        the cluster's synth output (default: dist/NAME)
  --dry-run         print what it would do, change nothing
  -h, --help        show this help
EOF2
}

CERT=""
KEY=""
BINARY=""
while [[ $# -gt 0 ]]; do
  common_option "$@"
  if ((SHIFT)); then
    shift "${SHIFT}"
    continue
  fi
  case "$1" in
    --cert)
      need_value "$@"
      CERT="$2"
      shift 2
      ;;
    --key)
      need_value "$@"
      KEY="$2"
      shift 2
      ;;
    --binary)
      need_value "$@"
      BINARY="$2"
      shift 2
      ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
use_cluster
[[ -f "${NODES_DIR}/bootstrap-registry/registry.env" ]] || die "cluster ${CLUSTER} has no bootstrap registry: set spec.images.bootstrapRegistry and run 'npm run synth'"
SETTINGS="$(node_file bootstrap-registry/registry.env)"
ADDRESS="$(sed -n 's/^ADDRESS=//p' "${SETTINGS}")"
HOST="$(sed -n 's/^HOST=//p' "${SETTINGS}")"
TLS="$(sed -n 's/^TLS=//p' "${SETTINGS}")"
DATA_PATH="$(sed -n 's/^DATA_PATH=//p' "${SETTINGS}")"
NFS_SOURCE="$(sed -n 's/^NFS_SOURCE=//p' "${SETTINGS}")"
ETC=/etc/hanok-bootstrap-registry
USER_NAME=hanok-registry
LINK=/usr/local/bin/hanok-bootstrap-registry
UNIT=hanok-bootstrap-registry.service
if ((TLS)); then
  [[ -n "${CERT}" && -n "${KEY}" ]] || die "the registry serves TLS: give its certificate and key with --cert FILE --key FILE (issued for ${HOST})"
  [[ -f "${CERT}" ]] || die "--cert ${CERT}: no such file"
  [[ -f "${KEY}" ]] || die "--key ${KEY}: no such file"
  grep -q -- '-----BEGIN CERTIFICATE-----' "${CERT}" || die "--cert ${CERT} is not a PEM certificate"
elif [[ -n "${CERT}${KEY}" ]]; then
  die "the registry is insecure (plain HTTP, spec.images.bootstrapRegistry.insecure): --cert and --key are not used"
fi
if [[ -z "${BINARY}" ]]; then
  if [[ -x /usr/bin/docker-registry ]]; then
    BINARY=/usr/bin/docker-registry
  elif have registry; then
    BINARY="$(command -v registry)"
  elif ((DRY_RUN)); then
    BINARY=/usr/bin/docker-registry
    warn "no registry program is installed; showing the steps for Debian's docker-registry"
  else
    die "no registry program: apt-get install docker-registry (Debian, Ubuntu), or give distribution's binary with --binary PATH"
  fi
fi
((DRY_RUN)) || [[ -x "${BINARY}" ]] || die "--binary ${BINARY} is not an executable"
require_root

log "Preparing the bootstrap registry ${ADDRESS} of cluster ${CLUSTER}$( ((DRY_RUN)) && printf ' (dry run: nothing is changed)')"
CHANGED=0
if ! id -u "${USER_NAME}" >/dev/null 2>&1; then
  run useradd --system --no-create-home --home-dir "${DATA_PATH}" --shell /usr/sbin/nologin "${USER_NAME}"
fi
if [[ "$(readlink "${LINK}" 2>/dev/null || true)" != "${BINARY}" ]]; then
  run ln -sfn "${BINARY}" "${LINK}"
  CHANGED=1
fi
run mkdir -p "${DATA_PATH}"
if [[ -n "${NFS_SOURCE}" ]]; then
  if ! grep -Eq "^[[:space:]]*${NFS_SOURCE//./\\.}[[:space:]]+${DATA_PATH//./\\.}[[:space:]]" /etc/fstab 2>/dev/null; then
    log "adding ${NFS_SOURCE} on ${DATA_PATH} to /etc/fstab (create ${NFS_SOURCE#*:} on the NFS server first)"
    fstab_line="${NFS_SOURCE} ${DATA_PATH} nfs defaults,_netdev 0 0"
    if ((DRY_RUN)); then
      printf "+ echo '%s' >> /etc/fstab\n" "${fstab_line}"
    else
      printf '%s\n' "${fstab_line}" >>/etc/fstab
    fi
  fi
  if ! mountpoint -q "${DATA_PATH}" 2>/dev/null; then
    run mount "${DATA_PATH}"
  fi
fi
run chown "${USER_NAME}:" "${DATA_PATH}"
install_file "$(node_file bootstrap-registry/config.yml)" "${ETC}/config.yml" 0644 && CHANGED=1
if ((TLS)); then
  install_file "${CERT}" "${ETC}/tls.crt" 0644 && CHANGED=1
  if install_file "${KEY}" "${ETC}/tls.key" 0640; then
    CHANGED=1
    run chown "root:${USER_NAME}" "${ETC}/tls.key"
  fi
fi
if install_file "$(node_file "bootstrap-registry/${UNIT}")" "/etc/systemd/system/${UNIT}" 0644; then
  CHANGED=1
  run systemctl daemon-reload
fi
if ! systemctl is-enabled --quiet "${UNIT}" 2>/dev/null; then
  run systemctl enable "${UNIT}"
fi
if ((CHANGED)) || ! systemctl is-active --quiet "${UNIT}" 2>/dev/null; then
  run systemctl restart "${UNIT}"
fi
if ((!DRY_RUN)); then
  scheme=https
  ((TLS)) || scheme=http
  ca=()
  [[ -f "${NODES_DIR}/containerd/certs.d/${ADDRESS}/ca.crt" ]] && ca=(--cacert "${NODES_DIR}/containerd/certs.d/${ADDRESS}/ca.crt")
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    if curl -fsS "${ca[@]}" -o /dev/null "${scheme}://${ADDRESS}/v2/"; then
      log "The bootstrap registry answers on ${scheme}://${ADDRESS}/v2/. Next: mirror-images.sh --from-bundle <unpacked bundle>"
      exit 0
    fi
    sleep 1
  done
  die "the registry does not answer on ${scheme}://${ADDRESS}/v2/: see journalctl -u ${UNIT}"
fi
log "Done (dry run). Next: mirror-images.sh --from-bundle <unpacked bundle>"
