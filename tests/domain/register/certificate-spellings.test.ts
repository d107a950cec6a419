import { describe, expect, it } from 'vitest';
import { certificateSpellings } from '#domain/register/certificate-spellings.ts';

describe('the spellings a typed certificate number is looked up under', () => {
  it('tries the number as typed and with its brackets half-width and full-width', () => {
    expect(certificateSpellings(' 黑（2019）佳木斯市不动产权第0030784号 ').sort()).toEqual(['黑(2019)佳木斯市不动产权第0030784号', '黑（2019）佳木斯市不动产权第0030784号'].sort());
    expect(certificateSpellings('黑(2019)佳木斯市不动产权第0030784号')).toContain('黑（2019）佳木斯市不动产权第0030784号');
  });

  it('tries a number without brackets once', () => {
    expect(certificateSpellings('佳房权证向字第 00100079 号')).toEqual(['佳房权证向字第 00100079 号']);
  });
});
