#!/usr/bin/env bash
# Resets a Kubernetes node so it can be set up again (seed 003's cleanup, for containerd).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
Usage: reset-node.sh --yes [--dry-run]

Undoes kubeadm init or join on this machine, as seed 003's cleanup does:
  - kubeadm reset -f (stops the kubelet, removes /etc/kubernetes, etcd data, certificates)
  - removes the CNI configuration and state (/etc/cni/net.d, /var/lib/cni) and the cni0 and flannel.1 links
  - flushes the iptables and ip6tables rules kube-proxy and Flannel wrote, and IPVS tables if ipvsadm exists
  - removes root's ~/.kube/config, which points at the reset cluster
  - restarts containerd
Images stay in containerd, so an air-gapped node can be set up again without pulling. Steps with nothing left to
remove are skipped. The node files are not needed.

Options:
  --yes        confirm: this destroys the node's part of the cluster
  --dry-run    print what it would do, change nothing
  -h, --help   show this help
EOF
}

YES=0
while [[ $# -gt 0 ]]; do
  common_option "$@"
  if ((SHIFT)); then
    shift "${SHIFT}"
    continue
  fi
  case "$1" in
    --yes)
      YES=1
      shift
      ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
((YES || DRY_RUN)) || die "this removes the node from its cluster and deletes its state: confirm with --yes (or look first with --dry-run)"
require_root

log "Resetting this node$( ((DRY_RUN)) && printf ' (dry run: nothing is changed)')"
if have kubeadm; then
  run kubeadm reset -f
else
  log "kubeadm is not installed: nothing for kubeadm reset"
fi
for path in /etc/cni/net.d /var/lib/cni; do
  if [[ -e "${path}" ]]; then
    run rm -rf "${path}"
  fi
done
for link in cni0 flannel.1; do
  if ip link show "${link}" >/dev/null 2>&1; then
    run ip link delete "${link}"
  fi
done
for tool in iptables ip6tables; do
  if have "${tool}"; then
    for table in filter nat mangle raw; do
      run "${tool}" -t "${table}" -F
      run "${tool}" -t "${table}" -X
    done
  fi
done
if have ipvsadm; then
  run ipvsadm --clear
fi
if [[ -f "${HOME}/.kube/config" ]]; then
  run rm -f "${HOME}/.kube/config"
fi
if have containerd; then
  run systemctl restart containerd
fi
log "Done. Reboot if links or routes of the old cluster remain (ip link, ip route); then prepare-node.sh and init or join again."
