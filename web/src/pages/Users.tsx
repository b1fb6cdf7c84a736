// Users: the accounts holding a role in this area, for the area's admins. Add a
// user (the server makes a one-time password, shown here once), change their roles
// here, disable or enable them, reset their password. The rules (another area's
// user, the last admin, yourself) are the server's; its messages appear next to
// the field they name.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api/routes';
import type { AreaRole, AreaUser, OneTimePassword, Person } from '../api/types';
import type { PageProps } from '../App';
import { Button, ChoiceField, ErrorSummary, errorFor, SelectField, TextField, toFieldError, type FieldError } from '../components/forms';
import { countOf, formatDateTime, word, words } from '../format';
import { Loaded, useLoad, usePageTitle } from '../page';
import { session } from '../session';

const roleOptions = (): [string, string][] => Object.entries(words.role ?? {});

/** "Resident (member), linked to Ann Smith" and the like, one role in this area. */
export function roleWords(r: AreaRole): string {
  const name = word('role', r.role);
  if (r.all_areas) return `${name}, in every area`;
  if (r.role === 'member' && r.person_id) return `${name}, linked to ${r.person_name ?? r.person_id}`;
  return name;
}

/** A server error naming `field` (username, role, person_id…), as the field of this form (`prefix` + field). */
export function formError(error: unknown, prefix: string, fields: readonly string[]): FieldError {
  const e = toFieldError(error, fields);
  return e.field === null ? e : { field: prefix + e.field, message: e.message };
}

export function Users({ params }: PageProps) {
  const area = params.area as string;
  usePageTitle('Users', area);
  const [load, reload] = useLoad(() => api.users(area), [area]);
  const [secret, setSecret] = useState<OneTimePassword | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const shown = (p: OneTimePassword) => { setSecret(p); reload(); };
  return (
    <>
      <h1>Users</h1>
      <p>The people who can sign in to this area, and what each may do here.</p>
      {secret ? <PasswordPanel secret={secret} onDone={() => setSecret(null)} /> : null}
      <Loaded load={load} what="the users">
        {(list) => (
          <>
            <p role="status" class="result-count">{list.items.length === 0 ? 'No users yet' : `Showing ${countOf(list.items.length, 'user', 'users')}`}</p>
            {list.items.length > 0 ? <UserTable users={list.items} open={open} onOpen={setOpen} /> : null}
            {list.items.filter((u) => u.username === open).map((u) => (
              <ManageUser key={u.id} area={area} user={u} onChanged={reload} onPassword={shown} onClose={() => setOpen(null)} />
            ))}
          </>
        )}
      </Loaded>
      <AddUser area={area} onAdded={shown} />
    </>
  );
}

