#!/usr/bin/env bash
# Installs the HAProxy front end of a hanok cluster's ingress (seed 002 §13).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
Usage: prepare-haproxy.sh --cluster NAME [--dist DIR] [--skip-firewall] [--dry-run]

On the load-balancer host of cluster NAME: installs dist/NAME/nodes/haproxy/haproxy.cfg as
/etc/haproxy/haproxy.cfg after `haproxy -c` accepts it (port 80 to the ingress HTTP NodePort, 443 passed through
to the HTTPS NodePort, on every worker), reloads or starts HAProxy, and opens ports 80 and 443
(nodes/firewall/haproxy.ports) in firewalld or ufw, if one is active. Install HAProxy 2.x first.

Options:
  --cluster NAME    the cluster, as in clusters/NAME.yaml
  --dist DIR        the cluster's synth output (default: dist/NAME)
  --skip-firewall   leave the host firewall alone
  --dry-run         print what it would do, change nothing
  -h, --help        show this help
EOF
}

SKIP_FIREWALL=0
while [[ $# -gt 0 ]]; do
  common_option "$@"
  if ((SHIFT)); then
    shift "${SHIFT}"
    continue
  fi
  case "$1" in
    --skip-firewall)
      SKIP_FIREWALL=1
      shift
      ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
use_cluster
[[ -f "${NODES_DIR}/haproxy/haproxy.cfg" ]] || die "cluster ${CLUSTER} has no HAProxy front end (spec.ingress.loadBalancer)"
CONFIG="$(node_file haproxy/haproxy.cfg)"
require_commands haproxy systemctl install cmp
require_root

log "Installing the HAProxy front end of cluster ${CLUSTER}$( ((DRY_RUN)) && printf ' (dry run: nothing is changed)')"
if have haproxy; then
  haproxy -c -q -f "${CONFIG}" || die "haproxy -c refuses ${CONFIG}"
elif ((!DRY_RUN)); then
  die "HAProxy is not installed: install it first (package haproxy)"
else
  warn "HAProxy is not installed"
fi
if install_file "${CONFIG}" /etc/haproxy/haproxy.cfg 0644; then
  if systemctl is-active --quiet haproxy 2>/dev/null; then
    run systemctl reload haproxy
  fi
fi
if ! systemctl is-active --quiet haproxy 2>/dev/null; then
  run systemctl enable --now haproxy
fi
if ((SKIP_FIREWALL)); then
  log "firewall: skipped (--skip-firewall)"
else
  PORTS="$(node_file firewall/haproxy.ports)"
  firewall_open "${PORTS}"
fi
log "Done. Point the cluster's host names (registry, dashboards...) at this machine."
