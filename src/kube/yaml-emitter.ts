import * as yaml from 'js-yaml';

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
  if (IMPLICIT_TYPES === undefined || hasEnumerable(Object.prototype)) return undefined;
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
          out += pairStart(rendered, slot, level);
          out += '[]';
        } else {
          out += openStart(rendered, slot, level);
          writeSequence(value, level + 1, false);
        }
      } else {
        if (!isPlainObject(value)) throw UNSUPPORTED;
        if (hasPair(value as Record<string, unknown>)) {
          out += openStart(rendered, slot, level);
          writeMapping(value as Record<string, unknown>, level + 1, false);
        } else {
          out += pairStart(rendered, slot, level);
          out += '{}';
        }
      }
    } else {
      out += pairStart(rendered, slot, level);
      out += scalar(value, level + 1);
    }
    slot = level + 1;
  }
}

function pairStart(rendered: RenderedKey, slot: number, level: number): string {
  let start = rendered.pair[slot];
  if (start === undefined) {
    start = `${slot === 0 ? '' : nextLine(level)}${rendered.text}: `;
    rendered.pair[slot] = start;
  }
  return start;
}

function openStart(rendered: RenderedKey, slot: number, level: number): string {
  let start = rendered.open[slot];
  if (start === undefined) {
    start = `${slot === 0 ? '' : nextLine(level)}${rendered.text}:`;
    rendered.open[slot] = start;
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

/** js-yaml's text of a number: an integer (not -0) in decimal, any other as its float style (`1.e-7`, `-0.0`, `.nan`). */
export function renderNumber(value: number): string {
  if (value % 1 === 0 && !Object.is(value, -0)) return String(value);
  if (Number.isNaN(value)) return '.nan';
  if (value === Number.POSITIVE_INFINITY) return '.inf';
  if (value === Number.NEGATIVE_INFINITY) return '-.inf';
  if (Object.is(value, -0)) return '-0.0';
  const text = String(value);
  return /^[-+]?[0-9]+e/.test(text) ? text.replace('e', '.e') : text;
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

const CHAR_TAB = 0x09;
const CHAR_LINE_FEED = 0x0a;
const CHAR_SPACE = 0x20;
const CHAR_SHARP = 0x23;
const CHAR_COLON = 0x3a;

/** Printable ASCII characters that may not begin a plain scalar in js-yaml (its indicator characters). */
const NOT_PLAIN_FIRST = new Set([...'-?:,[]{}#&*!|=>\'"%@`'].map((character) => character.charCodeAt(0)));
/** First characters of every string an implicit type, a YAML 1.1 boolean or a base-60 number could read. */
const AMBIGUOUS_FIRST = new Set([...'yYnNoOtTfF~<._-+0123456789'].map((character) => character.charCodeAt(0)));
/** Strings js-yaml single-quotes so that YAML 1.1 readers do not take them for booleans or base-60 numbers. */
const DEPRECATED_BOOLEANS: ReadonlySet<string> = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);
const DEPRECATED_BASE60 = /^[-+]?[0-9_]+(?::[0-9_]+)+(?:\.[0-9_]*)?$/;
/**
 * The implicit types of js-yaml's default schema (null, bool, int, float, timestamp, merge), the very list its dumper
 * asks whether a plain string would read as something else. Should a js-yaml version not have that list, the emitter
 * leaves every value to js-yaml.
 */
const IMPLICIT_TYPES: ReadonlyArray<{ resolve(data: string): boolean }> | undefined = implicitTypesOf(yaml.DEFAULT_SCHEMA);
function implicitTypesOf(schema: unknown): ReadonlyArray<{ resolve(data: string): boolean }> | undefined {
  const types = (schema as { compiledImplicit?: unknown }).compiledImplicit;
  if (!Array.isArray(types) || types.length === 0) return undefined;
  return types.every((type) => typeof (type as { resolve?: unknown }).resolve === 'function') ? types : undefined;
}

const STYLE_PLAIN = 1;
const STYLE_SINGLE = 2;
const STYLE_LITERAL = 3;
const STYLE_DOUBLE = 4;

/**
 * js-yaml's rendering of a string (`writeScalar` with lineWidth -1, single quotes preferred, indent 2): a key is
 * never a block scalar; the level only sets a block scalar's indentation.
 */
export function renderString(text: string, isKey: boolean, level: number): string {
  const length = text.length;
  if (length === 0) return "''";
  const first = text.charCodeAt(0);
  if (AMBIGUOUS_FIRST.has(first) && (DEPRECATED_BOOLEANS.has(text) || DEPRECATED_BASE60.test(text))) return `'${text}'`;
  switch (scalarStyle(text, isKey)) {
    case STYLE_PLAIN:
      return text;
    case STYLE_SINGLE:
      return text.includes("'") ? `'${text.replace(/'/g, "''")}'` : `'${text}'`;
    case STYLE_LITERAL:
      return literal(text, 2 * Math.max(1, level));
    default:
      return `"${escapeDoubleQuoted(text)}"`;
  }
}

/**
 * The style js-yaml's chooseScalarStyle picks, for a non-empty string in block context: double-quoted when any
 * character is not printable (a line feed is allowed outside keys); literal when there is a line feed; plain when
 * the first and last characters allow it, no `: ` or ` #` occurs and no implicit type reads the text; else single-quoted.
 */
function scalarStyle(text: string, isKey: boolean): number {
  const length = text.length;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(length - 1);
  // Non-printable first characters make the string double-quoted below, whatever this says.
  let plain = !(first < 0x80 && (NOT_PLAIN_FIRST.has(first) || first === CHAR_SPACE || first === CHAR_TAB)) && first !== 0xfeff;
  plain = plain && last !== CHAR_SPACE && last !== CHAR_TAB && last !== CHAR_COLON;
  let lineBreak = false;
  let previous = -1;
  for (let index = 0; index < length; index++) {
    let code = text.charCodeAt(index);
    if (code >= 0x20 && code <= 0x7e) {
      if (code === CHAR_SHARP) {
        // `#` is plain only after a character that is neither white space nor a line break.
        if (previous === CHAR_SPACE || previous === CHAR_LINE_FEED || previous === -1) plain = false;
      } else if (code === CHAR_SPACE && previous === CHAR_COLON) {
        plain = false;
      }
      previous = code;
      continue;
    }
    if (code === CHAR_LINE_FEED) {
      if (isKey) return STYLE_DOUBLE;
      lineBreak = true;
      plain = false;
      previous = code;
      continue;
    }
    if (code < 0xa1) return STYLE_DOUBLE;
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < length) {
      const low = text.charCodeAt(index + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = (code - 0xd800) * 0x400 + low - 0xdc00 + 0x10000;
        index++;
        previous = code;
        continue;
      }
    }
    if (!isPrintableFrom00A1(code)) return STYLE_DOUBLE;
    previous = code;
  }
  if (lineBreak) return STYLE_LITERAL;
  if (plain && !(AMBIGUOUS_FIRST.has(first) && resolvesImplicitly(text))) return STYLE_PLAIN;
  return STYLE_SINGLE;
}

/** js-yaml's isPrintable for a UTF-16 code unit from U+00A1 on (the ones before are decided by the caller). */
function isPrintableFrom00A1(code: number): boolean {
  return (code <= 0xd7ff && code !== 0x2028 && code !== 0x2029) || (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff);
}

function resolvesImplicitly(text: string): boolean {
  for (const type of IMPLICIT_TYPES!) {
    if (type.resolve(text)) return true;
  }
  return false;
}

/** A literal block scalar: `|`, an indentation indicator when the text starts with spaces, the chomping indicator. */
function literal(text: string, indent: number): string {
  const indicator = /^\n* /.test(text) ? '2' : '';
  const clip = text.charCodeAt(text.length - 1) === CHAR_LINE_FEED;
  const keep = clip && (text.charCodeAt(text.length - 2) === CHAR_LINE_FEED || text.length === 1);
  const header = `|${indicator}${keep ? '+' : clip ? '' : '-'}`;
  const spaces = ' '.repeat(indent);
  const lines = text.split('\n');
  // A trailing line feed ends the last line and adds no empty line of its own (js-yaml drops it; the dump adds one).
  const count = clip ? lines.length - 1 : lines.length;
  let body = '';
  for (let index = 0; index < count; index++) {
    const line = lines[index];
    body += line.length === 0 ? '\n' : `\n${spaces}${line}`;
  }
  return header + body;
}

const ESCAPES: Record<number, string> = {
  0x00: '\\0',
  0x07: '\\a',
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0b: '\\v',
  0x0c: '\\f',
  0x0d: '\\r',
  0x1b: '\\e',
  0x22: '\\"',
  0x5c: '\\\\',
  0x85: '\\N',
  0xa0: '\\_',
  0x2028: '\\L',
  0x2029: '\\P',
};

/** The inside of a double-quoted scalar as js-yaml writes it: named escapes, `\xXX`, `\uXXXX` for the rest. */
function escapeDoubleQuoted(text: string): string {
  let result = '';
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const low = text.charCodeAt(index + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        result += text[index] + text[index + 1];
        index++;
        continue;
      }
    }
    const escape = ESCAPES[code];
    if (escape !== undefined) {
      result += escape;
    } else if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa1 && isPrintableFrom00A1(code))) {
      result += text[index];
    } else {
      const hex = code.toString(16).toUpperCase();
      result += code <= 0xff ? `\\x${hex.padStart(2, '0')}` : `\\u${hex.padStart(4, '0')}`;
    }
  }
  return result;
}
