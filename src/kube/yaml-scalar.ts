import * as yaml from 'js-yaml';

/**
 * How js-yaml 4's dumper writes one scalar with hanok's options (lineWidth -1, single quotes preferred, indent 2),
 * for src/kube/yaml-emitter.ts: the same choices, made in one pass over a string's characters.
 */

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
/** Whether this js-yaml has the list of implicit types the scalar styles depend on (else leave every value to js-yaml). */
export const IMPLICIT_TYPES_FOUND = IMPLICIT_TYPES !== undefined;
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
