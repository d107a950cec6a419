import { BUSINESS_KINDS, type BusinessKind, type PropertyUse } from '#domain/business/business-kinds.ts';
import { type Fen, ZERO_FEN, addFen } from '#domain/money.ts';
import { type Result, err, ok } from '#domain/result.ts';
import { parcelUnitNumber } from '#domain/units/unit-number.ts';
import { type FeeQuote, type QuoteError, type QuoteInput, type QuoteItem, quote } from '#domain/fees/quote.ts';

/** A unit of the case and its own use. */
export type CaseUnit = { unitNumber: string; use: PropertyUse };

/** One 件: the units charged as one registration (one unit, or a mortgage's units on one parcel). */
export type FeePiece = { unitNumbers: string[]; use: PropertyUse; quote: FeeQuote };

export type CaseQuote = {
  rules: string;
  rulesTitle: string;
  /** The notice's own number (发改价格规〔2016〕2559号), printed as the receipt's 收费依据. */
  rulesNumber: string;
  input: { kind: BusinessKind; units: CaseUnit[]; certificates: number; specialCase: string | null };
  pieces: FeePiece[];
  /** Every piece's items, the unit they belong to in `unitNumbers` when the case has more than one piece. */
  items: (QuoteItem & { unitNumbers: string[] })[];
  totalFen: Fen;
  payer: FeeQuote['payer'];
  notes: string[];
};

export type CaseQuoteError = QuoteError | { code: 'no-units' };

export type CaseQuoteInput = Omit<QuoteInput, 'use'> & { units: readonly CaseUnit[] };

const USE_WEIGHT: Record<PropertyUse, number> = { 'non-residential': 3, residential: 2, parking: 1 };

/**
 * The 件 of a case (发改价格规〔2016〕2559号 三): one unit, one right, one kind of registration is one 件, so a
 * flat and a separately certificated garage in one case are two 件 and pay twice. The one exception the notice
 * makes: several units on one parcel (宗地) mortgaged for one loan are one 件; a 件 that mixes uses is charged
 * at the use with the higher fee of its units.
 */
export function feePieces(kind: BusinessKind, units: readonly CaseUnit[]): { unitNumbers: string[]; use: PropertyUse }[] {
  if (BUSINESS_KINDS[kind].right !== 'mortgage') return units.map((u) => ({ unitNumbers: [u.unitNumber], use: u.use }));
  const byParcel = new Map<string, CaseUnit[]>();
  for (const u of units) {
    const parcel = parcelUnitNumber({ unitNumber: u.unitNumber });
    byParcel.set(parcel, [...(byParcel.get(parcel) ?? []), u]);
  }
  return [...byParcel.values()].map((group) => ({
    unitNumbers: group.map((u) => u.unitNumber),
    use: group.reduce<PropertyUse>((a, u) => (USE_WEIGHT[u.use] > USE_WEIGHT[a] ? u.use : a), group[0]?.use ?? 'residential'),
  }));
}

/** Which units an item is for, short enough for a receipt line (at most 100 characters with the item name). */
export function pieceLabel(unitNumbers: readonly string[]): string {
  const [first] = unitNumbers;
  if (first === undefined) return '';
  return unitNumbers.length === 1 ? `单元${first}` : `宗地${parcelUnitNumber({ unitNumber: first }).slice(0, 19)}上${unitNumbers.length}个单元`;
}

/** The fee of a whole case: each 件 quoted on its own with the same kind, certificates and special case, then summed. */
export function quoteCase(input: CaseQuoteInput): Result<CaseQuote, CaseQuoteError> {
  if (input.units.length === 0) return err({ code: 'no-units' });
  const { units, ...rest } = input;
  const pieces: FeePiece[] = [];
  for (const piece of feePieces(input.kind, units)) {
    const q = quote({ ...rest, use: piece.use });
    if (!q.ok) return err(q.error);
    pieces.push({ ...piece, quote: q.value });
  }
  const first = pieces[0];
  if (!first) return err({ code: 'no-units' });
  const several = pieces.length > 1;
  const items = pieces.flatMap((p) => p.quote.items.map((i) => ({ ...i, name: several ? `${i.name}（${pieceLabel(p.unitNumbers)}）` : i.name, unitNumbers: p.unitNumbers })));
  const notes = [...new Set(pieces.flatMap((p) => p.quote.notes))];
  if (several) notes.push(`本案共 ${pieces.length} 件，按件分别收取（发改价格规〔2016〕2559号：以一个不动产单元提出一项不动产权利的登记、完成一个登记类型为一件）`);
  return ok({
    rules: first.quote.rules,
    rulesTitle: first.quote.rulesTitle,
    rulesNumber: first.quote.rulesNumber,
    input: { kind: input.kind, units: units.map((u) => ({ ...u })), certificates: first.quote.input.certificates, specialCase: first.quote.input.specialCase },
    pieces,
    items,
    totalFen: items.length === 0 ? ZERO_FEN : addFen(...items.map((i) => i.amountFen)),
    payer: first.quote.payer,
    notes,
  });
}
