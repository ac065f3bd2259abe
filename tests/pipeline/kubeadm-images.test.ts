import { KUBEADM_IMAGE_VERSIONS, kubeadmImages, kubeadmImageVersions, parseKubeadmImageList } from '../../src/pipeline/kubeadm-images';

describe('kubeadm images', () => {
  test('the table covers every minor from 1.27 to 1.37', () => {
    expect(Object.keys(KUBEADM_IMAGE_VERSIONS)).toEqual(['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36', '1.37']);
  });

  test('without a repository: registry.k8s.io, CoreDNS below coredns/', () => {
    expect(kubeadmImages('1.30.14')).toEqual(
      [
        'registry.k8s.io/coredns/coredns:v1.11.3',
        'registry.k8s.io/etcd:3.5.15-0',
        'registry.k8s.io/kube-apiserver:v1.30.14',
        'registry.k8s.io/kube-controller-manager:v1.30.14',
        'registry.k8s.io/kube-proxy:v1.30.14',
        'registry.k8s.io/kube-scheduler:v1.30.14',
        'registry.k8s.io/pause:3.9',
      ].map((image) => ({ image, source: image })),
    );
  });

  test('with an imageRepository, CoreDNS is <repository>/coredns as kubeadm pulls it, copied from coredns/coredns', () => {
    const images = kubeadmImages('1.31.4', 'boot.example.org:5000');
    expect(images).toContainEqual({ image: 'boot.example.org:5000/coredns:v1.11.3', source: 'registry.k8s.io/coredns/coredns:v1.11.3' });
    expect(images).toContainEqual({ image: 'boot.example.org:5000/pause:3.10', source: 'registry.k8s.io/pause:3.10' });
    expect(images).toContainEqual({ image: 'boot.example.org:5000/kube-proxy:v1.31.4', source: 'registry.k8s.io/kube-proxy:v1.31.4' });
  });

  test('reads the versions from kubeadm config images list', () => {
    const list = ['registry.k8s.io/kube-apiserver:v1.32.9', 'registry.k8s.io/coredns/coredns:v1.11.3', 'registry.k8s.io/pause:3.10', 'registry.k8s.io/etcd:3.5.24-0', ''].join('\n');
    expect(parseKubeadmImageList(list)).toEqual({ pause: '3.10', etcd: '3.5.24-0', coredns: 'v1.11.3', source: 'checked' });
    expect(parseKubeadmImageList('registry.k8s.io/pause:3.10\n')).toBeUndefined();
  });

  test('fails for a minor the table does not know, naming the way out', () => {
    expect(() => kubeadmImageVersions('1.38.0')).toThrow("kubeadm's image versions for Kubernetes 1.38.0 are not known to hanok (known: 1.27, 1.28");
    expect(() => kubeadmImageVersions('1.38.0')).toThrow("install kubeadm v1.38.0 on this machine so they are read from 'kubeadm config images list'");
  });
});
