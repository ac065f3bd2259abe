import { toolAvailability } from './tools';

describe('tests that need an external program', () => {
  const withoutPrograms = { PATH: '/nonexistent' };

  test('are skipped with a visible message saying how to install it when CI is unset', () => {
    const messages: string[] = [];
    expect(toolAvailability('shellcheck', 'apt-get install shellcheck', withoutPrograms, (message) => messages.push(message))).toBe('skip');
    expect(messages).toEqual(['SKIPPED: the tests that need shellcheck, which is not installed. Install it with: apt-get install shellcheck']);
  });

  test('fail when CI is set', () => {
    expect(() => toolAvailability('shellcheck', 'apt-get install shellcheck', { ...withoutPrograms, CI: 'true' })).toThrow('shellcheck is not installed, and CI is set');
  });

  test('run when the program is there', () => {
    expect(toolAvailability('node', 'install Node.js', process.env)).toBe('run');
  });
});
