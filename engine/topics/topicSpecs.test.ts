import { describe, expect, it } from 'vitest';
import { resolveTopic, topicName, topicSpecs } from './topicSpecs.ts';

describe('topicSpecs', () => {
  describe('when the default prefix is used', () => {
    it('names the topics of the architecture with their partition counts', () => {
      const specs = Object.fromEntries(topicSpecs('efi.').map((s) => [s.name, s]));
      expect(Object.keys(specs).sort()).toEqual([
        'efi.audit.v1',
        'efi.cards.changelog.v1',
        'efi.cards.v1',
        'efi.dlq.v1',
        'efi.events.v1',
        'efi.sync.v1',
        'efi.telemetry.v1',
        'efi.tickets.v1',
      ]);
      expect(specs['efi.tickets.v1']?.partitions).toBe(12);
      expect(specs['efi.telemetry.v1']?.partitions).toBe(12);
      expect(specs['efi.cards.v1']?.partitions).toBe(6);
      expect(specs['efi.sync.v1']?.partitions).toBe(1);
      expect(specs['efi.cards.changelog.v1']?.compacted).toBe(true);
      expect(specs['efi.tickets.v1']?.compacted).toBe(false);
    });
  });

  describe('when a prefix is configured', () => {
    it('prefixes every topic and resolves both spellings', () => {
      expect(topicName('staging.efi.', 'tickets')).toBe('staging.efi.tickets.v1');
      expect(resolveTopic('staging.efi.', 'staging.efi.cards.changelog.v1')).toBe('cards.changelog');
      expect(resolveTopic('staging.efi.', 'tickets')).toBe('tickets');
      expect(resolveTopic('staging.efi.', 'efi.tickets.v1')).toBeUndefined();
    });
  });
});
