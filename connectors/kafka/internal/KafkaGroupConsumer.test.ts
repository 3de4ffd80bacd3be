import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Kafka as KafkaClient } from 'kafkajs';
import type { TopicPartition } from '../../../engine/ports/index.ts';
import type { ConsumerFailure } from '../KafkaLogOptions.ts';
import { Deferred } from './Deferred.ts';
import { KafkaGroupConsumer } from './KafkaGroupConsumer.ts';
import kafkajs from 'kafkajs';

/**
 * Drives the consumer through kafkajs's instrumentation events in a chosen order (the real
 * broker tests cannot force a non-retriable crash or pin down event interleavings). Only the
 * kafkajs consumer surface the class uses is scripted; everything under test is the real class.
 */
class ScriptedKafkaConsumer {
  readonly events = { GROUP_JOIN: 'consumer.group_join', REBALANCING: 'consumer.rebalancing', CRASH: 'consumer.crash' };
  readonly calls: string[] = [];
  readonly #listeners = new Map<string, Array<(e: { payload: unknown }) => void>>();
  on(name: string, fn: (e: { payload: unknown }) => void) {
    this.#listeners.set(name, [...(this.#listeners.get(name) ?? []), fn]);
    return () => undefined;
  }
  emit(name: string, payload: unknown) {
    for (const fn of this.#listeners.get(name) ?? []) fn({ payload });
  }
  join(partitions: number[]) {
    this.emit(this.events.GROUP_JOIN, { memberAssignment: { t: partitions } });
  }
  connect = async () => void this.calls.push('connect');
  subscribe = async () => void this.calls.push('subscribe');
  run = async () => {
    this.calls.push('run');
    this.join([0, 1]);
  };
  disconnect = async () => void this.calls.push('disconnect');
  commitOffsets = async () => void this.calls.push('commit');
  pause = (tps: Array<{ topic: string; partitions: number[] }>) => void this.calls.push(`pause ${tps.map((t) => t.partitions.join(',')).join(';')}`);
  resume = (tps: Array<{ topic: string; partitions: number[] }>) => void this.calls.push(`resume ${tps.map((t) => t.partitions.join(',')).join(';')}`);
  seek = () => undefined;
}

function setup(callbacks: { onAssign?: (ps: TopicPartition[]) => Promise<void> } = {}) {
  const scripted = new ScriptedKafkaConsumer();
  const failures: ConsumerFailure[] = [];
  const log: string[] = [];
  const fmt = (ps: TopicPartition[]) => ps.map((p) => p.partition).join(',');
  const consumer = new KafkaGroupConsumer(
    {
      groupId: 'g',
      topics: ['t'],
      onAssign: async (ps) => {
        log.push(`+${fmt(ps)}`);
        await callbacks.onAssign?.(ps);
      },
      onRevoke: async (ps) => void log.push(`-${fmt(ps)}`),
    },
    {
      kafka: { consumer: () => scripted } as unknown as KafkaClient,
      retry: { retries: 0 },
      sessionTimeoutMs: 6_000,
      rebalanceTimeoutMs: 1_000,
      heartbeatIntervalMs: 300,
      maxWaitTimeMs: 100,
      joinTimeoutMs: 2_000,
      logger: pino({ level: 'silent' }),
      ensureTopics: async () => undefined,
      onFailure: (f) => failures.push(f),
      onClosed: () => undefined,
    },
  );
  return { scripted, consumer, failures, log };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('KafkaGroupConsumer', () => {
  describe('when kafkajs crashes and restarts the consumer', () => {
    it('revokes everything, reports no failure, and assigns again at the rejoin', async () => {
      const { scripted, consumer, failures, log } = setup();
      await consumer.start(async () => undefined);
      scripted.emit(scripted.events.CRASH, { error: new kafkajs.KafkaJSConnectionError('gone'), groupId: 'g', restart: true });
      await settle();
      expect(consumer.assignment()).toEqual([]);
      scripted.join([1]);
      await settle();
      expect(log).toEqual(['+0,1', '-0,1', '+1']);
      expect(consumer.assignment()).toEqual([{ topic: 't', partition: 1 }]);
      expect(failures).toEqual([]);
    });
  });

  describe('when kafkajs crashes for good', () => {
    it('revokes, reports a LOG_UNAVAILABLE crash once, and disconnects', async () => {
      const { scripted, consumer, failures, log } = setup();
      await consumer.start(async () => undefined);
      scripted.emit(scripted.events.CRASH, { error: new kafkajs.KafkaJSNonRetriableError('broken'), groupId: 'g', restart: false });
      await settle();
      expect(log).toEqual(['+0,1', '-0,1']);
      expect(failures).toEqual([{ groupId: 'g', reason: 'crash', error: expect.objectContaining({ code: 'LOG_UNAVAILABLE', retriable: false }) }]);
      expect(scripted.calls.at(-1)).toBe('disconnect');
      await expect(consumer.commit([{ topic: 't', partition: 0, offset: 1 }])).rejects.toMatchObject({ code: 'LOG_CLOSED' });
    });
  });

  describe('when a rebalance is reported between batches', () => {
    it('holds the new assignment paused until onRevoke and onAssign have settled', async () => {
      const gate = new Deferred<void>();
      let assigns = 0;
      const { scripted, consumer, log } = setup({ onAssign: async () => (assigns++ === 1 ? gate.promise : undefined) });
      await consumer.start(async () => undefined);
      consumer.pause([{ topic: 't', partition: 1 }]);
      scripted.calls.length = 0;
      scripted.emit(scripted.events.REBALANCING, { groupId: 'g', memberId: 'm' });
      scripted.join([0, 1]);
      await settle();
      expect(log).toEqual(['+0,1', '-0,1', '+0,1']);
      expect(scripted.calls).toEqual(['pause 0,1']);
      gate.resolve();
      await settle();
      // Released: partition 1 stays paused as the engine asked, partition 0 is fetched again.
      expect(scripted.calls).toEqual(['pause 0,1', 'pause 1', 'resume 0']);
    });
  });

  describe('when no assignment comes', () => {
    it('rejects start with LOG_UNAVAILABLE after joinTimeoutMs and leaves', async () => {
      const { scripted, consumer } = setup();
      scripted.run = async () => void scripted.calls.push('run');
      await expect(consumer.start(async () => undefined)).rejects.toMatchObject({ code: 'LOG_UNAVAILABLE', retriable: true });
      expect(scripted.calls.at(-1)).toBe('disconnect');
    });
  });
});
