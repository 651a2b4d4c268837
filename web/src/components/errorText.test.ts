import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import en from '../i18n/en.json';
import zh from '../i18n/zh-CN.json';
import { errorText } from './ErrorBanner.tsx';

const tr = (dict: Record<string, any>) => (key: string) => key.split('.').reduce((o, k) => o?.[k], dict) as unknown as string;

describe('what an error says', () => {
  it('a wrong password says so, and does not claim the person was signed out', () => {
    const wrong = new ApiError(401, 'invalid_credentials', 'Email or password is incorrect');
    expect(errorText(wrong, tr(en))).toBe('The email address or password is not correct.');
    expect(errorText(wrong, tr(zh))).toBe('邮箱地址或密码不正确。');
    expect(errorText(wrong, tr(en))).not.toMatch(/signed out/);
  });

  it('a wrong current password (a new password, an address on one’s own profile) names that password', () => {
    const wrong = new ApiError(401, 'invalid_credentials', 'Your current password is not correct', { field: 'current_password' });
    expect(errorText(wrong, tr(en))).toBe('Your current password is not correct.');
    expect(errorText(wrong, tr(zh))).toBe('当前密码不正确。');
  });

  it('a lost session says signed out; other 401s (a missing two-factor code) give the server’s words', () => {
    expect(errorText(new ApiError(401, 'unauthenticated', 'Sign in first'), tr(en))).toBe('You are signed out. Sign in again to continue.');
    expect(errorText(new ApiError(401, 'otp_required', '请输入两步验证码'), tr(zh))).toBe('请输入两步验证码');
  });

  it('a form refused field by field names its fields with its own labels, not the API’s names', () => {
    const refused = new ApiError(400, 'invalid_request', '请求内容有误：title：必填；message：必填', [
      { field: 'title', message: '必填' },
      { field: 'message', message: '必填' },
    ]);
    expect(errorText(refused, tr(zh), { title: '标题', message: '说明' })).toBe('标题：必填；说明：必填');
    // A field the form does not name: the server's own sentence, rather than half of it.
    expect(errorText(refused, tr(zh), { title: '标题' })).toBe('请求内容有误：title：必填；message：必填');
    expect(errorText(refused, tr(en), { title: 'Title', message: 'Message' })).toBe('Title: 必填; Message: 必填');
  });
});
