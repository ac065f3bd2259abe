import { checkPodSecurity, podSecurityViolations, requiredLevel } from '../../src/checks/pod-security';
import { podTemplateOf } from '../../src/kube/workloads';
import { baseline, entriesOf, pick } from './fixtures';

const POD = 'spec.template.spec';
const CONTAINER = `${POD}.containers[0]`;
const RESTRICTED_CONTEXT = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
};

/** The fixture application in a namespace enforcing `level`, its container meeting restricted. */
function application(level = 'restricted'): any[] {
  const objects = baseline();
  pick(objects, 'Namespace').metadata.labels = {
    ...pick(objects, 'Namespace').metadata.labels,
    'pod-security.kubernetes.io/enforce': level,
    'pod-security.kubernetes.io/warn': 'restricted',
    'pod-security.kubernetes.io/audit': 'restricted',
  };
  pick(objects, 'Deployment').spec.template.spec.containers[0].securityContext = { ...RESTRICTED_CONTEXT };
  return objects;
}

function failuresOf(objects: any[]): Array<{ field: string; message: string }> {
  return checkPodSecurity(entriesOf(objects)).failures.map(({ field, message }) => ({ field, message }));
}

function violationsOf(mutate: (pod: any) => void): Array<{ level: string; field: string }> {
  const objects = application();
  mutate(pick(objects, 'Deployment').spec.template.spec);
  return podSecurityViolations(podTemplateOf(pick(objects, 'Deployment'))!).map(({ level, field }) => ({ level, field }));
}

