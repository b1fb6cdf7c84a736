import { useState } from 'preact/hooks';
import { api } from '../api/routes';
import { Button, ErrorSummary, errorFor, TextField, toFieldError, type FieldError } from '../components/forms';
import { word } from '../format';
import { usePageTitle } from '../page';
import { navigate } from '../router';
import { areaName, endSession, session } from '../session';

export function Account() {
  usePageTitle('Account');
  const user = session.value?.user;
  const [error, setError] = useState<string | null>(null);
  if (!user) return null;

  async function signOut(everywhere: boolean) {
    setError(null);
    try {
      if (everywhere) await api.signOutEverywhere(); else await api.signOut();
      endSession();
      navigate('/sign-in', { replace: true });
    } catch (e) {
      setError(toFieldError(e, []).message);
    }
  }

  return (
    <>
      <h1>Account</h1>
      <dl class="summary-list">
        <div class="summary-list__row"><dt class="summary-list__key">Name</dt><dd class="summary-list__value">{user.display_name || 'Not set'}</dd></div>
        <div class="summary-list__row"><dt class="summary-list__key">Username</dt><dd class="summary-list__value">{user.username}</dd></div>
        <div class="summary-list__row">
          <dt class="summary-list__key">Roles</dt>
          <dd class="summary-list__value">
            <ul class="list list--bare">
              {user.roles.map((g, i) => (
                <li key={i}>{word('role', g.role)}, {g.area === null ? 'in every area' : `in ${areaName(g.area) ?? g.area}`}</li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>
      <ChangePassword />
      <h2>Sign out</h2>
      <p>“Sign out everywhere” also ends your sessions on other computers and phones.</p>
      {error ? <p class="error-message" role="alert">{error}</p> : null}
      <div class="button-group">
        <Button type="button" onClick={() => void signOut(false)}>Sign out</Button>
        <Button type="button" secondary onClick={() => void signOut(true)}>Sign out everywhere</Button>
      </div>
    </>
  );
}

export function checkPasswords(current: string, next: string, confirm: string): FieldError[] {
  const errors: FieldError[] = [];
  if (current === '') errors.push({ field: 'current_password', message: 'Enter your current password' });
  if (next === '') errors.push({ field: 'new_password', message: 'Enter a new password' });
  else if (next !== confirm) errors.push({ field: 'confirm_password', message: 'The two new passwords are not the same. Type the new password again in both' });
  return errors;
}

function ChangePassword() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setDone(false);
    const found = checkPasswords(current, next, confirm);
    setErrors(found);
    if (found.length) return;
    setBusy(true);
    try {
      await api.changePassword(current, next);
      setCurrent(''); setNext(''); setConfirm('');
      setDone(true);
    } catch (error) {
      setErrors([toFieldError(error, ['current_password', 'new_password'])]);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="password-title">
      <h2 id="password-title">Change your password</h2>
      {done ? <p class="notice notice--success" role="status">Your password has been changed.</p> : null}
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate class="narrow">
        <TextField name="current_password" label="Current password" type="password" autocomplete="current-password" value={current} onInput={setCurrent} error={errorFor(errors, 'current_password')} width="medium" />
        <TextField name="new_password" label="New password" type="password" autocomplete="new-password" value={next} onInput={setNext} error={errorFor(errors, 'new_password')} width="medium" />
        <TextField name="confirm_password" label="New password again" type="password" autocomplete="new-password" value={confirm} onInput={setConfirm} error={errorFor(errors, 'confirm_password')} width="medium" />
        <Button disabled={busy}>Change password</Button>
      </form>
    </section>
  );
}
