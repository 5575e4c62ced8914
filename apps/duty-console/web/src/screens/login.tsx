import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import { t } from '../i18n/i18n';
import { sessionOf, SignedOutReason } from '../session/session';
import { sessions } from '../session/session-store';

/** 登录: username and password; says why when it fails, and when the last session ran out. */
export function Login({ reason }: { reason?: SignedOutReason }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const reply = await api.login(username.trim(), password);
      sessions.begin(sessionOf(reply, Date.now()));
    } catch (e) {
      const wrong = e instanceof ApiError && e.code === 'AUTH.INVALID_CREDENTIALS';
      setError(wrong ? t('login.wrong') : t('login.failed', { message: (e as Error).message }));
      setBusy(false);
    }
  };

  return (
    <main class="login">
      <form class="card login-card" onSubmit={submit}>
        <h1>{t('login.title')}</h1>
        {reason === 'expired' && !error && (
          <p class="notice warn" role="status" data-test="session-expired">
            {t('login.expired')}
          </p>
        )}
        {error && (
          <p class="notice error" role="alert" data-test="login-error">
            {error}
          </p>
        )}
        <label>
          {t('login.username')}
          <input
            name="username"
            autocomplete="username"
            required
            value={username}
            onInput={(e) => setUsername((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          {t('login.password')}
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
          />
        </label>
        <button class="primary" type="submit" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
      </form>
    </main>
  );
}
