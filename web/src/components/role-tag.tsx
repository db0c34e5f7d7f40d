import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ResponsibilityRole } from '../api/types.ts';

/** 牵头 (lead) or 配合 (co-responsible): the first unit named in a list leads, the rest assist. */
export function RoleTag({ role }: { role: ResponsibilityRole }) {
  const { t } = useTranslation();
  return (
    <Tag color={role === 'lead' ? 'volcano' : 'blue'} className={`role-tag role-tag--${role}`}>
      {t(`role.${role}`)}
    </Tag>
  );
}
