import { Chart, Testing } from 'cdk8s';
import { MetalLbAddressPool, MetalLbAddressPoolProps } from '../../src/constructs/metallb-address-pool';
import { findObject } from '../helpers';

const MINIMAL: MetalLbAddressPoolProps = { namespace: 'metallb-system', name: 'openmcp', addresses: ['10.0.3.241-10.0.3.250'] };

function synth(props: MetalLbAddressPoolProps) {
  const chart = new Chart(Testing.app(), 'test');
  new MetalLbAddressPool(chart, 'Pool', props);
  return Testing.synth(chart);
}

describe('MetalLbAddressPool', () => {
  test('minimal: an IPAddressPool and the L2Advertisement that announces it', () => {
    // GIVEN / WHEN
    const objects = synth(MINIMAL);
    // THEN
    expect(objects).toMatchSnapshot();
    expect(findObject(objects, 'IPAddressPool', 'openmcp')).toMatchObject({
      apiVersion: 'metallb.io/v1beta1',
      metadata: { namespace: 'metallb-system' },
      spec: { addresses: ['10.0.3.241-10.0.3.250'], autoAssign: true },
    });
    expect(findObject(objects, 'L2Advertisement', 'openmcp')).toMatchObject({
      apiVersion: 'metallb.io/v1beta1',
      metadata: { namespace: 'metallb-system' },
      spec: { ipAddressPools: ['openmcp'] },
    });
  });

  test('all props', () => {
    // GIVEN: every prop, so a new prop breaks compilation until a test covers it
    const all: Required<MetalLbAddressPoolProps> = {
      namespace: 'lb',
      name: 'reserved',
      addresses: ['192.168.111.200/29', '192.168.111.210-192.168.111.220'],
      autoAssign: false,
    };
    // WHEN
    const objects = synth(all);
    // THEN
    expect(objects).toMatchSnapshot();
    expect(findObject(objects, 'IPAddressPool', 'reserved').spec).toEqual({ addresses: all.addresses, autoAssign: false });
  });

  test('fails on a malformed range', () => {
    expect(() => synth({ ...MINIMAL, addresses: ['10.0.3.250-10.0.3.241'] })).toThrow(
      "MetalLB address pool 'openmcp': 'addresses[0]' must be a CIDR block or a first-last IPv4 range such as 10.0.3.241-10.0.3.250 (got \"10.0.3.250-10.0.3.241\")",
    );
    expect(() => synth({ ...MINIMAL, addresses: ['10.0.3.0/24', '10.0.3.300'] })).toThrow("'addresses[1]'");
  });

  test('fails without addresses or with a name that is no DNS label', () => {
    expect(() => synth({ ...MINIMAL, addresses: [] })).toThrow("MetalLB address pool 'openmcp': 'addresses' must hold at least one range");
    expect(() => synth({ ...MINIMAL, name: 'Pool_1' })).toThrow("MetalLB address pool: 'name' must be a DNS label (lower-case letters, digits and \"-\") (got \"Pool_1\")");
  });
});
