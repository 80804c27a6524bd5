import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { AnswerValue, FormField } from '#core/extract/index';
import { formatCell } from '#core/extract/cells';

const OTHER = 'Other';

/**
 * One field of a charting form as an input: text and numbers save when the field is left (or
 * Enter), choices at once. `onCommit(null)` clears the answer. Every control is a native one,
 * reached with Tab, so the form is charted from the keyboard.
 */
export function FieldInput({
  field,
  value,
  onCommit,
  disabled,
  idPrefix,
}: {
  field: FormField;
  value: AnswerValue | undefined;
  onCommit: (value: unknown) => void;
  disabled?: boolean;
  idPrefix: string;
}): ReactNode {
  const id = `${idPrefix}-${field.id}`;
  switch (field.type) {
    case 'text':
    case 'long-text':
    case 'date':
      return (
        <TextInput
          id={id}
          multiline={field.type === 'long-text'}
          placeholder={field.type === 'date' ? 'YYYY, YYYY-MM or YYYY-MM-DD' : undefined}
          value={typeof value === 'string' ? value : ''}
          disabled={disabled}
          onCommit={(text) => onCommit(text.trim() ? text : null)}
        />
      );
    case 'integer':
    case 'decimal':
      return (
        <span className="field-number">
          <TextInput
            id={id}
            inputMode={field.type === 'integer' ? 'numeric' : 'decimal'}
            value={typeof value === 'number' ? String(value) : ''}
            disabled={disabled}
            onCommit={(text) => onCommit(text.trim() ? Number(text) : null)}
          />
          {field.unit ? <span className="muted">{field.unit}</span> : null}
        </span>
      );
    case 'range': {
      const range =
        value && typeof value === 'object' && 'low' in value
          ? (value as { low: number; high: number })
          : undefined;
      return (
        <RangeInput
          id={id}
          low={range?.low}
          high={range?.high}
          unit={field.unit}
          disabled={disabled}
          onCommit={onCommit}
        />
      );
    }
    case 'boolean':
      return (
        <BooleanInput
          id={id}
          value={typeof value === 'boolean' ? value : undefined}
          disabled={disabled}
          onCommit={onCommit}
        />
      );
    case 'single-choice':
    case 'multiple-choice':
      return (
        <ChoiceInput id={id} field={field} value={value} disabled={disabled} onCommit={onCommit} />
      );
    case 'table': {
      const table = (value && typeof value === 'object' ? value : {}) as Record<
        string,
        Record<string, string>
      >;
      return (
        <table className="field-table">
          <thead>
            <tr>
              <th />
              {field.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {field.rows.map((row) => (
              <tr key={row}>
                <th scope="row">{row}</th>
                {field.columns.map((column) => (
                  <td key={column}>
                    <TextInput
                      id={`${id}-${row}-${column}`}
                      label={`${row}, ${column}`}
                      value={table[row]?.[column] ?? ''}
                      disabled={disabled}
                      onCommit={(text) => {
                        const next = structuredClone(table);
                        (next[row] ??= {})[column] = text;
                        if (!text) delete next[row]![column];
                        onCommit(
                          Object.values(next).some((r) => Object.keys(r).length) ? next : null,
                        );
                      }}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
  }
}

/** A text box that commits its text when left or on Enter (not on every key). */
function TextInput({
  id,
  value,
  onCommit,
  multiline,
  disabled,
  placeholder,
  inputMode,
  label,
}: {
  id: string;
  value: string;
  onCommit: (text: string) => void;
  multiline?: boolean;
  disabled?: boolean;
  placeholder?: string;
  inputMode?: 'numeric' | 'decimal';
  label?: string;
}): ReactNode {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = (): void => {
    if (text !== value) onCommit(text);
  };
  const common = {
    id,
    value: text,
    disabled,
    placeholder,
    'aria-label': label,
    onBlur: commit,
  };
  return multiline ? (
    <textarea {...common} rows={3} onChange={(event) => setText(event.target.value)} />
  ) : (
    <input
      {...common}
      type="text"
      inputMode={inputMode}
      onChange={(event) => setText(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
      }}
    />
  );
}

function RangeInput({
  id,
  low,
  high,
  unit,
  disabled,
  onCommit,
}: {
  id: string;
  low: number | undefined;
  high: number | undefined;
  unit?: string;
  disabled?: boolean;
  onCommit: (value: unknown) => void;
}): ReactNode {
  const send = (a: string, b: string): void => {
    if (!a.trim() && !b.trim()) return onCommit(null);
    onCommit({ low: Number(a), high: Number(b || a) });
  };
  const lowText = low === undefined ? '' : String(low);
  const highText = high === undefined ? '' : String(high);
  return (
    <span className="field-number">
      <TextInput
        id={id}
        label="from"
        inputMode="decimal"
        value={lowText}
        disabled={disabled}
        onCommit={(t) => send(t, highText)}
      />
      <span className="muted">to</span>
      <TextInput
        id={`${id}-high`}
        label="to"
        inputMode="decimal"
        value={highText}
        disabled={disabled}
        onCommit={(t) => send(lowText, t)}
      />
      {unit ? <span className="muted">{unit}</span> : null}
    </span>
  );
}

function BooleanInput({
  id,
  value,
  disabled,
  onCommit,
}: {
  id: string;
  value: boolean | undefined;
  disabled?: boolean;
  onCommit: (value: unknown) => void;
}): ReactNode {
  const [shown, setShown] = useState(value);
  useEffect(() => setShown(value), [value]);
  const send = (next: boolean | undefined): void => {
    setShown(next);
    onCommit(next ?? null);
  };
  return (
    <span className="choices" role="radiogroup" aria-labelledby={`${id}-label`}>
      {(
        [
          ['Yes', true],
          ['No', false],
        ] as const
      ).map(([label, answer]) => (
        <label key={label} className="choice">
          <input
            type="radio"
            name={id}
            checked={shown === answer}
            disabled={disabled}
            onChange={() => send(answer)}
          />
          {label}
        </label>
      ))}
      {shown !== undefined ? (
        <button type="button" className="link" disabled={disabled} onClick={() => send(undefined)}>
          Clear
        </button>
      ) : null}
    </span>
  );
}

function ChoiceInput({
  id,
  field,
  value,
  disabled,
  onCommit,
}: {
  id: string;
  field: Extract<FormField, { type: 'single-choice' | 'multiple-choice' }>;
  value: AnswerValue | undefined;
  disabled?: boolean;
  onCommit: (value: unknown) => void;
}): ReactNode {
  const single = field.type === 'single-choice';
  const answer = (value ?? {}) as { choice?: string; choices?: string[]; other?: string };
  const given = single ? (answer.choice ? [answer.choice] : []) : (answer.choices ?? []);
  const givenKey = given.join('\u0000');
  // Shown at once as clicked; the saved answer replaces it when it comes back.
  const [chosen, setChosen] = useState(given);
  useEffect(() => setChosen(givenKey ? givenKey.split('\u0000') : []), [givenKey]);
  const [other, setOther] = useState(answer.other ?? '');
  useEffect(() => setOther(answer.other ?? ''), [answer.other]);
  const options = [...field.options, ...(field.other ? [OTHER] : [])];
  const send = (next: string[], otherText = other): void => {
    setChosen(next);
    if (next.length === 0) return onCommit(null);
    const withOther = next.includes(OTHER) ? { other: otherText } : {};
    // "Other" waits for its text before it is saved.
    if (next.includes(OTHER) && !otherText.trim()) return;
    onCommit(single ? { choice: next[0], ...withOther } : { choices: next, ...withOther });
  };
  const [pendingOther, setPendingOther] = useState(false);
  const showsOther = chosen.includes(OTHER) || pendingOther;
  return (
    <span
      className="choices"
      role={single ? 'radiogroup' : 'group'}
      aria-labelledby={`${id}-label`}
    >
      {options.map((option) => (
        <label key={option} className="choice">
          <input
            type={single ? 'radio' : 'checkbox'}
            name={id}
            checked={
              chosen.includes(option) || (option === OTHER && pendingOther && !chosen.length)
            }
            disabled={disabled}
            onChange={(event) => {
              if (option === OTHER) setPendingOther(event.target.checked);
              const next = single
                ? [option]
                : event.target.checked
                  ? [...chosen, option]
                  : chosen.filter((c) => c !== option);
              send(next);
            }}
          />
          {option === OTHER ? 'Other (specify)' : option}
        </label>
      ))}
      {showsOther ? (
        <input
          type="text"
          className="choice-other"
          aria-label={`${field.label}: other, specify`}
          value={other}
          disabled={disabled}
          onChange={(event) => setOther(event.target.value)}
          onBlur={() => {
            if (other.trim()) send(single ? [OTHER] : [...new Set([...chosen, OTHER])], other);
          }}
        />
      ) : null}
      {chosen.length && !single ? null : chosen.length ? (
        <button type="button" className="link" disabled={disabled} onClick={() => onCommit(null)}>
          Clear
        </button>
      ) : null}
    </span>
  );
}

/** An answer as a short line of text (the reconcile queue, the consensus). */
export function answerText(value: AnswerValue | null | undefined): string {
  return value === null || value === undefined ? '(blank)' : formatCell(value);
}
