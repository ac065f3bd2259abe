/** One option of a command: `util.parseArgs` configuration plus what `--help` shows. */
export interface CommandOption {
  readonly type: 'string' | 'boolean';
  /** Repeatable (`--only a --only b`); a string option may then also take several values (`--only a b`). */
  readonly multiple?: boolean;
  readonly short?: string;
  /** Shown in place of the value in the help, such as `DIR`. */
  readonly value?: string;
  readonly description: string;
}

/** The options and operands a command received. */
export interface CommandArgs {
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly positionals: readonly string[];
}

/** Where a command prints; tests capture both. */
export interface CommandIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/**
 * A `hanok` command: a small module under src/cli/commands/ with its own options, listed in commands/index.ts.
 * `run` returns the exit code, and throws a UserError for anything the user can fix.
 */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The arguments after the command name, such as `[--out DIR]`. */
  readonly synopsis: string;
  readonly options: Readonly<Record<string, CommandOption>>;
  /** Names of the operands, such as `['FILE.tar.gz']`; none by default. */
  readonly operands?: readonly string[];
  run(args: CommandArgs, io: CommandIo): number | Promise<number>;
}

export function stringOption(args: CommandArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function listOption(args: CommandArgs, name: string): string[] {
  const value = args.values[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

export function flag(args: CommandArgs, name: string): boolean {
  return args.values[name] === true;
}

export { plural } from '../pipeline/summary';
