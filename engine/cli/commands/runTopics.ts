import type { EventLog } from '../../ports/index.ts';

export interface RunTopicsOptions {
  log: EventLog;
  json: boolean;
  write: (line: string) => Promise<void>;
}

/**
 * `efi topics`: every topic with its partition count, compaction and per-partition end offsets.
 *
 * @example
 * await runTopics({ log, json: true, write: writeLine });
 */
export async function runTopics({ log, json, write }: RunTopicsOptions): Promise<void> {
  const topics = (await log.listTopics()).sort((a, b) => a.name.localeCompare(b.name));
  const rows = [];
  for (const topic of topics) {
    const offsets = await log.listOffsets(topic.name);
    const records = offsets.reduce((sum, p) => sum + (p.high - p.low), 0);
    rows.push({ ...topic, records, offsets });
  }
  if (json) {
    await write(JSON.stringify(rows));
    return;
  }
  await write(['TOPIC'.padEnd(28), 'PARTITIONS'.padStart(10), 'RECORDS'.padStart(10), '  COMPACTED  END OFFSETS'].join(''));
  for (const row of rows) {
    const ends = row.offsets.map((p) => p.high).join(',');
    await write([row.name.padEnd(28), String(row.partitions).padStart(10), String(row.records).padStart(10), `  ${row.compacted ? 'yes' : 'no '}        ${ends}`].join(''));
  }
}
