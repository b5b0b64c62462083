// An issue code in words when the dictionary knows it, else the code itself (auditors may add codes).
import type { TFunction } from 'i18next';

export function issueLabel(t: TFunction, code: string): string {
  const key = `issue.${code.replace(/\./g, '_')}`;
  return t(key as 'issue.unknown', { defaultValue: code });
}
