/** One fault setting in the toolbar: a label and a select of presets (plus the current value if it is none of them). */
export interface FaultSelectProps {
  label: string;
  hint: string;
  testId: string;
  value: number;
  presets: readonly number[];
  format: (value: number) => string;
  disabled: boolean;
  onChange: (value: number) => void;
}

export function FaultSelect({ label, hint, testId, value, presets, format, disabled, onChange }: FaultSelectProps) {
  const options = presets.includes(value) ? presets : [...presets, value].sort((a, b) => a - b);
  return (
    <label className={value > 0 ? 'fault fault--on' : 'fault'} title={hint}>
      <span>{label}</span>
      <select data-testid={testId} value={value} disabled={disabled} onChange={(e) => onChange(Number(e.target.value))}>
        {options.map((p) => (
          <option key={p} value={p}>
            {format(p)}
          </option>
        ))}
      </select>
    </label>
  );
}

export const percent = (p: number) => `${Math.round(p * 100)}%`;
