import { createActor, initialTransition, transition } from 'xstate';
import { ticketMachine } from '../../../actors/index.ts';
import { sampleTicketCreated } from '../../../engine/testing/index.ts';
const N = 20000;
const tm = ticketMachine.provide({ actions: { effect: () => {} } });
const MR = { type: 'MATCH_RESULT', matches: [], stages_used: [], processing_time_ms: 0, manual_review_required: true, degraded: false } as any;
const evs = Array.from({ length: N }, (_, i) => ({ type: 'TicketCreated', ...sampleTicketCreated(i) }) as any);
for (let pass = 0; pass < 3; pass++) {
  let s = process.hrtime.bigint();
  for (let i = 0; i < N; i++) { const a = createActor(tm); a.start(); a.send(evs[i]); a.send(MR); a.getPersistedSnapshot(); }
  const actorUs = Number(process.hrtime.bigint() - s) / 1e3 / N;
  s = process.hrtime.bigint();
  for (let i = 0; i < N; i++) { let [snap] = initialTransition(tm); [snap] = transition(tm, snap, evs[i]); [snap] = transition(tm, snap, MR); }
  const pureUs = Number(process.hrtime.bigint() - s) / 1e3 / N;
  console.log(`pass ${pass}: actor create+2 sends+persist ${actorUs.toFixed(1)} µs; pure initialTransition+2 transitions ${pureUs.toFixed(1)} µs`);
}
