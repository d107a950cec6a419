/** GB 3304-1991 nation codes as printed on the card (46 is 德昂, not hev's "德昴"). */
const NATIONS = [
  '汉', '蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜', '满', '侗', '瑶', '白', '土家',
  '哈尼', '哈萨克', '傣', '黎', '傈僳', '佤', '畲', '高山', '拉祜', '水', '东乡', '纳西', '景颇',
  '柯尔克孜', '土', '达斡尔', '仫佬', '羌', '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米',
  '塔吉克', '怒', '乌孜别克', '俄罗斯', '鄂温克', '德昂', '保安', '裕固', '京', '塔塔尔', '独龙',
  '鄂伦春', '赫哲', '门巴', '珞巴', '基诺',
] as const;

/** The nation name for a two-digit code, or null for a code outside the standard. */
export function nationName(code: string): string | null {
  if (code === '97') return '其他';
  if (code === '98') return '外国血统中国籍人士';
  if (!/^\d{2}$/.test(code)) return null;
  return NATIONS[Number(code) - 1] ?? null;
}

/** The two-digit code for a nation name (for the emulator and tests). */
export function nationCode(name: string): string | null {
  if (name === '其他') return '97';
  if (name === '外国血统中国籍人士') return '98';
  const i = NATIONS.indexOf(name as (typeof NATIONS)[number]);
  return i < 0 ? null : String(i + 1).padStart(2, '0');
}

/** GB/T 2261.1 sex codes; only 1 and 2 make an identity, 0 (未知) and 9 (未说明) are reported. */
export function sexFromCode(code: string): '男' | '女' | null {
  if (code === '1') return '男';
  if (code === '2') return '女';
  return null;
}
