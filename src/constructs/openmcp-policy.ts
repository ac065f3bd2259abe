import { Construct } from 'constructs';
import * as omcp from '../../imports/openmcppolicys-openmcp.k8s.io';
import { componentLabels } from './labels';
import { OPENMCP_NAMESPACE } from './openmcp-controller';
import { requireDnsLabel } from '../kube/validate';

/** One setting of a policy: a type and its values, which OpenMCP keeps as strings. */
export interface OpenMcpPolicySetting {
  /** Setting name, e.g. `CPU` or `period`. */
  readonly type: string;
  /** Values; numbers are written as strings. */
  readonly value: ReadonlyArray<string | number>;
}

export interface OpenMcpPolicyProps {
  /** Policy name; the controllers look their policies up by name (e.g. `analytic-metrics-weight`). */
  readonly name: string;
  /** Kind of the controller the policy configures, e.g. `OpenMCPAnalyticEngine`. */
  readonly targetController: string;
  /** The settings, in order. */
  readonly policies: readonly OpenMcpPolicySetting[];
  /** Namespace the policy engine reads. @default OPENMCP_NAMESPACE */
  readonly namespace?: string;
  /** Where the policy applies (`rangeOfApplication`), e.g. `All`. @default - not set, as upstream for most policies */
  readonly rangeOfApplication?: string;
  /** Whether the policy is in force (`policyStatus`). @default true */
  readonly enabled?: boolean;
}

/** An OpenMCPPolicy: a setting of an OpenMCP controller, kept by the policy engine. */
export class OpenMcpPolicy extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly apiObject: omcp.OpenMcpPolicy;

  constructor(scope: Construct, id: string, props: OpenMcpPolicyProps) {
    super(scope, id);
    requireDnsLabel('OpenMCPPolicy', 'name', props.name, 'a DNS label such as analytic-metrics-weight');
    const where = `OpenMCPPolicy '${props.name}'`;
    if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(props.targetController)) {
      throw new Error(`${where}: 'targetController' must be a controller kind such as OpenMCPAnalyticEngine (got ${JSON.stringify(props.targetController)})`);
    }
    if (props.policies.length === 0) {
      throw new Error(`${where}: 'policies' must hold at least one setting`);
    }
    props.policies.forEach((setting, index) => {
      if (setting.type.trim() === '') {
        throw new Error(`${where}: 'policies[${index}].type' must name the setting`);
      }
      if (setting.value.length === 0) {
        throw new Error(`${where}: 'policies[${index}].value' must hold at least one value (setting ${setting.type})`);
      }
      setting.value.forEach((value) => {
        if (typeof value === 'number' && !Number.isFinite(value)) {
          throw new Error(`${where}: 'policies[${index}].value' must hold finite numbers (got ${value} for ${setting.type})`);
        }
      });
    });
    this.name = props.name;
    this.namespace = props.namespace ?? OPENMCP_NAMESPACE;
    this.apiObject = new omcp.OpenMcpPolicy(this, 'Resource', {
      metadata: { name: props.name, namespace: this.namespace, labels: componentLabels({ appName: 'openmcp', component: 'policy' }) },
      spec: {
        template: {
          spec: {
            targetController: { kind: props.targetController },
            policies: props.policies.map((setting) => ({ type: setting.type, value: setting.value.map(String) })),
          },
        },
        rangeOfApplication: props.rangeOfApplication,
        policyStatus: (props.enabled ?? true) ? omcp.OpenMcpPolicySpecPolicyStatus.ENABLED : omcp.OpenMcpPolicySpecPolicyStatus.DISABLED,
      },
    });
  }
}
