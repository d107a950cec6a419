import { type Block, type DocumentSpec, type PageSize } from '#documents/layout.ts';

/** Who issues the documents: shown on every notice and receipt. Configured per office. */
export type OfficeInfo = {
  name: string;
  phone: string;
  address: string;
};

export const DEMO_OFFICE: OfficeInfo = {
  name: '佳木斯市不动产登记中心',
  phone: '0454-8610000',
  address: '佳木斯市向阳区',
};

/** A document the office issues: its title printed at the top, the office's name in every page's footer. */
export function officeDocument(office: OfficeInfo, title: string, size: PageSize, blocks: readonly Block[]): DocumentSpec {
  return { title, size, footer: office.name, blocks: [{ type: 'title', text: title }, ...blocks] };
}
