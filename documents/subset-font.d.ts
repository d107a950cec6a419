// subset-font ships no types; this is the part of its API we use (https://github.com/papandreou/subset-font).
declare module 'subset-font' {
  type SubsetOptions = {
    targetFormat?: 'sfnt' | 'truetype' | 'woff' | 'woff2';
    preserveNameIds?: readonly number[];
    keepFeatures?: readonly string[];
    noLayoutClosure?: boolean;
    noHinting?: boolean;
    dropTables?: readonly string[];
  };
  // eslint-disable-next-line no-restricted-syntax -- the package's real export is a default function
  export default function subsetFont(font: Uint8Array, text: string, options?: SubsetOptions): Promise<Buffer>;
}
