import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import { t } from '../i18n/i18n';
import {
  checkPasswordForm,
  hasProblems,
  MIN_PASSWORD_LENGTH,
  PasswordField,
  PasswordForm,
  PasswordProblems,
  Problem,
  problemsOfRefusal,
} from '../password/password-form';
import type { Session } from '../session/session';
import { sessions } from '../session/session-store';

const EMPTY: PasswordForm = { currentPassword: '', newPassword: '', repeat: '' };

const FIELDS: { field: PasswordField; label: 'password.current' | 'password.new' | 'password.repeat' }[] = [
  { field: 'currentPassword', label: 'password.current' },
  { field: 'newPassword', label: 'password.new' },
  { field: 'repeat', label: 'password.repeat' },
];

const AUTOCOMPLETE: Record<PasswordField, string> = {
  currentPassword: 'current-password',
  newPassword: 'new-password',
  repeat: 'new-password',
};

const say = (problem: Problem) => ('key' in problem ? t(problem.key, problem.params) : problem.text);

/**
 * 修改密码: current password, new one twice; problems under their fields, the person stays signed in.
 * After a one-time password it comes first, and once the new password is set the session carries on.
 */
export function ChangePasswordScreen({
  session,
  onChanged,
}: {
  session: Session;
  /** Told whether the password replaced was a one-time one (the console then goes on to its home). */
  onChanged: (wasOneTime: boolean) => void;
}) {
  const [form, setForm] = useState<PasswordForm>(EMPTY);
  const [problems, setProblems] = useState<PasswordProblems>({});
  const [busy, setBusy] = useState(false);
  const [changed, setChanged] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setChanged(false);
    const found = checkPasswordForm(form, session.username);
    setProblems(found);
    if (hasProblems(found)) return;
    setBusy(true);
    try {
      await api.changePassword({ currentPassword: form.currentPassword, newPassword: form.newPassword });
      setForm(EMPTY);
      setChanged(true);
      // The same token stays valid: only the one-time flag goes.
      const current = sessions.current();
      const wasOneTime = current?.mustChangePassword === true;
      if (current && wasOneTime) sessions.begin({ ...current, mustChangePassword: false });
      onChanged(wasOneTime);
    } catch (e) {
      setProblems(
        e instanceof ApiError
          ? problemsOfRefusal(e)
          : { form: [{ key: 'common.error', params: { message: String(e) } }] },
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="screen">
      <form class="card password-card" onSubmit={submit} noValidate data-test="change-password">
        <h1>{t('password.title')}</h1>
        {session.mustChangePassword && (
          <p class="notice warn" role="status" data-test="one-time-password">
            {t('password.oneTime')}
          </p>
        )}
        {changed && (
          <p class="notice ok" role="status" data-test="password-changed">
            {t('password.changed')}
          </p>
        )}
        {problems.form?.map((problem) => (
          <p class="notice error" role="alert" data-test="password-error">
            {say(problem)}
          </p>
        ))}
        {FIELDS.map(({ field, label }) => (
          <label key={field}>
            {t(label)}
            <input
              name={field}
              type="password"
              autocomplete={AUTOCOMPLETE[field]}
              aria-invalid={problems[field] ? 'true' : undefined}
              aria-describedby={problems[field] ? `${field}-problems` : undefined}
              value={form[field]}
              onInput={(e) => setForm({ ...form, [field]: (e.target as HTMLInputElement).value })}
            />
            {field === 'newPassword' && (
              <small class="muted">{t('password.hint', { n: MIN_PASSWORD_LENGTH })}</small>
            )}
            {problems[field] && (
              <span id={`${field}-problems`} role="alert" data-test={`error-${field}`}>
                {problems[field].map((problem) => (
                  <small class="field-error">{say(problem)}</small>
                ))}
              </span>
            )}
          </label>
        ))}
        <button class="primary" type="submit" disabled={busy}>
          {busy ? t('password.busy') : t('password.submit')}
        </button>
      </form>
    </main>
  );
}
