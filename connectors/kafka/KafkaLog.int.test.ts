import { describe } from 'vitest';
import { describeEventLogContract } from '../event-log-contract/index.ts';
import { KafkaLog } from './KafkaLog.ts';
import { fastGroupTimings } from './internal/testing/fastGroupTimings.ts';

const brokers = process.env.KAFKA_BROKERS ?? '';

describe.skipIf(!brokers)('KafkaLog', () => {
  describeEventLogContract('KafkaLog', {
    create: async () => KafkaLog.connect({ brokers, ...fastGroupTimings }),
    // Same broker, new connection: what survives is what the broker kept.
    reopen: async () => KafkaLog.connect({ brokers, ...fastGroupTimings }),
  });
});
