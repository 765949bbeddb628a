import { describe, expect, it } from 'vitest';
import { makeApp } from '../../helpers/app.js';
import { DAY } from '../../../server/lib/clock.js';

describe('daily maintenance', () => {
  it('prunes once a day and keeps itself scheduled', async () => {
    const t = await makeApp();
    const jobs = () => t.app.services.db.sqlite.prepare("SELECT status, run_at AS runAt FROM jobs WHERE kind = 'maintenance.prune' ORDER BY id").all() as { status: string; runAt: string }[];
    await t.app.services.jobs.drain();
    expect(jobs().map((j) => j.status)).toEqual(['done', 'queued']);
    t.clock.advance(DAY + 1000);
    await t.app.services.jobs.drain();
    expect(jobs().map((j) => j.status)).toEqual(['done', 'done', 'queued']);
    expect(new Date(jobs()[2]!.runAt).getTime()).toBeGreaterThan(t.clock.now().getTime());
    await t.close();
  });
});
