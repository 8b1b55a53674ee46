// compareSpecs(before, after): two bundled specs in memory → our report. api-smart-diff finds
// the changes (it resolves every $ref, so a component change shows under each operation that
// uses it); classify.ts decides what each one means for SDK users; here they are grouped per
// operation, tidied and summed up into a semver bump.
import { apiCompare } from 'api-smart-diff';
import { classifyDiff, type ClassifyContext, type LibraryDiff, type PlacedChange } from './classify';
import { HTTP_METHODS, isObject, listOperations, valueAt, type Json } from './refs';
import type { Bump, Change, Classification, OperationChanges, SpecDiffReport } from './types';

const RANK: Record<Classification, number> = { breaking: 2, 'non-breaking': 1, 'documentation-only': 0 };

export function worst(changes: readonly { classification: Classification }[]): Classification {
  return changes.reduce<Classification>((acc, c) => (RANK[c.classification] > RANK[acc] ? c.classification : acc), 'documentation-only');
}

export function bumpFor(changes: readonly { classification: Classification }[]): Bump {
  if (changes.length === 0) return 'none';
  return ({ breaking: 'major', 'non-breaking': 'minor', 'documentation-only': 'patch' } as const)[worst(changes)];
}

function context(before: Json, after: Json, diffs: LibraryDiff[]): ClassifyContext {
  const renames = new Map<string, string>();
  for (const d of diffs) if (d.path.length === 1 && d.path[0] === 'paths' && d.action === 'rename') renames.set(String(d.before), String(d.after));
  const reachable = new Set<string>();
  const usedBy = new Map<string, { pathKey: string; method: string }[]>();
  const seen = new Set<string>();
  const add = (ops: ReturnType<typeof listOperations>, rename: (k: string) => string): void => {
    for (const op of ops) {
      const pathKey = rename(op.pathKey);
      for (const ref of op.refs) {
        reachable.add(ref);
        const key = `${ref} ${op.method} ${pathKey}`;
        if (seen.has(key)) continue;
        seen.add(key);
        usedBy.set(ref, [...(usedBy.get(ref) ?? []), { pathKey, method: op.method }]);
      }
    }
  };
  add(listOperations(after), (k) => k);
  add(listOperations(before), (k) => renames.get(k) ?? k);
  return { before, after, renames, reachable, usedBy };
}

const sameSpot = (a: Change, b: Change): boolean => a.location === b.location && a.target === b.target;

/** Folds pairs api-smart-diff reports separately into the one change a person would name. */
function tidy(changes: Change[]): Change[] {
  let result = [...changes];
  const drop = new Set<Change>();
  for (const c of result) {
    if (c.rule === 'required-added' && c.direction === 'request') {
      const added = result.find((o) => o.rule === 'field-added' && sameSpot(o, c));
      if (added) {
        drop.add(added);
        c.message = `added required field \`${c.target ?? ''}\`: calls that omit it fail`;
      }
    }
    if (c.rule === 'required-added' && c.direction !== 'request' && result.some((o) => o.rule === 'field-added' && sameSpot(o, c))) drop.add(c);
    if (c.rule === 'required-removed' && result.some((o) => o.rule === 'field-removed' && sameSpot(o, c))) drop.add(c);
  }
  result = result.filter((c) => !drop.has(c));

  // A success status replaced by another is one change: say so on the removal.
  const removed = result.filter((c) => c.rule === 'status-removed');
  const added = result.filter((c) => c.rule === 'status-added');
  if (removed.length === 1 && added.length >= 1) {
    const from = removed[0]!.location.replace('response ', '');
    const to = added.find((a) => a.location.replace('response ', '')[0] === from[0]);
    if (to) removed[0]!.message = `status code changed from ${from} to ${to.location.replace('response ', '')}: code that expects ${from} gets something else`;
  }

  const unique = new Map<string, Change>();
  for (const c of result) {
    const key = [c.rule, c.location, c.target ?? '', c.message].join('\u0000');
    if (!unique.has(key)) unique.set(key, c);
  }
  return [...unique.values()].sort((a, b) => RANK[b.classification] - RANK[a.classification]);
}

