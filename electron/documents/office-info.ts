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
