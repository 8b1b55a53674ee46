// Which spec operation each SDK resource method calls, from the resource table.
import { METHOD_ROUTES, RESOURCES, type MethodName } from '../../src/resources/table';
import { operations, type Operation } from './spec';

export interface SdkOperation {
  resource: string;
  method: MethodName;
  operation: Operation | undefined;
}

export function sdkOperations(spec: Record<string, unknown>): SdkOperation[] {
  const all = operations(spec);
  return Object.entries(RESOURCES).flatMap(([resource, definition]) =>
    definition.methods.map((method) => {
      const route = METHOD_ROUTES[method];
      const path = definition[route.at];
      return { resource, method, operation: all.find((op) => op.path === path && op.method === route.http) };
    }),
  );
}
