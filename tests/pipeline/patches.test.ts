import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { summarize } from '../../src/pipeline/summary';
import { clusterWith, findObject, problemsOf, exampleDocument } from '../helpers';

function labWith(mutate: (spec: any) => void) {
  return synthesizeCluster(clusterWith('lab', (document) => mutate(document.spec)));
}

function objectsOf(output: ReturnType<typeof synthesizeCluster>) {
  return output.manifests.flatMap((manifest) => manifest.objects);
}

const registry = (output: ReturnType<typeof synthesizeCluster>): any => findObject(objectsOf(output), 'Deployment', 'docker-registry');

describe('spec.patches', () => {
  test('a strategic-merge patch selected by kind and name changes only that object, and is listed in the summary', () => {
    // WHEN
    const output = labWith((spec) => {
      spec.patches = [{ target: { kind: 'Deployment', name: 'docker-registry' }, strategicMerge: { metadata: { annotations: { 'example.org/owner': 'platform' } } } }];
    });
    // THEN
    expect(registry(output).metadata.annotations).toEqual({ 'example.org/owner': 'platform' });
    expect(output.appliedPatches).toEqual([{ object: 'Deployment docker-registry/docker-registry', source: 'spec.patches[0]', type: 'strategic merge' }]);
    expect(summarize(output)).toContain('  patch   Deployment docker-registry/docker-registry: spec.patches[0] (strategic merge)');
    expect(output.files.get('04-registry.yaml')).toContain('example.org/owner: platform');
  });

  test('a JSON patch selected by namespace and kind', () => {
    const output = labWith((spec) => {
      spec.patches = [{ target: { namespace: 'docker-registry', kind: 'Service' }, jsonPatch: [{ op: 'add', path: '/metadata/annotations', value: { 'lb.example.org/pool': 'a' } }] }];
    });
    expect(findObject(objectsOf(output), 'Service', 'svc-docker-registry').metadata.annotations).toEqual({ 'lb.example.org/pool': 'a' });
    expect(output.appliedPatches.map((patch) => patch.type)).toEqual(['json patch']);
  });

  test('a patch selected by labels applies to every object that carries them', () => {
    const output = labWith((spec) => {
      spec.patches = [{ target: { labelSelector: 'app.kubernetes.io/part-of=registry,app.kubernetes.io/component!=none' }, strategicMerge: { metadata: { labels: { site: 'a' } } } }];
    });
    const patched = objectsOf(output).filter((object) => object.metadata.labels?.site === 'a');
    expect(patched.length).toBeGreaterThan(3);
    expect(patched.every((object) => object.metadata.labels?.['app.kubernetes.io/part-of'] === 'registry')).toBe(true);
    expect(output.appliedPatches).toHaveLength(patched.length);
  });

  test('a patch selected by group and version', () => {
    const output = labWith((spec) => {
      spec.patches = [{ target: { group: 'apps', version: 'v1', kind: 'Deployment', namespace: 'docker-registry' }, strategicMerge: { spec: { revisionHistoryLimit: 2 } } }];
    });
    expect(registry(output).spec.revisionHistoryLimit).toBe(2);
  });

  test('fails when a patch matches no object, naming the field and the target', () => {
    expect(() =>
      labWith((spec) => {
        spec.patches = [{ target: { kind: 'Deployment', name: 'no-such-thing' }, strategicMerge: { spec: { replicas: 2 } } }];
      }),
    ).toThrow('clusters/lab.yaml: spec.patches[0]: the patch matches no generated object (target kind=Deployment name=no-such-thing)');
  });

  test('fails when a patch removes the readiness probe: the policy check sees the patched object', () => {
    expect(() =>
      labWith((spec) => {
        spec.patches = [{ target: { kind: 'Deployment', name: 'docker-registry' }, jsonPatch: [{ op: 'remove', path: '/spec/template/spec/containers/0/readinessProbe' }] }];
      }),
    ).toThrow(/Deployment docker-registry\/docker-registry: .*readiness probe/);
  });

  test('fails when a patch makes a container privileged', () => {
    expect(() =>
      labWith((spec) => {
        spec.patches = [
          { target: { kind: 'Deployment', name: 'docker-registry' }, strategicMerge: { spec: { template: { spec: { containers: [{ name: 'docker-registry', securityContext: { privileged: true } }] } } } } },
        ];
      }),
    ).toThrow(/privileged/);
  });

  test('fails when a patch breaks a Service selector: the link check sees the patched object', () => {
    expect(() =>
      labWith((spec) => {
        spec.patches = [{ target: { kind: 'Service', name: 'svc-docker-registry' }, strategicMerge: { spec: { selector: { app: 'nothing' } } } }];
      }),
    ).toThrow(/Service docker-registry\/svc-docker-registry: spec.selector/);
  });

  test('fails when a JSON patch test operation does not hold', () => {
    expect(() =>
      labWith((spec) => {
        spec.patches = [{ target: { kind: 'Deployment', name: 'docker-registry' }, jsonPatch: [{ op: 'test', path: '/spec/replicas', value: 7 }] }];
      }),
    ).toThrow('spec.patches[0]: cannot be applied to Deployment docker-registry/docker-registry: jsonPatch operation 0 (test /spec/replicas): the test failed');
  });
});

