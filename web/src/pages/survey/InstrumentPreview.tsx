// How an instrument reads to the interviewer, section by section, from the form
// state (a draft) or the stored definition (published): one rendering for both.
import type { InstrumentDraft, SectionDraft } from './instrumentForm';
import { ScaleDetails } from './ScaleDetails';
import { demographicWords, interpreterWords } from './surveyWords';
import type { Scale } from './types';

function Wording({ en, cy }: { en: string; cy: string }) {
  return (
    <>
      <p class="preview__question">{en || <em>No question in English yet</em>}</p>
      {cy ? <p lang="cy" class="preview__question">{cy}</p> : null}
    </>
  );
}

function PreviewSection({ s, scales }: { s: SectionDraft; scales: readonly Scale[] }) {
  switch (s.kind) {
    case 'name_generator':
      return (
        <>
          <Wording en={s.promptEn} cy={s.promptCy} />
          <p>Up to {s.maxNames || '?'} names.{s.interpreters.length ? ' For each person named:' : ''}</p>
          {s.interpreters.length ? <ul class="list">{s.interpreters.map((i) => <li key={i}>{interpreterWords[i] ?? i}</li>)}</ul> : null}
        </>
      );
    case 'roster':
      return (
        <>
          {s.promptEn || s.promptCy ? <Wording en={s.promptEn} cy={s.promptCy} /> : null}
          <p>The area’s {s.of} as a list to tick{s.askFrequency ? ', with how often they go' : ''}.</p>
        </>
      );
    case 'scale': {
      const scale = scales.find((x) => x.name === s.scale);
      return scale ? <ScaleDetails scale={scale} /> : <p><em>No scale chosen yet</em></p>;
    }
    case 'demographics':
      return <p>Asks: {s.fields.map((f) => demographicWords[f] ?? f).join(', ') || <em>nothing chosen yet</em>}.</p>;
    case 'free_text':
      return (
        <>
          <Wording en={s.promptEn} cy={s.promptCy} />
          <p>Answered in their own words.</p>
        </>
      );
  }
}

export function InstrumentPreview({ draft, scales }: { draft: InstrumentDraft; scales: readonly Scale[] }) {
  return (
    <div class="preview">
      <p class="preview__title"><strong>{draft.titleEn || 'No title yet'}</strong>{draft.titleCy ? <span lang="cy"> / {draft.titleCy}</span> : null}</p>
      {draft.sections.length === 0 ? <p>No sections yet.</p> : (
        <ol class="list preview__sections">
          {draft.sections.map((s) => <li key={s.uid}><PreviewSection s={s} scales={scales} /></li>)}
        </ol>
      )}
    </div>
  );
}
