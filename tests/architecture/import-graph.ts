import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** One import of one source file: `from` and `to` are repository-relative paths such as `src/config/schema.ts`. */
export interface ImportEdge {
  readonly from: string;
  readonly to: string;
}

/** Every `src/**` file's imports of other repository files (import, import type, export from, import(), require()). */
export function readImportGraph(root: string, folder = 'src'): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of listTypeScript(path.join(root, folder))) {
    const from = path.relative(root, file).split(path.sep).join('/');
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((reference) => reference.fileName)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => resolveLocal(root, path.dirname(file), specifier))
      .filter((target): target is string => target !== undefined);
    graph.set(from, [...new Set(targets)].sort());
  }
  return graph;
}

function listTypeScript(directory: string): string[] {
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) return listTypeScript(full);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
    })
    .sort();
}

function resolveLocal(root: string, directory: string, specifier: string): string | undefined {
  const base = path.resolve(directory, specifier);
  const candidates = [base, `${base}.ts`, path.join(base, 'index.ts')];
  const found = candidates.find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
  return found === undefined ? undefined : path.relative(root, found).split(path.sep).join('/');
}

/** An import circle: the files that reach each other through imports, and one path around, e.g. `a → b → a`. */
export interface ImportCircle {
  readonly files: readonly string[];
  readonly example: readonly string[];
}

/**
 * The import circles of a graph: each strongly connected component with more than one file (or a file importing
 * itself), with one cycle through it.
 */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): ImportCircle[] {
  let index = 0;
  const indices = new Map<string, number>();
  const lowLinks = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    indices.set(node, index);
    lowLinks.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        lowLinks.set(node, Math.min(lowLinks.get(node)!, lowLinks.get(next)!));
      } else if (onStack.has(next)) {
        lowLinks.set(node, Math.min(lowLinks.get(node)!, indices.get(next)!));
      }
    }
    if (lowLinks.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) {
        components.push(component.sort());
      }
    }
  };
  for (const node of [...graph.keys()].sort()) {
    if (!indices.has(node)) visit(node);
  }
  return components
    .map((files) => ({ files, example: cycleThrough(graph, files) }))
    .sort((a, b) => (a.files[0] < b.files[0] ? -1 : 1));
}

/** A shortest cycle from the component's first file back to itself, staying inside the component. */
function cycleThrough(graph: ReadonlyMap<string, readonly string[]>, component: string[]): string[] {
  const members = new Set(component);
  const start = component[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of graph.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const cycle = [start];
        for (let step: string | undefined = node; step !== undefined && step !== start; step = previous.get(step)) {
          cycle.splice(1, 0, step);
        }
        return [...cycle, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [...component, start];
}

/**
 * The folder a file belongs to for layering: `src/config/schema.ts` → `config`, `imports/k8s.ts` → `imports`, and
 * `src` for a file directly in src/ (a package entry point such as src/index.ts).
 */
export function layerOf(file: string): string {
  const parts = file.split('/');
  return parts[0] === 'src' && parts.length > 2 ? parts[1] : parts[0];
}

/**
 * Imports that run from a folder to one not strictly below it in `ranks` (a higher rank is a higher layer; two
 * folders of the same rank are peers and must not import each other). Files of one folder may import each other.
 */
export function findUpwardImports(
  graph: ReadonlyMap<string, readonly string[]>,
  ranks: Readonly<Record<string, number>>,
): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      const fromLayer = layerOf(from);
      const toLayer = layerOf(to);
      if (fromLayer === toLayer) continue;
      const fromRank = ranks[fromLayer];
      const toRank = ranks[toLayer];
      if (fromRank === undefined || toRank === undefined || toRank >= fromRank) {
        edges.push({ from, to });
      }
    }
  }
  return edges.sort((a, b) => (a.from === b.from ? (a.to < b.to ? -1 : 1) : a.from < b.from ? -1 : 1));
}
