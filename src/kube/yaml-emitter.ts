import { IMPLICIT_TYPES_FOUND, renderNumber, renderString } from './yaml-scalar';

/**
 * A YAML emitter for the JSON-like values hanok renders (plain objects, arrays, strings, numbers, booleans, null,
 * undefined where js-yaml accepts it) that writes exactly the text of js-yaml 4's
 * `dump(value, { noRefs: true, lineWidth: -1, sortKeys: false })`, several times faster: it takes js-yaml's
 * decisions (block mappings and sequences, `{}` and `[]` for empty ones, how a sequence sits in a mapping, and above
 * all which style each string gets) with one pass over each string's characters instead of js-yaml's per-character
 * calls and its run of every implicit type's resolver on every string.
 *
 * Anything else (a Date, a class instance, a function, a symbol, a bigint, an object whose `toString` tag is not a
 * plain object's) makes `emitYaml` give undefined, and the caller renders the whole value with js-yaml.
 * tests/kube/yaml-emitter.test.ts compares the two on every manifest of the examples, on a table of tricky strings
 * and on thousands of random values.
 */
export function emitYaml(value: unknown): string | undefined {
  // The mappings are walked with for-in, which would also see enumerable properties added to Object.prototype.
  if (!IMPLICIT_TYPES_FOUND || hasEnumerable(Object.prototype)) return undefined;
  // A getter that renders YAML itself would start a nested call: it gets its own text and this one's is kept.
  const outer = out;
  out = '';
  try {
    if (value === undefined) return '';
    writeItem(value, 0);
    return out + '\n';
  } catch (error) {
    if (error === UNSUPPORTED) return undefined;
    throw error;
  } finally {
    out = outer;
  }
}

/** Thrown (and caught by emitYaml) on a value this emitter leaves to js-yaml. */
const UNSUPPORTED = new Error('a value the YAML emitter leaves to js-yaml');

/** The text written so far; one string appended to (V8 keeps it as a rope), as js-yaml builds its own. */
let out = '';

/** `\n` and the indentation of a line at each level (two spaces a level, as js-yaml's default indent). */
const NEXT_LINE: string[] = [];
function nextLine(level: number): string {
  let line = NEXT_LINE[level];
  if (line === undefined) {
    line = `\n${' '.repeat(2 * level)}`;
    NEXT_LINE[level] = line;
  }
  return line;
}

/** What starts a sequence item after the first at each level: the line and `- `. */
const NEXT_ITEM: string[] = [];
function nextItem(level: number): string {
  let item = NEXT_ITEM[level];
  if (item === undefined) {
    item = `${nextLine(level)}- `;
    NEXT_ITEM[level] = item;
  }
  return item;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && !(Symbol.toStringTag in value);
}

function hasEnumerable(object: object): boolean {
  for (const _key in object) return true;
  return false;
}

/** Whether a mapping has a pair js-yaml writes (it leaves out the pairs whose value is undefined). */
function hasPair(object: Record<string, unknown>): boolean {
  for (const key in object) {
    if (object[key] !== undefined) return true;
  }
  return false;
}

/** A value where js-yaml writes it compactly: a sequence item, the top level, the value of an explicit (`?`) pair. */
function writeItem(value: unknown, level: number): void {
  if (typeof value === 'object' && value !== null) {
    if (Array.isArray(value)) {
      if (value.length === 0) out += '[]';
      else writeSequence(value, level, true);
      return;
    }
    if (!isPlainObject(value)) throw UNSUPPORTED;
    if (hasPair(value as Record<string, unknown>)) writeMapping(value as Record<string, unknown>, level, true);
    else out += '{}';
    return;
  }
  out += scalar(value, level);
}

function writeSequence(items: readonly unknown[], level: number, compact: boolean): void {
  const next = nextItem(level);
  for (let index = 0; index < items.length; index++) {
    out += compact && index === 0 ? '- ' : next;
    const item = items[index];
    // js-yaml writes a missing item (undefined, a hole) as null.
    writeItem(item === undefined ? null : item, level + 1);
  }
}

/**
 * A key as the start of its pair, with what comes before it (nothing for the first pair of a compact mapping, else
 * the line at the mapping's level) and after it (`:` before a block collection, `: ` before anything else), kept per
 * key for each of those places since a fleet's objects repeat the same few keys.
 */
