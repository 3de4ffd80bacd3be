import type { TicketCreated } from '../../schemas/index.ts';

const MAKES = [
  { make: 'Tata', model: 'Nexon EV' },
  { make: 'MG', model: 'ZS EV' },
  { make: 'Mahindra', model: 'XUV400' },
  { make: 'Hyundai', model: 'Kona Electric' },
] as const;
const SYMPTOMS = [
  'charging stops at 80%, BMS warning on cluster',
  'gaadi garam ho rahi hai, fan ki awaaz',
  'motor whine above 60 km/h and power cut',
  'DC fast charge fails after handshake',
];
const CODES = [['P0AFA'], ['U0100', 'P0A7F'], [], ['P1E00']];

/**
 * A deterministic, schema-valid `TicketCreated` for tests and load generators: the n-th ticket
 * of `locations` garages, with a stable `event_id` so a test can check each one arrives once.
 *
 * @example
 * const lines = Array.from({ length: 10_000 }, (_, i) => JSON.stringify({ type: 'TicketCreated', ...sampleTicketCreated(i) }));
 */
export function sampleTicketCreated(n: number, { locations = 12, baseTime = Date.UTC(2026, 10, 1) } = {}): TicketCreated {
  const vehicle = MAKES[n % MAKES.length]!;
  return {
    event_id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
    occurred_at: baseTime + n * 1000,
    ticket_id: `T-${n}`,
    location_id: `LOC-${String(n % locations).padStart(2, '0')}`,
    technician_id: `tech-${n % 37}`,
    title: `Ticket ${n}`,
    description: 'customer reports an intermittent fault',
    symptom_text: SYMPTOMS[n % SYMPTOMS.length]!,
    error_codes: CODES[n % CODES.length]!,
    vehicle: { ...vehicle, year: 2020 + (n % 5), vin: `VIN${String(n).padStart(14, '0')}` },
    temperature_ambient: 20 + (n % 20),
    vehicle_load_state: n % 2 === 0 ? 'idle' : 'driving',
  };
}
