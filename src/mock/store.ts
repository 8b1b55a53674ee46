// The mock's in-memory state: resources by type, in the order they were created, each with
// its attributes and the relationship linkage it holds itself. Derived linkage (a Flow's
// nodes, a thread's flow runs) is never stored: relationships.ts computes it on read.

export type Json = Record<string, unknown>;
export type Linkage = { type: string; id: string };
export type LinkageValue = Linkage | Linkage[] | null;

export interface StoredResource {
  readonly type: string;
  readonly id: string;
  attributes: Json;
  /** Linkage written by a request or seeded from an example, by relationship name. */
  linkage: Record<string, LinkageValue>;
}

export class MockStore {
  private readonly byType = new Map<string, Map<string, StoredResource>>();

  /** One resource, or undefined. */
  get(type: string, id: string): StoredResource | undefined {
    return this.byType.get(type)?.get(id);
  }

  has(type: string, id: string): boolean {
    return this.byType.get(type)?.has(id) ?? false;
  }

  /** Every resource of a type, oldest first. */
  all(type: string): StoredResource[] {
    return [...(this.byType.get(type)?.values() ?? [])];
  }

  /** Adds a resource, or replaces the one with its type and id (keeping its place). */
  put(resource: StoredResource): StoredResource {
    let table = this.byType.get(resource.type);
    if (!table) {
      table = new Map();
      this.byType.set(resource.type, table);
    }
    table.set(resource.id, resource);
    return resource;
  }

  delete(type: string, id: string): StoredResource | undefined {
    const existing = this.get(type, id);
    this.byType.get(type)?.delete(id);
    return existing;
  }

  /** The types that hold at least one resource. */
  types(): string[] {
    return [...this.byType].filter(([, table]) => table.size > 0).map(([type]) => type);
  }

  /** How many resources of a type (or of all types). */
  count(type?: string): number {
    if (type !== undefined) return this.byType.get(type)?.size ?? 0;
    let total = 0;
    for (const table of this.byType.values()) total += table.size;
    return total;
  }

  clear(): void {
    this.byType.clear();
  }
}
