/**
 * The fields of the Gateway API (gateway.networking.k8s.io/v1) that the link rules read. `kubernetes-models` covers
 * the built-in API only, so these few are written out here.
 */

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

export interface ParentReference {
  readonly group?: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name: string;
  readonly sectionName?: string;
  readonly port?: number;
}

export interface BackendReference {
  readonly group?: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name: string;
  readonly port?: number;
}

export interface SecretObjectReference {
  readonly group?: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name: string;
}

export interface RouteGroupKind {
  readonly group?: string;
  readonly kind: string;
}

export interface Listener {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
  readonly tls?: { readonly certificateRefs?: readonly SecretObjectReference[] };
  readonly allowedRoutes?: {
    readonly namespaces?: { readonly from?: string };
    readonly kinds?: readonly RouteGroupKind[];
  };
}

export interface Gateway {
  readonly spec?: { readonly gatewayClassName: string; readonly listeners?: readonly Listener[] };
}

export interface RouteMatch {
  readonly path?: { readonly type?: string; readonly value?: string };
  readonly headers?: readonly unknown[];
  readonly queryParams?: readonly unknown[];
  readonly method?: unknown;
  /** GRPCRoute: a method match names its service. */
  readonly service?: string;
  readonly type?: string;
}

/** HTTPRoute, GRPCRoute and TLSRoute, as far as the rules read them. */
export interface Route {
  readonly spec?: {
    readonly parentRefs?: readonly ParentReference[];
    readonly hostnames?: readonly string[];
    readonly rules?: ReadonlyArray<{ readonly backendRefs?: readonly BackendReference[]; readonly matches?: readonly RouteMatch[] }>;
  };
}

export interface ReferenceGrant {
  readonly spec?: {
    readonly from?: ReadonlyArray<{ readonly group: string; readonly kind: string; readonly namespace: string }>;
    readonly to?: ReadonlyArray<{ readonly group?: string; readonly kind: string; readonly name?: string }>;
  };
}
