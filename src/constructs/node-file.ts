import * as path from 'path';
import { Construct } from 'constructs';

export interface NodeFileProps {
  /** Path below `dist/<cluster>/nodes/`, e.g. `haproxy/haproxy.cfg`. */
  readonly path: string;
  /** The file's text. */
  readonly content: string;
}

/**
 * A file for the machines rather than the API server (an HAProxy config, kubeadm settings...). The synth writes
 * it to `dist/<cluster>/nodes/<path>`, where the node setup scripts read it.
 */
export class NodeFile extends Construct {
  public readonly path: string;
  public readonly content: string;

  constructor(scope: Construct, id: string, props: NodeFileProps) {
    super(scope, id);
    const normalized = path.posix.normalize(props.path);
    if (normalized.startsWith('/') || normalized.startsWith('..') || normalized !== props.path) {
      throw new Error(`node file 'path' must be a plain relative path inside nodes/ (got ${JSON.stringify(props.path)})`);
    }
    this.path = props.path;
    this.content = props.content.endsWith('\n') ? props.content : `${props.content}\n`;
  }
}
