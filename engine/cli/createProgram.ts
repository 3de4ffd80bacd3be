import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config/index.ts';
import { resolveTopic, topicName } from '../topics/index.ts';
import { openConnectors } from '../compose/index.ts';
import { runConsume } from './commands/runConsume.ts';
import { runProduce } from './commands/runProduce.ts';
import { runTopics } from './commands/runTopics.ts';
import { writeLine } from './internal/writeLine.ts';

// A CLI reader killed with Ctrl-C or kill -9 should not hold its group's partitions for the
// 30 s production session timeout: the next `efi consume --group` would wait that long.
const CLI_KAFKA = { sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 15_000, heartbeatIntervalMs: 1_000 };

/**
 * The `efi` operator CLI. Works on the embedded log under `EFI_DATA_DIR` by default and on
 * Kafka when `KAFKA_BROKERS` is set (and on a registry when `SCHEMA_REGISTRY_URL` is set).
 *
 * @example
 * efi produce --topic tickets --file events.jsonl
 * efi consume --topic efi.tickets.v1 --from-beginning --limit 10
 */
export function createProgram(): Command {
  const program = new Command('efi')
    .description('EFI engine operator CLI (embedded log by default; KAFKA_BROKERS switches to Kafka)')
    .showHelpAfterError();

  program
    .command('topics')
    .description('list topics with their partitions and end offsets')
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: { json?: boolean }) => {
      const config = loadConfig();
      const connectors = await openConnectors(config, { createTopics: true, kafka: CLI_KAFKA });
      try {
        await runTopics({ log: connectors.log, json: opts.json ?? false, write: writeLine });
      } finally {
        await connectors.close();
      }
    });

  program
    .command('produce')
    .description('validate, encode and write JSON-lines events ({"type":"TicketCreated",...}) to a topic')
    .requiredOption('--topic <topic>', 'topic: logical (tickets) or full name (efi.tickets.v1)')
    .requiredOption('--file <path>', 'JSON-lines file, - for stdin')
    .addOption(new Option('--batch <n>', 'records per acknowledged write').default(500).argParser(positiveInt))
    .option('--progress', 'print a JSON line to stdout after every acknowledged batch')
    .action(async (opts: { topic: string; file: string; batch: number; progress?: boolean }) => {
      const config = loadConfig();
      const topic = resolveTopic(config.topicPrefix, opts.topic);
      if (!topic) throw new InvalidArgumentError(`unknown topic "${opts.topic}"`);
      const connectors = await openConnectors(config, { createTopics: true, kafka: CLI_KAFKA });
      try {
        const summary = await runProduce({
          publisher: connectors.publisher,
          topicPrefix: config.topicPrefix,
          topic,
          file: opts.file,
          batchSize: opts.batch,
          onAck: opts.progress ? (p) => void writeLine(JSON.stringify({ acked_through_line: p.ackedThroughLine, written: p.written })) : undefined,
          onReject: ({ line, reason }) => process.stderr.write(`line ${line}: ${reason}\n`),
        });
        await writeLine(JSON.stringify({ topic: topicName(config.topicPrefix, topic), ...summary }));
        if (summary.rejected > 0) process.exitCode = 2;
      } finally {
        await connectors.close();
      }
    });

  program
    .command('consume')
    .description('print decoded events of a topic as JSON lines')
    .requiredOption('--topic <topic>', 'topic: logical (tickets) or full name (efi.tickets.v1)')
    .addOption(new Option('--from-beginning', 'start at the earliest offset').conflicts('fromTime'))
    .addOption(new Option('--from-time <iso>', 'start at the first record at or after this time').argParser(isoTime))
    .addOption(new Option('--limit <n>', 'stop after n records').argParser(positiveInt))
    .option('--group <group>', 'resume from and commit to this consumer group')
    .option('--follow', 'keep waiting for new records')
    .option('--meta', 'add _topic, _partition, _offset, _timestamp and _key to each line')
    .action(async (opts: { topic: string; fromBeginning?: boolean; fromTime?: number; limit?: number; group?: string; follow?: boolean; meta?: boolean }) => {
      const config = loadConfig();
      const topic = resolveTopic(config.topicPrefix, opts.topic);
      if (!topic) throw new InvalidArgumentError(`unknown topic "${opts.topic}"`);
      const connectors = await openConnectors(config, { createTopics: true, kafka: CLI_KAFKA });
      const abort = new AbortController();
      process.once('SIGINT', () => abort.abort());
      try {
        const { undecodable } = await runConsume({
          log: connectors.log,
          codec: connectors.codec,
          topic: topicName(config.topicPrefix, topic),
          fromBeginning: opts.fromBeginning,
          fromTime: opts.fromTime,
          limit: opts.limit,
          group: opts.group,
          follow: opts.follow,
          meta: opts.meta,
          write: writeLine,
          onUndecodable: (p) => process.stderr.write(`${p.topic}[${p.partition}]@${p.offset}: [${p.code}] ${p.reason}\n`),
          signal: abort.signal,
        });
        if (undecodable > 0) process.exitCode = 2;
      } finally {
        await connectors.close();
      }
    });

  return program;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

function isoTime(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new InvalidArgumentError('must be an ISO date-time, e.g. 2026-11-01T10:00:00Z');
  return ms;
}
