import { describe, expect, it } from 'vitest';
import { JIAMUSI_CITY_AREA, checkServiceArea } from '#domain/units/service-area.ts';

describe('the office’s area (条例 第七条): the city office registers the four districts of 佳木斯', () => {
  it('registers units of 向阳区, 前进区, 东风区 and 郊区', () => {
    for (const code of ['230803', '230804', '230805', '230811']) expect(checkServiceArea(`${code}003012GB00001F00010101`)).toEqual({ inArea: true });
  });

  it('sends a unit in a county or county-level city to that county’s office', () => {
    expect(checkServiceArea('230882003012GB00001F00010101')).toEqual({ inArea: false, districtCode: '230882', referTo: { districtCode: '230882', districtName: '富锦市', officeName: '富锦市不动产登记机构' } });
    expect(checkServiceArea('230828003012GB00001F00010101')).toMatchObject({ inArea: false, referTo: { districtName: '汤原县' } });
  });

  it('names no office it does not know', () => {
    expect(checkServiceArea('230103003012GB00001F00010101', JIAMUSI_CITY_AREA)).toEqual({ inArea: false, districtCode: '230103', referTo: null });
  });
});
