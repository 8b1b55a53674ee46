import { InvalidRequestError } from '../errors';
import { serializeResource } from './serialize';

describe('serializeResource', () => {
  it('builds a create document with attributes only, dropping undefined', () => {
    expect(serializeResource({ flowId: 'f', state: {}, skip: undefined }, { type: 'flowRuns' })).toEqual({
      data: { type: 'flowRuns', attributes: { flowId: 'f', state: {} } },
    });
  });

  it('always sends data.id on update', () => {
    const document = serializeResource({ status: 'cancelled' }, { type: 'flowRuns', id: 'abc' });
    expect(document.data).toEqual({ type: 'flowRuns', id: 'abc', attributes: { status: 'cancelled' } });
  });

  it('turns documented relationship params into linkage (id, { id } or null)', () => {
    const shape = { type: 'messages', relationships: { messageThread: 'messageThreads', candidate: 'candidates' } };
    expect(serializeResource({ sendBy: 'R', messageThread: 't1', candidate: null }, shape).data).toEqual({
      type: 'messages',
      attributes: { sendBy: 'R' },
      relationships: { messageThread: { data: { type: 'messageThreads', id: 't1' } }, candidate: { data: null } },
    });
    expect(serializeResource({ messageThread: { id: 't2' } }, shape).data.relationships).toEqual({
      messageThread: { data: { type: 'messageThreads', id: 't2' } },
    });
  });

  it('refuses a relationship param that is not an id', () => {
    const shape = { type: 'messages', relationships: { messageThread: 'messageThreads' } };
    expect(() => serializeResource({ messageThread: 42 }, shape)).toThrow(InvalidRequestError);
    expect(() => serializeResource({ messageThread: { id: '' } }, shape)).toThrow('Relationship "messageThread"');
  });

  it('keeps an attribute named __proto__ as data without touching any prototype', () => {
    const params = JSON.parse('{"__proto__": {"polluted": true}, "name": "x"}') as object;
    const document = serializeResource(params, { type: 'flows' });
    expect(Object.getPrototypeOf(document.data.attributes)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(document)).data.attributes).toEqual(JSON.parse('{"__proto__": {"polluted": true}, "name": "x"}'));
  });

  it('does not treat an inherited key of the relationship table as a relationship', () => {
    const document = serializeResource({ toString: 'a', constructor: 'b' }, { type: 'flows', relationships: {} });
    expect(document.data.attributes).toEqual({ toString: 'a', constructor: 'b' });
    expect(document.data.relationships).toBeUndefined();
  });

  it('turns a to-many relationship param into a list of linkages; [] clears it', () => {
    const shape = { type: 'users', id: 'u1', relationships: { candidates: 'candidates' } };
    expect(serializeResource({ timeZone: 'Europe/Berlin', candidates: ['c1', { id: 'c2' }] }, shape).data.relationships).toEqual({
      candidates: { data: [{ type: 'candidates', id: 'c1' }, { type: 'candidates', id: 'c2' }] },
    });
    expect(serializeResource({ candidates: [] }, shape).data.relationships).toEqual({ candidates: { data: [] } });
    expect(() => serializeResource({ candidates: ['c1', null] }, shape)).toThrow(InvalidRequestError);
    expect(() => serializeResource({ candidates: [['c1']] }, shape)).toThrow('Relationship "candidates"');
  });

  it('leaves attributes out of a document that only changes relationships', () => {
    const shape = { type: 'nodeTransitions', id: 't1', relationships: { exitNode: 'nodes' } };
    expect(serializeResource({ exitNode: 'n2' }, shape)).toEqual({ data: { type: 'nodeTransitions', id: 't1', relationships: { exitNode: { data: { type: 'nodes', id: 'n2' } } } } });
    expect(serializeResource({}, { type: 'flowRuns', id: 'r1' }).data).toEqual({ type: 'flowRuns', id: 'r1', attributes: {} });
  });

  it('refuses params that are not an object', () => {
    expect(() => serializeResource([] as unknown as object, { type: 'flows' })).toThrow(InvalidRequestError);
  });
});
