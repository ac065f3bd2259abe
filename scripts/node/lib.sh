# shellcheck shell=bash
# shellcheck disable=SC2034 # the globals below are read by the scripts that source this file
# Helpers shared by the hanok node scripts. Sourced by them, never run on its own.
#
# Every script reads the files `hanok synth` wrote to dist/<cluster>/ (or the same folder of an air-gap bundle),
# changes nothing that is already as it should be, and with --dry-run prints each command instead of running it.

# Command substitutions fail the script as the commands around them do (a `die` inside $(...) stops it, too).
shopt -s inherit_errexit

HANOK_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HANOK_ROOT="$(cd "${HANOK_SCRIPTS_DIR}/../.." && pwd)"
SCRIPT_NAME="$(basename "$0")"
DRY_RUN=0
SHIFT=0
CLUSTER=""
DIST=""
NODES_DIR=""

log() {
  printf '%s\n' "$*"
}

warn() {
  printf '%s: warning: %s\n' "${SCRIPT_NAME}" "$*" >&2
}

die() {
  printf '%s: %s\n' "${SCRIPT_NAME}" "$*" >&2
  exit 1
}

# The arguments as one shell-quoted line.
quoted() {
  local words=() word
  for word in "$@"; do
    if [[ "${word}" =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then
      words+=("${word}")
    else
      words+=("'${word//\'/\'\\\'\'}'")
    fi
  done
  printf '%s' "${words[*]}"
}

# run COMMAND [ARG...]: runs the command, or under --dry-run prints it.
run() {
  if ((DRY_RUN)); then
    printf '+ %s\n' "$(quoted "$@")"
  else
    "$@"
  fi
}

have() {
  command -v "$1" >/dev/null 2>&1
}

# require_commands COMMAND...: before anything is changed, stops naming every command this script needs that is not
# installed. Under --dry-run it only warns, so that the steps can be shown on any machine.
require_commands() {
  local missing=() command
  for command in "$@"; do
    have "${command}" || missing+=("${command}")
  done
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  if ((DRY_RUN)); then
    warn "not installed here: ${missing[*]} (a real run stops until they are)"
    return 0
  fi
  die "not installed: ${missing[*]}; install them first (nothing was changed)"
}

require_root() {
  if ((!DRY_RUN)) && [[ "$(id -u)" -ne 0 ]]; then
    die "run as root (or with --dry-run to see what it would do)"
  fi
}

# need_value OPTION VALUE: fails unless an option that takes a value got one.
need_value() {
  if [[ $# -lt 2 || -z "$2" || "$2" == --* ]]; then
    die "$1 needs a value (see --help)"
  fi
}

# use_cluster: after argument parsing, finds dist/<cluster>/ (or --dist) and checks it was synthesized.
use_cluster() {
  [[ -n "${CLUSTER}" ]] || die "--cluster NAME is required (see --help)"
  [[ "${CLUSTER}" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || die "--cluster must be a cluster name (got '${CLUSTER}')"
  DIST="${DIST:-${HANOK_ROOT}/dist/${CLUSTER}}"
  NODES_DIR="${DIST}/nodes"
  [[ -d "${NODES_DIR}" ]] || die "${NODES_DIR} not found: run 'npm run synth' first, or give --dist DIR"
}

# node_file PATH: a file below dist/<cluster>/nodes/, which must exist.
node_file() {
  local file="${NODES_DIR}/$1"
  [[ -f "${file}" ]] || die "${file} not found: is it the output of 'npm run synth' for cluster ${CLUSTER}?"
  printf '%s' "${file}"
}

# content_lines FILE...: the lines of generated files without comments and blank lines.
content_lines() {
  sed -e 's/[[:space:]]*#.*$//' -e '/^[[:space:]]*$/d' "$@"
}

# node_roles NODE: the node's roles, comma-separated, from nodes/inventory.
node_roles() {
  local inventory
  inventory="$(node_file inventory)"
  awk -v node="$1" '!/^#/ && $1 == node { print $3; found = 1 } END { exit !found }' "${inventory}" ||
    die "node '$1' is not in ${inventory} (nodes: $(awk '!/^#/ { printf "%s ", $1 }' "${inventory}"))"
}

# node_ip NODE: the node's address, from nodes/inventory.
node_ip() {
  local inventory
  inventory="$(node_file inventory)"
  awk -v node="$1" '!/^#/ && $1 == node { print $2 }' "${inventory}"
}

# install_file SOURCE TARGET MODE: copies a file into place unless the target already has the same content.
# Returns 0 when it changed something (or would, under --dry-run), 1 when the target was already right.
install_file() {
  local source="$1" target="$2" mode="$3"
  [[ -f "${source}" ]] || die "${source:-a generated file} not found: is ${DIST} the output of 'npm run synth' for cluster ${CLUSTER}?"
  if [[ -f "${target}" ]] && cmp -s "${source}" "${target}"; then
    log "unchanged: ${target}"
    return 1
  fi
  run install -D -m "${mode}" "${source}" "${target}"
  return 0
}

# put_file SOURCE TARGET MODE: install_file for callers that need not know whether anything changed.
put_file() {
  install_file "$@" || return 0
}

# firewall_open PORTS_FILE...: opens every port of the files in firewalld or ufw, whichever is active; the same
# port in two files is opened once. Lines are `<port>[-<last>]/<protocol>  # purpose`.
firewall_open() {
  local ports
  ports="$(content_lines "$@" | awk '!seen[$1]++ { print $1 }')"
  if have firewall-cmd && firewall-cmd --state >/dev/null 2>&1; then
    local port changed=0
    while IFS= read -r port; do
      if firewall-cmd --permanent --query-port="${port}" >/dev/null 2>&1; then
        continue
      fi
      run firewall-cmd --permanent --add-port="${port}"
      changed=1
    done <<<"${ports}"
    if ((changed)); then
      run firewall-cmd --reload
    else
      log "firewalld: every port is open already"
    fi
  elif have ufw && ufw status 2>/dev/null | grep -q '^Status: active'; then
    local port
    while IFS= read -r port; do
      # ufw writes ranges as first:last; it skips rules it has already.
      run ufw allow "${port/-/:}"
    done <<<"${ports}"
  else
    log "no active firewalld or ufw: nothing to open. A firewall in front of this machine must let in:"
    local list
    mapfile -t list <<<"${ports}"
    printf '  %s\n' "${list[@]}"
  fi
}

# common_option ARG...: handles --cluster NAME, --dist DIR, --dry-run and --help (the script's usage) at the start of the arguments and sets SHIFT
# to how many words it used, 0 when the first is not one of them. Scripts call it first in their argument loop.
common_option() {
  SHIFT=0
  case "$1" in
    --cluster)
      need_value "$@"
      CLUSTER="$2"
      SHIFT=2
      ;;
    --dist)
      need_value "$@"
      DIST="$2"
      SHIFT=2
      ;;
    --dry-run)
      DRY_RUN=1
      SHIFT=1
      ;;
    -h | --help)
      # Each script defines its own usage.
      usage
      exit 0
      ;;
  esac
}
