// Choose people from the staff directory: type a name, pick from the list, chosen people show as chips.
// GET /api/org/people?q= is open to every signed-in person (active staff only).
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../../i18n';
import { Avatar } from '../../../ui';
import { personNames, rendererApi } from './api-renderer';
import { ChipPicker, type ChipPickerProps } from './ChipPicker';

export type PersonPickerProps = Omit<ChipPickerProps, 'value' | 'onChange'> & {
  value: string[];
  onChange: (ids: string[]) => void;
  /** Names already known for ids in `value` (a submission's refs). */
  names?: Record<string, string>;
};

/** Names for the chosen ids: given, learnt from searches, or fetched one by one. */
function useNames(ids: string[], given: Record<string, string> | undefined): (id: string) => string {
  const [, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    for (const id of ids) {
      if (given?.[id] || personNames.has(id)) continue;
      void rendererApi.person(id).then((p) => {
        if (p) personNames.set(id, p.displayName);
        if (live) setTick((n) => n + 1);
      });
    }
    return () => {
      live = false;
    };
  }, [ids.join(',')]);
  return (id) => given?.[id] ?? personNames.get(id) ?? t('forms.field.unknownPerson');
}

export function PersonPicker({ label, value, onChange, multiple, exclude, names, ...rest }: PersonPickerProps) {
  const nameOf = useNames(value, names);
  return (
    <ChipPicker
      {...rest}
      label={label}
      value={value}
      onChange={onChange}
      multiple={multiple}
      exclude={exclude}
      nameOf={nameOf}
      placeholder={rest.placeholder ?? t('forms.field.searchPeople')}
      emptyText={t('forms.field.noPeople')}
      search={async (q, signal) =>
        (await rendererApi.searchPeople(q, signal)).map((p) => ({
          id: p.id,
          name: p.displayName,
          detail: [p.departmentName, p.positionName].filter(Boolean).join(' · ') || null,
          icon: <Avatar name={p.displayName} />,
        }))
      }
    />
  );
}
