import { Chart, Testing } from 'cdk8s';
import { MetalLb, MetalLbProps } from '../../src/constructs/metallb';
import { METALLB_CONTROLLER_IMAGE, METALLB_SPEAKER_IMAGE } from '../../src/versions/images';
import { SuppliedSecret } from '../../src/constructs/supplied-secret';
import { findObject } from '../helpers';

function synth(props?: MetalLbProps) {
  const chart = new Chart(Testing.app(), 'test', { labels: { 'app.kubernetes.io/part-of': 'networking' } });
  const metalLb = new MetalLb(chart, 'MetalLb', props);
  return { chart, metalLb, objects: Testing.synth(chart) };
}

describe('MetalLb', () => {
  test('minimal: CRDs, controller and speakers in metallb-system, no pools', () => {
    // GIVEN / WHEN
    const { objects, metalLb } = synth();
    // THEN
    expect(objects).toMatchSnapshot();
    expect(objects.filter((object) => object.kind === 'CustomResourceDefinition').map((object) => object.metadata.name)).toEqual([
      'bfdprofiles.metallb.io',
      'bgpadvertisements.metallb.io',
      'bgppeers.metallb.io',
      'communities.metallb.io',
      'configurationstates.metallb.io',
      'ipaddresspools.metallb.io',
      'l2advertisements.metallb.io',
      'servicebgpstatuses.metallb.io',
      'servicel2statuses.metallb.io',
    ]);
    expect(objects.some((object) => object.kind === 'IPAddressPool')).toBe(false);
    expect(metalLb.namespace).toBe('metallb-system');
    expect(findObject(objects, 'Deployment', 'controller').spec.template.spec.containers[0].image).toBe(METALLB_CONTROLLER_IMAGE);
    expect(findObject(objects, 'DaemonSet', 'speaker').spec.template.spec.containers[0].image).toBe(METALLB_SPEAKER_IMAGE);
  });

  test('declares the memberlist Secret (key secretkey) as supplied, without writing it', () => {
    const { chart, objects } = synth();
    const secrets = chart.node.findAll().filter((construct): construct is SuppliedSecret => construct instanceof SuppliedSecret);
    expect(secrets.map((secret) => [secret.namespace, secret.secretName, Object.keys(secret.keys)])).toEqual([['metallb-system', 'memberlist', ['secretkey']]]);
    expect(objects.some((object) => object.kind === 'Secret' && object.metadata.name === 'memberlist')).toBe(false);
  });

  test('the pools match the configuration, each announced in layer 2 mode, after the CRDs', () => {
    const { objects, metalLb } = synth({
      pools: [
        { name: 'default', addresses: ['10.0.3.200-10.0.3.209'] },
        { name: 'reserved', addresses: ['10.0.3.224/29'], autoAssign: false },
      ],
    });
    expect(objects.filter((object) => object.kind === 'IPAddressPool').map((object) => [object.metadata.name, object.spec])).toEqual([
      ['default', { addresses: ['10.0.3.200-10.0.3.209'], autoAssign: true }],
      ['reserved', { addresses: ['10.0.3.224/29'], autoAssign: false }],
    ]);
    expect(objects.filter((object) => object.kind === 'L2Advertisement').map((object) => object.spec.ipAddressPools)).toEqual([['default'], ['reserved']]);
    const index = (kind: string, name: string) => objects.findIndex((object) => object.kind === kind && object.metadata.name === name);
    expect(index('IPAddressPool', 'default')).toBeGreaterThan(index('CustomResourceDefinition', 'ipaddresspools.metallb.io'));
    expect(metalLb.pools.map((pool) => pool.name)).toEqual(['default', 'reserved']);
  });

  test('all props', () => {
    // GIVEN: every prop, so a new prop breaks compilation until a test covers it
    const all: Required<MetalLbProps> = {
      namespace: 'lb',
      pools: [{ name: 'lab', addresses: ['192.168.111.200-192.168.111.220'], autoAssign: true }],
      controllerImage: 'registry.localtest.com/metallb/controller:v0.14.8',
      speakerImage: 'registry.localtest.com/metallb/speaker:v0.14.8',
    };
    // WHEN
    const { objects } = synth(all);
    // THEN
    expect(objects.filter((object) => object.kind !== 'CustomResourceDefinition')).toMatchSnapshot();
    expect(findObject(objects, 'IPAddressPool', 'lab').metadata.namespace).toBe('lb');
    expect(findObject(objects, 'Deployment', 'controller').spec.template.spec.containers[0].image).toBe(all.controllerImage);
    expect(findObject(objects, 'DaemonSet', 'speaker').spec.template.spec.containers[0].image).toBe(all.speakerImage);
  });

  test('fails when two pools share a name', () => {
    expect(() => synth({ pools: [{ name: 'a', addresses: ['10.0.3.200/30'] }, { name: 'a', addresses: ['10.0.3.210/30'] }] })).toThrow(
      "MetalLB: 'pools' names the pool 'a' twice; pool names must be unique",
    );
  });
});
