import { Construct } from 'constructs';
import { BUILT_IN_NAMESPACES } from '../kube/objects';
import { DeepReadonly } from '../config/cluster';
import { MetricsConfig, NfsConfig } from '../config/schema';
import { SmokeTestPhpApache } from '../constructs/smoke-test-php-apache';
import { SmokeTestTomcat } from '../constructs/smoke-test-tomcat';
import { IngressFrontend } from '../constructs/ingress-frontend';
import { HanokChart } from './hanok-chart';

export interface SmokeTestChartProps {
  readonly smokeTests: DeepReadonly<MetricsConfig['smokeTests']>;
  readonly nfs: DeepReadonly<NfsConfig>;
  /** The cluster's ingress layer that publishes the Tomcat test. */
  readonly frontend: IngressFrontend;
}

/**
 * Test applications that show a new cluster works end to end: Tomcat replicas sharing NFS storage behind the
 * ingress (seed 002 §16) and php-apache scaled by a HorizontalPodAutoscaler through metrics-server (seed 004).
 */
export class SmokeTestChart extends HanokChart {
  constructor(scope: Construct, id: string, props: SmokeTestChartProps) {
    super(scope, id, { layer: 'smoke-tests' });
    const tests = props.smokeTests;
    if (!BUILT_IN_NAMESPACES.includes(tests.namespace)) {
      this.addNamespace(tests.namespace, {
        enforce: 'baseline',
        reason: 'php-apache (seed 004\'s autoscaling test image) starts Apache as root and switches to www-data, which needs CHOWN, SETUID and SETGID; restricted forbids root and those capabilities',
      });
    }
    new SmokeTestTomcat(this, 'Tomcat', {
      namespace: tests.namespace,
      nfs: props.nfs,
      // The cluster schema requires the host when the smoke tests are enabled (src/config/spec/metrics.ts).
      host: tests.tomcatHost!,
      frontend: props.frontend,
      image: tests.tomcatImage,
      replicas: tests.tomcatReplicas,
    });
    new SmokeTestPhpApache(this, 'PhpApache', {
      namespace: tests.namespace,
      image: tests.phpApacheImage,
      minReplicas: tests.phpApacheMinReplicas,
      maxReplicas: tests.phpApacheMaxReplicas,
      targetCpuUtilization: tests.phpApacheTargetCpuUtilization,
    });
  }
}
