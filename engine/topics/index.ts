export { LogicalTopic, resolveTopic, topicName, topicSpecs } from './topicSpecs.ts';
