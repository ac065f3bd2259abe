import * as fs from 'fs';
import { BASE_SCHEMA_FILE, clusterBaseJsonSchema, clusterJsonSchema, configReference, REFERENCE_FILE, SCHEMA_FILE } from '../src/config/reference';
import { FLEET_SCHEMA_FILE, fleetJsonSchema } from '../src/config/fleet';
import { writeApiSchemas } from './kubernetes-api-schemas';

// Regenerates the files derived from the cluster schema. Tests fail while they are stale.
fs.writeFileSync(SCHEMA_FILE, clusterJsonSchema());
fs.writeFileSync(BASE_SCHEMA_FILE, clusterBaseJsonSchema());
fs.writeFileSync(REFERENCE_FILE, configReference());
fs.writeFileSync(FLEET_SCHEMA_FILE, fleetJsonSchema());
console.log(`wrote ${SCHEMA_FILE}, ${BASE_SCHEMA_FILE}, ${FLEET_SCHEMA_FILE} and ${REFERENCE_FILE}`);
// The Kubernetes API of each schema minor, from the kubernetes-models declarations (devDependencies).
console.log(`wrote ${writeApiSchemas().join(' and ')}`);
