#!/usr/bin/env bash
# Initializes the first control plane of a hanok cluster with kubeadm (seed 002 §8, from a configuration file).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
Usage: init-control-plane.sh --cluster NAME --node NODE [--dist DIR] [--dry-run]

Runs `kubeadm init --config dist/NAME/nodes/kubeadm/NODE.yaml` on the cluster's first control plane: Kubernetes
version, control-plane endpoint, pod and service subnets, node name, node IP and labels, systemd cgroup driver all
come from that file. With more than one control plane it adds --upload-certs, so the others can join with the
certificate key it prints. Then it installs /etc/kubernetes/admin.conf as root's ~/.kube/config.

kubeadm creates the bootstrap token itself: the join command it prints (or `kubeadm token create
--print-join-command` later) gives the --token and --ca-cert-hash for join-node.sh. Neither is written anywhere.
Does nothing when this machine already runs a control plane (/etc/kubernetes/admin.conf exists).

Run prepare-node.sh on this machine first.

Options:
  --cluster NAME   the cluster, as in clusters/NAME.yaml
  --node NODE      this machine's node name: the cluster's first control plane
  --dist DIR       the cluster's synth output (default: dist/NAME)
  --dry-run        print what it would do, change nothing
  -h, --help       show this help
EOF
}

NODE=""
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
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
use_cluster
[[ -n "${NODE}" ]] || die "--node NODE is required (see --help)"
node_roles "${NODE}" >/dev/null
CONFIG="$(node_file "kubeadm/${NODE}.yaml")"
grep -q '^kind: InitConfiguration' "${CONFIG}" ||
  die "${NODE} is not the cluster's first control plane: it joins with join-node.sh (the first is $(grep -l '^kind: InitConfiguration' "${NODES_DIR}"/kubeadm/*.yaml | xargs -r -n1 basename | sed 's/\.yaml$//'))"
require_commands kubeadm kubelet kubectl systemctl
require_root

if [[ -f /etc/kubernetes/admin.conf ]]; then
  log "/etc/kubernetes/admin.conf exists: this machine runs a control plane already; nothing to do."
  log "A join command for the other nodes: kubeadm token create --print-join-command"
  exit 0
fi
if ! have kubeadm; then
  ((DRY_RUN)) || die "kubeadm is not installed: install kubeadm, kubelet and kubectl $(awk '/^kubernetesVersion:/ { print $2 }' "${CONFIG}")"
  warn "kubeadm is not installed"
fi

INVENTORY="$(node_file inventory)"
control_planes="$(awk '!/^#/ && $3 ~ /control-plane/ { n++ } END { print n + 0 }' "${INVENTORY}")"
init=(kubeadm init --config "${CONFIG}")
if ((control_planes > 1)); then
  # The other control planes fetch the certificates with the key kubeadm prints; it expires after two hours.
  init+=(--upload-certs)
fi

log "Initializing ${NODE}, the first control plane of cluster ${CLUSTER}$( ((DRY_RUN)) && printf ' (dry run: nothing is changed)')"
endpoint="$(awk '/^controlPlaneEndpoint:/ { print $2 }' "${CONFIG}")"
node_address="$(node_ip "${NODE}")"
if [[ -n "${endpoint}" && "${endpoint%:*}" != "${node_address}" ]]; then
  log "The API endpoint is ${endpoint}, a load balancer: it must already forward port ${endpoint##*:} to ${node_address}:6443 (prepare-haproxy.sh on the HAProxy host), or kubeadm init times out waiting for it"
fi
run "${init[@]}"
run install -D -m 0600 /etc/kubernetes/admin.conf "${HOME}/.kube/config"
log "Done. Next:"
log "  - on this node: kubeadm token create --print-join-command   (gives --token and --ca-cert-hash)"
if ((control_planes > 1)); then
  log "  - for the other control planes also: kubeadm init phase upload-certs --upload-certs   (gives --certificate-key)"
fi
log "  - on every other node: join-node.sh --cluster ${CLUSTER} --node <name> --token <token> --ca-cert-hash sha256:<hash>"
log "  - then, anywhere with kubectl: apply.sh --cluster ${CLUSTER} --secrets <file>   (the CNI first, so nodes become Ready)"
