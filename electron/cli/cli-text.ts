/**
 * The Chinese text of the `van` command line (`npm run van`): its help, each area's summary and help, and the
 * lines the office commands print. Commands, options and their values stay as typed (English), so scripts that
 * call them keep working.
 */

/** One line of the area list: the name padded, then what it is for. */
const areaLine = (name: string, summary: string) => `  ${name.padEnd(10)} ${summary}`;

export const CLI_T = {
  help: (areas: readonly { name: string; summary: string }[]) =>
    [
      'van：便民服务直通车的维护命令（供信息技术人员使用）',
      '',
      '用法：npm run van -- <区域> <命令> [选项]',
      '',
      ...areas.map((a) => areaLine(a.name, a.summary)),
      '',
      '运行 `npm run van -- <区域> --help` 查看一个区域的命令。',
    ].join('\n'),
  unknownArea: (area: string, known: readonly string[]) => `未知的命令区域: ${area}（可用: ${known.join(', ')}）`,
  seeHelp: (problem: string, area: string) => `${problem}。用 npm run van -- ${area} <命令> --help 查看用法`,
  argsError: (detail: string) => `参数错误: ${detail}`,
} as const;

/** `van office …`: what each command does, its help, and what it prints. */
export const OFFICE_T = {
  summary: '办公室服务器管理：设备登记码、工作人员账号、票据号段、停用设备、同步状态',
  commands: {
    'enroll-code': '签发一次性的设备登记码',
    'create-staff': '新建工作人员账号，或重置其密码和角色',
    'allocate-receipts': '给出车任务分配票据号段',
    'deactivate-staff': '停用账号（其登录会话立即结束）',
    'revoke-device': '停用设备：其令牌立即失效',
    'wipe-device': '下令擦除遗失的设备：它先上传所持记录，然后删除本机数据',
    'abandon-unsynced': '允许已下令擦除的设备不再上传未同步的记录，直接擦除',
    'refresh-units': '重新查询出车任务各不动产单元的登记状态，供服务车取得最新状态',
    status: '各设备的同步状态（哈希链、待传、最后联系、停用、擦除）',
    backup: '在线备份办公室数据库到 <数据目录>/backups/',
    'publish-update': '把一个版本（npm run dist 的输出目录）发布为服务车的更新源',
  },
  common: [
    '通用选项：--office <网址>（默认 $VAN_OFFICE_URL 或 http://127.0.0.1:8787）',
    '          --login <管理员账号>（默认 $VAN_OFFICE_LOGIN 或 admin）',
    '          --password <管理员密码>（默认 $VAN_OFFICE_PASSWORD）',
  ].join('\n'),
  help: (lines: readonly { usage: string; summary: string }[], common: string) =>
    [
      'van office：通过 HTTP 管理办公室服务器（使用管理员账号登录）',
      '',
      '用法：npm run van -- office <命令> [选项]',
      ...lines.map((l) => `  ${l.usage}\n      ${l.summary}`),
      '',
      common,
      '',
      '`npm run van -- office <命令> --help` 查看单个命令的用法。',
    ].join('\n'),
  commandHelp: (usage: string, summary: string, common: string) => `用法：npm run van -- office ${usage}\n  ${summary}\n\n${common}`,
  unknownCommand: (sub: string, known: readonly string[]) => `未知的 office 命令: ${sub}（可用: ${known.join(', ')}）`,
  refused: (status: number, message: string) => `办公室拒绝 (HTTP ${status}): ${message}`,
  failed: (message: string, requestId: string) => `${message}（请求编号 ${requestId}）`,
  missing: (option: string) => `缺少参数 --${option}`,
  notInteger: (option: string) => `--${option} 必须是整数`,
  needPassword: '需要管理员密码: --password 或环境变量 VAN_OFFICE_PASSWORD',
  enrollCode: (code: string, van: string, until: string) => `登记码 ${code}（车辆 ${van}，一次有效，${until} 前使用）`,
  staff: (login: string, id: string, roles: readonly string[], endedSessions: number) =>
    `工作人员 ${login} (${id}) 角色: ${roles.join(', ')}${endedSessions > 0 ? `，已结束其 ${endedSessions} 个登录会话` : ''}`,
  receiptBlock: (trip: string, first: string, last: string) => `出车任务 ${trip} 的票据号段: ${first} – ${last}`,
  deactivated: (login: string, sessions: number) => `账号 ${login} 已停用，结束了 ${sessions} 个登录会话`,
  revoked: (device: string, already: boolean) =>
    already ? `设备 ${device} 此前已停用` : `设备 ${device} 已停用：其令牌立即失效；该设备可凭新的登记码重新登记，未上传的记录不会丢失`,
  wipeOrdered: (device: string, already: boolean) =>
    already ? `设备 ${device} 此前已下令擦除` : `已下令擦除设备 ${device}：它下次联系办公室时先上传未同步的记录和扫描件，然后删除本机全部数据；office status 显示擦除时间`,
  abandoned: (device: string) => `设备 ${device} 上尚未同步的数据已放弃：它下次联系办公室时不再等待上传，直接擦除`,
  unitsRefreshed: (trip: string, units: number, when: string) => `出车任务 ${trip}: 已重新查询 ${units} 个不动产单元的状态（北京时间 ${when}），服务车下次联网时取得`,
  wipeLeft: (docs: number, refused: number, scans: number) => `，设备尚有待传记录 ${docs}、被退回 ${refused}、未验扫描件 ${scans}`,
  wipeLocked: '，设备报告本机数据尚未解锁（无人登录），未同步数据数量未知',
  backedUp: (file: string) => `备份完成: ${file}`,
  noDevices: '（尚无登记设备）',
} as const;

