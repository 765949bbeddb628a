// Org chart: departments as a tree with heads and member counts.
import { expect, test } from '@playwright/test';
import { apiSignIn, chineseName, projectTag, signInUI, uniq } from './helpers.js';

test('org chart shows departments with their head and member count', async ({ page }, info) => {
  const run = `${projectTag(info)}${uniq()}`;
  const parentName = `教学部${run}`;
  const childName = `语文组${run}`;

  // A small tree through the API: 教学部 → 语文组 with two teachers, one of them the head.
  const admin = await apiSignIn();
  const parent = (await (await admin.post('/api/org/departments', { data: { name: parentName } })).json()) as { id: string };
  const child = (await (await admin.post('/api/org/departments', { data: { name: childName, parentId: parent.id } })).json()) as { id: string };
  const people: string[] = [];
  const names = [chineseName('孙'), chineseName('周')];
  for (const [i, name] of names.entries()) {
    const res = await admin.post('/api/org/people', { data: { username: `chart${run}${i}`, displayName: name, departmentId: child.id } });
    expect(res.status(), await res.text()).toBe(201);
    people.push(((await res.json()) as { person: { id: string } }).person.id);
  }
  const head = await admin.patch(`/api/org/departments/${child.id}`, { data: { headId: people[0] } });
  expect(head.status(), await head.text()).toBe(200);
  await admin.dispose();

  await signInUI(page);
  await page.goto('/admin/org');
  await expect(page.getByRole('heading', { name: '组织架构', level: 1 })).toBeVisible();
  const tree = page.getByRole('tree', { name: '组织架构' });
  const parentNode = tree.getByRole('treeitem', { name: parentName, exact: true });
  await expect(parentNode).toBeVisible();
  const childNode = tree.getByRole('treeitem', { name: childName, exact: true });
  await expect(childNode).toBeVisible();
  await expect(childNode).toContainText(names[0]!);
  await expect(childNode).toContainText('2 人');

  // Members can be shown, and a branch can be collapsed.
  await childNode.getByRole('button', { name: '查看成员' }).click();
  await expect(childNode).toContainText(names[1]!);
  await parentNode.getByRole('button', { name: `收起 ${parentName}` }).click();
  await expect(childNode).toBeHidden();
});
