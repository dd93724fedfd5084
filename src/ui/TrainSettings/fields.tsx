// The labelled fields the training settings are made of, shared by the part always in view and the
// part under Advanced.
import { cloneElement, useId, type ReactElement } from 'react';
import forms from '../forms.module.css';

/** A labelled control; the hint describes it (aria-describedby) without becoming part of its name. */
export function Field({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: string;
  children: ReactElement<{ 'aria-describedby'?: string }>;
}) {
  const hintId = useId();
  return (
    <div className={forms.fieldTop}>
      <label className={forms.fieldTop}>
        <span className={forms.label}>{label}</span>
        {hint ? cloneElement(children, { 'aria-describedby': hintId }) : children}
      </label>
      {hint && (
        <span className={forms.hint} id={hintId}>
          {hint}
        </span>
      )}
    </div>
  );
}

/** A number input that passes on only values within its bounds. */
export function numberInput(
  value: number,
  onValue: (n: number) => void,
  attrs: { min: number; max: number; step: number | 'any' },
) {
  return (
    <input
      type="number"
      value={value}
      {...attrs}
      onChange={(e) => {
        const n = e.currentTarget.valueAsNumber;
        if (Number.isFinite(n) && n >= attrs.min && n <= attrs.max) onValue(n);
      }}
    />
  );
}
