/** The sync session events of one location (sent by the sync connector, not Avro events). */
export type LocationEvent =
  /** The location (re)connected holding version `since`. */
  | { type: 'LOCATION_CONNECTED'; location_id: string; at: number; since: number }
  /** The location acknowledged it holds every change up to `version`. */
  | { type: 'SYNC_ACK'; location_id: string; version: number; at: number }
  /** The central sync version moved to `version` (sent to each location's actor). */
  | { type: 'HEAD_ADVANCED'; location_id: string; version: number; at: number }
  | { type: 'LOCATION_DISCONNECTED'; location_id: string; at: number };

/** The machine's state values. */
export type LocationStateValue = 'offline' | 'catching_up' | 'online' | 'lagging';

export interface LocationContext {
  location_id: string;
  /** Highest version the location acknowledged (never goes down). */
  acked_version: number;
  /** Highest central version seen (never goes down). */
  head_version: number;
  /** head_version - acked_version, never negative. */
  lag: number;
  /** Event time since which the location has been behind (lag > 0); null when level. */
  behind_since: number | null;
  /** The head at (re)connect: catch-up ends when the location has acknowledged it. */
  catch_up_target: number | null;
  connected_at: number | null;
  disconnected_at: number | null;
  last_ack_at: number | null;
  /** Copied from the input so a restored actor keeps its configuration. */
  lag_threshold: number;
}

export interface LocationInput {
  /** Versions behind above which a live location counts as lagging (default 100). */
  lagThreshold?: number;
}
