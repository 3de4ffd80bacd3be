import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { locationEffectRecorder } from './location.effects.ts';
import { locationMachine } from './location.machine.ts';
import type { LocationEvent, LocationInput } from './location.types.ts';

const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
const L = 'loc-7';
const connected = (at: number, since: number): LocationEvent => ({ type: 'LOCATION_CONNECTED', location_id: L, at, since });
const ack = (at: number, version: number): LocationEvent => ({ type: 'SYNC_ACK', location_id: L, at, version });
const head = (at: number, version: number): LocationEvent => ({ type: 'HEAD_ADVANCED', location_id: L, at, version });
const disconnected = (at: number): LocationEvent => ({ type: 'LOCATION_DISCONNECTED', location_id: L, at });

function start(events: LocationEvent[] = [], input: LocationInput = { lagThreshold: 10 }) {
  const rec = locationEffectRecorder();
  const actor = createActor(locationMachine.provide({ actions: { effect: rec.effect } }), { input }).start();
  for (const e of events) actor.send(e);
  return { actor, rec };
}

describe('locationMachine', () => {
  describe('when nothing has happened', () => {
    it('starts offline with the default threshold', () => {
      const actor = createActor(locationMachine).start();
      expect(actor.getSnapshot().value).toBe('offline');
      expect(actor.getSnapshot().context).toMatchObject({ acked_version: 0, head_version: 0, lag: 0, lag_threshold: 100 });
    });
  });

  describe('when a location connects', () => {
    it('is online at once when it already holds the head', () => {
      const { actor } = start([head(T0, 5), connected(T0 + 1, 5)]);
      expect(actor.getSnapshot().value).toBe('online');
      expect(actor.getSnapshot().context).toMatchObject({ acked_version: 5, lag: 0, connected_at: T0 + 1, location_id: L });
    });

    it('catches up until it acknowledges the head it connected at, even if the head moves on', () => {
      const { actor } = start([head(T0, 500), connected(T0 + 1, 20)]);
      expect(actor.getSnapshot().value).toBe('catching_up');
      expect(actor.getSnapshot().context).toMatchObject({ lag: 480, catch_up_target: 500, behind_since: T0 });
      actor.send(ack(T0 + 2, 300));
      actor.send(head(T0 + 3, 505));
      expect(actor.getSnapshot().value).toBe('catching_up');
      actor.send(ack(T0 + 4, 500));
      expect(actor.getSnapshot().value).toBe('online');
      expect(actor.getSnapshot().context).toMatchObject({ acked_version: 500, lag: 5, catch_up_target: null, last_ack_at: T0 + 4 });
    });

    it('lands in lagging when catch-up ends further behind than the threshold', () => {
      const { actor } = start([head(T0, 100), connected(T0 + 1, 0), head(T0 + 2, 200), ack(T0 + 3, 100)]);
      expect(actor.getSnapshot().value).toBe('lagging');
      expect(actor.getSnapshot().context.lag).toBe(100);
    });
  });

  describe('when the head advances on a live location', () => {
    it('goes lagging above the threshold and back online when acks bring it within', () => {
      const { actor } = start([connected(T0, 0), head(T0 + 1, 10)]);
      expect(actor.getSnapshot().value).toBe('online');
      actor.send(head(T0 + 2, 11));
      expect(actor.getSnapshot().value).toBe('lagging');
      expect(actor.getSnapshot().context).toMatchObject({ lag: 11, behind_since: T0 + 1 });
      actor.send(ack(T0 + 3, 11));
      expect(actor.getSnapshot().value).toBe('online');
      expect(actor.getSnapshot().context).toMatchObject({ lag: 0, behind_since: null });
    });

    it('never moves versions backwards on late or repeated events', () => {
      const { actor } = start([connected(T0, 0), head(T0 + 1, 8), ack(T0 + 2, 8), head(T0 + 3, 3), ack(T0 + 4, 2)]);
      expect(actor.getSnapshot().context).toMatchObject({ head_version: 8, acked_version: 8, lag: 0 });
    });

    it('treats an ack beyond the known head as the new head', () => {
      const { actor } = start([connected(T0, 0), ack(T0 + 1, 12)]);
      expect(actor.getSnapshot().context).toMatchObject({ head_version: 12, acked_version: 12, lag: 0 });
    });
  });

  describe('when a location disconnects', () => {
    it('goes offline, keeps its versions, tracks the head, and catches up on reconnect', () => {
      const { actor, rec } = start([connected(T0, 0), head(T0 + 1, 4), ack(T0 + 2, 4), disconnected(T0 + 3)]);
      expect(actor.getSnapshot().value).toBe('offline');
      actor.send(head(T0 + 4, 30));
      expect(actor.getSnapshot().value).toBe('offline');
      expect(actor.getSnapshot().context).toMatchObject({ acked_version: 4, head_version: 30, lag: 26, disconnected_at: T0 + 3 });
      actor.send(connected(T0 + 5, 4));
      expect(actor.getSnapshot().value).toBe('catching_up');
      expect(rec.effects).toEqual([]);
    });
  });

  describe('when the snapshot is persisted and restored', () => {
    it('continues identically after a JSON round trip', () => {
      const headEvents = [head(T0, 100), connected(T0 + 1, 20), ack(T0 + 2, 60)];
      const tail = [head(T0 + 3, 150), ack(T0 + 4, 100), disconnected(T0 + 5), connected(T0 + 6, 100), ack(T0 + 7, 150)];
      const straight = start([...headEvents, ...tail]);
      const persisted = JSON.parse(JSON.stringify(start(headEvents).actor.getPersistedSnapshot()));
      const restored = createActor(locationMachine, { snapshot: persisted }).start();
      for (const e of tail) restored.send(e);
      expect(restored.getSnapshot().value).toBe('online');
      expect(restored.getSnapshot().context).toEqual(straight.actor.getSnapshot().context);
      expect(JSON.stringify(restored.getPersistedSnapshot())).toBe(JSON.stringify(straight.actor.getPersistedSnapshot()));
    });
  });
});
