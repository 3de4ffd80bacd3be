export { sampleTicketCreated } from './sampleTicketCreated.ts';
