import { Construct, IConstruct } from 'constructs';

export interface SynthWarningProps {
  /** What the reviewer must know, e.g. that a configuration opts out of a safe default. */
  readonly message: string;
}

/**
 * A finding that does not stop the synth but must be seen: the pipeline lists every SynthWarning among the
 * warnings of the cluster's summary. Writes nothing to the output.
 */
export class SynthWarning extends Construct {
  public readonly message: string;

  constructor(scope: Construct, id: string, props: SynthWarningProps) {
    super(scope, id);
    if (props.message.trim().length === 0) {
      throw new Error(`SynthWarning '${id}': 'message' must not be empty`);
    }
    this.message = props.message;
  }
}

/** The messages of every SynthWarning below `scope`, in construct order. */
export function synthWarningsOf(scope: IConstruct): string[] {
  return scope.node
    .findAll()
    .filter((construct): construct is SynthWarning => construct instanceof SynthWarning)
    .map((warning) => warning.message);
}
