import { describe, expect, it } from 'vitest';
import { EventType } from '../../schemas/index.ts';
import { RegistrySchemaCodec } from './RegistrySchemaCodec.ts';
import { schemaCodecContract } from './schemaCodecContract.ts';

const url = process.env.SCHEMA_REGISTRY_URL;

schemaCodecContract({
  name: 'RegistrySchemaCodec',
  skip: !url,
  newStore: async () => ({
    // The registry is the shared store; tests that register their own schemas use fresh namespaces.
    open: async ({ schemas } = {}) => new RegistrySchemaCodec({ url: url!, ...(schemas ? { schemas } : {}) }),
    cleanup: async () => {},
  }),
});

describe.skipIf(!url)('RegistrySchemaCodec against a real registry', () => {
  describe('when the engine schemas are registered', () => {
    it('uses RecordNameStrategy subjects efi.v1.<Type> with BACKWARD compatibility', async () => {
      const codec = new RegistrySchemaCodec({ url: url! });
      for (const type of EventType) await codec.schemaId(type);
      const subjects = (await (await fetch(`${url}/subjects`)).json()) as string[];
      expect(subjects).toEqual(expect.arrayContaining(EventType.map((type) => `efi.v1.${type}`)));
      const config = (await (await fetch(`${url}/config/efi.v1.TicketCreated`)).json()) as { compatibilityLevel?: string; compatibility?: string };
      expect(config.compatibilityLevel ?? config.compatibility).toBe('BACKWARD');
    });

    it('answers the same ids to a second engine process', async () => {
      const first = new RegistrySchemaCodec({ url: url! });
      const second = new RegistrySchemaCodec({ url: url! });
      for (const type of EventType) expect(await second.schemaId(type)).toBe(await first.schemaId(type));
    });
  });
});
