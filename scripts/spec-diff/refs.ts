// Reading a bundled spec the way the classifier needs: local $refs resolved, an operation's
// parameters as api-smart-diff lists them, and which components each operation reaches.
export type Json = Record<string, unknown>;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const unescape = (segment: string): string => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** The value at a local `#/a/b` pointer, or undefined. */
export function pointerValue(spec: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = spec;
  for (const segment of ref.slice(2).split('/').map(unescape)) {
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** Follows local `$ref`s until a node that is not one (cycles stop where they start). */
export function deref(spec: Json, node: unknown): unknown {
  const seen = new Set<string>();
  let current = node;
  while (isObject(current) && typeof current.$ref === 'string' && !seen.has(current.$ref)) {
    seen.add(current.$ref);
    current = pointerValue(spec, current.$ref);
  }
  return current;
}

export function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let node = root;
  for (const key of path) {
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/**
 * An operation's parameters in api-smart-diff's order (the operation's own, then the path
 * item's), each resolved: the index in a diff path points into this list.
 */
export function operationParameters(spec: Json, pathKey: string, method: string): Json[] {
  const item = deref(spec, valueAt(spec, ['paths', pathKey]));
  if (!isObject(item)) return [];
  const op = deref(spec, item[method]);
  const own = isObject(op) && Array.isArray(op.parameters) ? op.parameters : [];
  const shared = Array.isArray(item.parameters) ? item.parameters : [];
  return [...own, ...shared].map((p) => deref(spec, p)).filter(isObject);
}

/** Every `#/components/...` ref reachable from `node`, transitively. */
export function reachableRefs(spec: Json, node: unknown, into: Set<string> = new Set()): Set<string> {
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    if (Array.isArray(current)) {
      stack.push(...current);
    } else if (isObject(current)) {
      const ref = current.$ref;
      if (typeof ref === 'string' && ref.startsWith('#/components/') && !into.has(ref)) {
        into.add(ref);
        stack.push(pointerValue(spec, ref));
      }
      for (const [key, value] of Object.entries(current)) if (key !== '$ref') stack.push(value);
    }
  }
  return into;
}

/** The `#/components/<kind>/<name>` ref that a component diff path belongs to. */
export function componentRef(path: readonly (string | number)[]): string | undefined {
  if (path[0] !== 'components' || path.length < 3) return undefined;
  const name = String(path[2]).replace(/~/g, '~0').replace(/\//g, '~1');
  return `#/components/${String(path[1])}/${name}`;
}

export interface OperationRef {
  pathKey: string;
  method: string;
  operationId?: string;
  /** Components this operation reaches, transitively. */
  refs: Set<string>;
}

export function listOperations(spec: Json): OperationRef[] {
  const result: OperationRef[] = [];
  const paths = isObject(spec.paths) ? spec.paths : {};
  for (const [pathKey, rawItem] of Object.entries(paths)) {
    const item = deref(spec, rawItem);
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = deref(spec, item[method]);
      if (!isObject(op)) continue;
      const refs = reachableRefs(spec, op);
      reachableRefs(spec, item.parameters, refs);
      result.push({ pathKey, method, operationId: typeof op.operationId === 'string' ? op.operationId : undefined, refs });
    }
  }
  return result;
}
