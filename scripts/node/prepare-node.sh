#!/usr/bin/env bash
# Prepares a machine to become a Kubernetes node of a hanok cluster (seed 002 §6-7, done the current way).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
Usage: prepare-node.sh --cluster NAME --node NODE [--dist DIR] [--from-bundle DIR] [--skip-firewall] [--dry-run]

Prepares this machine to be node NODE of cluster NAME, from dist/NAME/nodes/:
  - first checks, before changing anything, what the Kubernetes version needs (nodes/requirements.env):
    cgroup v2 from Kubernetes 1.35, containerd 2.x from Kubernetes 1.36
  - adds the cluster's nodes to /etc/hosts (nodes/hosts), keeping existing entries
  - turns swap off now and in /etc/fstab
  - sets SELinux to permissive where it is enforcing
  - opens the ports of the node's roles (nodes/firewall/<role>.ports) in firewalld or ufw, if one is active
  - loads the overlay and br_netfilter modules and sets the bridge and forwarding sysctls, now and at boot
  - configures containerd: systemd cgroup driver, registry hosts from /etc/containerd/certs.d (the cluster's
    registry as nodes/containerd/certs.d/<host>/hosts.toml and its CA ca.crt), the pause image kubeadm expects; restarts it on change
  - enables the kubelet, if installed
  - checks that the NFS client (mount.nfs) is installed: the NFS CSI node plugin and the static NFS volumes need it

