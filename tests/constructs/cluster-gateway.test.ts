import { Chart, Testing } from 'cdk8s';
import { ClusterGateway, ClusterGatewayProps } from '../../src/constructs/cluster-gateway';
import { findObject } from '../helpers';

const MINIMAL: ClusterGatewayProps = { namespace: 'traefik', className: 'traefik', controllerName: 'traefik.io/gateway-controller', httpPort: 8000, tlsPort: 8443 };

function synth(props: ClusterGatewayProps) {
  const chart = new Chart(Testing.app(), 'test');
  const gateway = new ClusterGateway(chart, 'Gateway', props);
  return { gateway, objects: Testing.synth(chart) };
}

describe('ClusterGateway', () => {
  test('minimal: the class and a Gateway with an HTTP and a TLS passthrough listener', () => {
    const { gateway, objects } = synth(MINIMAL);
    expect(objects).toMatchSnapshot();
    expect(findObject(objects, 'GatewayClass', 'traefik').spec.controllerName).toBe('traefik.io/gateway-controller');
    const listeners = findObject(objects, 'Gateway', 'cluster-gateway').spec.listeners;
    expect(listeners.map((listener: any) => [listener.name, listener.protocol, listener.port, listener.tls?.mode])).toEqual([
      ['http', 'HTTP', 8000, undefined],
      ['tls-passthrough', 'TLS', 8443, 'Passthrough'],
    ]);
    expect(gateway.tlsPassthroughListener).toEqual({ gatewayName: 'cluster-gateway', gatewayNamespace: 'traefik', sectionName: 'tls-passthrough' });
  });

  test('all props', () => {
    const all: Required<ClusterGatewayProps> = { ...MINIMAL, name: 'edge' };
    expect(findObject(synth(all).objects, 'Gateway', 'edge').metadata.namespace).toBe('traefik');
  });

  test('fails when the two ports are equal or invalid', () => {
    expect(() => synth({ ...MINIMAL, tlsPort: 8000 })).toThrow("ClusterGateway: 'httpPort' and 'tlsPort' must differ (both are 8000)");
    expect(() => synth({ ...MINIMAL, httpPort: 0 })).toThrow("ClusterGateway: 'httpPort' must be a port from 1 to 65535 (got 0)");
  });
});
