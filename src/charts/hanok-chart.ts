import { Chart } from 'cdk8s';
import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { Construct } from 'constructs';
import { LABEL_MANAGED_BY, LABEL_NAME, LABEL_PART_OF, MANAGED_BY } from '../constructs/labels';
import { NamespacePodSecurity, POD_SECURITY_REASON_ANNOTATION, podSecurityLabels } from '../constructs/pod-security-labels';

export interface HanokChartProps {
  /** The platform layer, e.g. `storage`; becomes `app.kubernetes.io/part-of` on every object. */
  readonly layer: string;
}

const HANOK_CHART = Symbol.for('hanok.HanokChart');

/**
 * Base of every layer chart: the common labels once, readable names (no hash suffixes), and no chart namespace,
 * so cluster-scoped objects never carry one. Namespaced objects name their namespace themselves.
 */
export class HanokChart extends Chart {
  /**
   * Whether `x` is a HanokChart, also one made by another copy of hanok. (`instanceof` cannot tell: cdk8s answers it
   * for any Chart.)
   */
  public static isHanokChart(x: unknown): x is HanokChart {
    return x !== null && typeof x === 'object' && HANOK_CHART in x;
  }

  public readonly layer: string;

  constructor(scope: Construct, id: string, props: HanokChartProps) {
    super(scope, id, {
      labels: { [LABEL_PART_OF]: props.layer, [LABEL_MANAGED_BY]: MANAGED_BY },
      disableResourceNameHashes: true,
    });
    this.layer = props.layer;
    Object.defineProperty(this, HANOK_CHART, { value: true });
  }

  /**
   * Creates a namespace of this layer with its Pod Security labels: `enforce` restricted unless `podSecurity` says
   * otherwise with a reason (kept as the `hanok.dev/pod-security-reason` annotation); `warn` and `audit` restricted.
   */
  protected addNamespace(name: string, podSecurity: NamespacePodSecurity = {}): k8s.KubeNamespace {
    return new k8s.KubeNamespace(this, `Namespace-${name}`, {
      metadata: {
        name,
        labels: { [LABEL_NAME]: name, 'app.kubernetes.io/component': 'namespace', ...podSecurityLabels(name, podSecurity) },
        annotations: podSecurity.reason !== undefined ? { [POD_SECURITY_REASON_ANNOTATION]: podSecurity.reason } : undefined,
      },
    });
  }
}
