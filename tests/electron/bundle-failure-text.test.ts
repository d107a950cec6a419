import { describe, expect, it } from 'vitest';
import { BUNDLE_TEXT, usbFailureWords } from '#electron/bundles/bundle-text.ts';

/** A USB stick that refuses a bundle is named for what happened to it, not in the operating system's English. */
const failure = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('why a bundle was not written or read', () => {
  it.each([
    ['ENOSPC', 'ENOSPC: no space left on device, write', 'U盘已写满，ENOSPC'],
    ['EROFS', "EROFS: read-only file system, open '/media/usb/x.jmsb.tmp'", 'U盘处于写保护（只读）状态，EROFS'],
    ['EACCES', "EACCES: permission denied, open '/media/usb/x.jmsb.tmp'", '没有读写该文件夹的权限，EACCES'],
    ['EIO', 'EIO: i/o error, write', 'U盘读写出错，EIO'],
    ['ENOENT', "ENOENT: no such file or directory, rename '/media/usb/a' -> '/media/usb/b'", '文件夹或文件已不存在，ENOENT'],
  ])('%s is said in Chinese, with its code', (code, message, words) => {
    expect(usbFailureWords(failure(code, message))).toBe(words);
  });

  it('an unknown code is given as a code; a failure without one points to the log', () => {
    expect(usbFailureWords(failure('ELOOP', 'ELOOP: too many symbolic links'))).toBe('系统报错，ELOOP');
    expect(usbFailureWords(new TypeError("Cannot read properties of undefined (reading 'byteLength')"))).toBe('原因已记入本机日志');
  });

  it('the whole sentence carries no English', () => {
    const said = BUNDLE_TEXT.writeFailed('/media/usb', usbFailureWords(failure('ENOSPC', 'ENOSPC: no space left on device, write')));
    expect(said).toBe('数据包未能写入 /media/usb（U盘已写满，ENOSPC）；U盘是否已拔出或写满？已写的临时文件已删除，请重试');
    expect(said.replace('/media/usb', '').replace('ENOSPC', '')).not.toMatch(/[A-Za-z]{3,}/);
  });
});
