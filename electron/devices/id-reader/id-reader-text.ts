/** Every message staff see from the ID card reader, in one place. */
import { type IdReaderErrorCode } from './commands.ts';

export const ID_READER_ERROR_TEXT: Record<IdReaderErrorCode, string> = {
  'no-content': '身份证中此项无内容',
  'host-checksum': '读卡器收到的命令校验和错误，请重试',
  'host-length': '读卡器收到的命令长度错误，请重试',
  'bad-command': '读卡器不支持此命令（请确认读卡器处于 SAM 透传模式）',
  'unauthorized-operation': '读卡器拒绝越权操作',
  'sam-unknown-error': '读卡器安全模块报告无法识别的错误',
  'card-auth-sam': '身份证认证安全模块失败，请重新放置证件',
  'sam-auth-card': '安全模块认证身份证失败，证件可能不是真实的二代证',
  'verify-failed': '证件信息验证错误，请重新放置证件',
  'unknown-card-type': '无法识别的证件类型',
  'read-failed': '读取证件失败（证件可能被移动），请将证件平放在读卡区',
  'random-failed': '读卡器取随机数失败，请重新放置证件',
  'sam-self-test': '读卡器安全模块自检失败，无法使用，请联系技术支持',
  'sam-unauthorized': '读卡器安全模块未经授权，无法使用',
  'no-card': '未检测到证件，请将身份证放在读卡区',
  'select-failed': '选取证件失败，请重新放置证件',
  'unknown-status': '读卡器返回了未知的状态码',
  'frame-checksum': '读卡器数据校验错误（线路干扰），已丢弃，请重试',
  'bad-response': '读卡器返回的数据格式不正确',
  timeout: '读卡器无响应（超时），请检查读卡器电源和连接线',
  disconnected: '读卡器已断开连接，请检查连接线后重试',
  unavailable: '无法打开读卡器串口，请检查读卡器是否已连接、端口是否正确',
  cancelled: '已取消读卡',
  'card-data': '证件内容无法解析',
};

export const CARD_TYPE_TEXT = {
  resident: '居民身份证',
  hkMacaoTaiwan: '港澳台居民居住证',
  foreigner2017: '外国人永久居留身份证',
  foreigner2023: '外国人永久居留身份证（2023版）',
} as const;

export const CARD_DATA_TEXT = {
  name: '证件姓名为空',
  sex: '证件性别代码无法识别',
  nation: '证件民族代码无法识别',
  birthDate: '证件出生日期无效',
  validFrom: '证件有效期起始日期无效',
  validTo: '证件有效期截止日期无效',
  idNumber: '证件号码校验不通过',
  idMismatch: '证件号码与出生日期或性别不一致',
  cardType: '无法识别的证件类型标志',
  length: '证件文字信息长度不正确',
} as const;
export type CardDataProblem = keyof typeof CARD_DATA_TEXT;
