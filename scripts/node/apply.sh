#!/usr/bin/env bash
# Applies a hanok cluster's manifests in order: secrets, CRDs, namespaces, then the layers, waiting for each.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
Usage: apply.sh --cluster NAME [--secrets FILE] [--context CONTEXT] [--timeout DURATION]
                [--prune] [--server-dry-run] [--dry-run] [--dist DIR]

Applies dist/NAME/ to the cluster kubectl reaches (server-side apply, field manager hanok):
  1. checks the secrets file holds every Secret key dist/NAME/secrets.example lists, and stops naming what is
     missing before anything is applied
  2. the CustomResourceDefinitions of every layer, then waits until they are Established
  3. the Namespaces of every layer
  4. the Secrets, from the secrets file (values never appear in arguments or output)
  5. the node labels of dist/NAME/nodes/labels, on nodes that have joined
  6. each layer file in order (01-..., 02-...), waiting for its Deployments, DaemonSets and StatefulSets to roll
     out. When a file is refused, typically by a webhook whose controller is not ready yet (MetalLB rejects its
     IPAddressPool until deployment/controller in metallb-system runs), it waits for that file's rollouts and
     retries, up to 5 times
  7. with --prune, and only when everything above succeeded: lists the objects hanok applied earlier (label
     app.kubernetes.io/managed-by=hanok, written by field manager hanok, owned by no other object) that
     dist/NAME/ no longer has, then deletes them. Namespaces, CRDs, PersistentVolumes and claims are listed but
     never deleted (deleting them deletes what others put in them, or data): remove those by hand
  8. a summary; the exit status is non-zero when anything failed
It reads what to apply, and in which order, from dist/NAME/apply-plan.tsv (written by synth; never from the YAML)
and applies nothing when that plan is missing or does not match the manifests beside it.
Running it again applies the same objects again and changes nothing that is as it should be.

The secrets file: copy dist/NAME/secrets.example to a place git ignores (secrets/NAME.secrets.env is) and fill in
every value: `<namespace>/<secret>/<key>=<value>`, or `=@<path>` to read the value from a file. The script refuses
a secrets file inside a git working tree that git does not ignore.

Options:
  --cluster NAME      the cluster, as in clusters/NAME.yaml
  --secrets FILE      the secrets file (default: secrets/NAME.secrets.env in the repository)
  --context CONTEXT   kubectl context (default: the current one)
  --timeout DURATION  how long to wait for CRDs and each rollout (default: 300s)
  --prune             delete what hanok applied earlier and no longer generates (step 7)
  --server-dry-run    send everything to the API server with --dry-run=server: checked, nothing changed
                      (objects in namespaces or of CRDs the cluster does not have yet are refused)
  --dry-run           print what it would do, contact no cluster
  --dist DIR          the cluster's synth output (default: dist/NAME)
  -h, --help          show this help
EOF
}

SECRETS=""
CONTEXT=""
TIMEOUT="300s"
SERVER_DRY_RUN=0
PRUNE=0
RETRIES=5
while [[ $# -gt 0 ]]; do
  common_option "$@"
  if ((SHIFT)); then
    shift "${SHIFT}"
    continue
  fi
  case "$1" in
    --secrets)
      need_value "$@"
      SECRETS="$2"
      shift 2
      ;;
    --context)
      need_value "$@"
      CONTEXT="$2"
      shift 2
      ;;
    --timeout)
      need_value "$@"
      TIMEOUT="$2"
      shift 2
      ;;
    --server-dry-run)
      SERVER_DRY_RUN=1
      shift
      ;;
    --prune)
      PRUNE=1
      shift
      ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
use_cluster
[[ "${TIMEOUT}" =~ ^[0-9]+[smh]$ ]] || die "--timeout must be a duration such as 300s or 10m (got '${TIMEOUT}')"
SECRETS="${SECRETS:-${HANOK_ROOT}/secrets/${CLUSTER}.secrets.env}"
EXAMPLE="${DIST}/secrets.example"
[[ -f "${EXAMPLE}" ]] || die "${EXAMPLE} not found: run 'npm run synth' first"
PLAN="${DIST}/apply-plan.tsv"
[[ -f "${PLAN}" ]] || die "${PLAN} not found: synthesize the cluster again ('npm run synth', or 'hanok synth' in the bundle) so that the apply plan is written beside the manifests; nothing was applied"