Install containerd, kubeadm, kubelet and kubectl (the version in nodes/kubeadm/*.yaml) first, or give
--from-bundle DIR: the unpacked `hanok bundle --images --packages` folder (hanok-NAME), whose packages/ holds the
.deb files of packages/packages.txt; they are installed with apt-get from those files (no internet; their
dependencies from the distribution, such as iptables, conntrack and socat, must be installed or reachable on a
local mirror) and kubeadm, kubelet and kubectl are held at their version. Running it again changes only what is
not yet as it should be.

Options:
  --cluster NAME    the cluster, as in clusters/NAME.yaml
  --node NODE       this machine's node name, as in the cluster file
  --dist DIR        the cluster's synth output (default: dist/NAME next to this script's repository or bundle)
  --from-bundle DIR install containerd, runc, the CNI plugins, cri-tools, kubeadm, kubelet and kubectl from DIR/packages
  --skip-firewall   leave the host firewall alone
  --dry-run         print what it would do, change nothing
  -h, --help        show this help
EOF
}

NODE=""
SKIP_FIREWALL=0
FROM_BUNDLE=""
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
    --skip-firewall)
      SKIP_FIREWALL=1
      shift
      ;;
    --from-bundle)
      need_value "$@"
      FROM_BUNDLE="$2"
      shift 2
      ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
use_cluster
[[ -n "${NODE}" ]] || die "--node NODE is required (see --help)"
ROLES="$(node_roles "${NODE}")"
require_commands modprobe sysctl swapon swapoff systemctl containerd install cmp
require_root

# run_to FILE COMMAND...: writes the command's output to FILE, or under --dry-run prints that it would.
run_to() {
  local file="$1"
  shift
  if ((DRY_RUN)); then
    printf '+ %s > %s\n' "$(quoted "$@")" "$(quoted "${file}")"
  else
    "$@" >"${file}"
  fi
}

add_hosts() {
  log "== /etc/hosts"
  local ip name hosts lines
  hosts="$(node_file hosts)"
  lines="$(content_lines "${hosts}")"
  while read -r ip name; do
    [[ -n "${ip}" ]] || continue
    if [[ -f /etc/hosts ]] && grep -Eq "^[^#]*[[:space:]]${name//./\\.}([[:space:]]|$)" /etc/hosts; then
      log "known: ${name}"
    elif ((DRY_RUN)); then
      printf '+ echo %s >> /etc/hosts\n' "$(quoted "${ip} ${name}")"
    else
      printf '%s\t%s\n' "${ip}" "${name}" >>/etc/hosts
    fi
  done <<<"${lines}"
}

disable_swap() {
  log "== swap"
  if [[ -n "$(swapon --show --noheadings 2>/dev/null || true)" ]]; then
    run swapoff -a
  else
    log "swap is off"
  fi
  if [[ -f /etc/fstab ]] && grep -Eq '^[^#].*[[:space:]]swap[[:space:]]' /etc/fstab; then
    run sed -i -E 's/^([^#].*[[:space:]]swap[[:space:]])/#\1/' /etc/fstab
  else
    log "no swap in /etc/fstab"
  fi
}

selinux_permissive() {
  log "== SELinux"
  if have getenforce && [[ "$(getenforce)" == "Enforcing" ]]; then
    run setenforce 0
  else
    log "not enforcing"
  fi
  if [[ -f /etc/selinux/config ]] && grep -q '^SELINUX=enforcing' /etc/selinux/config; then
    run sed -i 's/^SELINUX=enforcing$/SELINUX=permissive/' /etc/selinux/config
  fi
}

open_firewall() {
  log "== firewall (roles ${ROLES})"
  if ((SKIP_FIREWALL)); then
    log "skipped (--skip-firewall)"
    return
  fi
  local role files=()
  IFS=, read -ra role_list <<<"${ROLES}"
  for role in "${role_list[@]}"; do
    files+=("$(node_file "firewall/${role}.ports")")
  done
  firewall_open "${files[@]}"
}

kernel_settings() {
  log "== kernel modules and sysctls"
  local modules module lines
  modules="$(node_file modules-load.d/k8s.conf)"
  put_file "${modules}" /etc/modules-load.d/k8s.conf 0644
  lines="$(content_lines "${modules}")"
  while read -r module; do
    [[ -n "${module}" ]] || continue
    if [[ -d "/sys/module/${module}" ]]; then
      log "module ${module} is loaded"
    else
      run modprobe "${module}"
    fi
  done <<<"${lines}"
  local sysctls stale=0 key value
  sysctls="$(node_file sysctl.d/k8s.conf)"
  put_file "${sysctls}" /etc/sysctl.d/k8s.conf 0644
  while IFS='= ' read -r key value; do
    if [[ "$(sysctl -n "${key}" 2>/dev/null || true)" != "${value}" ]]; then
      stale=1
    fi
  done < <(content_lines "${sysctls}")
  if ((stale)); then
    run sysctl --system
  else
    log "sysctls are set"
  fi
}

# requirement KEY: the value of KEY in nodes/requirements.env.
requirement() {
  local file
  file="$(node_file requirements.env)"
  awk -F= -v key="$1" '!/^#/ && $1 == key { print $2; found = 1 } END { exit !found }' "${file}" ||
    die "${file} has no ${1}: synthesize the cluster again with this hanok"
}

# Checks what the Kubernetes version needs of this machine, before anything is changed.
check_requirements() {
  local cgroup_root="${HANOK_CGROUP_ROOT:-/sys/fs/cgroup}" kubernetes cgroup_v2 want_major version major
  # Read first, one by one: a missing key stops the script here.
  kubernetes="$(requirement KUBERNETES_VERSION)"
  cgroup_v2="$(requirement REQUIRE_CGROUP_V2)"
  want_major="$(requirement MIN_CONTAINERD_MAJOR)"
  log "== requirements of Kubernetes ${kubernetes}"
  if [[ "${cgroup_v2}" == 1 ]]; then
    # The unified (v2) hierarchy has cgroup.controllers at its root; v1 and hybrid hosts do not.
    [[ -f "${cgroup_root}/cgroup.controllers" ]] ||
      die "this machine runs cgroup v1 (no ${cgroup_root}/cgroup.controllers); the kubelet of Kubernetes ${kubernetes} refuses it: boot with systemd.unified_cgroup_hierarchy=1 (or use a distribution release with cgroup v2), or pick a Kubernetes version before 1.35"
    log "cgroup v2"
  fi
  if ! have containerd; then
    log "containerd is not installed: install containerd ${want_major}.x or later"
    return
  fi
  version="$(containerd --version 2>/dev/null | grep -oE 'v?[0-9]+\.[0-9]+\.[0-9]+' | head -n 1 || true)"
  major="${version#v}"
  major="${major%%.*}"
  if [[ -z "${major}" ]]; then
    die "cannot tell the containerd version from 'containerd --version': Kubernetes ${kubernetes} needs containerd ${want_major}.x or later"
  fi
  ((major >= want_major)) ||
    die "containerd is ${version}; Kubernetes ${kubernetes} needs containerd ${want_major}.x or later (1.35 is the last Kubernetes that supports containerd 1.x): upgrade containerd, or pick a Kubernetes version before 1.36"
  log "containerd ${version}"
}

# The version the kubeadm files install, e.g. v1.36.1.
kubernetes_version() {
  awk '/^kubernetesVersion:/ { print $2 }' "${NODES_DIR}"/kubeadm/*.yaml | head -n 1
}

configure_containerd() {
  log "== containerd"
  local config=/etc/containerd/config.toml changed=0
  if ! have containerd; then
    ((DRY_RUN)) || die "containerd is not installed: install it first (package containerd or containerd.io)"
    warn "containerd is not installed; showing the steps for a fresh default configuration"
  fi
  if [[ ! -s "${config}" ]]; then
    run mkdir -p /etc/containerd
    run_to "${config}" containerd config default
    changed=1
  fi
  # containerd 1.x writes double quotes, 2.x single quotes.
  if [[ -f "${config}" ]] && grep -Eq '^[[:space:]]*SystemdCgroup[[:space:]]*=[[:space:]]*true' "${config}"; then
    log "runc uses the systemd cgroup driver"
  elif [[ ! -f "${config}" ]] || grep -Eq '^[[:space:]]*SystemdCgroup[[:space:]]*=[[:space:]]*false' "${config}"; then
    run sed -i -E 's/^([[:space:]]*)SystemdCgroup[[:space:]]*=[[:space:]]*false/\1SystemdCgroup = true/' "${config}"
    changed=1
  else
    die "${config} sets no SystemdCgroup for runc: add 'SystemdCgroup = true' to its runtimes.runc.options table, or move the file away to start from containerd's default"
  fi
  if [[ -f "${config}" ]] && grep -Eq "^[[:space:]]*config_path[[:space:]]*=[[:space:]]*[\"'][^\"']*/etc/containerd/certs\.d" "${config}"; then
    log "registry hosts are read from /etc/containerd/certs.d"
  elif [[ ! -f "${config}" ]] || grep -Eq "^[[:space:]]*config_path[[:space:]]*=[[:space:]]*(\"\"|'')" "${config}"; then
    run sed -i -E "s#^([[:space:]]*)config_path[[:space:]]*=[[:space:]]*(\"\"|'')#\\1config_path = \"/etc/containerd/certs.d\"#" "${config}"
    changed=1
  else
    die "${config} reads registry hosts from elsewhere: set the registry config_path to /etc/containerd/certs.d"
  fi
  sandbox_image "${config}" && changed=1
  # Each registry's hosts.toml, and the CA it names (ca.crt, public) when the registry serves its own certificate.
  local file
  for file in "${NODES_DIR}"/containerd/certs.d/*/hosts.toml "${NODES_DIR}"/containerd/certs.d/*/ca.crt; do
    [[ -f "${file}" ]] || continue
    put_file "${file}" "/etc/containerd/certs.d/$(basename "$(dirname "${file}")")/$(basename "${file}")" 0644
  done
  if ((changed)); then
    run systemctl restart containerd
  fi
  if ! systemctl is-enabled --quiet containerd 2>/dev/null; then
    run systemctl enable --now containerd
  fi
}

