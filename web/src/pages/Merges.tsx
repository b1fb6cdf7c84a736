// Merged records of one area (docs/merges.md): every merge, newest first,
// and the undoing of one. Merges are made from a person's page ("Same person
// recorded twice?").
import { useState } from 'preact/hooks';
import { allows } from '../access';
import { messageFor } from '../api/errors';
import { api } from '../api/routes';
import type { Merge } from '../api/types';
import type { PageProps } from '../App';
import { formatDateTime } from '../format';
import { Loaded, useLoad, usePageTitle } from '../page';
import { grants } from '../session';
import { movedWords, undoneWords } from './mergeWords';

export const mergesPath = (area: string) => `/areas/${encodeURIComponent(area)}/merges`;

export function MergesPage({ params }: PageProps) {
  const area = params.area as string;
  usePageTitle('Merged records', area);
  const [load, reload] = useLoad(() => api.merges(area), [area]);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const canWrite = allows(grants.value, area, 'register_write');
  const personHref = (id: string) => `/areas/${encodeURIComponent(area)}/people/${encodeURIComponent(id)}`;

  async function undo(m: Merge) {
    setBusy(true);
    setNotice(null);
    try {
      const done = await api.undoMerge(area, m.id);
      setNotice({ ok: true, text: undoneWords(done) });
      reload();
    } catch (error) {
      setNotice({ ok: false, text: messageFor(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>Merged records</h1>
      <p class="lead">
        When one person was recorded twice, the second record is merged into the first: its ties, groups and places
        and survey answers move to the record kept. A merge can be undone here; what changed since stays with the
        record kept.
      </p>
      {notice ? <p class={`notice ${notice.ok ? 'notice--success' : 'notice--error'}`} role={notice.ok ? 'status' : 'alert'}>{notice.text}</p> : null}
      <Loaded load={load} what="the merged records">
        {({ items, limit }) => items.length === 0 ? (
          <p>No records have been merged in this area. To merge two records of one person, open the person’s page and use “Same person recorded twice?”.</p>
        ) : (
          <>
            {items.length >= limit ? <p>Showing the latest {limit} merges; earlier ones are in the audit log.</p> : null}
            <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="merges-caption">
              <table class="table table--reflow">
                <caption id="merges-caption" class="visually-hidden">Merged records, newest first</caption>
                <thead>
                  <tr><th scope="col">Record kept</th><th scope="col">Merged into it</th><th scope="col">Why</th><th scope="col">What moved</th><th scope="col">By and when</th><th scope="col">Now</th></tr>
                </thead>
                <tbody>
                  {items.map((m) => (
                    <tr key={m.id}>
                      <th scope="row" data-label="Record kept"><a href={personHref(m.kept.id)}>{m.kept.display_name}</a></th>
                      <td data-label="Merged into it">{m.status === 'undone' ? <a href={personHref(m.merged.id)}>{m.merged.display_name}</a> : m.merged.display_name}</td>
                      <td data-label="Why">{m.reason === '' ? 'Removed when the person was erased' : m.reason}</td>
                      <td data-label="What moved">{movedWords(m.moved)}</td>
                      <td data-label="By and when">{m.merged_by}, {formatDateTime(m.merged_at)}</td>
                      <td data-label="Now">
                        {m.status === 'undone' ? `Undone by ${m.undone_by ?? 'someone'}, ${formatDateTime(m.undone_at)}` : canWrite ? (
                          <button type="button" class="button button--secondary button--small" disabled={busy} onClick={() => void undo(m)}>
                            Undo<span class="visually-hidden"> the merge of {m.merged.display_name} into {m.kept.display_name}</span>
                          </button>
                        ) : 'Merged'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Loaded>
    </>
  );
}
