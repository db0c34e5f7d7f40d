/** One rule a password fails, in words a person can act on. */
export interface PasswordProblem {
  rule: 'min_length' | 'character_classes' | 'contains_username' | 'same_as_current';
  message: string;
  message_en: string;
}

export const minimumPasswordLength = 8;

/**
 * The password policy: at least 8 characters, at least 3 of the 4 character classes (lower case,
 * upper case, digits, symbols), and not containing the username (case-insensitive).
 */
export function checkPasswordPolicy(password: string, username: string, currentPassword?: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < minimumPasswordLength) {
    problems.push({ rule: 'min_length', message: `密码至少 ${minimumPasswordLength} 个字符`, message_en: `at least ${minimumPasswordLength} characters` });
  }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((pattern) => pattern.test(password)).length;
  if (classes < 3) {
    problems.push({ rule: 'character_classes', message: '密码须包含小写字母、大写字母、数字、符号中的至少三类', message_en: 'at least 3 of: lower case, upper case, digits, symbols' });
  }
  if (username.length > 0 && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push({ rule: 'contains_username', message: '密码不得包含用户名', message_en: 'must not contain the username' });
  }
  if (currentPassword !== undefined && password === currentPassword) {
    problems.push({ rule: 'same_as_current', message: '新密码不得与当前密码相同', message_en: 'must differ from the current password' });
  }
  return problems;
}
