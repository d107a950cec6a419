/**
 * The van ⇄ office wire contract version. Every request carries it in `PROTOCOL_HEADER`; the office
 * answers 426 with code `protocol-too-old` to a client whose version it no longer speaks.
 * Changes to sync/protocol are additive only; bump this on every change (docs/sync-protocol.md, "Versions").
 */
// 2: case event payloads are checked per kind; refusal code `invalid-payload` (a v1 van that cannot read
// the new code still narrows the refusal down by halving the batch and sets the event aside).
// 3: a receipt may carry its payment method and fee-rule version (optional; older vans send neither), so
// the van can rebuild a fee event lost to a crash between the two writes from the receipt alone.
// 4: ownership refusals (`not-own-case`, `not-own-trip`, `reserved-id`, `receipt-not-own`); an older van that
// cannot read them narrows the refusal down by halving the batch and sets the document aside, as for v2.
// 5: new case event kinds (fee-refunded, interview-recorded, inspection-recorded, flag-cleared,
// publication-started/-ended) and optional fields: an applicant's representative (监护人/委托代理人), each unit's
// use, the transfer cause and the promised days of an intake; the ground, basis, referral and intake of an
// intake-refused; the basis of each 补正 line. A v4 office refuses the new kinds as invalid payloads, and the van
// sets them aside until the office is updated.
// 6: error codes `device-revoked` (401), `too-many-attempts` (429), `storage-full` (507), `scan-not-declared`
// (409); re-enrollment with the previous token keeps the device id (`EnrollRequest.previous`); a device's
// status says when it was revoked.
// 7: `POST /devices/me/unit-snapshots`: the van asks for fresh unit snapshots of its trips before leaving (拉取行程);
// an older office answers 404 and the van keeps the snapshots it has, telling staff their age.
// 8: a trip may carry the office's 承诺时限 table (promisedLimits), and a refund the trip that paid it (tripId);
// both optional, so older offices and vans neither send nor need them.
// 9: the trip ledger collection (receipt grants per device, visit outcomes), refusal code
// `receipt-outside-grant`, QR payment methods with a transaction reference on receipts and fee events, and an
// installation key on enrollment. An older van keeps working: it never pulls the ledger, and its receipts are
// accepted while their numbers fall in the run the office granted its device when it pulled the trip.
// 10: the reader stations' contract (stations.ts): a station agent's long poll for card reads and its answer.
// Vans neither send nor read it.
// 11: a visit outcome's 改约 may carry the time of day agreed (`rescheduledTime`, optional); a v10 office refuses
// such an entry as an invalid document and the van sets it aside until the office is updated.
// 12: case event kind `notice-issued` (the intake's written answer handed over) and the intake's optional
// `awaitsNotice`: such an intake counts as accepted only once its notice-issued event follows. A v11 office refuses
// the new kind as an invalid payload, and the van sets it aside until the office is updated.
// 13: remote wipe of a lost device: error code `device-wipe-ordered` (401) on everything that gives the device
// data, `POST /devices/me/wipe/ready` and `/wipe/done`, and the wipe order in a device's status. An older van
// reads the code as a refusal of the device: it stops syncing and keeps its data until it is updated.
// 14: a unit snapshot may carry its register summary (`register`: status, holders with their holdings, mortgages,
// seizures with their 轮候 rank, 预告/异议, the contract filing). Optional: older offices send none, older vans
// store the field unread.
// 15: USB bundles (bundles.ts, bundle-seal.ts): the sealed file a van without a link writes of what it has not
// pushed, and the office's sealed answer. No request changes; an older office cannot import a bundle and says so.
// 16: `POST /sync/outbox`: the van pushes its own documents in the order it wrote them and the office answers each
// one (stored, duplicate, refused with its code), stopping at the first refusal; pulls from such a van leave out
// the documents it pushed itself. Older vans keep the per-collection push and get their documents back as before.
// 17: a 收费 (fee-charged) event may name its trip (`tripId`); a van that sends it writes no receipt document and
// the office stores the receipt as a view of the event, in the same transaction. Events without it and receipt
// documents of older vans are taken as before.
// 18: an intake refusal event's `ground` may be `filed-contract` (a 抵押权首次登记 on a home under a filed sales
// contract, refused at the van as the office stops it at 登簿). A v17 office refuses the new ground as an invalid
// payload, and the van sets the event aside until the office is updated.
// 19: a staff document may carry the public half of the staff member's van key (`vanKey`: an X25519 public key
// derived from the password, staff-key.ts), so a van seals its data key to clerks whose password it never saw.
// Optional: older offices send none and those vans keep their password slots only; older vans store it unread.
// 20: an outbox answer of a stored 收费 event may carry `receiptRefused`, the refusal of the receipt row the office
// would keep as its view (protocol 17), so the van shows that receipt as refused while the charge stands. Older
// vans read the answer without it, and reconciliation reports the number all the same.
// 21: the office holds a case's order itself. It answers every outbox row instead of stopping at the first refusal,
// and refuses with code `held-back` a row of a case whose earlier document from the same device it refused and has
// not stored since (sync/server/sync/case-order.ts); the van sets such a row aside like any refusal and sends it again
// with its blocker. Older vans keep today's answers (stopped at the first refusal; they hold the case back themselves).
// A v21 van needs an office of 21 or later, which it has: vans are updated from their office.
// Also in 21: `needsRehash` goes (the office rehashes below its own cost, password-cost.ts `belowCost`), and the
// bounds a stored hash's iteration count may take are named once (`MIN_/MAX_PBKDF2_ITERATIONS`).
export const PROTOCOL_VERSION = 21;

/** The oldest client version the office still accepts. */
export const MIN_SUPPORTED_PROTOCOL_VERSION = 1;

export const PROTOCOL_HEADER = 'x-van-protocol';

/** Base path of every office API route. */
export const API_BASE = '/api/v1';
