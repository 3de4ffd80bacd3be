import type { SchemaCodec } from '../../../../engine/ports/index.ts';
import type { AvroRecordSchema } from '../../../../schemas/index.ts';

export type Schemas = Readonly<Record<string, AvroRecordSchema>>;

/** A backing store (a data directory, a registry) that codecs of one test share. */
export interface SchemaCodecStore {
  /** A codec over this store; opening a second one models a restart or a second process. */
  open(options?: { schemas?: Schemas }): Promise<SchemaCodec>;
  cleanup(): Promise<void>;
}

/** What each case file sees: the current test's store and its default codec. */
export interface ContractContext {
  store(): SchemaCodecStore;
  codec(): SchemaCodec;
}

/** The rejection of `promise`, or a failure when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<{ code?: string; message: string; retriable?: boolean; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (err) {
    return err as { code?: string; message: string };
  }
  throw new Error('expected a rejection, but the call succeeded');
}
