import { EfiError, isEfiError } from '../../../engine/errors/index.ts';

interface ResponseErrorLike {
  name?: string;
  message?: string;
  status?: number;
  url?: string;
}

/**
 * mappersmith reports a request that never got an HTTP answer (refused, reset, DNS, timeout)
 * as status 400 with the socket error as the body, and the library's error middleware keeps
 * only that text ("Error, status 400: connect ECONNREFUSED …"). A registry's own 400 carries a
 * JSON `message` instead, so this prefix plus a transport error name tells the two apart.
 */
const TRANSPORT_FAILURE = /Error, status 400: .*(E[A-Z_]{3,}|Timeout \(\d+ms\)|socket hang up)/;

/**
 * Maps what `@kafkajs/confluent-schema-registry` throws to an {@link EfiError}: unreachable,
 * timing out or failing registries are `SCHEMA_REGISTRY_UNAVAILABLE` and retriable; a 404 for
 * a schema id is `SCHEMA_UNKNOWN_ID`; a 409/422 or a compatibility-level clash is
 * `SCHEMA_INCOMPATIBLE`; bad credentials are `CONFIG_INVALID`.
 */
export function registryError(err: unknown, { action, details }: { action: string; details: Record<string, unknown> }): EfiError {
  if (isEfiError(err)) return err;
  const { name, message = String(err), status, url } = (err ?? {}) as ResponseErrorLike;
  const facts = { ...details, status, url };
  if (name === 'ConfluentSchemaRegistryCompatibilityError') {
    return new EfiError('SCHEMA_INCOMPATIBLE', `${action}: the subject's compatibility level is not BACKWARD (${message})`, { cause: err, details: facts });
  }
  if (status === undefined) {
    return new EfiError('SCHEMA_REGISTRY_UNAVAILABLE', `${action}: ${message}`, { cause: err, details: facts });
  }
  if ((status === 400 && TRANSPORT_FAILURE.test(message)) || status >= 500 || status === 408 || status === 429) {
    return new EfiError('SCHEMA_REGISTRY_UNAVAILABLE', `${action}: schema registry unavailable: ${message}`, { cause: err, retriable: true, details: facts });
  }
  if (status === 404 && details.schemaId !== undefined) {
    return new EfiError('SCHEMA_UNKNOWN_ID', `${action}: the registry has no schema with id ${details.schemaId}`, { cause: err, details: facts });
  }
  if (status === 409 || status === 422) {
    return new EfiError('SCHEMA_INCOMPATIBLE', `${action}: the registry refused the schema: ${message}`, { cause: err, details: facts });
  }
  if (status === 401 || status === 403) {
    return new EfiError('CONFIG_INVALID', `${action}: the registry refused our credentials: ${message}`, { cause: err, details: facts });
  }
  return new EfiError('SCHEMA_REGISTRY_UNAVAILABLE', `${action}: unexpected registry answer ${status}: ${message}`, { cause: err, details: facts });
}
