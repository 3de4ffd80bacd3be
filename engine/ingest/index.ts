export { deadLetterOf } from './deadLetterOf.ts';
export { groupBacklog } from './groupBacklog.ts';
export { IngestService } from './IngestService.ts';
export type { IngestedEvent, IngestServiceOptions, IngestSink, IngestStats } from './IngestService.ts';
