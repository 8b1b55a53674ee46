// Which spec operation each SDK method calls, from the resource table: the five resource
// methods through METHOD_ROUTES, and each row's actions through their own method and path.
import { METHOD_ROUTES, RESOURCES, type ResourceDefinition } from '../../src/resources/table';
import { operations, type Operation } from './spec';

export interface SdkOperation {
  /** The table row (`flowRuns`, `managementOrganizations`, `embed`, …). */
  resource: string;
  /** A resource method or an action name. */
  method: string;
  operation: Operation | undefined;
}

export function sdkOperations(spec: Record<string, unknown>): SdkOperation[] {
  const all = operations(spec);
  const find = (path: string | undefined, http: string): Operation | undefined => all.find((op) => op.path === path && op.method === http);
  return Object.entries(RESOURCES).flatMap(([resource, row]) => {
    const definition: ResourceDefinition = row;
    const methods = definition.methods.map((method) => {
      const route = METHOD_ROUTES[method];
      return { resource, method: method as string, operation: find(definition[route.at], route.http) };
    });
    const actions = Object.entries(definition.actions ?? {}).map(([method, action]) => ({ resource, method, operation: find(action.path, action.http) }));
    return [...methods, ...actions];
  });
}
