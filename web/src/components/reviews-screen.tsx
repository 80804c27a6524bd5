import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { callApi } from '#web/api';
import type { MeResult, ReviewType } from '#web/api';
import { hrefTo, navigate } from '#web/router';
import { useAction } from './use-api';
import { Button, ErrorNote, Panel } from './ui';

const COMMON_DATABASES = [
  'PubMed',
  'Embase',
  'Web of Science',
  'Scopus',
  'CINAHL',
  'PsycINFO',
  'Cochrane Library',
];

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** The reviews the user belongs to, and a form to start a new one. */
export function ReviewsScreen({
  me,
  onChanged,
}: {
  me: MeResult;
  onChanged: () => Promise<void>;
}): ReactNode {
  const [creating, setCreating] = useState(me.reviews.length === 0);
  return (
    <div className="page">
      <div className="page-head">
        <h1>Reviews</h1>
        {!creating ? (
          <Button variant="primary" onClick={() => setCreating(true)}>
            New review
          </Button>
        ) : null}
      </div>
      {me.reviews.length === 0 ? (
        <p className="muted">No reviews yet. Start one below, or ask a lead to invite you.</p>
      ) : null}
      <ul className="review-list">
        {me.reviews.map((review) => (
          <li key={review.id}>
            <a className="review-card" href={hrefTo(`/reviews/${review.id}/identify`)}>
              <span className="review-card-title">{review.title}</span>
              <span className="chips">
                <span className="chip">{review.type}</span>
                {review.role ? <span className="chip chip-quiet">{review.role}</span> : null}
              </span>
            </a>
          </li>
        ))}
      </ul>
      {creating ? (
        <CreateReview
          onCancel={me.reviews.length ? () => setCreating(false) : undefined}
          onCreated={onChanged}
        />
      ) : null}
    </div>
  );
}

function CreateReview({
  onCancel,
  onCreated,
}: {
  onCancel?: () => void;
  onCreated: () => Promise<void>;
}): ReactNode {
  const [title, setTitle] = useState('');
  const [type, setType] = useState<ReviewType>('scoping');
  const [question, setQuestion] = useState('');
  const [population, setPopulation] = useState('');
  const [concept, setConcept] = useState('');
  const [context, setContext] = useState('');
  const [inclusion, setInclusion] = useState('');
  const [exclusion, setExclusion] = useState('');
  const [databases, setDatabases] = useState<string[]>(['PubMed']);
  const [otherDatabases, setOtherDatabases] = useState('');
  const action = useAction();

  const toggle = (name: string): void =>
    setDatabases((current) =>
      current.includes(name) ? current.filter((d) => d !== name) : [...current, name],
    );

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const created = await action.run(() =>
      callApi('reviews.create', {
        title: title.trim(),
        type,
        protocol: {
          question: question.trim(),
          population: population.trim(),
          concept: concept.trim(),
          context: context.trim(),
          inclusionCriteria: lines(inclusion),
          exclusionCriteria: lines(exclusion),
          databases: [
            ...databases,
            ...otherDatabases
              .split(',')
              .map((d) => d.trim())
              .filter(Boolean),
          ],
        },
      }),
    );
    if (created) {
      await onCreated();
      navigate(`/reviews/${created.id}/identify`);
    }
  };

  return (
    <Panel title="New review">
      <form className="form form-grid" onSubmit={(e) => void submit(e)} aria-label="New review">
        <label className="field span-2">
          <span>Title</span>
          <input
            name="title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            placeholder="e.g. Digital interventions for loneliness in older adults"
          />
        </label>
        <fieldset className="field span-2">
          <legend>Type</legend>
          <div className="radio-row">
            {(['scoping', 'systematic'] as const).map((value) => (
              <label key={value} className="radio">
                <input
                  type="radio"
                  name="type"
                  value={value}
                  checked={type === value}
                  onChange={() => setType(value)}
                />
                {value === 'scoping'
                  ? 'Scoping review (PRISMA-ScR)'
                  : 'Systematic review (PRISMA 2020)'}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="field span-2">
          <span>Review question</span>
          <textarea
            name="question"
            rows={2}
            value={question}
            onChange={(e) => setQuestion(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Population</span>
          <input
            name="population"
            value={population}
            onChange={(e) => setPopulation(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Concept</span>
          <input name="concept" value={concept} onChange={(e) => setConcept(e.target.value)} />
        </label>
        <label className="field span-2">
          <span>Context</span>
          <input name="context" value={context} onChange={(e) => setContext(e.target.value)} />
        </label>
        <label className="field">
          <span>Inclusion criteria (one per line)</span>
          <textarea
            name="inclusion"
            rows={4}
            value={inclusion}
            onChange={(e) => setInclusion(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Exclusion criteria (one per line)</span>
          <textarea
            name="exclusion"
            rows={4}
            value={exclusion}
            onChange={(e) => setExclusion(e.target.value)}
          />
        </label>
        <fieldset className="field span-2">
          <legend>Databases to search</legend>
          <div className="check-row">
            {COMMON_DATABASES.map((name) => (
              <label key={name} className="check">
                <input
                  type="checkbox"
                  checked={databases.includes(name)}
                  onChange={() => toggle(name)}
                />
                {name}
              </label>
            ))}
          </div>
          <input
            aria-label="Other databases, comma separated"
            placeholder="Other databases, comma separated"
            value={otherDatabases}
            onChange={(e) => setOtherDatabases(e.target.value)}
          />
        </fieldset>
        <ErrorNote error={action.error} />
        <div className="form-actions span-2">
          {onCancel ? (
            <Button variant="ghost" onClick={onCancel}>
              Cancel
            </Button>
          ) : null}
          <Button type="submit" variant="primary" busy={action.busy}>
            Create review
          </Button>
        </div>
      </form>
    </Panel>
  );
}
