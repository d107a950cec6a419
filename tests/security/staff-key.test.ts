import { createPrivateKey, createPublicKey, hkdfSync, pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StaffVanKey } from '#protocol/documents/office.ts';
import { deriveStaffKeyPair, makeStaffVanKey, staffKeyScalar, x25519KeyPair } from '#protocol/staff-key.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const SALT = new Uint8Array(Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex'));

describe('a staff member’s van key, derived from the password', () => {
  it('turns a scalar into its X25519 public key as RFC 7748 section 6.1 does (Alice’s key)', async () => {
    const pair = await x25519KeyPair(new Uint8Array(Buffer.from('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a', 'hex')));
    expect(hex(pair.publicKey)).toBe('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a');
  });

  it('derives the known key pair at the real cost, the same as node:crypto computes it step by step', async () => {
    const scalar = await staffKeyScalar('staff-lina', 'jms-demo-2026', SALT, 600_000);
    const pair = await deriveStaffKeyPair('staff-lina', 'jms-demo-2026', SALT, 600_000);
    expect(hex(scalar)).toBe('e1a4d6c00cf7242e36ebe6aa5a94cca22988574cfca4cc785574c7b3e4c8f1f5');
    expect(hex(pair.publicKey)).toBe('5fc4e52fb69ed9531f5786602007f316188566c70b756a101f96cd1919cdd434');
    // The same steps through OpenSSL (PBKDF2, HKDF, X25519) rather than WebCrypto.
    const stretched = pbkdf2Sync('jms-demo-2026', SALT, 600_000, 32, 'sha256');
    const expected = Buffer.from(hkdfSync('sha256', stretched, Buffer.alloc(32), 'jms-van/staff-x25519/v1/staff-lina', 32));
    expect(hex(scalar)).toBe(hex(expected));
    const der = Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), expected]);
    const spki = createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' });
    expect(hex(spki.subarray(-32))).toBe(hex(pair.publicKey));
  });

  it('gives another key for another password, staff id or salt, and never the password hash itself', async () => {
    const base = hex(await staffKeyScalar('staff-lina', 'jms-demo-2026', SALT, 1000));
    expect(hex(await staffKeyScalar('staff-lina', 'jms-demo-2027', SALT, 1000))).not.toBe(base);
    expect(hex(await staffKeyScalar('staff-zhangwei', 'jms-demo-2026', SALT, 1000))).not.toBe(base);
    expect(hex(await staffKeyScalar('staff-lina', 'jms-demo-2026', SALT.map((b) => b ^ 1), 1000))).not.toBe(base);
    // Even over the hash's own salt and cost, the scalar is not the PBKDF2 output the van stores as the hash.
    expect(base).not.toBe(hex(pbkdf2Sync('jms-demo-2026', SALT, 1000, 32, 'sha256')));
  });

  it('publishes the public half only, in the staff document’s shape', async () => {
    const key = await makeStaffVanKey('staff-lina', 'jms-demo-2026', 3, SALT, 1000);
    expect(StaffVanKey.parse(key)).toEqual({ version: 3, publicKey: key.publicKey, salt: 'AAECAwQFBgcICQoLDA0ODw==', iterations: 1000 });
    expect(Object.keys(key).sort()).toEqual(['iterations', 'publicKey', 'salt', 'version']);
    const pair = await deriveStaffKeyPair('staff-lina', 'jms-demo-2026', SALT, 1000);
    expect(key.publicKey).toBe(Buffer.from(pair.publicKey).toString('base64'));
  });
});
