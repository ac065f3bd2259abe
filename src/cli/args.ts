import { parseArgs as parseNodeArgs } from 'util';
import { UserError } from '../config/errors';
import { Command, CommandArgs, CommandOption } from './command';
import { didYouMean } from './did-you-mean';

/** What the command line asks for. */
export type Invocation =
  | { readonly kind: 'help'; readonly command?: Command }
  | { readonly kind: 'version' }
  | { readonly kind: 'run'; readonly command: Command; readonly args: CommandArgs };

/** An error in the arguments: printed with the usage, exit code 2. */
export class UsageError extends UserError {
  constructor(
    message: string,
    readonly command?: Command,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

const GLOBAL_OPTIONS = ['--help', '--version'];

/**
 * Parses `hanok [--help|--version] COMMAND [options] [operands]` with Node's util.parseArgs, then checks what it
 * leaves lenient: unknown options and commands (with "did you mean"), options without their value, operand counts.
 * A repeatable string option also takes the operands that follow it (`--only lab openmcp`).
 */
export function parseInvocation(argv: readonly string[], commands: readonly Command[]): Invocation {
  const commandIndex = argv.findIndex((arg) => !arg.startsWith('-'));
  const globals = commandIndex === -1 ? argv : argv.slice(0, commandIndex);
  for (const arg of globals) {
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--version' || arg === '-V') return { kind: 'version' };
    const option = arg.split('=')[0];
    const commandOptions = new Set(commands.flatMap((command) => Object.keys(command.options).map((key) => `--${key}`)));
    if (commandOptions.has(option)) {
      throw new UsageError(`${option} goes after the command (hanok COMMAND ${option} ...)`);
    }
    throw new UsageError(`unknown option ${option}${didYouMean(option, [...GLOBAL_OPTIONS, ...commandOptions])}`);
  }
  if (commandIndex === -1) {
    return { kind: 'help' };
  }
  const name = argv[commandIndex];
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    throw new UsageError(`unknown command '${name}'${didYouMean(name, commands.map((candidate) => candidate.name))}`);
  }
  const options: Record<string, CommandOption> = { ...command.options, help: { type: 'boolean', short: 'h', description: 'show this help' } };
  const { tokens } = parseNodeArgs({
    args: [...argv.slice(commandIndex + 1)],
    options: Object.fromEntries(Object.entries(options).map(([key, option]) => [key, { type: option.type, ...(option.multiple ? { multiple: true } : {}), ...(option.short ? { short: option.short } : {}) }])),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, string | boolean | string[]> = {};
  const positionals: string[] = [];
  let collecting: string | undefined;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') {
      collecting = undefined;
      continue;
    }
    if (token.kind === 'positional') {
      if (collecting) (values[collecting] as string[]).push(token.value);
      else positionals.push(token.value);
      continue;
    }
    collecting = undefined;
    const option = Object.prototype.hasOwnProperty.call(options, token.name) ? options[token.name] : undefined;
    if (!option) {
      throw new UsageError(`unknown option ${token.rawName} for ${command.name}${didYouMean(token.rawName, Object.keys(options).map((key) => `--${key}`))}`, command);
    }
    if (option.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value (got ${JSON.stringify(token.value)})`, command);
      values[token.name] = true;
      continue;
    }
    if (token.value === undefined || token.value === '' || (!token.inlineValue && token.value.startsWith('-'))) {
      throw new UsageError(`${token.rawName} needs a value${option.value ? ` (${option.value})` : ''}`, command);
    }
    if (option.multiple) {
      values[token.name] = [...((values[token.name] as string[] | undefined) ?? []), token.value];
      collecting = token.name;
    } else {
      if (values[token.name] !== undefined) throw new UsageError(`${token.rawName} given twice`, command);
      values[token.name] = token.value;
    }
  }
  if (values.help) {
    return { kind: 'help', command };
  }
  const expected = command.operands ?? [];
  if (positionals.length > expected.length) {
    throw new UsageError(`unexpected argument ${positionals[expected.length]}`, command);
  }
  return { kind: 'run', command, args: { values, positionals } };
}

/** The usage text: every command, or one command with its options. */
export function usage(commands: readonly Command[], command?: Command): string {
  const shown = command ? [command] : commands;
  const width = Math.max(...shown.map((candidate) => candidate.name.length));
  const lines = ['Usage:'];
  for (const candidate of shown) {
    lines.push(`  hanok ${candidate.name.padEnd(width)} ${candidate.synopsis}`);
    lines.push(`  ${' '.repeat(width + 7)}${candidate.summary}`);
  }
  const options = new Map<string, string>();
  for (const candidate of shown) {
    for (const [name, option] of Object.entries(candidate.options)) {
      const label = `--${name}${option.value ? ` ${option.value}` : ''}`;
      if (!options.has(label)) options.set(label, option.description);
    }
  }
  options.set('--help', 'show this help');
  if (!command) options.set('--version', "print hanok's version");
  const labelWidth = Math.max(...[...options.keys()].map((label) => label.length));
  lines.push('', 'Options:');
  for (const [label, description] of options) {
    lines.push(`  ${label.padEnd(labelWidth)}  ${description}`);
  }
  return lines.join('\n');
}
