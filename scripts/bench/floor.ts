// Hand-written single-pass resolvers: the floor for this work in plain JavaScript. No
// validation, no protection against hostile names, no cycle-safe JSON.stringify.

type Raw = Record<string, any>;
type Index = Map<string, Raw>;

function flatten(r: Raw): Raw {
  const o: Raw = { id: r.id, type: r.type };
  const a = r.attributes;
  for (const k in a) o[k] = a[k];
  return o;
}

function lookup(index: Index, d: Raw): Raw {
  return index.get(`${d.type}:${d.id}`) ?? { id: d.id, type: d.type };
}

function link(index: Index, o: Raw, rels: Raw | undefined): void {
  for (const k in rels) {
    const d = rels[k].data;
    if (d === undefined) continue;
    if (d === null) o[k] = null;
    else if (Array.isArray(d)) {
      const list: Raw[] = [];
      for (let i = 0; i < d.length; i++) list.push(lookup(index, d[i]));
      o[k] = list;
    } else o[k] = lookup(index, d);
  }
}

/**
 * The minimal resolver: a Map of `included` by `type:id`, flattened attributes,
 * relationships resolved (those of included resources too). Drops every `meta` and `links`.
 */
export function floorDeserialize(doc: Raw): unknown {
  const index: Index = new Map();
  const included: Raw[] = doc.included ?? [];
  const flatIncluded: Raw[] = [];
  for (let i = 0; i < included.length; i++) {
    const r = included[i]!;
    const o = flatten(r);
    index.set(`${r.type}:${r.id}`, o);
    flatIncluded.push(o);
  }
  for (let i = 0; i < included.length; i++) link(index, flatIncluded[i]!, included[i]!.relationships);
  const data = doc.data;
  let out: unknown = null;
  if (Array.isArray(data)) {
    const list: Raw[] = [];
    for (let i = 0; i < data.length; i++) {
      const o = flatten(data[i]);
      link(index, o, data[i].relationships);
      list.push(o);
    }
    out = list;
  } else if (data) {
    const o = flatten(data);
    link(index, o, data.relationships);
    out = o;
  }
  return { data: out, meta: doc.meta, links: doc.links };
}

function flattenKeeping(r: Raw): Raw {
  const o = flatten(r);
  if (r.meta !== undefined) o.$meta = r.meta;
  if (r.links !== undefined) o.$links = r.links;
  return o;
}

function linkKeeping(index: Index, o: Raw, rels: Raw | undefined): void {
  let kept: Raw | undefined;
  for (const k in rels) {
    const rel = rels[k];
    if (rel.links !== undefined) (kept ??= {})[k] = rel.links;
    if (rel.meta !== undefined) (kept ??= {})[`${k}$meta`] = rel.meta;
  }
  if (kept !== undefined) o.$relationships = kept;
  link(index, o, rels);
}

/**
 * The same, but keeping what `deserialize` must keep reachable: resource `meta`/`links` and
 * each relationship's `links`/`meta` (by reference, in one side object per resource).
 * The memory floor for a resolver that loses nothing.
 */
export function floorKeepingLinks(doc: Raw): unknown {
  const index: Index = new Map();
  const included: Raw[] = doc.included ?? [];
  const flatIncluded: Raw[] = [];
  for (let i = 0; i < included.length; i++) {
    const r = included[i]!;
    const o = flattenKeeping(r);
    index.set(`${r.type}:${r.id}`, o);
    flatIncluded.push(o);
  }
  for (let i = 0; i < included.length; i++) linkKeeping(index, flatIncluded[i]!, included[i]!.relationships);
  const data = doc.data;
  let out: unknown = null;
  if (Array.isArray(data)) {
    const list: Raw[] = [];
    for (let i = 0; i < data.length; i++) {
      const o = flattenKeeping(data[i]);
      linkKeeping(index, o, data[i].relationships);
      list.push(o);
    }
    out = list;
  } else if (data) {
    const o = flattenKeeping(data);
    linkKeeping(index, o, data.relationships);
    out = o;
  }
  return { data: out, meta: doc.meta, links: doc.links };
}
