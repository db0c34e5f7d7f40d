/**
 * Packs are parsed once per process and shared, but every read asks the database which content
 * is current: a pack changed by another app server (two handles on one database here) is served
 * at once, and a shared pack cannot be changed by the request that holds it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../test/databases.ts';
import { openDatabase, type DatabaseHandle } from '../db/index.ts';
import { loadPack } from './load-pack.ts';
import { countPacks, findPacks, getPack, syncPacks } from './pack-repository.ts';
import type { PolicyPack } from './pack-schema.ts';

const minimalPack = new URL('./fixtures/minimal', import.meta.url).pathname;

function minimal(): PolicyPack {
  const result = loadPack(minimalPack, { areaCodes: new Set(['640000', '640100', '640104']) });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.pack;
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`pack reads on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let reader: DatabaseHandle;
    let writer: DatabaseHandle;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      reader = await openDatabase(created.options);
      // PGlite in memory is private to its handle: there the writer is the reader.
      writer = target.name === 'postgres' ? await openDatabase(created.options) : reader;
      await syncPacks(writer.db, [minimal()]);
    });

    afterAll(async () => {
      if (writer !== reader) await writer?.close();
      await reader?.close();
      await drop?.();
    });

    it('serves a pack changed through another handle at once', async () => {
      expect((await getPack(reader.db, 'minimal-pack')).metadata.title).toBe(minimal().metadata.title);
      const changed = minimal();
      changed.metadata.title = '修订后的标题';
      expect((await syncPacks(writer.db, [changed])).get('minimal-pack')).toBe('updated');
      expect((await getPack(reader.db, 'minimal-pack')).metadata.title).toBe('修订后的标题');
      expect((await findPacks(reader.db)).map((pack) => pack.metadata.title)).toEqual(['修订后的标题']);
      expect(await countPacks(reader.db)).toBe(1);
    });

    it('shares a frozen pack: a request cannot change what the next one reads', async () => {
      const pack = await getPack(reader.db, 'minimal-pack');
      expect(() => {
        (pack.metadata as { title: string }).title = 'changed in place';
      }).toThrow(TypeError);
      expect((await getPack(reader.db, 'minimal-pack')).metadata.title).toBe('修订后的标题');
    });

    it('lists policies before the criteria they refer to, whatever their ids', async () => {
      const criteria = minimal();
      criteria.metadata.id = 'a-criteria-pack';
      criteria.metadata.kind = 'criteria';
      await syncPacks(writer.db, [minimal(), criteria]);
      expect((await findPacks(reader.db)).map((pack) => pack.metadata.id)).toEqual(['minimal-pack', 'a-criteria-pack']);
    });

    it('answers not found for a pack that is not loaded', async () => {
      await expect(getPack(reader.db, 'no-such-pack')).rejects.toMatchObject({ code: 'not_found' });
    });
  });
}
