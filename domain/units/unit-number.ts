import { type Result, err, ok } from '#domain/result.ts';

/**
 * 不动产单元号 (GB/T 37346-2019《不动产单元设定与代码编制规则》): 28 characters,
 * `[6 县级行政区划][3 地籍区][3 地籍子区][2 宗地特征码][5 宗地顺序号][1 定着物特征码][8 定着物单元编号]`.
 * The van only checks numbers; it never assigns them.
 */
export type UnitNumberParts = {
  unitNumber: string;
  districtCode: string;
  cadastralZone: string;
  cadastralSubzone: string;
  /**
   * 宗地特征码: ownership (G 国有, J 集体, Z 未确定) + type (A 集体土地所有权, B 建设用地使用权地表, S 地上,
   * X 地下, C 宅基地, D 土地承包经营权, E 林地, F 草地, H 海域, G 无居民海岛, L 林地使用权, N 农用地使用权,
   * W 未确定或有争议, Y 其他), per GB/T 37346-2019.
   */
  parcelFeature: string;
  parcelNumber: string;
  /** 定着物特征码: F 房屋等建筑物构筑物, L 森林林木, Q 其他, W 无定着物. */
  fixtureFeature: 'F' | 'L' | 'Q' | 'W';
  fixtureNumber: string;
  /** 自然幢号 and 户号 for a building unit (F). */
  building: string;
  room: string;
};

export type UnitNumberError =
  | 'empty'
  | 'length'
  | 'characters'
  | 'district'
  | 'cadastral-zone'
  | 'cadastral-subzone'
  | 'parcel-ownership'
  | 'parcel-type'
  | 'parcel-number'
  | 'fixture-feature'
  | 'fixture-number'
  | 'parcel-only-suffix';

export const UNIT_NUMBER_ERROR_TEXT: Record<UnitNumberError, string> = {
  empty: '请输入不动产单元号',
  length: '不动产单元号应为28位',
  characters: '不动产单元号只能包含数字和大写字母',
  district: '第1至6位应为县级行政区划代码（6位数字，如佳木斯市向阳区230803）',
  'cadastral-zone': '第7至9位地籍区代码应为3位数字',
  'cadastral-subzone': '第10至12位地籍子区代码应为3位数字',
  'parcel-ownership': '第13位宗地特征码应为G（国有）、J（集体）或Z（未确定）',
  'parcel-type': '第14位宗地特征码应为A–H、L、N、S、W、X或Y之一（如B建设用地使用权地表、C宅基地）',
  'parcel-number': '第15至19位宗地顺序号应为5位数字',
  'fixture-feature': '第20位定着物特征码应为F（房屋）、L（林木）、Q（其他）或W（无定着物）',
  'fixture-number': '第21至28位定着物单元编号应为8位数字',
  'parcel-only-suffix': '定着物特征码为W（无定着物）时，第21至28位应为00000000',
};

/** The whole-format check (GB/T 37346-2019); `checkUnitNumber` names the failing part. */
export const UNIT_NUMBER_PATTERN = /^\d{12}[GJZ][A-HLNSWXY]\d{5}[FLQW]\d{8}$/;

const digits = (s: string, n: number) => new RegExp(`^\\d{${n}}$`).test(s);

export function checkUnitNumber(input: string): Result<UnitNumberParts, UnitNumberError> {
  const value = input.replace(/\s+/g, '').toUpperCase();
  if (value === '') return err('empty');
  if (value.length !== 28) return err('length');
  if (!/^[0-9A-Z]+$/.test(value)) return err('characters');
  const districtCode = value.slice(0, 6);
  const cadastralZone = value.slice(6, 9);
  const cadastralSubzone = value.slice(9, 12);
  const parcelFeature = value.slice(12, 14);
  const parcelNumber = value.slice(14, 19);
  const fixtureFeature = value.slice(19, 20);
  const fixtureNumber = value.slice(20, 28);
  if (!digits(districtCode, 6) || districtCode.startsWith('00') || districtCode.endsWith('0000')) return err('district');
  if (!digits(cadastralZone, 3)) return err('cadastral-zone');
  if (!digits(cadastralSubzone, 3)) return err('cadastral-subzone');
  if (!/^[GJZ]$/.test(parcelFeature.charAt(0))) return err('parcel-ownership');
  if (!/^[A-HLNSWXY]$/.test(parcelFeature.charAt(1))) return err('parcel-type');
  if (!digits(parcelNumber, 5)) return err('parcel-number');
  if (fixtureFeature !== 'F' && fixtureFeature !== 'L' && fixtureFeature !== 'Q' && fixtureFeature !== 'W') return err('fixture-feature');
  if (!digits(fixtureNumber, 8)) return err('fixture-number');
  if (fixtureFeature === 'W' && fixtureNumber !== '00000000') return err('parcel-only-suffix');
  return ok({
    unitNumber: value, districtCode, cadastralZone, cadastralSubzone, parcelFeature, parcelNumber, fixtureFeature, fixtureNumber,
    building: fixtureNumber.slice(0, 4), room: fixtureNumber.slice(4, 8),
  });
}

/** The 宗地 (parcel) a unit stands on: its first 19 characters + `W00000000` (gtmap convention). */
export function parcelUnitNumber(parts: Pick<UnitNumberParts, 'unitNumber'>): string {
  return `${parts.unitNumber.slice(0, 19)}W00000000`;
}
