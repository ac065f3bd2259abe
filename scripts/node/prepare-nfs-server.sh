#!/usr/bin/env bash
# Prepares the NFS server of a hanok cluster: the export and the directories its volumes need (seed 002 §14).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
Usage: prepare-nfs-server.sh --cluster NAME [--dist DIR] [--skip-firewall] [--dry-run]

On the NFS server of cluster NAME:
  - creates every directory of dist/NAME/nodes/nfs/directories with its owner and mode (Prometheus' as user 65534,
    Grafana's as 472, ...: the users the pods writing them run as)
  - puts the export line of nodes/nfs/exports into /etc/exports, between '# BEGIN hanok NAME' and
    '# END hanok NAME' lines that it replaces on later runs, exporting to the host network only
  - enables the NFS server and re-exports (exportfs -ra)
  - opens the NFS ports (nodes/firewall/nfs-server.ports) in firewalld or ufw, if one is active
Install the NFS server first (nfs-utils or nfs-kernel-server). Running it again changes only what differs.

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
DIRECTORIES="$(node_file nfs/directories)"
EXPORTS="$(node_file nfs/exports)"
require_commands exportfs systemctl stat chown chmod install cmp
require_root

log "Preparing the NFS server of cluster ${CLUSTER}$( ((DRY_RUN)) && printf ' (dry run: nothing is changed)')"
log "== directories"
while read -r directory uid gid mode; do
  if [[ ! -d "${directory}" ]]; then
    run mkdir -p "${directory}"
  fi
  if [[ "$(stat -c '%u %g' "${directory}" 2>/dev/null || true)" != "${uid} ${gid}" ]]; then
    run chown "${uid}:${gid}" "${directory}"
  fi
  if [[ "$(stat -c '%04a' "${directory}" 2>/dev/null || true)" != "${mode}" ]]; then
    run chmod "${mode}" "${directory}"
  fi
done < <(content_lines "${DIRECTORIES}")

log "== /etc/exports"
WORK="$(mktemp -d)"
trap 'rm -rf "${WORK}"' EXIT
{
  if [[ -f /etc/exports ]]; then
    awk -v begin="# BEGIN hanok ${CLUSTER}" -v end="# END hanok ${CLUSTER}" '$0 == begin { skip = 1 } !skip { print } $0 == end { skip = 0 }' /etc/exports
  fi
  printf '# BEGIN hanok %s\n' "${CLUSTER}"
  content_lines "${EXPORTS}"
  printf '# END hanok %s\n' "${CLUSTER}"
} >"${WORK}/exports"
EXPORTS_CHANGED=0
if install_file "${WORK}/exports" /etc/exports 0644; then
  EXPORTS_CHANGED=1
  if ((DRY_RUN)); then
    log "  with the lines:"
    awk -v begin="# BEGIN hanok ${CLUSTER}" -v end="# END hanok ${CLUSTER}" '$0 == begin { show = 1 } show { print "    " $0 } $0 == end { show = 0 }' "${WORK}/exports"
  fi
fi

log "== NFS server"
SERVICE=nfs-server
if ! systemctl is-enabled --quiet "${SERVICE}" 2>/dev/null || ! systemctl is-active --quiet "${SERVICE}" 2>/dev/null; then
  run systemctl enable --now "${SERVICE}"
fi
if ((EXPORTS_CHANGED)); then
  run exportfs -ra
fi

log "== firewall"
if ((SKIP_FIREWALL)); then
  log "skipped (--skip-firewall)"
else
  PORTS="$(node_file firewall/nfs-server.ports)"
  firewall_open "${PORTS}"
fi
log "Done. Check from a node: showmount -e <this server>"