export const DEVICES_T = {
  summary: '串口设备诊断：列出端口、读身份证、打印测试页、启动模拟器',
  help: `van devices：串口设备诊断（身份证阅读器、小票打印机）

用法：npm run van -- devices <命令> [选项]
  list                                           列出串口（无 udev 时扫描 /dev/ttyS*, ttyUSB*, ttyACM*）
  read-id --port PATH [--baud 115200] [--timeout-ms 30000]
                                                 等待放证并读卡，输出一个 JSON 对象后退出 0；失败时 stderr 给出原因，退出码非 0
  print-test --port PATH [--baud 9600] [--width 58|80] [--rtscts] [--xon]
                                                 打印测试页（中文 + 二维码），打印前后查询打印机状态
  emulate id-reader [--identities FILE] [--baud 115200] [--place N]
                                                 启动身份证阅读器模拟器，打印端口路径，运行到被终止
  emulate printer [--baud 9600]                  启动小票打印机模拟器，打印端口路径，运行到被终止`,
} as const;

export const FEES_T = {
  summary: '登记费计算（quote 计算、cases 减免情形、types 登记类型）',
  help: `van fees：登记费计算（按发改价格〔2008〕924号 / 发改价格规〔2016〕2559号收费表）

用法：npm run van -- fees <命令> [选项]
  quote --type <代码|名称|key> --use residential|non-residential|parking
        [--certificates N] [--rules 2008|2016|<id@version> | --date YYYY-MM-DD] [--case <减免情形>]
        输出一个 JSON 对象 { "rules", "items": [{ "name", "amountFen" }], "totalFen" }
  cases [--rules 2008|2016]   列出减免情形的 key 及中文名称
  types                       列出登记类型（代码、名称、key）

默认收费标准为今天生效的标准；--date 取该日生效的标准（重算旧票据时用）。--type 接受代码（200）、名称（转移登记、抵押权首次登记）或 key（transfer）。`,
} as const;

export const STATION_T = {
  summary: '读卡终端：为登记中心的查询窗口或自助查询机读身份证',
  help: `van station：读卡终端程序（查询窗口、自助查询机的身份证阅读器）

用法：npm run van -- station --port PATH [--baud 115200] [--office URL] [--token TOKEN]
  连接登记中心，等待其读卡请求，读取放在读卡器上的身份证并回传证件信息（照片不回传）；运行到被终止。
  --office 默认 $VAN_OFFICE_URL 或 http://127.0.0.1:8787
  --token  管理员在“读卡终端”页新增终端时给出的令牌，默认 $VAN_STATION_TOKEN`,
} as const;