function operationOrder(before: Json, after: Json, renames: Map<string, string>): string[] {
  const order: string[] = [];
  const push = (spec: Json, rename: (k: string) => string): void => {
    const paths = isObject(spec.paths) ? spec.paths : {};
    for (const [pathKey, item] of Object.entries(paths)) {
      if (!isObject(item)) continue;
      for (const method of HTTP_METHODS) {
        const key = `${method} ${rename(pathKey)}`;
        if (item[method] !== undefined && !order.includes(key)) order.push(key);
      }
    }
  };
  push(after, (k) => k);
  push(before, (k) => renames.get(k) ?? k);
  return order;
}

export interface CompareOptions {
  /** api-smart-diff's raw output, for the tests that check what we override. */
  onLibraryDiffs?: (diffs: LibraryDiff[]) => void;
}

/** Compares two bundled OpenAPI 3.x documents (no external $refs) and classifies every change. */
export function compareSpecs(beforeSpec: Json, afterSpec: Json, options: CompareOptions = {}): SpecDiffReport {
  const before = structuredClone(beforeSpec);
  const after = structuredClone(afterSpec);
  const { diffs } = apiCompare(structuredClone(before), structuredClone(after));
  const libraryDiffs = diffs as unknown as LibraryDiff[];
  options.onLibraryDiffs?.(libraryDiffs);
  const ctx = context(before, after, libraryDiffs);

  const placed: PlacedChange[] = libraryDiffs.flatMap((d) => classifyDiff(d, ctx));
  const byOperation = new Map<string, Change[]>();
  const groups = new Map<string, Change[]>();
  /** The methods of a path item (after the change, and before it under its old key). */
  const methodsOf = (pathKey: string): string[] => {
    const beforeKey = [...ctx.renames].find(([, to]) => to === pathKey)?.[0] ?? pathKey;
    const found = new Set<string>();
    for (const item of [valueAt(after, ['paths', pathKey]), valueAt(before, ['paths', beforeKey])]) {
      if (isObject(item)) for (const m of HTTP_METHODS) if (item[m] !== undefined) found.add(m);
    }
    return [...found];
  };
  const addTo = (map: Map<string, Change[]>, key: string, change: Change): void => {
    map.set(key, [...(map.get(key) ?? []), change]);
  };
  for (const { at, change } of placed) {
    if (at.kind === 'operation') addTo(byOperation, `${at.method} ${at.pathKey}`, change);
    else if (at.kind === 'path-item') for (const m of methodsOf(at.pathKey)) addTo(byOperation, `${m} ${at.pathKey}`, { ...change });
    else addTo(groups, at.group, change);
  }

  const order = operationOrder(before, after, ctx.renames);
  const operations: OperationChanges[] = [...byOperation.entries()]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([key, raw]) => {
      const space = key.indexOf(' ');
      const method = key.slice(0, space);
      const path = key.slice(space + 1);
      const reverse = [...ctx.renames].find(([, to]) => to === path)?.[0] ?? path;
      const opAfter = isObject(after.paths) && isObject(after.paths[path]) ? (after.paths[path] as Json)[method] : undefined;
      const opBefore = isObject(before.paths) && isObject(before.paths[reverse]) ? (before.paths[reverse] as Json)[method] : undefined;
      const id = [opAfter, opBefore].map((op) => (isObject(op) && typeof op.operationId === 'string' ? op.operationId : undefined)).find(Boolean);
      const changes = tidy(raw);
      return { operationId: id ?? `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, classification: worst(changes), changes };
    });
  const other = [...groups.entries()].map(([group, raw]) => {
    const changes = tidy(raw);
    return { group, classification: worst(changes), changes };
  });

  const all = [...operations.flatMap((o) => o.changes), ...other.flatMap((g) => g.changes)];
  const counts = { breaking: 0, 'non-breaking': 0, 'documentation-only': 0, warnings: 0 };
  for (const c of all) {
    counts[c.classification] += 1;
    if (c.warning) counts.warnings += 1;
  }
  return { bump: bumpFor(all), breaking: counts.breaking > 0, counts, operations, other };
}