# sandbox_image CONFIG: sets the pause image to the one kubeadm pulls (from the mirror when the cluster has one).
# Returns 0 when it changed the file.
sandbox_image() {
  local config="$1" init pause current
  init="$(grep -l '^kind: InitConfiguration' "${NODES_DIR}"/kubeadm/*.yaml | head -n 1)"
  if ! have kubeadm; then
    log "kubeadm is not installed: the pause image stays containerd's default"
    return 1
  fi
  pause="$(kubeadm config images list --config "${init}" 2>/dev/null | grep '/pause:' || true)"
  if [[ -z "${pause}" || ! -f "${config}" ]]; then
    return 1
  fi
  current="$(sed -nE "s/^[[:space:]]*(sandbox_image|sandbox)[[:space:]]*=[[:space:]]*[\"']([^\"']*)[\"'].*/\\2/p" "${config}" | head -n 1)"
  if [[ "${current}" == "${pause}" ]]; then
    log "pause image is ${pause}"
    return 1
  fi
  run sed -i -E "s#^([[:space:]]*)(sandbox_image|sandbox)([[:space:]]*=[[:space:]]*)[\"'][^\"']*[\"']#\\1\\2\\3\"${pause}\"#" "${config}"
  return 0
}

enable_kubelet() {
  log "== kubelet"
  local want installed
  want="$(kubernetes_version)"
  if ! have kubelet || ! have kubeadm; then
    log "kubeadm and kubelet are not installed yet: install kubeadm, kubelet and kubectl ${want}"
    return
  fi
  installed="$(kubeadm version -o short 2>/dev/null || true)"
  if [[ -n "${want}" && "${installed}" != "${want}" ]]; then
    warn "kubeadm is ${installed:-unknown}, the cluster file says ${want}"
  fi
  if ! systemctl is-enabled --quiet kubelet 2>/dev/null; then
    run systemctl enable kubelet
  else
    log "kubelet is enabled"
  fi
}

