/**
 * Which 不动产登记机构 registers a unit. 《不动产登记暂行条例》第七条: the office of the county-level government
 * where the unit lies registers it; a 设区的市 may have its own office register all of its 区. So the city
 * office registers the four districts of Jiamusi, and a unit in one of its counties or county-level cities is
 * refused at the counter with the office to apply to (条例 第十七条第一款第（四）项). The unit number's first six
 * characters are that county-level code (GB/T 2260).
 */
export type RegistrationOffice = { districtCode: string; districtName: string; officeName: string };

export type ServiceArea = {
  officeName: string;
  /** County-level codes this office registers. */
  districtCodes: readonly string[];
  /** The other county-level offices of the prefecture, to name in a refusal. */
  elsewhere: readonly RegistrationOffice[];
};

const office = (districtCode: string, districtName: string): RegistrationOffice => ({
  districtCode,
  districtName,
  officeName: `${districtName}不动产登记机构`,
});

/** The city's own districts (GB/T 2260), as pages name them. */
export const CITY_DISTRICTS: readonly { code: string; name: string }[] = [
  { code: '230803', name: '向阳区' },
  { code: '230804', name: '前进区' },
  { code: '230805', name: '东风区' },
  { code: '230811', name: '郊区' },
];

/** 佳木斯市 (230800): 向阳区, 前进区, 东风区, 郊区 are the city's; its counties and county-level cities register their own. */
export const JIAMUSI_CITY_AREA: ServiceArea = {
  officeName: '佳木斯市不动产登记中心',
  districtCodes: CITY_DISTRICTS.map((d) => d.code),
  elsewhere: [
    office('230822', '桦南县'),
    office('230826', '桦川县'),
    office('230828', '汤原县'),
    office('230881', '同江市'),
    office('230882', '富锦市'),
    office('230883', '抚远市'),
  ],
};

export type AreaCheck = { inArea: true } | { inArea: false; districtCode: string; referTo: RegistrationOffice | null };

/** Whether this office registers the unit; if not, the office to send the applicant to (null when unknown). */
export function checkServiceArea(unitNumber: string, area: ServiceArea = JIAMUSI_CITY_AREA): AreaCheck {
  const districtCode = unitNumber.slice(0, 6);
  if (area.districtCodes.includes(districtCode)) return { inArea: true };
  return { inArea: false, districtCode, referTo: area.elsewhere.find((o) => o.districtCode === districtCode) ?? null };
}
