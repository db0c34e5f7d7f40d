import { Form, Input, Select, TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAreas, usePacks, useUnits } from '../../api/queries.ts';
import type { AccountRole, Area } from '../../api/types.ts';
import { useLocalized } from '../language/use-language.ts';
import { creditCodeProblem } from './credit-code.ts';
import { roleScopeKind } from './role-scope.ts';

interface AreaNode {
  value: string;
  title: string;
  children: AreaNode[];
}

/** Province → prefectures → counties: the levels an area account can be scoped to (not the country). */
function areaTree(areas: Area[]): AreaNode[] {
  const scoped = areas.filter((area) => area.level === 'province' || area.level === 'prefecture' || area.level === 'county');
  const nodes = new Map(scoped.map((area) => [area.code, { value: area.code, title: `${area.name}（${area.code}）`, children: [] as AreaNode[] }]));
  const roots: AreaNode[] = [];
  for (const area of scoped) {
    const node = nodes.get(area.code);
    if (!node) continue;
    const parent = area.parent_code ? nodes.get(area.parent_code) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

function UnitField() {
  const { t } = useTranslation();
  const { unitShort, name } = useLocalized();
  const packs = usePacks();
  const form = Form.useFormInstance();
  const packId: string | undefined = Form.useWatch('pack_id', form) ?? packs.data?.packs[0]?.id;
  const units = useUnits(packId ?? '');
  // A group (各市、县〔区〕) is not an organisation an account can belong to.
  const options = useMemo(
    () =>
      (units.data?.units ?? [])
        .filter((unit) => unit.kind !== 'group')
        .map((unit) => ({
          value: unit.id,
          label: `${unitShort(unit)} · ${name(unit)}`,
          search: `${unit.short_name} ${unit.name} ${unit.name_en ?? ''} ${unit.id}`.toLowerCase(),
        })),
    [units.data, unitShort, name],
  );
  const packOptions = (packs.data?.packs ?? []).map((pack) => ({ value: pack.id, label: pack.title }));
  return (
    <>
      {packOptions.length > 1 && (
        <Form.Item name="pack_id" label={t('accounts.pack')} initialValue={packOptions[0]?.value}>
          <Select options={packOptions} />
        </Form.Item>
      )}
      <Form.Item name="unit_id" label={t('accounts.unit')} rules={[{ required: true, message: t('accounts.unitRequired') }]}>
        <Select
          showSearch={{ filterOption: (input, option) => option?.search.includes(input.toLowerCase()) ?? false }}
          options={options}
          loading={units.isPending}
          data-testid="account-unit"
        />
      </Form.Item>
    </>
  );
}

function AreaField() {
  const { t } = useTranslation();
  const areas = useAreas();
  const tree = useMemo(() => areaTree(areas.data?.areas ?? []), [areas.data]);
  return (
    <Form.Item name="org_code" label={t('accounts.area')} rules={[{ required: true, message: t('accounts.areaRequired') }]}>
      <TreeSelect
        treeData={tree}
        treeDefaultExpandAll
        showSearch={{ treeNodeFilterProp: 'title' }}
        loading={areas.isPending}
        data-testid="account-area"
      />
    </Form.Item>
  );
}

function CreditCodeField() {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="credit_code"
      label={t('accounts.creditCode')}
      normalize={(value: string) => value.toUpperCase().replace(/\s/g, '')}
      rules={[
        { required: true, message: t('accounts.creditCodeRequired') },
        {
          validator: (_, value: string | undefined) => {
            const problem = value ? creditCodeProblem(value) : undefined;
            if (problem === undefined) return Promise.resolve();
            const key = problem === 'length' ? 'creditCodeLength' : problem === 'characters' ? 'creditCodeCharacters' : 'creditCodeCheckDigit';
            return Promise.reject(new Error(t(`accounts.${key}`)));
          },
        },
      ]}
    >
      <Input maxLength={18} showCount className="credit-code-input" />
    </Form.Item>
  );
}

/** The scope field a role needs: a unit, an area or a credit code; nothing for the coordinator. */
export function ScopeFields({ role }: { role: AccountRole | undefined }) {
  switch (role === undefined ? 'none' : roleScopeKind[role]) {
    case 'unit':
      return <UnitField />;
    case 'area':
      return <AreaField />;
    case 'enterprise':
      return <CreditCodeField />;
    case 'none':
      return null;
  }
}

/** The form's values as the API takes them: only the field the role needs. */
export function scopeInput(role: AccountRole, values: { unit_id?: string; org_code?: string; credit_code?: string }) {
  switch (roleScopeKind[role]) {
    case 'unit':
      return { unit_id: values.unit_id };
    case 'area':
      return { org_code: values.org_code };
    case 'enterprise':
      return { credit_code: values.credit_code };
    case 'none':
      return {};
  }
}
