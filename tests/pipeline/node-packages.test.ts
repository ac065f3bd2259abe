import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { nodePackageFiles, nodePackages, parseDebFileName, versionSatisfies } from '../../src/pipeline/node-packages';
import { clusterWith, exampleCluster } from '../helpers';

describe('node packages', () => {
  test('kubeadm, kubelet and kubectl of the version, cri-tools of its minor, CNI plugins, containerd and runc', () => {
    expect(nodePackages('1.30.14').map((entry) => `${entry.names.join('|')} ${entry.version}`)).toEqual([
      'kubeadm =1.30.14',
      'kubelet =1.30.14',
      'kubectl =1.30.14',
      'cri-tools ~1.30',
      'kubernetes-cni >=1.2.0',
      'containerd|containerd.io >=1.7.0',
      'runc|containerd.io >=1.1.0',
    ]);
    expect(nodePackages('1.36.1').find((entry) => entry.names.includes('containerd'))!.version).toBe('>=2.0.0');
  });

  test('Debian file names and version rules', () => {
    expect(parseDebFileName('kubeadm_1.30.14-1.1_amd64.deb')).toEqual({ name: 'kubeadm', version: '1.30.14-1.1', arch: 'amd64' });
    expect(parseDebFileName('README.txt')).toBeUndefined();
    expect(versionSatisfies('1.30.14-1.1', '=1.30.14')).toBe(true);
    expect(versionSatisfies('1.30.1-1.1', '=1.30.14')).toBe(false);
    expect(versionSatisfies('1.30.1-1.1', '~1.30')).toBe(true);
    expect(versionSatisfies('1.31.0-1.1', '~1.30')).toBe(false);
    expect(versionSatisfies('1.7.24-1', '>=1.7.0')).toBe(true);
    expect(versionSatisfies('1.6.20~ds1-1', '>=1.7.0')).toBe(false);
    expect(versionSatisfies('2.1.5-1', '>=2.0.0')).toBe(true);
  });

  test('without a folder the bundle lists the requirements only', () => {
    const { files, list } = nodePackageFiles(exampleCluster('lab'));
    expect(files.map((file) => file.path)).toEqual(['packages/packages.txt']);
    expect(list).toContain('require kubeadm =1.36.1');
    expect(list).toContain('(architectures: amd64)');
  });

  test('with a folder it carries the files that meet the requirements for each node architecture', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-debs-'));
    const debs = ['kubeadm_1.36.1-1.1', 'kubelet_1.36.1-1.1', 'kubectl_1.36.1-1.1', 'cri-tools_1.36.0-1.1', 'kubernetes-cni_1.4.0-1.1', 'containerd.io_2.1.4-1'];
    for (const arch of ['amd64', 'arm64']) debs.forEach((deb) => fs.writeFileSync(path.join(folder, `${deb}_${arch}.deb`), 'deb'));
    fs.writeFileSync(path.join(folder, 'kubeadm_1.35.0-1.1_amd64.deb'), 'old');
    const cluster = clusterWith('lab', (document) => (document.spec.nodes[1].arch = 'arm64'));
    const { files, list } = nodePackageFiles(cluster, { folder });
    expect(files.filter((file) => file.source).map((file) => path.basename(file.source!))).toHaveLength(12);
    expect(list).toContain('file kubeadm_1.36.1-1.1_arm64.deb kubeadm 1.36.1-1.1 arm64');
    expect(list).not.toContain('1.35.0');
  });

  test('fails naming every package the folder lacks', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-debs-'));
    fs.writeFileSync(path.join(folder, 'kubeadm_1.36.1-1.1_amd64.deb'), 'deb');
    expect(() => nodePackageFiles(exampleCluster('lab'), { folder })).toThrow(
      `--packages ${folder}: no .deb file (named <package>_<version>_<arch>.deb) for kubelet =1.36.1 for amd64; kubectl =1.36.1 for amd64; cri-tools ~1.36 for amd64;`,
    );
    expect(() => nodePackageFiles(exampleCluster('lab'), { folder: path.join(folder, 'nope') })).toThrow('no such folder');
  });
});
