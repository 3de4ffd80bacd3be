export { recordedInput } from './recordedInput.ts';
export type { RecordedInput, RecordedInputOptions } from './recordedInput.ts';
export { sampleTicketCreated } from './sampleTicketCreated.ts';