WORK="$(umask 077 && mktemp -d)"
trap 'rm -rf "${WORK}"' EXIT
SUMMARY=()
FAILED=0

note() {
  SUMMARY+=("$*")
}

# --- 1. secrets file -------------------------------------------------------------------------------------------

# Every key the manifests need, `<namespace>/<secret>/<key>`, and each Secret's type, from secrets.example.
mapfile -t REQUIRED < <(sed -nE 's#^([a-z0-9][-a-z0-9]*/[^/=]+/[^=]+)=.*$#\1#p' "${EXAMPLE}")
declare -A SECRET_TYPE=() PURPOSE=()
while read -r name type; do
  SECRET_TYPE["${name}"]="${type#type=}"
done < <(sed -nE 's/^# secret ([^ ]+) (type=[^ ]+)$/\1 \2/p' "${EXAMPLE}")
mapfile -t SECRET_NAMES < <(printf '%s\n' "${!SECRET_TYPE[@]}" | sort)
while IFS=$'\t' read -r key what; do
  PURPOSE["${key}"]="${what}"
done < <(awk '/^# secret / { secret = $3; next } secret != "" && /^#   [^ ]+: / { key = $2; sub(/:$/, "", key); line = $0; sub(/^#   [^ ]+: /, "", line); print secret "/" key "\t" line }' "${EXAMPLE}")

