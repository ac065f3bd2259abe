import { Chart } from 'cdk8s';
import { NodeRequirements, NodeRequirementsProps } from '../../src/constructs/node-requirements';
import { newApp } from '../helpers';

function render(props: Partial<NodeRequirementsProps> = {}): NodeRequirements {
  return new NodeRequirements(new Chart(newApp(), 'test'), 'Requirements', { kubernetesVersion: '1.36.1', ...props });
}

/** The KEY=value lines of the file. */
function values(requirements: NodeRequirements): Record<string, string> {
  return Object.fromEntries(requirements.file.content.split('\n').filter((line) => /^[A-Z_0-9]+=/.test(line)).map((line) => line.split('=') as [string, string]));
}

describe('NodeRequirements', () => {
  test('minimal', () => {
    expect(render().file.content).toMatchSnapshot();
    expect(render().file.path).toBe('requirements.env');
  });

  test('cgroup v2 from 1.35, containerd 2 from 1.36', () => {
    expect(values(render({ kubernetesVersion: '1.34.1' }))).toEqual({ KUBERNETES_VERSION: 'v1.34.1', REQUIRE_CGROUP_V2: '0', MIN_CONTAINERD_MAJOR: '1' });
    expect(values(render({ kubernetesVersion: '1.35.4' }))).toEqual({ KUBERNETES_VERSION: 'v1.35.4', REQUIRE_CGROUP_V2: '1', MIN_CONTAINERD_MAJOR: '1' });
    expect(values(render({ kubernetesVersion: '1.36.1' }))).toEqual({ KUBERNETES_VERSION: 'v1.36.1', REQUIRE_CGROUP_V2: '1', MIN_CONTAINERD_MAJOR: '2' });
    expect(values(render({ kubernetesVersion: 'v1.37.0' }))).toEqual({ KUBERNETES_VERSION: 'v1.37.0', REQUIRE_CGROUP_V2: '1', MIN_CONTAINERD_MAJOR: '2' });
  });

  test('fails when the version is not MAJOR.MINOR.PATCH', () => {
    expect(() => render({ kubernetesVersion: '1.36' })).toThrow("node requirements: 'kubernetesVersion' must be MAJOR.MINOR.PATCH such as 1.36.1 (got \"1.36\")");
  });
});
