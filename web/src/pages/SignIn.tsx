import { useState } from 'preact/hooks';
import { landingPath, safeNext } from '../access';
import { api } from '../api/routes';
import { builtSections } from '../App';
import { Button, ErrorSummary, errorFor, TextField, toFieldError, type FieldError } from '../components/forms';
import { usePageTitle } from '../page';
import { navigate, searchParam } from '../router';
import { areas, grants, startSession } from '../session';

/** Errors a user can fix before asking the server, in the words the server uses. */
export function checkSignIn(username: string, password: string): FieldError[] {
  const errors: FieldError[] = [];
  if (username.trim() === '') errors.push({ field: 'username', message: 'Enter your username' });
  if (password === '') errors.push({ field: 'password', message: 'Enter your password' });
  return errors;
}

export function SignIn() {
  usePageTitle('Sign in');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    const found = checkSignIn(username, password);
    setErrors(found);
    if (found.length) return;
    setBusy(true);
    try {
      const answer = await api.signIn(username.trim(), password);
      await startSession(answer);
      const next = safeNext(searchParam('next'));
      navigate(next ?? landingPath(grants.value, areas.value[0]?.id ?? null, builtSections), { replace: true });
    } catch (error) {
      setErrors([toFieldError(error, ['username', 'password'])]);
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="narrow">
      <ErrorSummary errors={errors} />
      <h1>Sign in</h1>
      <p>Sign in with the username and password your administrator gave you.</p>
      <form onSubmit={submit} noValidate>
        <TextField name="username" label="Username" autocomplete="username" value={username} onInput={setUsername} error={errorFor(errors, 'username')} width="medium" />
        <TextField name="password" label="Password" type="password" autocomplete="current-password" value={password} onInput={setPassword} error={errorFor(errors, 'password')} width="medium" />
        <Button disabled={busy}>Sign in</Button>
      </form>
    </div>
  );
}