declare -A VALUE_FILE=()
check_secrets() {
  if ((${#REQUIRED[@]} == 0)); then
    log "secrets: the cluster needs none"
    return
  fi
  if [[ ! -f "${SECRETS}" ]]; then
    printf '%s: the secrets file %s does not exist. Copy %s there (outside git), fill in:\n' "${SCRIPT_NAME}" "${SECRETS}" "${EXAMPLE}" >&2
    printf '  %s\n' "${REQUIRED[@]}" >&2
    exit 1
  fi
  if have git && git -C "$(dirname "${SECRETS}")" rev-parse --is-inside-work-tree >/dev/null 2>&1 &&
    ! git -C "$(dirname "${SECRETS}")" check-ignore -q "$(basename "${SECRETS}")"; then
    die "${SECRETS} is inside a git working tree and git does not ignore it: keep secret values out of git (secrets/ and *.secrets.env are ignored)"
  fi
  declare -A given=()
  local line key value
  while IFS= read -r line || [[ -n "${line}" ]]; do
    [[ "${line}" =~ ^[[:space:]]*(#|$) ]] && continue
    key="${line%%=*}"
    value="${line#*=}"
    [[ "${line}" == *=* ]] || die "${SECRETS}: a line without '=': ${key%%/*}/..."
    [[ -n "${value}" ]] && given["${key}"]="${value}"
  done <"${SECRETS}"
  local missing=() index=0 file
  for key in "${REQUIRED[@]}"; do
    if [[ -z "${given[${key}]+set}" ]]; then
      missing+=("${key}")
      continue
    fi
    value="${given[${key}]}"
    index=$((index + 1))
    file="${WORK}/value-${index}"
    if [[ "${value}" == @* ]]; then
      [[ -r "${value#@}" ]] || {
        missing+=("${key} (cannot read ${value#@})")
        continue
      }
      cp "${value#@}" "${file}"
    else
      printf '%s' "${value}" >"${file}"
    fi
    VALUE_FILE["${key}"]="${file}"
  done
  if ((${#missing[@]} > 0)); then
    printf '%s: %s lacks %d secret value(s); nothing was applied:\n' "${SCRIPT_NAME}" "${SECRETS}" "${#missing[@]}" >&2
    local entry
    for entry in "${missing[@]}"; do
      printf '  %s   # %s\n' "${entry}" "${PURPOSE[${entry%% *}]:-}" >&2
    done
    exit 1
  fi
  log "secrets: ${#REQUIRED[@]} values found in ${SECRETS}"
}

# --- kubectl ---------------------------------------------------------------------------------------------------

KUBECTL=(kubectl)
if [[ -n "${CONTEXT}" ]]; then
  KUBECTL+=(--context "${CONTEXT}")
fi
APPLY=(apply --server-side --force-conflicts --field-manager=hanok)
if ((SERVER_DRY_RUN)); then
  APPLY+=(--dry-run=server)
fi

k() {
  run "${KUBECTL[@]}" "$@"
}

# --- the apply plan ----------------------------------------------------------------------------------------------

# apply-plan.tsv, written by synth beside the manifests, says which files to apply in which order, where each object
# is in them and what to do with it (crd, namespace, rollout), so this script never parses YAML. Its records, one a
# line, tab-separated: `plan VERSION CLUSTER`, `manifest FILE SHA256 OBJECTS`, and
# `object FILE FIRST LAST KIND APIVERSION NAMESPACE NAME STEP` (FIRST..LAST: the object's lines in FILE).
PLAN_VERSION=1
MANIFESTS=()
OBJECTS=()
declare -A OBJECT_COUNT=()

plan_mismatch() {
  die "${PLAN} does not match ${DIST}: $*. Synthesize the cluster again ('npm run synth') or unpack its bundle afresh; nothing was applied"
}

load_plan() {
  local record a b c d e f g h version="" listed=0 line=0
  declare -A sha=() seen=()
  while IFS=$'\t' read -r record a b c d e f g h; do
    line=$((line + 1))
    [[ -z "${record}" || "${record}" == \#* ]] && continue
    case "${record}" in
      plan)
        version="${a}"
        [[ "${version}" == "${PLAN_VERSION}" ]] || die "${PLAN} has format ${version}, this apply.sh reads format ${PLAN_VERSION}: use the scripts of the hanok that wrote it"
        [[ "${b}" == "${CLUSTER}" ]] || plan_mismatch "it is the plan of cluster '${b}', not '${CLUSTER}'"
        ;;
      manifest)
        [[ -n "${version}" ]] || plan_mismatch "line ${line}: a manifest before the 'plan' line"
        [[ "${a}" =~ ^[0-9][0-9]-[-a-z0-9]+\.yaml$ && "${b}" =~ ^[0-9a-f]{64}$ && "${c}" =~ ^[0-9]+$ ]] || plan_mismatch "line ${line}: not a manifest record"
        MANIFESTS+=("${DIST}/${a}")
        sha["${a}"]="${b}"
        OBJECT_COUNT["${a}"]="${c}"
        ;;
      object)
        [[ -n "${sha[${a}]+set}" && "${b}" =~ ^[0-9]+$ && "${c}" =~ ^[0-9]+$ && -n "${h}" && -n "${g}" ]] || plan_mismatch "line ${line}: not an object record of a listed manifest"
        OBJECTS+=("${a} ${b} ${c} ${d} ${e} ${f} ${g} ${h}")
        seen["${a}"]=$((${seen[${a}]:-0} + 1))
        ;;
      *) plan_mismatch "line ${line}: unknown record '${record}'" ;;
    esac
  done <"${PLAN}"
  [[ -n "${version}" ]] || plan_mismatch "it has no 'plan' line"
  ((${#MANIFESTS[@]} > 0)) || plan_mismatch "it lists no manifests"
  local file base
  for file in "${MANIFESTS[@]}"; do
    base="$(basename "${file}")"
    [[ -f "${file}" ]] || plan_mismatch "${base} is missing"
    ((${seen[${base}]:-0} == OBJECT_COUNT[${base}])) || plan_mismatch "${base}: ${OBJECT_COUNT[${base}]} objects announced, ${seen[${base}]:-0} listed"
    if have sha256sum; then
      [[ "$(sha256sum <"${file}")" == "${sha[${base}]} "* ]] || plan_mismatch "${base} was changed after synth (its SHA-256 differs)"
    fi
    listed=$((listed + 1))
  done
  for file in "${DIST}"/[0-9][0-9]-*.yaml; do
    [[ -e "${file}" ]] || continue
    [[ -n "${sha[$(basename "${file}")]+set}" ]] || plan_mismatch "$(basename "${file}") is not in the plan"
  done
  log "apply plan: ${listed} manifests, ${#OBJECTS[@]} objects"
}

# objects_with STEP [FILE]: `file first last kind apiVersion namespace name step` of the plan's objects with that step
# (. for any), of one manifest file or of all.
objects_with() {
  local object fields
  for object in "${OBJECTS[@]}"; do
    read -ra fields <<<"${object}"
    [[ "$1" == "." || "${fields[7]}" == "$1" ]] || continue
    [[ -z "${2:-}" || "${fields[0]}" == "$2" ]] || continue
    printf '%s\n' "${object}"
  done
}

# documents_with STEP: the YAML documents of the plan's objects with that step, as a multi-document stream.
documents_with() {
  local file first last rest
  while read -r file first last rest; do
    sed -n "${first},${last}p" "${DIST}/${file}"
    printf -- '---\n'
  done < <(objects_with "$1")
}

apply_stream() {
  local label="$1" file="$2"
  if [[ ! -s "${file}" ]]; then
    log "${label}: none"
    return 0
  fi
  if ((DRY_RUN)); then
    printf '+ %s -f - <<< the %s of every layer\n' "$(quoted "${KUBECTL[@]}" "${APPLY[@]}")" "${label}"
    return 0
  fi
  "${KUBECTL[@]}" "${APPLY[@]}" -f "${file}"
}

# rollouts FILE: waits for the file's workloads; returns non-zero when one does not roll out in time.
rollouts() {
  local file="$1" kind ns name failed=0
  while read -r kind ns name; do
    if ! k rollout status -n "${ns}" "${kind,,}/${name}" --timeout="${TIMEOUT}"; then
      note "FAILED  rollout ${kind} ${ns}/${name} did not finish within ${TIMEOUT}"
      failed=1
    fi
  done < <(objects_with rollout "$(basename "${file}")" | cut -d' ' -f4,6,7)
  return "${failed}"
}

# --- the steps -------------------------------------------------------------------------------------------------

apply_crds() {
  log "== CustomResourceDefinitions"
  documents_with crd >"${WORK}/crds.yaml"
  local count
  count="$(objects_with crd | wc -l)"
  if ! apply_stream CRDs "${WORK}/crds.yaml"; then
    note "FAILED  ${count} CRDs"
    FAILED=1
    return
  fi
  if ((count > 0 && !SERVER_DRY_RUN)); then
    local kind ns name
    while read -r kind ns name; do
      k wait --for=condition=Established "customresourcedefinition/${name}" --timeout="${TIMEOUT}" || {
        note "FAILED  CRD ${name} not Established within ${TIMEOUT}"
        FAILED=1
      }
    done < <(objects_with crd | cut -d' ' -f4,6,7)
  fi
  note "ok      ${count} CRDs$( ((count > 0 && !SERVER_DRY_RUN)) && printf ', Established')"
}

apply_namespaces() {
  log "== Namespaces"
  documents_with namespace >"${WORK}/namespaces.yaml"
  local count
  count="$(objects_with namespace | wc -l)"
  if apply_stream namespaces "${WORK}/namespaces.yaml"; then
    note "ok      ${count} namespaces"
  else
    note "FAILED  namespaces"
    FAILED=1
  fi
}

apply_secrets() {
  log "== Secrets"
  local secret created=0 keys key
  for secret in "${SECRET_NAMES[@]}"; do
    local namespace="${secret%%/*}" name="${secret#*/}" args=()
    mapfile -t keys < <(printf '%s\n' "${REQUIRED[@]}" | sed -n "s#^${secret}/##p")
    for key in "${keys[@]}"; do
      if ((DRY_RUN)); then
        args+=("--from-file=${key}=<the value of ${secret}/${key}>")
      else
        args+=("--from-file=${key}=${VALUE_FILE[${secret}/${key}]}")
      fi
    done
    if ((DRY_RUN)); then
      printf '+ %s | %s -f -\n' "$(quoted "${KUBECTL[@]}" create secret generic "${name}" -n "${namespace}" --type="${SECRET_TYPE[${secret}]}" "${args[@]}" --dry-run=client -o yaml)" "$(quoted "${KUBECTL[@]}" "${APPLY[@]}")"
    elif ! "${KUBECTL[@]}" create secret generic "${name}" -n "${namespace}" --type="${SECRET_TYPE[${secret}]}" "${args[@]}" --dry-run=client -o yaml |
      "${KUBECTL[@]}" "${APPLY[@]}" -f -; then
      note "FAILED  Secret ${secret}"
      FAILED=1
      continue
    fi
    created=$((created + 1))
  done
  note "ok      ${created} Secrets"
}

label_nodes() {
  log "== node labels"
  local labels="${NODES_DIR}/labels" node label count=0 skipped=0
  [[ -f "${labels}" ]] || return 0
  while read -r node label; do
    if ((!DRY_RUN)) && ! "${KUBECTL[@]}" get node "${node}" >/dev/null 2>&1; then
      skipped=$((skipped + 1))
      continue
    fi
    local dry=()
    ((SERVER_DRY_RUN)) && dry=(--dry-run=server)
    k label node "${node}" "${label}" --overwrite "${dry[@]}" >/dev/null || {
      note "FAILED  label ${label} on node ${node}"
      FAILED=1
    }
    count=$((count + 1))
  done < <(content_lines "${labels}")
  note "ok      ${count} node labels$( ((skipped > 0)) && printf ' (%d on nodes that have not joined yet: run again after the join)' "${skipped}")"
}

apply_layer() {
  local file="$1" base objects attempt=1
  base="$(basename "${file}")"
  objects="${OBJECT_COUNT[${base}]}"
  log "== ${base} (${objects} objects)"
  if ((DRY_RUN)); then
    k "${APPLY[@]}" -f "${file}"
    rollouts "${file}" || true
    note "ok      ${base}: ${objects} objects"
    return
  fi
  until "${KUBECTL[@]}" "${APPLY[@]}" -f "${file}"; do
    if ((SERVER_DRY_RUN || attempt >= RETRIES)); then
      note "FAILED  ${base}: refused$( ((!SERVER_DRY_RUN)) && printf ' after %d attempts' "${attempt}")"
      FAILED=1
      return
    fi
    # Usually a webhook whose controller in this same file is not ready yet (MetalLB's pools): wait for it.
    log "${base} was refused (attempt ${attempt} of ${RETRIES}); waiting for its rollouts, then retrying"
    rollouts "${file}" || true
    sleep 10
    attempt=$((attempt + 1))
  done
  if ((SERVER_DRY_RUN)); then
    note "ok      ${base}: ${objects} objects accepted (server dry run)"
  elif rollouts "${file}"; then
    note "ok      ${base}: ${objects} objects, rolled out"
  else
    FAILED=1
  fi
}

# --- 7. prune ----------------------------------------------------------------------------------------------------

MANAGED_LABEL="app.kubernetes.io/managed-by=hanok"
# Kinds whose deletion takes along what others created in or with them, or data: listed, never deleted.
KEEP_KINDS='^(Namespace|CustomResourceDefinition|PersistentVolume|PersistentVolumeClaim)$'

# stale LIVE CURRENT: `kind apiVersion namespace name` of the live objects hanok applied that CURRENT lacks.
# LIVE has kubectl's custom columns KIND APIVERSION NAMESPACE NAME MANAGERS OWNERS; CURRENT has `kind namespace name`.
stale() {
  awk 'NR == FNR { current[$1 " " $2 " " $3] = 1; next }
    {
      ns = ($3 == "<none>" ? "-" : $3)
      applied = ("," $5 ",") ~ /,hanok,/
      if (applied && $6 == "<none>" && !((($1 " " ns " " $4)) in current)) print $1, $2, ns, $4
    }' "$2" "$1" | sort -u
}

prune() {
  log "== prune: objects hanok applied earlier that ${DIST} no longer has"
  if ((FAILED)); then
    note "skipped prune: something above failed, so the cluster may not hold everything dist/ has yet"
    return
  fi
  objects_with . | cut -d' ' -f4,6,7 | sort -u >"${WORK}/current"
  local columns='KIND:.kind,APIVERSION:.apiVersion,NAMESPACE:.metadata.namespace,NAME:.metadata.name,MANAGERS:.metadata.managedFields[*].manager,OWNERS:.metadata.ownerReferences[*].kind'
  if ((DRY_RUN)); then
    printf '+ %s
' "$(quoted "${KUBECTL[@]}" get "<every type from: kubectl api-resources --verbs=list,delete -o name>" --all-namespaces -l "${MANAGED_LABEL}" --show-managed-fields --no-headers -o "custom-columns=${columns}")"
    printf '+ # lists the objects applied by field manager hanok, owned by no other object, that %s lacks, then deletes each (not %s)
' "${DIST}" "${KEEP_KINDS}"
    note "ok      prune: listed and deleted on a real run"
    return
  fi
  local types
  types="$("${KUBECTL[@]}" api-resources --verbs=list,delete -o name | paste -sd, -)"
  # An API that does not answer (an aggregated API whose server is down) fails only its own types: the rest is listed.
  "${KUBECTL[@]}" get "${types}" --all-namespaces -l "${MANAGED_LABEL}" --show-managed-fields --no-headers -o "custom-columns=${columns}" >"${WORK}/live" 2>"${WORK}/live.err" ||
    log "warning: some types could not be listed: $(head -c 300 "${WORK}/live.err")"
  stale "${WORK}/live" "${WORK}/current" >"${WORK}/stale"
  local kind apiVersion ns name target count=0 kept=()
  if [[ ! -s "${WORK}/stale" ]]; then
    note "ok      prune: nothing to delete"
    return
  fi
  log "hanok applied these objects earlier and no longer generates them:"
  while read -r kind apiVersion ns name; do
    printf '  %s %s%s
' "${kind}" "$([[ "${ns}" == "-" ]] || printf '%s/' "${ns}")" "${name}"
  done <"${WORK}/stale"
  while read -r kind apiVersion ns name; do
    if [[ "${kind}" =~ ${KEEP_KINDS} ]]; then
      kept+=("${kind} $([[ "${ns}" == "-" ]] || printf '%s/' "${ns}")${name}")
      continue
    fi
    target="${kind}/${name}"
    [[ "${apiVersion}" == */* ]] && target="${kind}.${apiVersion#*/}.${apiVersion%%/*}/${name}"
    local args=(delete "${target}" --wait=false)
    [[ "${ns}" != "-" ]] && args+=(-n "${ns}")
    ((SERVER_DRY_RUN)) && args+=(--dry-run=server)
    if k "${args[@]}"; then
      count=$((count + 1))
    else
      note "FAILED  prune ${kind} ${ns}/${name}"
      FAILED=1
    fi
  done <"${WORK}/stale"
  note "ok      prune: ${count} objects deleted$( ((SERVER_DRY_RUN)) && printf ' (server dry run)')"
  if ((${#kept[@]} > 0)); then
    note "kept    ${#kept[@]} objects hanok no longer generates, left for you to delete by hand: ${kept[*]}"
  fi
}

require_commands kubectl sha256sum
load_plan
check_secrets
if ((!DRY_RUN)); then
  "${KUBECTL[@]}" version >/dev/null 2>&1 || die "kubectl cannot reach the cluster$([[ -n "${CONTEXT}" ]] && printf ' of context %s' "${CONTEXT}"): check KUBECONFIG or --context"
fi
log "Applying cluster ${CLUSTER} from ${DIST}$( ((DRY_RUN)) && printf ' (dry run: no cluster is contacted)')$( ((SERVER_DRY_RUN)) && printf ' (server dry run: nothing is changed)')"
apply_crds
apply_namespaces
apply_secrets
label_nodes
for manifest in "${MANIFESTS[@]}"; do
  apply_layer "${manifest}"
done
if ((PRUNE)); then
  prune
fi

log ""
log "Summary of cluster ${CLUSTER}:"
printf '  %s\n' "${SUMMARY[@]}"
if ((FAILED)); then
  die "some steps failed (see above); fix them and run it again"
fi
if ((DRY_RUN)); then
  log "Dry run: nothing was applied."
else
  log "Everything applied."
fi
