export type {
  AvroArraySchema,
  AvroEnumSchema,
  AvroField,
  AvroFixedSchema,
  AvroMapSchema,
  AvroPrimitiveSchema,
  AvroRecordSchema,
  AvroSchema,
  AvroTypeName,
} from './catalogue/AvroSchema.ts';
export { avroSchemas } from './catalogue/avroSchemas.ts';
export { EventCatalogue, isEventType, LogicalTopic } from './catalogue/EventCatalogue.ts';
export type { EventRoute } from './catalogue/EventCatalogue.ts';
export { checkBackwardCompatibility } from './evolution/checkBackwardCompatibility.ts';
export type { CompatibilityResult } from './evolution/checkBackwardCompatibility.ts';
export { planSchemaRelease } from './evolution/planSchemaRelease.ts';
export type { ReleaseStep } from './evolution/planSchemaRelease.ts';
export { previousCommittedSchema } from './evolution/previousCommittedSchema.ts';
export type { CommittedSchema } from './evolution/previousCommittedSchema.ts';
export { schemaHistory } from './evolution/schemaHistory.ts';
export type { ReleasedSchema } from './evolution/schemaHistory.ts';
export {
  AlertSeverity,
  AuditOutcome,
  CardStatus,
  ConfidenceLevel,
  EventType,
  MatchType,
  ResolutionOutcome,
  SourceType,
  Subsystem,
  SyncOp,
} from './generated/events.ts';
export type {
  AuditRecord,
  BatteryAlert,
  CardApproved,
  CardContent,
  CardDeprecated,
  CardDrafted,
  CardMatch,
  CardRevised,
  CardSelected,
  CardState,
  CardSubmitted,
  CardUsed,
  ConfidenceChange,
  ConfidenceUpdated,
  DeadLetter,
  DiagnosticStepRecorded,
  EfiEvent,
  EventMap,
  HypothesisRejected,
  MatchCompleted,
  NewFailureDetected,
  PatternDetected,
  PatternVehicle,
  RequiredPart,
  SyncRecord,
  TelemetryReading,
  TemperatureRange,
  TicketClosed,
  TicketCreated,
  TicketReopened,
  Vehicle,
  VehicleModel,
} from './generated/events.ts';
