import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Hex fixture helpers shared by the device tests. */
export const fixturePath = (name: string) => fileURLToPath(new URL(`../../fixtures/devices/${name}`, import.meta.url));
export const hex = (s: string) => Uint8Array.from(s.trim().split(/\s+/).map((b) => parseInt(b, 16)));
export const toHex = (b: Uint8Array) => [...b].map((x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ');
export type SamFrames = { commands: Record<string, string>; responses: Record<string, string>; readHeader: string };
export const samFrames = JSON.parse(readFileSync(fixturePath('sam-frames.json'), 'utf8')) as SamFrames;
