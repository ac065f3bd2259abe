import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { FieldPath } from './problems';

/**
 * Finds the line of a field in a cluster file's text, so that every problem, not only a syntax error, says where
 * to look. The text is parsed again, as a document with positions, only when there is a problem to place. A path
 * that leaves the document (a missing field) is placed at the nearest field that exists.
 */
export function lineLocator(text: string): (path: FieldPath) => number | undefined {
  let parsed: { document: ReturnType<typeof parseDocument>; lines: LineCounter } | undefined;
  return (path) => {
    if (!parsed) {
      const lines = new LineCounter();
      parsed = { document: parseDocument(text, { lineCounter: lines, uniqueKeys: false }), lines };
    }
    const { document, lines } = parsed;
    let node: unknown = document.contents;
    let offset: number | undefined = (node as { range?: [number] } | null)?.range?.[0];
    for (const part of path) {
      if (isAlias(node)) node = node.resolve(document);
      if (isMap(node)) {
        const pair = node.items.find((item) => (isScalar(item.key) ? String(item.key.value) : String(item.key)) === String(part));
        if (!pair) break;
        offset = (pair.key as { range?: [number] } | null)?.range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof part === 'number' && node.items[part]) {
        node = node.items[part];
        offset = (node as { range?: [number] }).range?.[0] ?? offset;
      } else {
        break;
      }
    }
    return offset === undefined ? undefined : lines.linePos(offset).line;
  };
}
