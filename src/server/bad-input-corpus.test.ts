/**
 * The bad-input corpus (test/corpus): every file through every import — indicator values and
 * each registry kind — over HTTP, on both databases. A hostile file is refused with a 4xx whose
 * Chinese message names the place (file, line or row, column, part), writes nothing (the tables
 * are counted before and after), and the server still answers /api/health; a valid but awkward
 * file imports, and its text survives as written. The large generated files (a zip bomb, 8.5 M
 * tiny rows, a million-row CSV) run only with KECHUANG_BIG_CORPUS=1, as .ci/run does.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, type SignedIn } from '../../test/accounts.ts';
import { startApiPlatform, type ApiPlatform } from '../../test/api-platform.ts';
import { bigCorpus, importKinds, outcomeOf, smallCorpus, type ImportKind, type Outcome } from '../../test/corpus/corpus-manifest.ts';
import { databaseTargets } from '../../test/databases.ts';
import { queryRows } from '../db/index.ts';

const filesDirectory = new URL('../../test/corpus/files/', import.meta.url);
const bigCorpusEnabled = process.env.KECHUANG_BIG_CORPUS === '1';

/** Every table an import writes to (values and their history, registries and theirs, the audit log). */
const writtenTables = ['indicator_values', 'indicator_value_revisions', 'enterprises', 'certifications', 'platforms', 'tech_contracts', 'registry_history', 'audit_log'] as const;

/** Where an imported file's text is stored, to check that it survives as written. */
const survivalColumn: Partial<Record<ImportKind, { table: string; column: string }>> = { indicators: { table: 'indicator_values', column: 'source' }, enterprises: { table: 'enterprises', column: 'name' } };

const mediaTypeOf = (file: string) => (/\.xlsx$/i.test(file) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : /\.csv$/i.test(file) ? 'text/csv' : 'application/octet-stream');
const importUrl = (kind: ImportKind, file: string) => `${kind === 'indicators' ? '/api/indicator-values/import' : `/api/registry/${kind}/import`}?file_name=${encodeURIComponent(file)}`;

