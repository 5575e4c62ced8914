import type { FieldError } from '../api/types';
import type { MessageKey } from '../i18n/zh-CN';

/** The 修改密码 form as typed. */
export interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

export type PasswordField = keyof PasswordForm;

/** A message under one field: a catalogue key (with its parameters), or the server's own words. */
export type Problem = { key: MessageKey; params?: Record<string, string | number> } | { text: string };

/** What is wrong, by field; `form` for what belongs to no one field. */
export type PasswordProblems = Partial<Record<PasswordField | 'form', Problem[]>>;

/** The server's rule (libs/domain new-password.ts), checked early here; the server has the last word. */
export const MIN_PASSWORD_LENGTH = 10;

/** Checks the form before it is sent: each field's problems, none when it may go. */
export function checkPasswordForm(form: PasswordForm, username: string): PasswordProblems {
  const problems: PasswordProblems = {};
  const add = (field: PasswordField, problem: Problem) => (problems[field] ??= []).push(problem);
  if (!form.currentPassword) add('currentPassword', { key: 'password.required' });
  // Code points, as the server counts them: a Chinese passphrase is measured by the characters typed.
  if ([...form.newPassword].length < MIN_PASSWORD_LENGTH) {
    add('newPassword', { key: 'password.tooShort', params: { n: MIN_PASSWORD_LENGTH } });
  }
  if (username && form.newPassword.trim().toLowerCase() === username.trim().toLowerCase()) {
    add('newPassword', { key: 'password.isUsername' });
  }
  if (form.currentPassword && form.newPassword === form.currentPassword) {
    add('newPassword', { key: 'password.unchanged' });
  }
  if (form.repeat !== form.newPassword) add('repeat', { key: 'password.repeatDiffers' });
  return problems;
}

export function hasProblems(problems: PasswordProblems): boolean {
  return Object.values(problems).some((list) => list && list.length > 0);
}

/** A refusal as the API client reports it. */
export interface PasswordRefusal {
  status: number;
  code: string;
  message: string;
  fields?: FieldError[];
  retryAfterSeconds?: number;
}

const FIELD_OF_POINTER: Record<string, PasswordField> = {
  '/currentPassword': 'currentPassword',
  '/newPassword': 'newPassword',
};

/** Places the server's refusal under the field it concerns; the server's messages are Chinese first. */
export function problemsOfRefusal(refusal: PasswordRefusal): PasswordProblems {
  switch (refusal.code) {
    case 'AUTH.INVALID_CREDENTIALS':
      return { currentPassword: [{ key: 'password.wrongCurrent' }] };
    case 'PASSWORD.CHANGED_MEANWHILE':
      return { currentPassword: [{ key: 'password.changedMeanwhile' }] };
    case 'AUTH.TOO_MANY_ATTEMPTS': {
      const minutes = Math.max(1, Math.ceil((refusal.retryAfterSeconds ?? 60) / 60));
      return { form: [{ key: 'password.tooMany', params: { minutes } }] };
    }
  }
  const problems: PasswordProblems = {};
  for (const { pointer, message } of refusal.fields ?? []) {
    (problems[FIELD_OF_POINTER[pointer] ?? 'form'] ??= []).push({ text: message });
  }
  return hasProblems(problems) ? problems : { form: [{ text: refusal.message }] };
}
