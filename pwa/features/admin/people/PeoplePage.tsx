// 人员: search, filter by department, create, edit.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Person } from '../../../api/types';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { Alert, Button, Card, EmptyState, LoadingBlock, Select, TextField, toast } from '../../../ui';
import { orgApi } from '../admin.api';
import { departmentOptions, useDepartments } from '../use-departments';
import { CreatePersonDialog } from './CreatePersonDialog';
import { PasswordRevealDialog } from './PasswordRevealDialog';
import { PeopleList } from './PeopleList';
import { PersonDialog } from './PersonDialog';

export default function PeoplePage(_: RouteProps) {
  usePageTitle(t('admin.nav.people'));
  const depts = useDepartments();
  const [q, setQ] = useState('');
  const [dept, setDept] = useState('');
  const [people, setPeople] = useState<Person[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Person | null>(null);
  const [created, setCreated] = useState<{ person: Person; password: string } | null>(null);
  const seq = useRef(0);

  const load = async () => {
    const mine = ++seq.current;
    setError(null);
    try {
      const page = await orgApi.people({ q: q.trim() || undefined, departmentId: dept || undefined, limit: 50 });
      if (mine !== seq.current) return;
      setPeople(page.items);
      setCursor(page.nextCursor);
    } catch (e) {
      if (mine === seq.current) setError(errorText(e));
    }
  };

  useEffect(() => {
    const timer = setTimeout(() => void load(), q ? 250 : 0);
    return () => clearTimeout(timer);
  }, [q, dept]);

  const more = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await orgApi.people({ q: q.trim() || undefined, departmentId: dept || undefined, cursor, limit: 50 });
      setPeople([...(people ?? []), ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      toast(errorText(e), 'danger');
    } finally {
      setLoadingMore(false);
    }
  };

  const replace = (p: Person) => {
    setPeople((list) => list?.map((x) => (x.id === p.id ? p : x)) ?? null);
    setEditing(p);
  };

  return (
    <div class="page">
      <div class="page-head">
        <div>
          <h1>{t('admin.nav.people')}</h1>
          <p>{t('people.subtitle')}</p>
        </div>
        <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
          {t('people.new')}
        </Button>
      </div>
      <div class="toolbar" role="search">
        <TextField label={t('people.search')} hideLabel placeholder={t('people.searchPlaceholder')} value={q} onValue={setQ} type="search" class="grow" />
        <Select label={t('people.filterDepartment')} hideLabel value={dept} onValue={setDept} options={departmentOptions(depts, t('people.allDepartments'))} />
      </div>
      {error ? <Alert tone="danger">{error}</Alert> : null}
      <Card flush>
        {!people && !error ? <LoadingBlock /> : null}
        {people && people.length === 0 ? (
          <EmptyState icon="users" title={q || dept ? t('people.noMatch') : t('people.emptyTitle')} description={q || dept ? undefined : t('people.emptyText')} />
        ) : null}
        {people && people.length > 0 ? <PeopleList people={people} onOpen={setEditing} /> : null}
      </Card>
      {cursor ? (
        <div class="center">
          <Button variant="ghost" loading={loadingMore} onClick={() => void more()}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
      <CreatePersonDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(person, password) => {
          setCreated({ person, password });
          void load();
        }}
      />
      <PasswordRevealDialog
        open={created !== null}
        onClose={() => setCreated(null)}
        name={created?.person.displayName ?? ''}
        username={created?.person.username ?? ''}
        password={created?.password ?? ''}
      />
      <PersonDialog person={editing} onClose={() => setEditing(null)} onSaved={replace} />
    </div>
  );
}