interface Answer {
  error?: { code: string; message: string; message_en: string };
  rows?: number;
  problems?: { line: number; field: string; message: string; message_en: string }[];
  problems_total?: number;
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`the bad-input corpus on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let platform: ApiPlatform | undefined;
    let app: FastifyInstance;
    let coordinator: SignedIn;

    beforeAll(async () => {
      platform = await startApiPlatform(target);
      ({ app } = platform);
      coordinator = await signIn(app, 'coordinator');
    });

    afterAll(() => platform?.close());

    const counts = async () => {
      const [row] = await queryRows<Record<string, string>>(platform!.database.db, sql.raw(`select ${writtenTables.map((table) => `(select count(*) from ${table}) as ${table}`).join(', ')}`));
      return Object.fromEntries(writtenTables.map((table) => [table, Number(row?.[table])]));
    };
    const upload = (kind: ImportKind, file: string, content: Buffer) =>
      app.inject({ method: 'POST', url: importUrl(kind, file), headers: { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrf, 'content-type': mediaTypeOf(file) }, payload: content });
    const expectHealthy = async () => expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);

    /** Sends the file to one import and checks the answer against the manifest, and what was written. */
    const check = async (kind: ImportKind, file: string, content: Buffer, expected: Outcome) => {
      const before = await counts();
      const response = await upload(kind, file, content);
      const answer = response.json() as Answer;
      const where = `${file} → ${kind}: ${response.statusCode} ${response.body.slice(0, 300)}`;
      if ('refused' in expected) {
        expect(response.statusCode, where).toBe(expected.refused);
        if (expected.refused === 400) {
          expect(answer.error?.message.startsWith(expected.message), where).toBe(true);
          expect(answer.error?.message_en.startsWith(file), where).toBe(true);
        } else {
          expect(answer.problems_total, where).toBe(expected.problems);
          expect(answer.problems?.[0]?.message.startsWith(expected.first), where).toBe(true);
          // Every problem names the file, and its line (0 for the file as a whole) and field.
          for (const problem of answer.problems ?? []) expect(problem.message.startsWith(`${file}${problem.line > 0 ? `:${problem.line} ${problem.field}` : ''}`), where).toBe(true);
        }
        expect(await counts(), `${where}: nothing written`).toEqual(before);
      } else {
        expect(response.statusCode, where).toBe(200);
        expect(answer.rows, where).toBe(expected.imported);
        const after = await counts();
        expect(after.audit_log, `${where}: the import is audited`).toBe((before.audit_log ?? 0) + 1);
        const stored = survivalColumn[kind];
        if (expected.survives !== undefined && stored) {
          const found = await queryRows<{ n: string }>(platform!.database.db, sql`select count(*) as n from ${sql.identifier(stored.table)} where ${sql.identifier(stored.column)} = ${expected.survives}`);
          expect(Number(found[0]?.n), `${where}: "${expected.survives}" stored as written`).toBe(1);
        }
      }
    };

    for (const entry of smallCorpus) {
      it(`${entry.file} (${entry.attacks}): every import answers as the manifest says`, async () => {
        const content = readFileSync(new URL(entry.file, filesDirectory));
        for (const kind of importKinds) await check(kind, entry.file, content, outcomeOf(entry, kind));
        await expectHealthy();
      });
    }

    it('refuses an upload above the size limit, or of a type no import reads, naming the file in words (Fastify’s English before), writing nothing', async () => {
      const before = await counts();
      const limits: [ImportKind, number][] = [
        ['indicators', 50 * 1024 * 1024],
        ['enterprises', 100 * 1024 * 1024],
      ];
      for (const [kind, limit] of limits) {
        const response = await upload(kind, 'too-big.csv', Buffer.alloc(limit + 1, 0x61));
        expect(response.statusCode).toBe(413);
        expect((response.json() as Answer).error?.message).toBe('too-big.csv：文件超过上传大小上限（指标数值 50 MB、登记库 100 MB），已拒绝；请拆分后分批导入');
      }
      const pdf = await app.inject({ method: 'POST', url: importUrl('certifications', 'scan.pdf'), headers: { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrf, 'content-type': 'application/pdf' }, payload: Buffer.from('%PDF-1.4') });
      expect(pdf.statusCode).toBe(415);
      // The words of every refusal of a file that is no table: 不是 CSV 或 Excel 文件.
      expect((pdf.json() as Answer).error?.message).toBe('scan.pdf：不是 CSV 或 Excel 文件（上传类型是“application/pdf”）；请上传 CSV 文本（UTF-8 或 GBK）或 Excel 工作簿（.xlsx）');
      expect((pdf.json() as Answer).error?.message_en).toBe('scan.pdf: not a CSV or Excel file (the upload type is "application/pdf"); upload CSV text (UTF-8 or GBK) or an Excel workbook (.xlsx)');
      expect(await counts()).toEqual(before);
      await expectHealthy();
    });

    it('has a manifest entry for every file of the corpus folder, and a file for every entry', async () => {
      const { readdirSync } = await import('node:fs');
      expect(readdirSync(filesDirectory).sort()).toEqual(smallCorpus.map((entry) => entry.file).sort());
    });

    describe.skipIf(!bigCorpusEnabled)(`large generated files${bigCorpusEnabled ? '' : ' (skipped: set KECHUANG_BIG_CORPUS=1, as .ci/run does)'}`, () => {
      for (const entry of bigCorpus) {
        it(`${entry.file} (${entry.attacks}): refused by every import while it is read, and /api/health answers throughout`, async () => {
          const content = await entry.make();
          for (const kind of importKinds) {
            // The server answers while the file is read off the request thread.
            const [, health] = await Promise.all([check(kind, entry.file, content, { refused: 400, message: entry.message }), app.inject({ method: 'GET', url: '/api/health' })]);
            expect(health.statusCode).toBe(200);
          }
          await expectHealthy();
        }, 300_000);
      }
    });
  });
}
