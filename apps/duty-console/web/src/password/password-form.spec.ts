import { checkPasswordForm, problemsOfRefusal } from './password-form';

describe('checkPasswordForm', () => {
  const form = {
    currentPassword: 'Kp3-one-time',
    newPassword: '巴州应急值班二〇二六',
    repeat: '巴州应急值班二〇二六',
  };

  it('lets a long enough new password, typed twice, go', () => {
    expect(checkPasswordForm(form, 'duty-511902001')).toEqual({});
  });

  it('names every problem under its field at once', () => {
    expect(
      checkPasswordForm({ currentPassword: '', newPassword: 'short', repeat: 'shorter' }, 'duty-511902001'),
    ).toEqual({
      currentPassword: [{ key: 'password.required' }],
      newPassword: [{ key: 'password.tooShort', params: { n: 10 } }],
      repeat: [{ key: 'password.repeatDiffers' }],
    });
  });

  it('counts characters, not bytes, and refuses the user name and the current password', () => {
    expect(
      checkPasswordForm({ ...form, newPassword: '应急值班', repeat: '应急值班' }, 'x').newPassword,
    ).toEqual([{ key: 'password.tooShort', params: { n: 10 } }]);
    const named = { ...form, newPassword: 'Bureau-Admin', repeat: 'Bureau-Admin' };
    expect(checkPasswordForm(named, 'bureau-admin').newPassword).toEqual([{ key: 'password.isUsername' }]);
    const same = {
      currentPassword: 'an-old-password',
      newPassword: 'an-old-password',
      repeat: 'an-old-password',
    };
    expect(checkPasswordForm(same, 'x').newPassword).toEqual([{ key: 'password.unchanged' }]);
  });
});

describe('problemsOfRefusal', () => {
  it('puts a wrong current password, and a change made meanwhile, under the current password', () => {
    expect(problemsOfRefusal({ status: 401, code: 'AUTH.INVALID_CREDENTIALS', message: '' })).toEqual({
      currentPassword: [{ key: 'password.wrongCurrent' }],
    });
    expect(problemsOfRefusal({ status: 409, code: 'PASSWORD.CHANGED_MEANWHILE', message: '' })).toEqual({
      currentPassword: [{ key: 'password.changedMeanwhile' }],
    });
  });

  it("shows the server's own words under the field its pointer names", () => {
    const weak = {
      status: 400,
      code: 'PASSWORD.WEAK',
      message: '新密码不符合要求 the new password is too weak',
      fields: [
        { pointer: '/newPassword', message: '密码至少 10 个字符 at least 10 characters' },
        { pointer: '/newPassword', message: '密码不能与用户名相同 must not be the user name' },
      ],
    };
    expect(problemsOfRefusal(weak)).toEqual({
      newPassword: [
        { text: '密码至少 10 个字符 at least 10 characters' },
        { text: '密码不能与用户名相同 must not be the user name' },
      ],
    });
    expect(problemsOfRefusal({ status: 500, code: 'HTTP.500', message: '服务器错误' })).toEqual({
      form: [{ text: '服务器错误' }],
    });
  });

  it('says in whole minutes when a throttled person may try again', () => {
    const throttled = { status: 429, code: 'AUTH.TOO_MANY_ATTEMPTS', message: '', retryAfterSeconds: 601 };
    expect(problemsOfRefusal(throttled)).toEqual({
      form: [{ key: 'password.tooMany', params: { minutes: 11 } }],
    });
  });
});
