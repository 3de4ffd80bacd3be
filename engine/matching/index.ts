export { NoSuggestionsMatcher } from './NoSuggestionsMatcher.ts';