describe('spec.workloads', () => {
  test('sets replicas, container resources, node selector, tolerations and priority class of a workload', () => {
    // WHEN
    const output = labWith((spec) => {
      spec.workloads = {
        'docker-registry/docker-registry': {
          replicas: 2,
          resources: { 'docker-registry': { requests: { cpu: '250m' }, limits: { memory: '1Gi' } } },
          nodeSelector: { 'disktype': 'ssd' },
          tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoSchedule' }],
          priorityClassName: 'system-cluster-critical',
        },
      };
    });
    // THEN
    const deployment = registry(output);
    expect(deployment.spec.replicas).toBe(2);
    const pod = deployment.spec.template.spec;
    expect(pod.containers[0].resources.requests.cpu).toBe('250m');
    expect(pod.containers[0].resources.requests.memory).toBeDefined();
    expect(pod.containers[0].resources.limits.memory).toBe('1Gi');
    expect(pod.nodeSelector).toEqual({ disktype: 'ssd' });
    expect(pod.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoSchedule' }]);
    expect(pod.priorityClassName).toBe('system-cluster-critical');
    expect(output.appliedPatches).toEqual([{ object: 'Deployment docker-registry/docker-registry', source: 'spec.workloads["docker-registry/docker-registry"]', type: 'strategic merge' }]);
  });

  test('fails on an unknown workload, listing the ones there are', () => {
    expect(() => labWith((spec) => (spec.workloads = { 'docker-registry/registry': { replicas: 2 } }))).toThrow(
      /spec.workloads\["docker-registry\/registry"\]: no generated Deployment, StatefulSet or DaemonSet of that name \(expected one of .*docker-registry\/docker-registry/,
    );
  });

  test('fails on replicas for a DaemonSet and on an unknown container, naming the field', () => {
    expect(() =>
      labWith((spec) => (spec.workloads = { 'kube-flannel/kube-flannel-ds': { replicas: 2 }, 'docker-registry/docker-registry': { resources: { nginx: { limits: { memory: '1Gi' } } } } })),
    ).toThrow(
      /spec.workloads\["kube-flannel\/kube-flannel-ds"\].replicas: a DaemonSet runs one pod per node and has no replicas \(got 2\)[\s\S]*spec.workloads\["docker-registry\/docker-registry"\].resources.nginx: no container of that name in Deployment docker-registry\/docker-registry \(expected one of docker-registry\)/,
    );
  });

  test('fails at load on a quantity that is not one', () => {
    const document = exampleDocument('lab');
    document.spec.workloads = { 'docker-registry/docker-registry': { resources: { 'docker-registry': { limits: { memory: 'lots' } } } } };
    expect(problemsOf(document)).toEqual([
      'clusters/lab.yaml:57: spec.workloads["docker-registry/docker-registry"].resources.docker-registry.limits.memory: not a Kubernetes quantity (got "lots", expected a number with an optional unit, such as 10Gi or 500Mi)',
    ]);
  });
});

describe('patch configuration', () => {
  test('fails when a patch has both or neither of strategicMerge and jsonPatch, or selects everything', () => {
    const document = exampleDocument('lab');
    document.spec.patches = [
      { target: { kind: 'Service' }, strategicMerge: { a: 1 }, jsonPatch: [{ op: 'remove', path: '/a' }] },
      { target: { kind: 'Service' } },
      { target: {}, strategicMerge: { a: 1 } },
      { target: { kind: 'Service' }, jsonPatch: [{ op: 'add', path: 'spec', value: 1 }, { op: 'replace', path: '/spec' }] },
    ];
    expect(problemsOf(document)).toEqual([
      'clusters/lab.yaml:53: spec.patches[0]: a patch needs exactly one of strategicMerge or jsonPatch (got {"target":{"kind":"Service"},"strategicMerge":{"a":1},"jsonPatch":[{"op":"rem..., expected either strategicMerge or jsonPatch)',
      'clusters/lab.yaml:60: spec.patches[1]: a patch needs exactly one of strategicMerge or jsonPatch (got {"target":{"kind":"Service"}}, expected either strategicMerge or jsonPatch)',
      'clusters/lab.yaml:62: spec.patches[2].target: the target selects every object (got {}, expected at least one of group, version, kind, namespace, name or labelSelector)',
      'clusters/lab.yaml:69: spec.patches[3].jsonPatch[0].path: not a JSON pointer (got "spec", expected a path such as /spec/replicas or /metadata/annotations/example.org~1key)',
      'clusters/lab.yaml:71: spec.patches[3].jsonPatch[1].value: the operation has no value (got nothing, expected a value for add, replace and test)',
    ]);
  });
});