describe('Pod Security check', () => {
  test('accepts a restricted pod in a restricted namespace', () => {
    expect(failuresOf(application())).toEqual([]);
    expect(checkPodSecurity(entriesOf(application())).warnings).toEqual([]);
  });

  test('fails when a namespace has no Pod Security labels', () => {
    const objects = application();
    delete pick(objects, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce'];
    pick(objects, 'Namespace').metadata.labels['pod-security.kubernetes.io/warn'] = 'strict';
    expect(failuresOf(objects)).toEqual([
      { field: 'metadata.labels.pod-security.kubernetes.io/enforce', message: expect.stringContaining('missing') },
      { field: 'metadata.labels.pod-security.kubernetes.io/warn', message: expect.stringContaining('not a Pod Security level (got "strict"') },
    ]);
  });

  test('fails when a root container runs in a restricted namespace', () => {
    const objects = application();
    pick(objects, 'Deployment').spec.template.spec.containers[0].securityContext = { ...RESTRICTED_CONTEXT, runAsNonRoot: false, runAsUser: 0 };
    expect(failuresOf(objects)).toEqual([
      { field: `${CONTAINER}.securityContext.runAsNonRoot`, message: expect.stringContaining('namespace demo enforces Pod Security level restricted, so the API server refuses the pod') },
      { field: `${CONTAINER}.securityContext.runAsUser`, message: expect.stringContaining('runs as user 0') },
    ]);
  });

  test('baseline accepts root but refuses the host network; privileged accepts both', () => {
    const root = application('baseline');
    pick(root, 'Deployment').spec.template.spec.containers[0].securityContext = { runAsUser: 0 };
    expect(failuresOf(root)).toEqual([]);

    const host = application('baseline');
    pick(host, 'Deployment').spec.template.spec.hostNetwork = true;
    expect(failuresOf(host)).toEqual([{ field: `${POD}.hostNetwork`, message: expect.stringContaining('enforces Pod Security level baseline') }]);

    const privileged = application('privileged');
    pick(privileged, 'Deployment').spec.template.spec.hostNetwork = true;
    expect(failuresOf(privileged)).toEqual([]);
  });

  test('leaves pods in namespaces it does not create to the cluster', () => {
    const objects = application().filter((object) => object.kind !== 'Namespace');
    pick(objects, 'Deployment').spec.template.spec.hostPID = true;
    expect(failuresOf(objects)).toEqual([]);
  });

  test('warns when a namespace enforces less than its pods need', () => {
    expect(checkPodSecurity(entriesOf(application('baseline'))).warnings).toEqual([
      'Namespace demo: enforces Pod Security level baseline but every pod in it meets restricted; raise the level',
    ]);
  });

  test.each<[string, (pod: any) => void, Array<{ level: string; field: string }>]>([
    ['host PID and IPC', (pod) => Object.assign(pod, { hostPID: true, hostIPC: true }), [
      { level: 'baseline', field: `${POD}.hostPID` }, { level: 'baseline', field: `${POD}.hostIPC` },
    ]],
    ['a hostPath volume (also not a restricted volume type)', (pod) => pod.volumes.push({ name: 'root', hostPath: { path: '/' } }), [
      { level: 'baseline', field: `${POD}.volumes[1].hostPath` },
    ]],
    ['an inline NFS volume', (pod) => pod.volumes.push({ name: 'share', nfs: { server: '10.0.0.1', path: '/x' } }), [
      { level: 'restricted', field: `${POD}.volumes[1].nfs` },
    ]],
    ['a privileged container adding SYS_ADMIN', (pod) => Object.assign(pod.containers[0].securityContext, { privileged: true, capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } }), [
      { level: 'baseline', field: `${CONTAINER}.securityContext.privileged` },
      { level: 'baseline', field: `${CONTAINER}.securityContext.capabilities.add` },
    ]],
    ['NET_RAW, outside the baseline set', (pod) => (pod.containers[0].securityContext.capabilities = { drop: ['ALL'], add: ['NET_RAW'] }), [
      { level: 'baseline', field: `${CONTAINER}.securityContext.capabilities.add` },
    ]],
    ['CHOWN, a default capability', (pod) => (pod.containers[0].securityContext.capabilities = { drop: ['ALL'], add: ['CHOWN'] }), [
      { level: 'restricted', field: `${CONTAINER}.securityContext.capabilities.add` },
    ]],
    ['a host port', (pod) => (pod.containers[0].ports[0].hostPort = 8080), [{ level: 'baseline', field: `${CONTAINER}.ports[0].hostPort` }]],
    ['an unconfined seccomp profile', (pod) => (pod.containers[0].securityContext.seccompProfile = { type: 'Unconfined' }), [
      { level: 'baseline', field: `${CONTAINER}.securityContext.seccompProfile.type` },
      { level: 'restricted', field: `${CONTAINER}.securityContext.seccompProfile.type` },
    ]],
    ['an unsafe sysctl', (pod) => (pod.securityContext = { sysctls: [{ name: 'kernel.msgmax', value: '1' }] }), [
      { level: 'baseline', field: `${POD}.securityContext.sysctls[0]` },
    ]],
    ['an SELinux user and an unconfined proc mount', (pod) => Object.assign(pod.containers[0].securityContext, { seLinuxOptions: { user: 'system_u' }, procMount: 'Unmasked' }), [
      { level: 'baseline', field: `${CONTAINER}.securityContext.seLinuxOptions.user` },
      { level: 'baseline', field: `${CONTAINER}.securityContext.procMount` },
    ]],
    ['no security context at all', (pod) => delete pod.containers[0].securityContext, [
      { level: 'restricted', field: `${CONTAINER}.securityContext.allowPrivilegeEscalation` },
      { level: 'restricted', field: `${CONTAINER}.securityContext.runAsNonRoot` },
      { level: 'restricted', field: `${CONTAINER}.securityContext.seccompProfile.type` },
      { level: 'restricted', field: `${CONTAINER}.securityContext.capabilities.drop` },
    ]],
  ])('finds %s', (_case, mutate, expected) => {
    expect(violationsOf(mutate)).toEqual(expected);
  });

  test('takes runAsNonRoot and seccomp from the pod when the container leaves them out', () => {
    expect(violationsOf((pod) => {
      pod.securityContext = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
      pod.containers[0].securityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
    })).toEqual([]);
  });

  test('the level a set of violations needs', () => {
    expect(requiredLevel([])).toBe('restricted');
    expect(requiredLevel([{ level: 'restricted', field: 'x', message: 'm' }])).toBe('baseline');
    expect(requiredLevel([{ level: 'baseline', field: 'x', message: 'm' }])).toBe('privileged');
  });
});
