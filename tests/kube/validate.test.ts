import { requireDnsLabel, requireIntegerInRange, requirePort } from '../../src/kube/validate';

describe('requireDnsLabel', () => {
  test('passes a DNS label', () => {
    expect(() => requireDnsLabel('OpenMCPPolicy', 'name', 'analytic-metrics-weight')).not.toThrow();
  });

  test('fails with the house message, naming the owner, the field and the value', () => {
    expect(() => requireDnsLabel('OpenMCPPolicy', 'name', 'Bad_Name')).toThrow(`OpenMCPPolicy: 'name' must be a DNS label (got "Bad_Name")`);
    expect(() => requireDnsLabel('OpenMCPCluster', 'clusterName', 'x'.repeat(64), 'a cluster name (a DNS label)')).toThrow(
      `OpenMCPCluster: 'clusterName' must be a cluster name (a DNS label) (got "${'x'.repeat(64)}")`,
    );
  });
});

describe('requireIntegerInRange and requirePort', () => {
  test('pass integers within the range, both ends included', () => {
    expect(() => requireIntegerInRange('owner', 'logLevel', 0, { min: 0, max: 5 })).not.toThrow();
    expect(() => requireIntegerInRange('owner', 'logLevel', 5, { min: 0, max: 5 })).not.toThrow();
    expect(() => requireIntegerInRange('owner', 'replicas', 1000, { min: 1 })).not.toThrow();
    expect(() => requirePort('owner', 'port', 65535)).not.toThrow();
  });

  test.each([
    [6, { min: 0, max: 5 }, `OpenMCP policies: 'logLevel' must be a whole number from 0 to 5 (got 6)`],
    [1.5, { min: 0, max: 5 }, `OpenMCP policies: 'logLevel' must be a whole number from 0 to 5 (got 1.5)`],
    [0, { min: 1 }, `OpenMCP policies: 'logLevel' must be a whole number of at least 1 (got 0)`],
    [Number.NaN, { min: 1, what: 'a whole percentage' }, `OpenMCP policies: 'logLevel' must be a whole percentage of at least 1 (got NaN)`],
  ])('fails for %s with the house message', (value, range, message) => {
    expect(() => requireIntegerInRange('OpenMCP policies', 'logLevel', value, range)).toThrow(message);
  });

  test('fails a port outside 1 to 65535', () => {
    expect(() => requirePort('node_exporter', 'port', 0)).toThrow(`node_exporter: 'port' must be a port number from 1 to 65535 (got 0)`);
    expect(() => requirePort('node_exporter', 'port', 65536)).toThrow(`node_exporter: 'port' must be a port number from 1 to 65535 (got 65536)`);
  });
});
