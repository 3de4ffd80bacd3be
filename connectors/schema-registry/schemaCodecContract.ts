import { afterEach, beforeEach, describe } from 'vitest';
import type { SchemaCodec } from '../../engine/ports/index.ts';
import { badBytesCases } from './internal/contract/badBytesCases.ts';
import type { ContractContext, SchemaCodecStore } from './internal/contract/ContractContext.ts';
import { evolutionCases } from './internal/contract/evolutionCases.ts';
import { invalidEventCases } from './internal/contract/invalidEventCases.ts';
import { roundtripCases } from './internal/contract/roundtripCases.ts';

export type { SchemaCodecStore } from './internal/contract/ContractContext.ts';

export interface SchemaCodecContractTarget {
  /** The implementation's name, the title of the suite. */
  name: string;
  /** Skip the whole suite (reported as skipped), e.g. when its service is not configured. */
  skip?: boolean;
  /** A fresh store per test: a temporary data directory, or the shared registry. */
  newStore(): Promise<SchemaCodecStore>;
}

/**
 * The one contract every SchemaCodec passes: the embedded catalogue and the schema registry
 * codec run these same tests (the registry one against a real registry when configured).
 *
 * @example
 * schemaCodecContract({ name: 'LocalSchemaCatalogue', newStore: async () => localStore() });
 */
export function schemaCodecContract(target: SchemaCodecContractTarget): void {
  describe.skipIf(target.skip ?? false)(`${target.name} (SchemaCodec contract)`, () => {
    let store: SchemaCodecStore;
    let codec: SchemaCodec;
    beforeEach(async () => {
      store = await target.newStore();
      codec = await store.open();
    });
    afterEach(async () => {
      await codec.close();
      await store.cleanup();
    });
    const ctx: ContractContext = { store: () => store, codec: () => codec };
    roundtripCases(ctx);
    invalidEventCases(ctx);
    badBytesCases(ctx);
    evolutionCases(ctx);
  });
}
