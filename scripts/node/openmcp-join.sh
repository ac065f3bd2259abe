#!/usr/bin/env bash
# Joins an OpenMCP member cluster to its master through kubefed (seed 001, "How To Join Cluster").
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
Usage: openmcp-join.sh --cluster NAME [--master-context CONTEXT] [--member-context CONTEXT] [--dist DIR] [--dry-run]

Registers OpenMCP member cluster NAME with its master, from dist/NAME/nodes/openmcp/join.env:
  1. kubefedctl join NAME --host-cluster-context <master> --cluster-context <member>
     --kubefed-namespace <namespace>, unless the master already has KubeFedCluster NAME
  2. waits until the master reports the KubeFedCluster Ready
  3. labels the member's nodes with their region and zone (and every other label of nodes/labels), under both
     topology.kubernetes.io/* and failure-domain.beta.kubernetes.io/* (the OpenMCP scheduler reads the latter)
  4. checks that the master holds OpenMCPCluster NAME in namespace openmcp with joinStatus JOIN (the master's
     synth output declares it), without which the scheduler places nothing on the member
The kubeconfig must hold a context for the master and one for the member (seed 001 renames them so that they
do not clash); by default they are named like the clusters.

join.env, written by synth for members, holds KEY=value lines (it is read, never executed):
  MASTER              the master cluster's name (required)
  MASTER_IP           the master's address (shown only)
  CLUSTER_NAME        the member's name in the federation (default: NAME)
  REGION, ZONE        the member's region and zone, labelled on every node if nodes/labels lacks them
  MASTER_CONTEXT      kubectl context of the master (default: MASTER)
  MEMBER_CONTEXT      kubectl context of the member (default: CLUSTER_NAME)
  KUBEFED_NAMESPACE   kubefed's namespace on the master (default: kube-federation-system)

Options:
  --cluster NAME             the member cluster, as in clusters/NAME.yaml
  --master-context CONTEXT   overrides MASTER_CONTEXT
  --member-context CONTEXT   overrides MEMBER_CONTEXT
  --dist DIR                 the cluster's synth output (default: dist/NAME)
  --dry-run                  print what it would do, contact no cluster
  -h, --help                 show this help
EOF
}

MASTER_CONTEXT_ARG=""
MEMBER_CONTEXT_ARG=""
while [[ $# -gt 0 ]]; do
  common_option "$@"
  if ((SHIFT)); then
    shift "${SHIFT}"
    continue
  fi
  case "$1" in
    --master-context)
      need_value "$@"
      MASTER_CONTEXT_ARG="$2"
      shift 2
      ;;
    --member-context)
      need_value "$@"
      MEMBER_CONTEXT_ARG="$2"
      shift 2
      ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
use_cluster
JOIN_ENV="${NODES_DIR}/openmcp/join.env"
[[ -f "${JOIN_ENV}" ]] || die "cluster ${CLUSTER} is not an OpenMCP member: ${JOIN_ENV} not found"

declare -A SETTING=()
while IFS= read -r line || [[ -n "${line}" ]]; do
  [[ "${line}" =~ ^[[:space:]]*(#|$) ]] && continue
  [[ "${line}" =~ ^([A-Z_][A-Z0-9_]*)=[\"\']?([A-Za-z0-9._:/@-]*)[\"\']?$ ]] || die "${JOIN_ENV}: not a KEY=value line: ${line}"
  case "${BASH_REMATCH[1]}" in
    MASTER | MASTER_IP | CLUSTER_NAME | REGION | ZONE | MASTER_CONTEXT | MEMBER_CONTEXT | KUBEFED_NAMESPACE)
      SETTING["${BASH_REMATCH[1]}"]="${BASH_REMATCH[2]}"
      ;;
    *) log "${JOIN_ENV}: ${BASH_REMATCH[1]} is not used by this script" ;;
  esac
done <"${JOIN_ENV}"
MASTER="${SETTING[MASTER]:-}"
[[ -n "${MASTER}" ]] || die "${JOIN_ENV} does not name the master (MASTER)"
MEMBER="${SETTING[CLUSTER_NAME]:-${CLUSTER}}"
MASTER_CONTEXT="${MASTER_CONTEXT_ARG:-${SETTING[MASTER_CONTEXT]:-${MASTER}}}"
MEMBER_CONTEXT="${MEMBER_CONTEXT_ARG:-${SETTING[MEMBER_CONTEXT]:-${MEMBER}}}"
NAMESPACE="${SETTING[KUBEFED_NAMESPACE]:-kube-federation-system}"
REGION="${SETTING[REGION]:-}"
ZONE="${SETTING[ZONE]:-}"

if ((!DRY_RUN)); then
  have kubectl || die "kubectl is not installed"
  have kubefedctl || die "kubefedctl is not installed (kubefed's command line, see its user guide)"
  kubectl --context "${MASTER_CONTEXT}" version >/dev/null 2>&1 || die "kubectl cannot reach the master through context ${MASTER_CONTEXT}"
  kubectl --context "${MEMBER_CONTEXT}" version >/dev/null 2>&1 || die "kubectl cannot reach the member through context ${MEMBER_CONTEXT}"
fi

log "Joining ${MEMBER} (context ${MEMBER_CONTEXT}) to OpenMCP master ${MASTER}${SETTING[MASTER_IP]:+ at ${SETTING[MASTER_IP]}} (context ${MASTER_CONTEXT})$( ((DRY_RUN)) && printf ' (dry run: no cluster is contacted)')"
log "== kubefed"
if ((!DRY_RUN)) && kubectl --context "${MASTER_CONTEXT}" -n "${NAMESPACE}" get kubefedclusters.core.kubefed.io "${MEMBER}" >/dev/null 2>&1; then
  log "the master has KubeFedCluster ${MEMBER} already"
else
  run kubefedctl join "${MEMBER}" --host-cluster-context "${MASTER_CONTEXT}" --cluster-context "${MEMBER_CONTEXT}" --kubefed-namespace "${NAMESPACE}" --v=2
fi
run kubectl --context "${MASTER_CONTEXT}" -n "${NAMESPACE}" wait "kubefedclusters.core.kubefed.io/${MEMBER}" --for=condition=Ready --timeout=120s

log "== node labels"
declare -A LABELLED=()
if [[ -f "${NODES_DIR}/labels" ]]; then
  while read -r node label; do
    run kubectl --context "${MEMBER_CONTEXT}" label node "${node}" "${label}" --overwrite
    LABELLED["${label%%=*}"]=1
  done < <(content_lines "${NODES_DIR}/labels")
fi
# Both key sets: the OpenMCP scheduler matches only failure-domain.beta.kubernetes.io/* (scheduling.go), current
# Kubernetes and the load-balancing controller use topology.kubernetes.io/*; upstream's cluster manager sets both.
for pair in "failure-domain.beta.kubernetes.io/region=${REGION}" "failure-domain.beta.kubernetes.io/zone=${ZONE}" \
  "topology.kubernetes.io/region=${REGION}" "topology.kubernetes.io/zone=${ZONE}"; do
  if [[ -n "${pair#*=}" && -z "${LABELLED[${pair%%=*}]:-}" ]]; then
    run kubectl --context "${MEMBER_CONTEXT}" label nodes --all "${pair}" --overwrite
  fi
done
log "== OpenMCPCluster"
# The scheduler places replicas only on members whose OpenMCPCluster in namespace openmcp says joinStatus JOIN
# (cluster_join_check.go). The master's output declares one per member; it is checked here, not written.
if ((DRY_RUN)); then
  log "would check: kubectl --context ${MASTER_CONTEXT} -n openmcp get openmcpclusters.openmcp.k8s.io ${MEMBER} (joinStatus JOIN)"
else
  status="$(kubectl --context "${MASTER_CONTEXT}" -n openmcp get openmcpclusters.openmcp.k8s.io "${MEMBER}" -o 'jsonpath={.spec.joinStatus}' 2>/dev/null || true)"
  [[ "${status}" == "JOIN" ]] || die "the master has no OpenMCPCluster ${MEMBER} with joinStatus JOIN (got '${status}'): list ${MEMBER} in the master's spec.openmcp.members, synthesize and apply the master, then run this again"
  log "OpenMCPCluster ${MEMBER} on the master: joinStatus JOIN"
fi
log "Done. The master lists its members with: kubectl --context ${MASTER_CONTEXT} -n ${NAMESPACE} get kubefedclusters"
