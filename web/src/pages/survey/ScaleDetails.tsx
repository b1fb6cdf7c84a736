// A validated scale as its publisher words it: read-only, since scales are
// kith's code (src/kith/measures) and their scoring depends on the wording.
import type { Scale } from './types';

export function ScaleDetails({ scale }: { scale: Scale }) {
  return (
    <div class="scale-details">
      <p><strong>{scale.title}</strong></p>
      {scale.preamble ? <p>{scale.preamble}</p> : null}
      <ol class="list">
        {scale.items.map((item, i) => <li key={i}>{item}</li>)}
      </ol>
      <p>Answers: {scale.options.map((o) => `${o.label} (${o.code})`).join(', ')}.</p>
      <p class="hint">Source: {scale.source}. Asked in English only, as published.</p>
    </div>
  );
}
