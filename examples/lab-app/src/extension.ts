import { defineExtension, z } from 'hanok';
import { LabAppChart } from './lab-app-chart';

/**
 * The lab's own application, built beside hanok's layers for every cluster whose file has `spec.extensions.lab-app`.
 * Run hanok with it: `hanok synth --extensions lib/extension.js` (after `npm run build`), or `synth({ extensions })`.
 */
export const labApp = defineExtension({
  name: 'lab-app',
  description: 'The lab web application: a Deployment, its Service and a route on the cluster\'s ingress.',
  settings: z.strictObject({
    host: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/).describe('Host name the app is published at.'),
    replicas: z.number().int().min(1).max(10).default(2).describe('Number of web pods.'),
    namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/).max(63).default('lab-app').describe('Namespace of the app.'),
  }),
  // Its route attaches to the Gateway of the ingress layer.
  after: ['ingress'],
  charts: (scope, { platform, settings }) =>
    new LabAppChart(scope, 'lab-app', { namespace: settings.namespace, host: settings.host, replicas: settings.replicas, frontend: platform.frontend }),
});

export const extensions = [labApp];
