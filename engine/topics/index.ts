export { resolveTopic, topicName, topicSpecs } from './topicSpecs.ts';
export { LogicalTopic } from '../../schemas/index.ts';
