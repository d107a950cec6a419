import { type InputHTMLAttributes, useState } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type' | 'min' | 'max'> & {
  value: number;
  min: number;
  max: number;
  onChange: (n: number) => void;
};

/**
 * A whole-number field that can be cleared and typed again. A field that put its smallest value back the moment it
 * was emptied turned "clear, type 2" into 12 (12 certificates, 12 copies); this one keeps what is typed while it is
 * edited, passes on each whole number within bounds, and shows the value kept once the finger leaves it.
 */
export function CountInput({ value, min, max, onChange, onBlur, ...rest }: Props) {
  const [typed, setTyped] = useState<string | null>(null);
  return (
    <input
      {...rest}
      type="number"
      inputMode="numeric"
      min={min}
      max={max}
      value={typed ?? String(value)}
      onChange={(e) => {
        const text = e.target.value;
        const n = Math.trunc(Number(text));
        if (text === '' || !Number.isFinite(n) || n < min) return setTyped(text);
        const kept = Math.min(max, n);
        setTyped(String(kept));
        onChange(kept);
      }}
      onBlur={(e) => {
        setTyped(null);
        onBlur?.(e);
      }}
    />
  );
}
