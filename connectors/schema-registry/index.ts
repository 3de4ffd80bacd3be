export { LocalSchemaCatalogue } from './LocalSchemaCatalogue.ts';
export type { LocalSchemaCatalogueOptions } from './LocalSchemaCatalogue.ts';
export { RegistrySchemaCodec } from './RegistrySchemaCodec.ts';
export type { RegistrySchemaCodecOptions } from './RegistrySchemaCodec.ts';
export type { CatalogueEntry } from './internal/catalogueFile.ts';
export type { SchemaViolation } from './internal/invalidEventError.ts';
