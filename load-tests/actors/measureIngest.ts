import type { Connectors } from '../../engine/compose/index.ts';
import type { IngestedEvent, IngestSink } from '../../engine/ingest/index.ts';
import { IngestService } from '../../engine/ingest/index.ts';
import type { Logger } from '../../engine/logging/index.ts';
import type { RecordBatch } from '../../engine/ports/index.ts';
import type { CountingPublisher } from './CountingPublisher.ts';

export interface MeasureIngestOptions {
  connectors: Connectors;
  /** The publisher the sink writes through; the ingest's dead letters go through it too. */
  publisher: CountingPublisher;
  groupId: string;
  topics: string[];
  sink: IngestSink;
  logger: Logger;
  /** Records in the input topics before the run starts. */
  inputRecords: number;
  /** The input topic the sink may write back into (its records are handled too). */
  feedbackTopic: string;
  /** Gives up (throws) when the run has not finished by then, e.g. records were dead-lettered. */
  timeoutMs?: number;
}

/** One timed ingest run. */
export interface IngestRun {
  ms: number;
  /** Every record handed to the sink: inputs plus the fed-back records. */
  handled: number;
  /** Records the sink wrote into `feedbackTopic` during the run (and then handled). */
  fedBack: number;
  deadLetters: number;
}

/**
 * Times an IngestService from consumer start until the sink has handled every input record and
 * every record the sink itself wrote back into an input topic. The count is exact: a sink writes
 * its outputs before its `handle` resolves, so once `handled` reaches inputs + written-back no
 * record of the input topics is left unhandled.
 */
export async function measureIngest({ connectors, publisher, groupId, topics, sink, logger, inputRecords, feedbackTopic, timeoutMs = 600_000 }: MeasureIngestOptions): Promise<IngestRun> {
  let handled = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const counting: IngestSink = {
    async handle(events: IngestedEvent[], batch: RecordBatch): Promise<void> {
      await sink.handle(events, batch);
      handled += events.length;
      if (handled >= inputRecords + publisher.writtenTo(feedbackTopic)) done();
    },
  };
  const ingest = new IngestService({ log: connectors.log, codec: connectors.codec, publisher, groupId, topics, sink: counting, logger });
  const start = process.hrtime.bigint();
  await ingest.start();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${groupId}: handled ${handled} of ${inputRecords} + fed-back records after ${timeoutMs} ms (dead letters: ${JSON.stringify(ingest.stats.deadLetters)})`)), timeoutMs);
  });
  try {
    await Promise.race([finished, expired]);
  } finally {
    clearTimeout(timer);
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  await ingest.stop();
  const deadLetters = Object.values(ingest.stats.deadLetters).reduce((a, b) => a + b, 0);
  return { ms, handled, fedBack: publisher.writtenTo(feedbackTopic), deadLetters };
}
