import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';

type Middleware = NonNullable<ConstructorParameters<typeof SchemaRegistry>[0]['middlewares']>[number];

/**
 * mappersmith middleware giving every registry request a timeout: the library sets none, so a
 * registry that accepts connections but never answers would hang every first encode.
 */
export function requestTimeoutMiddleware({ requestTimeoutMs }: { requestTimeoutMs: number }): Middleware {
  return () => ({
    async prepareRequest(next) {
      const request = await next();
      return request.timeout() ? request : request.enhance({ timeout: requestTimeoutMs });
    },
  });
}