interface RenderedKey {
  readonly text: string;
  /** By slot (0: no line; level + 1: the line at that level): `key:` and `key: `. */
  readonly open: string[];
  readonly pair: string[];
}

function writeMapping(object: Record<string, unknown>, level: number, compact: boolean): void {
  let slot = compact ? 0 : level + 1;
  for (const key in object) {
    const value = object[key];
    if (value === undefined) continue;
    const rendered = renderKey(key);
    if (rendered.text.length > 1024) {
      // js-yaml makes a pair with a long key explicit: `? key`, then `: value` on the next line, written compactly.
      if (slot !== 0) out += nextLine(level);
      out += `? ${rendered.text}${nextLine(level)}: `;
      writeItem(value, level + 1);
    } else if (typeof value === 'object' && value !== null) {
      if (Array.isArray(value)) {
        if (value.length === 0) {
          out += keyStart(rendered, slot, level, false);
          out += '[]';
        } else {
          out += keyStart(rendered, slot, level, true);
          writeSequence(value, level + 1, false);
        }
      } else {
        if (!isPlainObject(value)) throw UNSUPPORTED;
        if (hasPair(value as Record<string, unknown>)) {
          out += keyStart(rendered, slot, level, true);
          writeMapping(value as Record<string, unknown>, level + 1, false);
        } else {
          out += keyStart(rendered, slot, level, false);
          out += '{}';
        }
      }
    } else {
      out += keyStart(rendered, slot, level, false);
      out += scalar(value, level + 1);
    }
    slot = level + 1;
  }
}

/**
 * The start of a pair in `slot`: `key: ` before a scalar or an empty collection, or with `open`, `key:` before a
 * block collection, which starts on the next line.
 */
function keyStart(rendered: RenderedKey, slot: number, level: number, open: boolean): string {
  const starts = open ? rendered.open : rendered.pair;
  let start = starts[slot];
  if (start === undefined) {
    start = `${slot === 0 ? '' : nextLine(level)}${rendered.text}${open ? ':' : ': '}`;
    starts[slot] = start;
  }
  return start;
}

/** A scalar at `level`: a string, a number, a boolean or null. */
function scalar(value: unknown, level: number): string {
  switch (typeof value) {
    case 'string':
      return renderValue(value, level);
    case 'number':
      return renderNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      break;
    default:
      break;
  }
  throw UNSUPPORTED;
}

/** Keys are rendered the same at every level (never as block scalars), so the few distinct ones are kept. */
const KEY_CACHE_LIMIT = 4096;
const renderedKeys = new Map<string, RenderedKey>();
function renderKey(key: string): RenderedKey {
  let rendered = renderedKeys.get(key);
  if (rendered === undefined) {
    rendered = { text: renderString(key, true, 0), open: [], pair: [] };
    if (key.length > VALUE_CACHE_LENGTH) return rendered;
    if (renderedKeys.size >= KEY_CACHE_LIMIT) renderedKeys.clear();
    renderedKeys.set(key, rendered);
  }
  return rendered;
}

/**
 * Strings that are not block scalars are rendered the same at every level; the short ones a fleet repeats (images,
 * labels, names) are kept, bounded to about a megabyte of text.
 */
const VALUE_CACHE_LIMIT = 8192;
const VALUE_CACHE_LENGTH = 128;
const renderedValues = new Map<string, string>();
function renderValue(text: string, level: number): string {
  let rendered = renderedValues.get(text);
  if (rendered === undefined) {
    rendered = renderString(text, false, level);
    if (text.length > VALUE_CACHE_LENGTH || rendered.charCodeAt(0) === 0x7c /* | */) return rendered;
    if (renderedValues.size >= VALUE_CACHE_LIMIT) renderedValues.clear();
    renderedValues.set(text, rendered);
  }
  return rendered;
}

/** Empties the kept keys and values (the start-up snapshot's warm-up keeps no cluster's strings). */
export function forgetRenderedStrings(): void {
  renderedKeys.clear();
  renderedValues.clear();
}

/** How many keys and values are kept. */
export function renderedStringsCached(): number {
  return renderedKeys.size + renderedValues.size;
}
