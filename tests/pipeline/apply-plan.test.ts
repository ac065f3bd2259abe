import * as fs from 'fs';
import * as path from 'path';
import * as crypto from 'crypto';
import * as yaml from 'js-yaml';
import { bundleFiles } from '../../src/pipeline/bundle';
import { APPLY_PLAN_FILE, documentLines, renderApplyPlan } from '../../src/pipeline/apply-plan';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { EXAMPLE_CLUSTER_NAMES, exampleCluster, REPO_ROOT } from '../helpers';

/** The plan's records, each as its tab-separated fields. */
function records(plan: string, type: string): string[][] {
  return plan
    .split('\n')
    .filter((line) => line.startsWith(`${type}\t`))
    .map((line) => line.split('\t'));
}

describe('apply-plan.tsv', () => {
  test.each(EXAMPLE_CLUSTER_NAMES)('%s: lists every manifest in order and every object where it is, with what apply.sh does with it', (name) => {
    const output = synthesizeCluster(exampleCluster(name));
    const plan = output.files.get(APPLY_PLAN_FILE)!;
    expect(records(plan, 'plan')).toEqual([['plan', '1', name]]);
    expect(records(plan, 'manifest')).toEqual(
      output.manifests.map((manifest) => {
        const content = output.files.get(manifest.name)!;
        return ['manifest', manifest.name, crypto.createHash('sha256').update(content).digest('hex'), String(manifest.objects.length)];
      }),
    );
    const objects = records(plan, 'object');
    expect(objects).toHaveLength(output.manifests.reduce((count, manifest) => count + manifest.objects.length, 0));
    for (const [, file, first, last, kind, apiVersion, namespace, objectName, step] of objects) {
      // The line range holds exactly this object: parsed on its own, it is the object the plan names.
      const lines = output.files.get(file)!.split('\n').slice(Number(first) - 1, Number(last));
      const document = yaml.load(lines.join('\n')) as any;
      expect([document.kind, document.apiVersion, document.metadata.namespace ?? '-', document.metadata.name]).toEqual([kind, apiVersion, namespace, objectName]);
      expect(step).toBe({ CustomResourceDefinition: 'crd', Namespace: 'namespace', Deployment: 'rollout', DaemonSet: 'rollout', StatefulSet: 'rollout' }[kind] ?? '-');
    }
    // Every document of every manifest is covered, in file order.
    for (const manifest of output.manifests) {
      const listed = objects.filter((object) => object[1] === manifest.name).map((object) => `${object[4]}/${object[7]}`);
      expect(listed).toEqual(manifest.objects.map((object) => `${object.kind}/${object.metadata?.name}`));
    }
  });

  test('lab: names the CRDs, namespaces and workloads apply.sh waits for', () => {
    const plan = synthesizeCluster(exampleCluster('lab')).files.get(APPLY_PLAN_FILE)!;
    const objects = records(plan, 'object');
    expect(objects.filter((object) => object[8] === 'rollout').map((object) => `${object[1]} ${object[4]} ${object[6]}/${object[7]}`)).toContain(
      '01-networking.yaml Deployment metallb-system/controller',
    );
    expect(objects.filter((object) => object[8] === 'crd').map((object) => object[7])).toContain('ipaddresspools.metallb.io');
    expect(objects.filter((object) => object[8] === 'namespace').map((object) => object[7])).toContain('monitoring');
  });

  test('the bundle carries the plan beside the manifests, under SHA256SUMS', () => {
    const output = synthesizeCluster(exampleCluster('lab'));
    const files = bundleFiles(output);
    const plan = files.find((file) => file.path === 'dist/lab/apply-plan.tsv')!;
    expect(plan.content.toString('utf8')).toBe(output.files.get(APPLY_PLAN_FILE));
    const sums = files.find((file) => file.path === 'SHA256SUMS')!.content.toString('utf8');
    expect(sums).toContain(`${crypto.createHash('sha256').update(plan.content).digest('hex')}  dist/lab/apply-plan.tsv\n`);
  });

  test('document ranges skip the header and separators', () => {
    expect(documentLines('# header\na: 1\nb: 2\n---\nc: 3\n---\nd: |\n  ---\n  x\n')).toEqual([
      { first: 2, last: 3 },
      { first: 5, last: 5 },
      { first: 7, last: 9 },
    ]);
  });

  test('document ranges are those of the file split into lines, for every manifest in dist/ and edge cases', () => {
    // The first implementation: split into lines, then close each document at its separator.
    const reference = (content: string) => {
      const lines = content.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      const ranges: Array<{ first: number; last: number }> = [];
      let first = 1;
      const close = (end: number) => {
        let start = first;
        while (start <= end && lines[start - 1].startsWith('#')) start++;
        if (start <= end) ranges.push({ first: start, last: end });
      };
      lines.forEach((line, index) => {
        if (line === '---') {
          close(index);
          first = index + 2;
        }
      });
      close(lines.length);
      return ranges;
    };
    const dist = path.join(REPO_ROOT, 'dist');
    const manifests = fs.readdirSync(dist).flatMap((cluster) =>
      fs.existsSync(path.join(dist, cluster, 'kustomization.yaml'))
        ? fs.readdirSync(path.join(dist, cluster)).filter((file) => /^\d\d-.*\.yaml$/.test(file)).map((file) => fs.readFileSync(path.join(dist, cluster, file), 'utf8'))
        : [],
    );
    expect(manifests.length).toBeGreaterThan(10);
    const edges = ['', '\n', '\n\n', '---', '---\n', 'a\n---', '# only\n# comments\n', '#\n---\n#\n', 'a: 1', 'a: 1\n\n', '\n---\n\n', '--- \n----\n---', 'x\r\n---\r\ny'];
    for (const content of [...manifests, ...edges]) {
      expect(documentLines(content)).toEqual(reference(content));
    }
  });

  test('fails when the documents of a file do not match its objects', () => {
    expect(() => renderApplyPlan('x', '# h\n', [{ name: '01-a.yaml', content: '# h\nkind: A\n', objects: [{ kind: 'A' }, { kind: 'B' }] }])).toThrow(
      '01-a.yaml: 1 YAML documents for 2 objects; the apply plan cannot locate them',
    );
  });

  test('fails when a field would break the line format', () => {
    expect(() => renderApplyPlan('x', '# h\n', [{ name: '01-a.yaml', content: 'kind: A\n', objects: [{ kind: 'A', metadata: { name: 'a\tb' } }] }])).toThrow(
      '01-a.yaml: object 1: metadata.name holds a tab or line break',
    );
  });
});