nfs_client() {
  log "== NFS client"
  if have mount.nfs || [[ -x /sbin/mount.nfs || -x /usr/sbin/mount.nfs ]]; then
    log "mount.nfs is installed"
  else
    warn "mount.nfs is missing: install nfs-common (Debian, Ubuntu) or nfs-utils (RHEL family); the kubelet and the csi-driver-nfs node plugin mount the cluster's NFS volumes with it"
  fi
}

# install_packages DIR: installs the .deb files the bundle carries (packages/packages.txt, lines `file <file> <package>
# <version> <arch>`) for this machine's architecture, and holds kubeadm, kubelet and kubectl at their version.
install_packages() {
  local bundle list arch debs=() held=() file package version deb_arch
  bundle="$(cd "$1" 2>/dev/null && pwd)" || die "--from-bundle $1: no such folder"
  list="${bundle}/packages/packages.txt"
  [[ -f "${list}" ]] || die "${list} not found: was the bundle made with 'hanok bundle --images'?"
  arch="$(dpkg --print-architecture 2>/dev/null || printf 'amd64')"
  log "== packages from ${bundle}/packages (${arch})"
  local lines
  lines="$(content_lines "${list}")"
  while read -r kind file package version deb_arch; do
    [[ "${kind}" == file ]] || continue
    [[ "${deb_arch}" == "${arch}" || "${deb_arch}" == all ]] || continue
    [[ -f "${bundle}/packages/${file}" ]] || die "${bundle}/packages/${file} is missing: check the bundle with 'sha256sum -c SHA256SUMS'"
    if [[ "$(dpkg-query -W -f '${Version}' "${package}" 2>/dev/null || true)" == "${version}" ]]; then
      log "installed: ${package} ${version}"
    else
      debs+=("${bundle}/packages/${file}")
    fi
    case "${package}" in kubeadm | kubelet | kubectl) held+=("${package}") ;; esac
  done <<<"${lines}"
  if [[ ${#debs[@]} -eq 0 && ${#held[@]} -eq 0 ]]; then
    die "the bundle carries no packages for ${arch}: make it with 'hanok bundle --images --packages DIR' (see packages/packages.txt for what DIR must hold)"
  fi
  if [[ ${#debs[@]} -gt 0 ]]; then
    run apt-get install -y --no-install-recommends "${debs[@]}"
  fi
  [[ ${#held[@]} -eq 0 ]] || run apt-mark hold "${held[@]}"
}

log "Preparing ${NODE} (${ROLES}) of cluster ${CLUSTER}$( ((DRY_RUN)) && printf ' (dry run: nothing is changed)')"
# Packages from the bundle first: they bring the containerd the version checks below look for.
[[ -z "${FROM_BUNDLE}" ]] || install_packages "${FROM_BUNDLE}"
check_requirements
add_hosts
disable_swap
selinux_permissive
open_firewall
kernel_settings
configure_containerd
enable_kubelet
nfs_client
log "Done. Next: $(
  if grep -q '^kind: InitConfiguration' "$(node_file "kubeadm/${NODE}.yaml")"; then
    printf 'init-control-plane.sh --cluster %s --node %s' "${CLUSTER}" "${NODE}"
  else
    printf 'join-node.sh --cluster %s --node %s --token ... --ca-cert-hash ...' "${CLUSTER}" "${NODE}"
  fi
)"
