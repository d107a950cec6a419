/** The one place the sync layer takes its business rules from: re-exports of domain/. */
export { hashEvent, sealEvent, verifyChain, CHAIN_BREAK_TEXT } from '#domain/case/hash-chain.ts';
export { mayAuthor, isCaseEventKind } from '#domain/case/events.ts';
export { receiptInBlock, formatNumber as formatReceiptNumber, checkBlock, BLOCK_ERROR_TEXT } from '#domain/receipts/number-block.ts';
export { isGranted, nextGrant, GRANT_ERROR_TEXT } from '#domain/receipts/grants.ts';
