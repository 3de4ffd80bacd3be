export { describeEventLogContract } from './eventLogContract.ts';
export type { EventLogContractSetup } from './internal/ContractContext.ts';
export { eventually, sleep } from './internal/eventually.ts';
