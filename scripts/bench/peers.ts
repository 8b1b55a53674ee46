// The programs the benchmark compares, by name. Each takes a freshly parsed document and
// returns what it produces; a peer may mutate its input (kitsu-core does).
import { deserialize } from '../../src/jsonapi/deserialize';
import { floorDeserialize, floorKeepingLinks } from './floor';

export type Peer = (document: any) => unknown;

export const PEER_NAMES = ['JSON.parse', 'floor', 'floor+links', 'recrubo', 'jsona', 'kitsu-core', 'json-api-normalizer'] as const;
export type PeerName = (typeof PEER_NAMES)[number];

/** Loads one peer (dynamic imports: a child loads only the library it measures). */
export async function loadPeer(name: PeerName): Promise<Peer> {
  switch (name) {
    case 'JSON.parse':
      return (document) => document;
    case 'floor':
      return floorDeserialize;
    case 'floor+links':
      return floorKeepingLinks;
    case 'recrubo':
      return deserialize;
    case 'jsona': {
      const { Jsona } = await import('jsona');
      return (document) => new Jsona().deserialize(document);
    }
    case 'kitsu-core': {
      // Its CommonJS build cannot be required (a "type": "module" package); the ESM build can be imported.
      const { deserialise } = (await import('kitsu-core')) as { deserialise: Peer };
      return (document) => deserialise(document);
    }
    case 'json-api-normalizer': {
      // No type declarations: import it by a name TypeScript does not resolve.
      const name: string = 'json-api-normalizer';
      const module = (await import(name)) as { default: Peer | { default: Peer } };
      const normalize = typeof module.default === 'function' ? module.default : module.default.default;
      return (document) => normalize(document);
    }
  }
}
