/** The service guide (办事公开) as data: what the public pages print and the API returns. */
export type GuideFee = { label: string; amountFen: number; basis: string; note: string };
export type GuideItem = {
  code: string;
  name: string;
  /** 登记类型 (national code and name). */
  registrationType: string;
  materials: { name: string; note: string }[];
  fees: GuideFee[];
  feeRules: string[];
  legalDays: number;
  promisedDays: number;
  legalBasis: string[];
};
export type ServiceGuide = {
  title: string;
  feeRuleVersion: string;
  generalNotes: string[];
  items: GuideItem[];
};
