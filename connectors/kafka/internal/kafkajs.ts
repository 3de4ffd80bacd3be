/**
 * kafkajs is CommonJS and its `module.exports` ends in a spread, which hides most names from
 * Node's ESM named-export detection (`import { ConfigResourceTypes } from 'kafkajs'` fails at run
 * time under tsx even though it type-checks). Every runtime value is therefore taken from the
 * default export here, once; types are imported from 'kafkajs' directly with `import type`.
 */
import kafkajs from 'kafkajs';

export const { Kafka, Partitioners, ConfigResourceTypes } = kafkajs;
export const kafkaLogLevel: typeof kafkajs.logLevel = kafkajs.logLevel;