function UserTable({ users, open, onOpen }: { users: AreaUser[]; open: string | null; onOpen: (u: string) => void }) {
  return (
    <div class="table-wrap">
      <table class="table table--reflow">
        <caption class="visually-hidden">Users of this area</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Username</th><th scope="col">Roles here</th><th scope="col">Account</th><th scope="col">Last signed in</th><th scope="col">Change</th></tr></thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <th scope="row" data-label="Name">{u.display_name}</th>
              <td data-label="Username">{u.username}</td>
              <td data-label="Roles here"><ul class="list list--bare">{u.roles.map((r) => <li key={r.role + String(r.all_areas)}>{roleWords(r)}</li>)}</ul></td>
              <td data-label="Account">{u.disabled ? 'Disabled' : 'Can sign in'}</td>
              <td data-label="Last signed in">{u.last_log_in ? formatDateTime(u.last_log_in) : 'Never'}</td>
              <td data-label="Change">
                {u.can_change
                  ? <Button type="button" secondary onClick={() => onOpen(u.username)}>{open === u.username ? 'Changing' : 'Change'}<span class="visually-hidden"> {u.username}</span></Button>
                  : 'Works in other areas too: an admin of every one of them can change it'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The one-time password, once: with what to do with it. */
function PasswordPanel({ secret, onDone }: { secret: OneTimePassword; onDone: () => void }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => { ref.current?.focus(); }, [secret]);
  return (
    <section class="panel one-time" aria-labelledby="otp-title">
      <h2 id="otp-title" tabIndex={-1} ref={ref}>One-time password for {secret.user.username}</h2>
      <p class="one-time__password"><code>{secret.password}</code></p>
      <p>This is shown only this once and is not kept anywhere. Pass it on safely: in person or by phone, never by email or
        text message together with the username. Ask {secret.user.display_name || secret.user.username} to sign in with it and
        change it at once on their Account page.</p>
      <Button type="button" onClick={onDone}>I have passed it on</Button>
    </section>
  );
}

/** A search over the area's people, to link a member's account to their own record. */
function PersonPicker({ area, prefix, value, onChange, error }: { area: string; prefix: string; value: string; onChange: (id: string) => void; error?: string | undefined }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Person[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  async function search() {
    setFailed(null);
    try {
      const page = await api.people(area, { q: q.trim(), limit: 20 });
      setFound(page.items);
    } catch (e) {
      setFailed(toFieldError(e, []).message);
    }
  }
  return (
    <div class="person-picker">
      <TextField name={`${prefix}person_id`} label="Their own record in the register" required={false}
        hint="Type part of their name and choose Find. A resident sees only their own record." value={q} onInput={setQ} error={error} width="medium" autocomplete="off" />
      <Button type="button" secondary onClick={() => void search()}>Find</Button>
      {failed ? <p class="error-message" role="alert">{failed}</p> : null}
      {found !== null ? (
        found.length === 0
          ? <p role="status">No one found. Try another part of their name.</p>
          : <ChoiceField name={`${prefix}person_choice`} kind="radio" label="Choose their record" selected={value ? [value] : []}
              onChange={(v) => onChange(v[0] ?? '')} options={found.map((p) => [p.id, `${p.display_name} (${p.id})`])} />
      ) : null}
    </div>
  );
}

function AddUser({ area, onAdded }: { area: string; onAdded: (p: OneTimePassword) => void }) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState('');
  const [person, setPerson] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const p = 'new_';
  async function submit(e: Event) {
    e.preventDefault();
    const missing: FieldError[] = [];
    if (username.trim() === '') missing.push({ field: `${p}username`, message: 'Enter a username' });
    if (role === '') missing.push({ field: `${p}role`, message: 'Choose what they may do in this area' });
    setErrors(missing);
    if (missing.length) return;
    setBusy(true);
    try {
      const body = { username: username.trim(), display_name: displayName.trim(), role, ...(role === 'member' && person ? { person_id: person } : {}) };
      const added = await api.addUser(area, body);
      setUsername(''); setDisplayName(''); setRole(''); setPerson('');
      onAdded(added);
    } catch (error) {
      setErrors([formError(error, p, ['username', 'display_name', 'role', 'person_id'])]);
    } finally {
      setBusy(false);
    }
  }
  const err = (f: string) => errorFor(errors, p + f);
  return (
    <section aria-labelledby="add-title" class="narrow">
      <h2 id="add-title">Add a user</h2>
      <p>The server makes a one-time password for them, shown here once.</p>
      <ErrorSummary errors={errors} id="add-errors" />
      <form onSubmit={submit} noValidate>
        <TextField name={`${p}username`} label="Username" hint="Letters, digits and . _ - @; what they type to sign in" value={username} onInput={setUsername} error={err('username')} width="medium" autocomplete="off" />
        <TextField name={`${p}display_name`} label="Name" required={false} hint="How others see them; the username if left empty" value={displayName} onInput={setDisplayName} error={err('display_name')} width="medium" autocomplete="off" />
        <SelectField name={`${p}role`} label="What they may do here" value={role} onChange={setRole} options={roleOptions()} emptyLabel="Choose a role" error={err('role')} />
        {role === 'member' ? <PersonPicker area={area} prefix={p} value={person} onChange={setPerson} error={err('person_id')} /> : null}
        <Button disabled={busy}>Add the user</Button>
      </form>
    </section>
  );
}

function ManageUser({ area, user, onChanged, onPassword, onClose }: {
  area: string; user: AreaUser; onChanged: () => void; onPassword: (p: OneTimePassword) => void; onClose: () => void;
}) {
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [role, setRole] = useState('');
  const [person, setPerson] = useState('');
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => { ref.current?.focus(); }, [user.username]);
  const p = 'change_';
  const fields = ['role', 'person_id', 'username'];
  const isMe = session.value?.user.username.toLowerCase() === user.username.toLowerCase();

  async function act(what: () => Promise<void>, said: string): Promise<boolean> {
    setErrors([]); setDone(null); setBusy(true);
    try {
      await what();
      setDone(said);
      onChanged();
      return true;
    } catch (error) {
      setErrors([formError(error, p, fields)]);
      return false;
    } finally {
      setBusy(false);
    }
  }
  async function grant(e: Event) {
    e.preventDefault();
    if (role === '') { setErrors([{ field: `${p}role`, message: 'Choose the role to give' }]); return; }
    const ok = await act(() => api.grantRole(area, user.username, role, role === 'member' && person ? person : undefined), `${user.username} is now also ${word('role', role)} here.`);
    if (ok) { setRole(''); setPerson(''); }
  }
  const reset = () => act(async () => { onPassword(await api.resetPassword(area, user.username)); }, `${user.username} has a new one-time password; their sessions have ended.`);
  const err = (f: string) => errorFor(errors, p + f);
  const areaRoles = user.roles.filter((r) => !r.all_areas);
  return (
    <section class="panel" aria-labelledby="manage-title">
      <h2 id="manage-title" tabIndex={-1} ref={ref}>Change {user.display_name} ({user.username})</h2>
      {done ? <p class="notice notice--success" role="status">{done}</p> : null}
      <ErrorSummary errors={errors} id="manage-errors" />
      <h3>Roles here</h3>
      <ul class="list list--bare" id={`f-${p}username`} tabIndex={-1}>
        {user.roles.map((r) => (
          <li key={r.role + String(r.all_areas)} class="role-line">
            <span>{roleWords(r)}</span>{' '}
            {r.all_areas ? null : <Button type="button" secondary disabled={busy} onClick={() => void act(() => api.revokeRole(area, user.username, r.role), `${user.username} is no longer ${word('role', r.role)} here.`)}>Remove<span class="visually-hidden"> the role {word('role', r.role)}</span></Button>}
          </li>
        ))}
      </ul>
      {err('username') ? <p class="error-message">{err('username')}</p> : null}
      <form onSubmit={grant} noValidate>
        <SelectField name={`${p}role`} label="Give another role here" value={role} onChange={setRole}
          options={roleOptions().filter(([v]) => !areaRoles.some((r) => r.role === v))} emptyLabel="Choose a role" error={err('role')} />
        {role === 'member' ? <PersonPicker area={area} prefix={p} value={person} onChange={setPerson} error={err('person_id')} /> : null}
        <Button secondary disabled={busy}>Give the role</Button>
      </form>
      <h3>Account</h3>
      <p>{user.disabled ? 'This account is disabled: it cannot sign in.' : 'This account can sign in.'}</p>
      <div class="button-group">
        {user.disabled
          ? <Button type="button" disabled={busy} onClick={() => void act(() => api.setUserDisabled(area, user.username, false), `${user.username} can sign in again.`)}>Enable the account</Button>
          : isMe ? <p>You cannot disable your own account.</p>
          : <Button type="button" warning disabled={busy} onClick={() => void act(() => api.setUserDisabled(area, user.username, true), `${user.username} is disabled and signed out everywhere.`)}>Disable the account</Button>}
        <Button type="button" secondary disabled={busy} onClick={() => void reset()}>Reset the password</Button>
        <Button type="button" secondary onClick={onClose}>Close</Button>
      </div>
    </section>
  );
}
