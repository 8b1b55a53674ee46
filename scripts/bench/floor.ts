// Hand-written single-pass resolvers: the floor for this work in plain JavaScript. No
// validation, no protection against hostile names, no cycle-safe JSON.stringify.

type Raw = Record<string, any>;

/**
 * The minimal resolver: a Map of `included` by `type:id`, flattened attributes,
 * relationships resolved (those of included resources too). Drops every `meta` and `links`.
 */
export function floorDeserialize(doc: Raw): unknown {
  const byKey = new Map<string, Raw>();
  const included: Raw[] = doc.included ?? [];
  const flatIncluded: Raw[] = [];
  for (const r of included) {
    const o: Raw = { id: r.id, type: r.type };
    const a = r.attributes;
    for (const k in a) o[k] = a[k];
    byKey.set(`${r.type}:${r.id}`, o);
    flatIncluded.push(o);
  }
  const lookup = (d: Raw): Raw => byKey.get(`${d.type}:${d.id}`) ?? { id: d.id, type: d.type };
  const link = (o: Raw, rels: Raw | undefined): void => {
    for (const k in rels) {
      const d = rels[k].data;
      if (d === undefined) continue;
      o[k] = d === null ? null : Array.isArray(d) ? d.map(lookup) : lookup(d);
    }
  };
  for (let i = 0; i < included.length; i++) link(flatIncluded[i]!, included[i]!.relationships);
  const one = (r: Raw): Raw => {
    const o: Raw = { id: r.id, type: r.type };
    const a = r.attributes;
    for (const k in a) o[k] = a[k];
    link(o, r.relationships);
    return o;
  };
  return { data: Array.isArray(doc.data) ? doc.data.map(one) : doc.data && one(doc.data), meta: doc.meta, links: doc.links };
}

const REL_LINKS = Symbol('relationshipLinks');

/**
 * The same, but keeping what `deserialize` must keep reachable: resource `meta`/`links` and
 * each relationship's `links`/`meta` (by reference, in one side object per resource).
 * The memory floor for a resolver that loses nothing.
 */
export function floorKeepingLinks(doc: Raw): unknown {
  const byKey = new Map<string, Raw>();
  const included: Raw[] = doc.included ?? [];
  const flatIncluded: Raw[] = [];
  const flat = (r: Raw): Raw => {
    const o: Raw = { id: r.id, type: r.type };
    const a = r.attributes;
    for (const k in a) o[k] = a[k];
    if (r.meta !== undefined) o.$meta = r.meta;
    if (r.links !== undefined) o.$links = r.links;
    return o;
  };
  for (const r of included) {
    const o = flat(r);
    byKey.set(`${r.type}:${r.id}`, o);
    flatIncluded.push(o);
  }
  const lookup = (d: Raw): Raw => byKey.get(`${d.type}:${d.id}`) ?? { id: d.id, type: d.type };
  const link = (o: Raw, rels: Raw | undefined): void => {
    let kept: Raw | undefined;
    for (const k in rels) {
      const rel = rels[k];
      if (rel.links !== undefined) (kept ??= {})[k] = rel.links;
      const d = rel.data;
      if (d === undefined) continue;
      o[k] = d === null ? null : Array.isArray(d) ? d.map(lookup) : lookup(d);
    }
    if (kept !== undefined) o[REL_LINKS] = kept;
  };
  for (let i = 0; i < included.length; i++) link(flatIncluded[i]!, included[i]!.relationships);
  const one = (r: Raw): Raw => {
    const o = flat(r);
    link(o, r.relationships);
    return o;
  };
  return { data: Array.isArray(doc.data) ? doc.data.map(one) : doc.data && one(doc.data), meta: doc.meta, links: doc.links };
}
