import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RegistrySchemaCodec } from './RegistrySchemaCodec.ts';

/** A TCP port nothing listens on: bound once to learn a free number, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('RegistrySchemaCodec', () => {
  let silent: Server | undefined;
  const sockets = new Set<Socket>();
  afterEach(async () => {
    // close() waits for open connections; the silent server's are ended here.
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
    silent = undefined;
  });

  describe('when the URL is not a URL', () => {
    it('throws CONFIG_INVALID at construction', () => {
      expect(() => new RegistrySchemaCodec({ url: 'not a url' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    });
  });

  describe('when the registry is down', () => {
    it('fails encode with a retriable SCHEMA_REGISTRY_UNAVAILABLE', async () => {
      const codec = new RegistrySchemaCodec({ url: `http://127.0.0.1:${await closedPort()}`, retries: 1 });
      await expect(codec.encode('TicketCreated', {})).rejects.toMatchObject({ code: 'SCHEMA_REGISTRY_UNAVAILABLE', retriable: true });
    });

    it('fails decode of an unseen id the same way, without caching the failure', async () => {
      const codec = new RegistrySchemaCodec({ url: `http://127.0.0.1:${await closedPort()}`, retries: 0 });
      const bytes = Buffer.from([0, 0, 0, 0, 9, 2]);
      await expect(codec.decode(bytes)).rejects.toMatchObject({ code: 'SCHEMA_REGISTRY_UNAVAILABLE', retriable: true });
      await expect(codec.decode(bytes)).rejects.toMatchObject({ code: 'SCHEMA_REGISTRY_UNAVAILABLE', retriable: true });
    });
  });

  describe('when the registry accepts connections but never answers', () => {
    it('gives up after the request timeout with a retriable error', async () => {
      silent = createServer((socket) => void sockets.add(socket));
      await new Promise<void>((resolve) => silent!.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as { port: number };
      const codec = new RegistrySchemaCodec({ url: `http://127.0.0.1:${port}`, retries: 0, requestTimeoutMs: 200 });
      const started = performance.now();
      await expect(codec.schemaId('TicketCreated')).rejects.toMatchObject({ code: 'SCHEMA_REGISTRY_UNAVAILABLE', retriable: true });
      expect(performance.now() - started).toBeLessThan(3000);
    });
  });

  describe('when bytes are not framed', () => {
    it('rejects them before any request', async () => {
      const codec = new RegistrySchemaCodec({ url: `http://127.0.0.1:${await closedPort()}` });
      await expect(codec.decode(Buffer.from([1, 0, 0, 0, 1]))).rejects.toMatchObject({ code: 'SCHEMA_BAD_MAGIC' });
      await expect(codec.decode(Buffer.from([0, 0]))).rejects.toMatchObject({ code: 'SCHEMA_DECODE_FAILED' });
    });
  });
});
