// Zero import cycles in server/ and client/: a cycle means two modules cannot be understood (or loaded)
// one before the other. Relative imports (type-only ones too) are resolved the way the bundler does.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCE = /\.(ts|tsx|mts)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'public' ? [] : sourceFiles(path);
    return SOURCE.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** './x' → x.ts, x.tsx, x/index.ts (and './x.js' → x.ts), as moduleResolution "Bundler" reads it. */
function resolveImport(from: string, specifier: string): string | null {
  const base = resolve(dirname(from), specifier);
  const stem = base.replace(/\.(js|mjs)$/, '');
  for (const candidate of [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, join(base, 'index.ts'), join(base, 'index.tsx')])
    if (SOURCE.test(candidate) && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  return null; // a stylesheet, JSON or asset: cannot take part in a cycle of code
}

export function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    graph.set(file, importedFiles.map((f) => f.fileName).filter((s) => s.startsWith('.')).map((s) => resolveImport(file, s)).filter((f): f is string => f !== null));
  }
  return graph;
}

/** Every cycle, each once: a depth-first search that reports the path back to a module still on the stack. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('import cycles', () => {
  it('finds a cycle when there is one (the detector itself works)', () => {
    const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
    expect(findCycles(new Map([['a', ['b']], ['b', []], ['c', ['a', 'b']]]))).toEqual([]);
  });

  it('resolves relative imports, type-only ones included, to files', () => {
    const graph = importGraph([join(ROOT, 'server/domain/coverage/index.ts')]);
    const imports = graph.get(join(ROOT, 'server/domain/coverage/index.ts'))!.map((f) => relative(ROOT, f));
    expect(imports).toContain('server/domain/coverage/engine.ts');
    expect(imports).toContain('server/domain/coverage/types.ts'); // `export type * from './types'`
  });

  for (const dir of ['server', 'client'])
    it(`${dir}/ has none`, () => {
      const cycles = findCycles(importGraph(sourceFiles(join(ROOT, dir))));
      expect(cycles.map((c) => c.map((f) => relative(ROOT, f)).join(' → '))).toEqual([]);
    });
});
