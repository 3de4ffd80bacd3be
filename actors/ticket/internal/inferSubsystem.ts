import type { Subsystem } from '../../../schemas/index.ts';

/**
 * Keywords per subsystem, specific before generic: "bms" must win over "battery", "charging"
 * over "battery", so ties go to the earlier entry.
 */
const KEYWORDS: [Subsystem, string[]][] = [
  ['bms', ['bms', 'battery management', 'cell balanc', 'cell imbalance', 'cell voltage']],
  ['charger', ['charger', 'charging', 'chrg', 'obc', 'charge port', 'charging port']],
  ['thermal', ['overheat', 'thermal', 'coolant', 'temperature', 'cooling', 'fan']],
  ['controller', ['controller', 'inverter', 'mcu', 'igbt']],
  ['motor', ['motor', 'bearing', 'rotor', 'stator', 'hall sensor']],
  ['wiring', ['wiring', 'harness', 'connector', 'fuse', 'short circuit', 'loose wire', 'relay']],
  ['vcu', ['vcu', 'vehicle control unit', 'can bus', 'throttle']],
  ['brakes', ['brake', 'regen', 'abs']],
  ['hvac', ['hvac', 'air condition', 'compressor', 'heater', 'blower']],
  ['software', ['software', 'firmware', 'ota', 'update', 'display', 'app ']],
  ['battery', ['battery', 'range', 'soc', 'cell', 'pack', 'drain']],
];

/**
 * Best guess of the subsystem of a field discovery from its texts, for the drafted card; an
 * expert reviews every draft, so a wrong guess costs one edit. The schema has no "unknown", so
 * text with no keyword falls back to `battery`, the most frequent EV failure area.
 *
 * @example inferSubsystem('BMS fault, charging stops') // 'bms'
 */
export function inferSubsystem(text: string): Subsystem {
  const lower = ` ${text.toLowerCase()} `;
  let best: Subsystem = 'battery';
  let bestHits = 0;
  for (const [subsystem, words] of KEYWORDS) {
    let hits = 0;
    for (const word of words) if (lower.includes(word)) hits++;
    if (hits > bestHits) {
      best = subsystem;
      bestHits = hits;
    }
  }
  return best;
}
