#!/usr/bin/env bash
# Joins a node to a hanok cluster with kubeadm (seed 002 §11, from a configuration file).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
Usage: join-node.sh --cluster NAME --node NODE --token TOKEN --ca-cert-hash sha256:HASH
                    [--certificate-key KEY] [--endpoint HOST:PORT] [--dist DIR] [--dry-run]

Runs `kubeadm join --config` with dist/NAME/nodes/kubeadm/NODE.yaml (node name, node IP, labels, and for a control
plane its advertise address). The bootstrap token, CA certificate hash and, for a control plane, the certificate key
are never stored: they come from the arguments or the environment and are filled into a private temporary copy of
the file that is removed afterwards. On the first control plane:
  kubeadm token create --print-join-command        prints the token and the hash
  kubeadm init phase upload-certs --upload-certs   prints the certificate key (control planes only)
Does nothing when this machine is part of a cluster already (/etc/kubernetes/kubelet.conf exists).

Run prepare-node.sh on this machine first.

Options:
  --cluster NAME           the cluster, as in clusters/NAME.yaml
  --node NODE              this machine's node name
  --token TOKEN            bootstrap token, abcdef.0123456789abcdef      (or env KUBEADM_TOKEN)
  --ca-cert-hash HASH      sha256:<64 hex digits>                        (or env KUBEADM_CA_CERT_HASH)
  --certificate-key KEY    64 hex digits, control planes only            (or env KUBEADM_CERTIFICATE_KEY)
  --endpoint HOST:PORT     API server to join through (default: the cluster's control-plane endpoint)
  --dist DIR               the cluster's synth output (default: dist/NAME)
  --dry-run                print what it would do, change nothing
  -h, --help               show this help
EOF
}

NODE=""
TOKEN="${KUBEADM_TOKEN:-}"
CA_CERT_HASH="${KUBEADM_CA_CERT_HASH:-}"
CERTIFICATE_KEY="${KUBEADM_CERTIFICATE_KEY:-}"
ENDPOINT=""
while [[ $# -gt 0 ]]; do
  common_option "$@"
  if ((SHIFT)); then
    shift "${SHIFT}"
    continue
  fi
  case "$1" in
    --node)
      need_value "$@"
      NODE="$2"
      shift 2
      ;;
    --token)
      need_value "$@"
      TOKEN="$2"
      shift 2
      ;;
    --ca-cert-hash)
      need_value "$@"
      CA_CERT_HASH="$2"
      shift 2
      ;;
    --certificate-key)
      need_value "$@"
      CERTIFICATE_KEY="$2"
      shift 2
      ;;
    --endpoint)
      need_value "$@"
      ENDPOINT="$2"
      shift 2
      ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
use_cluster
[[ -n "${NODE}" ]] || die "--node NODE is required (see --help)"
ROLES="$(node_roles "${NODE}")"
CONFIG="$(node_file "kubeadm/${NODE}.yaml")"
grep -q '^kind: JoinConfiguration' "${CONFIG}" ||
  die "${NODE} is the cluster's first control plane: initialize it with init-control-plane.sh"

# Validated before use: they are substituted into the file, and a typo should fail here, not in kubeadm.
[[ "${TOKEN}" =~ ^[a-z0-9]{6}\.[a-z0-9]{16}$ ]] ||
  die "--token (or KUBEADM_TOKEN) must be a bootstrap token like abcdef.0123456789abcdef; 'kubeadm token create --print-join-command' on the control plane prints one"
[[ "${CA_CERT_HASH}" =~ ^sha256:[a-f0-9]{64}$ ]] ||
  die "--ca-cert-hash (or KUBEADM_CA_CERT_HASH) must be sha256:<64 hex digits>, as the join command prints it"
if [[ ",${ROLES}," == *,control-plane,* ]]; then
  [[ "${CERTIFICATE_KEY}" =~ ^[a-f0-9]{64}$ ]] ||
    die "${NODE} is a control plane: --certificate-key (or KUBEADM_CERTIFICATE_KEY) must be the 64 hex digits 'kubeadm init phase upload-certs --upload-certs' prints"
fi
if [[ -n "${ENDPOINT}" && ! "${ENDPOINT}" =~ ^[A-Za-z0-9.-]+:[0-9]{1,5}$ ]]; then
  die "--endpoint must be host:port (got '${ENDPOINT}')"
fi
require_commands kubeadm kubelet systemctl
require_root

if [[ -f /etc/kubernetes/kubelet.conf ]]; then
  log "/etc/kubernetes/kubelet.conf exists: this machine is part of a cluster already; nothing to do (reset-node.sh first to join again)."
  exit 0
fi
if ! have kubeadm; then
  ((DRY_RUN)) || die "kubeadm is not installed: install kubeadm, kubelet and kubectl $(awk '/^kubernetesVersion:/ { print $2 }' "${NODES_DIR}"/kubeadm/*.yaml | head -n 1)"
  warn "kubeadm is not installed"
fi

log "Joining ${NODE} (${ROLES}) to cluster ${CLUSTER}$( ((DRY_RUN)) && printf ' (dry run: nothing is changed)')"
PRIVATE="$(umask 077 && mktemp -d)"
trap 'rm -rf "${PRIVATE}"' EXIT
JOIN="${PRIVATE}/join.yaml"
sed -e "s/__KUBEADM_TOKEN__/${TOKEN}/" \
  -e "s/__KUBEADM_CA_CERT_HASH__/${CA_CERT_HASH}/" \
  -e "s/__KUBEADM_CERTIFICATE_KEY__/${CERTIFICATE_KEY}/" \
  "${CONFIG}" >"${JOIN}"
if [[ -n "${ENDPOINT}" ]]; then
  sed -i -E "s/^([[:space:]]*apiServerEndpoint:).*/\\1 ${ENDPOINT}/" "${JOIN}"
fi
if grep -q '__KUBEADM_' "${JOIN}"; then
  die "${CONFIG} still has a placeholder after filling in the values: $(grep -o '__KUBEADM_[A-Z_]*__' "${JOIN}" | sort -u | tr '\n' ' ')"
fi
if ((DRY_RUN)); then
  log "+ kubeadm join --config <private copy of ${CONFIG} with the token, hash$([[ ",${ROLES}," == *,control-plane,* ]] && printf ' and certificate key') filled in>"
else
  kubeadm join --config "${JOIN}"
fi
log "Done. Check with: kubectl get nodes   (the node is Ready once the CNI runs on it)"
