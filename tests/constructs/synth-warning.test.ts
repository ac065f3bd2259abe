import { Chart, Testing } from 'cdk8s';
import { SynthWarning, synthWarningsOf } from '../../src/constructs/synth-warning';

describe('SynthWarning', () => {
  test('writes nothing and is collected with its message', () => {
    const chart = new Chart(Testing.app(), 'test');
    new SynthWarning(chart, 'A', { message: 'first' });
    new SynthWarning(chart, 'B', { message: 'second' });
    expect(Testing.synth(chart)).toEqual([]);
    expect(synthWarningsOf(chart)).toEqual(['first', 'second']);
  });

  test('fails without a message', () => {
    expect(() => new SynthWarning(new Chart(Testing.app(), 'test'), 'A', { message: ' ' })).toThrow("SynthWarning 'A': 'message' must not be empty");
  });
});
