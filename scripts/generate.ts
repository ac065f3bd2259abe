import * as fs from 'fs';
import { clusterJsonSchema, configReference, REFERENCE_FILE, SCHEMA_FILE } from '../src/config/reference';
import { FLEET_SCHEMA_FILE, fleetJsonSchema } from '../src/config/fleet';

// Regenerates the files derived from the cluster schema. Tests fail while they are stale.
fs.writeFileSync(SCHEMA_FILE, clusterJsonSchema());
fs.writeFileSync(REFERENCE_FILE, configReference());
fs.writeFileSync(FLEET_SCHEMA_FILE, fleetJsonSchema());
console.log(`wrote ${SCHEMA_FILE}, ${FLEET_SCHEMA_FILE} and ${REFERENCE_FILE}`);
