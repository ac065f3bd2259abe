// Validates GitOps objects (a JSON array on stdin) against the upstream schemas that the @kubernetes-models packages
// generate from Argo CD's, Flux's and External Secrets Operator's own CRDs; prints one line per problem.
// An ES module because those packages are ES modules only; tests/gitops/gitops.test.ts runs it with node.
import { ApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1';
import { Kustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1';
import { GitRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1';

const MODELS = { ApplicationSet, ExternalSecret, Kustomization, GitRepository };
let input = '';
for await (const chunk of process.stdin) input += chunk;
for (const object of JSON.parse(input)) {
  const Model = MODELS[object.kind];
  if (!Model) {
    console.log(`${object.kind} ${object.metadata.name}: no upstream model`);
    continue;
  }
  const model = new Model(object);
  if (model.apiVersion !== object.apiVersion) {
    console.log(`${object.kind} ${object.metadata.name}: upstream apiVersion is ${model.apiVersion}, not ${object.apiVersion}`);
  }
  try {
    model.validate();
  } catch (error) {
    console.log(`${object.kind} ${object.metadata.name}: ${error.message.replace(/\s+/g, ' ')}`);
  }
}
