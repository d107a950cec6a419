import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ALIASES = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { imports: Record<string, string> }).imports;
const FROM = /^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gms;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => join(ROOT, dir, f));
}

function resolveImport(file: string, spec: string): string | undefined {
  if (spec.startsWith('.')) return resolve(dirname(file), spec);
  const alias = Object.entries(ALIASES).find(([k]) => spec.startsWith(k.replace('*', '')));
  return alias ? join(ROOT, alias[1].replace('*', spec.slice(alias[0].length - 1))) : undefined;
}

/** Every import cycle among the given files, each as the list of files around it. */
function cycles(files: readonly string[]): string[][] {
  const graph = new Map(files.map((f) => [f, [...readFileSync(f, 'utf8').matchAll(FROM)].map((m) => resolveImport(f, m[1] ?? '')).filter((t): t is string => t !== undefined && files.includes(t))]));
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const t of graph.get(f) ?? []) {
      if (state.get(t) === 'open') found.push(stack.slice(stack.indexOf(t)).map((x) => relative(ROOT, x)));
      else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return found;
}

describe('module dependencies', () => {
  it('have no import cycles in the office, the sync layer or the domain', () => {
    expect(cycles(['domain', 'sync', 'office'].flatMap(sources))).toEqual([]);
  });
});
