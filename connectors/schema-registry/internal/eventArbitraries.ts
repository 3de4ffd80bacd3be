import fc from 'fast-check';
import type { TelemetryReading, TicketCreated } from '../../../schemas/index.ts';

/** Text as technicians type it: any Unicode graphemes (Hinglish, emoji, accents), including empty. */
const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
/** Avro doubles carry every IEEE value; NaN is left out only because it is never equal to itself. */
const double = fc.double({ noNaN: true });
/**
 * The longs avsc writes exactly: it accepts up to ±(2^53 - 2) but loses the sign of negatives
 * below -2^52 (its zig-zag step overflows), so the property stays inside ±2^52 — far beyond any
 * timestamp, offset or version the engine writes.
 */
const long = fc.integer({ min: -(2 ** 52), max: 2 ** 52 });

/** Arbitrary valid events of the types the codec property tests roundtrip. */
export const eventArbitraries = {
  TicketCreated: fc.record<TicketCreated>({
    event_id: fc.uuid(),
    occurred_at: long,
    ticket_id: text,
    location_id: text,
    technician_id: text,
    title: text,
    description: fc.string({ unit: 'grapheme', maxLength: 400 }),
    symptom_text: text,
    error_codes: fc.array(text, { maxLength: 6 }),
    vehicle: fc.record({ make: text, model: text, year: int32, vin: text }),
    temperature_ambient: fc.option(double, { nil: null }),
    vehicle_load_state: fc.option(text, { nil: null }),
  }),
  TelemetryReading: fc.record<TelemetryReading>({
    event_id: fc.uuid(),
    occurred_at: long,
    vin: text,
    soc: double,
    pack_voltage: double,
    pack_current: double,
    cell_voltages: fc.array(double, { maxLength: 200 }),
    cell_temperatures: fc.array(double, { maxLength: 50 }),
    dtc_codes: fc.array(text, { maxLength: 5 }),
    odometer_km: double,
    charge_cycles: int32,
  }),
} as const;
