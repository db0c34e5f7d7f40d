/**
 * Sources as a reader cites them (issue 11, Build 6): the bundled figures name the publication
 * first and the page where it was read second, labelled; the editors' notes of the bundled files
 * reach no public answer and no export. And the years with data that year pickers open on.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiPlatform, type ApiPlatform } from '../../test/api-platform.ts';
import { databaseTargets } from '../../test/databases.ts';
import type { IndicatorSeries, ValueHistory, YearsWithData } from '../indicators/index.ts';
import { bundledFiles, readBundledFile, refreshBundledSources } from '../indicators/load-bundled-dataset.ts';
import { replaceSources } from '../indicators/value-repository.ts';
import { readTableFile } from '../shared/index.ts';

const pack = 'ningxia-2022-st-action';

/** Words that only the editors' notes of the bundled files hold (repost encodings, inferred years, bases). */
const editorsWords = ['存疑时可标2023', '存疑', '繁体', '口径', '拼音注音', '垃圾站', '按2022计', '十三五末', 'published_on empty'];

/** Every cell of every sheet of a workbook, as text. */
async function workbookText(payload: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as unknown as ArrayBuffer);
  const cells: string[] = [];
  for (const sheet of workbook.worksheets) sheet.eachRow((row) => cells.push(...(row.values as unknown[]).map((value) => (value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)))));
  return cells.join('\n');
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`sources and years with data on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let platform: ApiPlatform | undefined;
    let app: FastifyInstance;
    const get = (url: string) => app.inject({ method: 'GET', url });

    beforeAll(async () => {
      platform = await startApiPlatform(target);
      ({ app } = platform);
    });

    afterAll(() => platform?.close());

    it('cites a bundled figure by its publication first and the page read second, labelled, with no editors’ note', async () => {
      const series = (await get(`/api/packs/${pack}/indicators/above_scale_rd_firm_share/series?org=640000`)).json() as IndicatorSeries;
      const share2022 = series.series.find((point) => point.period === '2022');
      expect(share2022?.source).toBe('宁夏日报（2024年全区科技工作会议报道）；转载页：中国产业经济信息网 http://m.ytjhdl.cn/xy/gdcj/1517006.html');

      const national = (await get(`/api/packs/${pack}/indicators/rd_expenditure/series?org=100000`)).json() as IndicatorSeries;
      expect(national.series.find((point) => point.period === '2023')?.source).toBe('国家统计局 科学技术部 财政部《2023年全国科技经费投入统计公报》；转载页：经济日报《我国研发经费投入持续加大》 http://m.xbqs.cn/20/11984.html');
      // An official site is the 阅读页; where no publication is known, only the page, labelled 转载页.
      const ningxia = (await get(`/api/packs/${pack}/indicators/rd_expenditure/series?org=640000`)).json() as IndicatorSeries;
      expect(ningxia.series.find((point) => point.period === '2022')?.source).toBe('国家统计局 科学技术部 财政部《2022年全国科技经费投入统计公报》；阅读页：宁夏日报《从“创新洼地”到“宁夏智造”》（2023-12-21） https://szb.nxrb.cn/nxrb/pc/con/202312/21/content_103029.html');
      const gdp = (await get(`/api/packs/${pack}/indicators/gdp/series?org=640100`)).json() as IndicatorSeries;
      expect(gdp.series.find((point) => point.period === '2020')?.source).toBe('转载页：2020年宁夏各城市GDP排行 http://m.hbzqbyyxgs.com/news/486307.html');
    });

    it('lets no editors’ note into a public answer or an export', async () => {
      const answers: [string, string][] = [];
      const text = async (url: string) => {
        const response = await get(url);
        expect(response.statusCode, url).toBe(200);
        answers.push([url, url.includes('.xlsx') ? await workbookText(response.rawPayload) : response.body]);
      };
      for (const asOf of [2022, 2023, 2025]) {
        await text(`/api/packs/${pack}/evaluation?as_of=${asOf}`);
        await text(`/api/packs/${pack}/evaluation.xlsx?as_of=${asOf}`);
      }
      for (const code of ['above_scale_rd_firm_share', 'rd_intensity', 'rd_expenditure', 'national_hte', 'tech_smes', 'gdp', 'population', 'science_literacy_rate', 'tech_contract_turnover']) {
        for (const org of ['640000', '100000', '640200']) await text(`/api/packs/${pack}/indicators/${code}/series?org=${org}`);
        for (const period of ['2019', '2020', '2021', '2022', '2023', '2024']) {
          await text(`/api/packs/${pack}/indicators/${code}/areas?parent=640000&period=${period}`);
          await text(`/api/packs/${pack}/indicators/${code}/areas.xlsx?parent=640000&period=${period}`);
          await text(`/api/indicator-values/history?indicator=${code}&org=640000&period=${period}`);
        }
      }
      for (const year of [2022, 2023, 2024]) {
        await text(`/api/registry/indicators?year=${year}&org=640000`);
        await text(`/api/registry/indicators.xlsx?year=${year}&org=640000`);
      }
      // The share of 2022 is in these answers (the test reads what it means to), and no editors' word is.
      expect(answers.some(([, body]) => body.includes('http://m.ytjhdl.cn/xy/gdcj/1517006.html'))).toBe(true);
      for (const [url, body] of answers) for (const word of editorsWords) expect(body.includes(word), `${url} holds “${word}”`).toBe(false);
    });

    it('answers the years with published data, newest first, for an area and some indicators', async () => {
      const all = (await get('/api/indicator-values/years')).json() as YearsWithData;
      expect(all).toEqual({ org: null, years: [2024, 2023, 2022, 2021, 2020, 2019], latest_year_with_data: 2024 });
      // 石嘴山市 has figures of 2020 (GDP), 2021 (population) and 2022 (R&D) only.
      expect((await get('/api/indicator-values/years?org=640200')).json()).toEqual({ org: '640200', years: [2022, 2021, 2020], latest_year_with_data: 2022 });
      // The registry comparison's indicators in the region: 2024 has the turnover and the 高企 count.
      expect(((await get('/api/indicator-values/years?org=640000&indicators=national_hte,tech_smes,tech_contract_turnover')).json() as YearsWithData).latest_year_with_data).toBe(2024);
      expect((await get('/api/indicator-values/years?org=640000&indicators=gdp')).json()).toMatchObject({ years: [2023, 2022, 2021, 2020], latest_year_with_data: 2023 });
      // A county with nothing published: no year; the picker falls back.
      expect((await get('/api/indicator-values/years?org=640522')).json()).toEqual({ org: '640522', years: [], latest_year_with_data: null });
      expect((await get('/api/indicator-values/years?org=649999')).statusCode).toBe(404);
      expect((await get('/api/indicator-values/years?indicators=GDP;drop')).statusCode).toBe(400);
    });

    it('brings a platform loaded before the citations to them, values and revisions, once', async () => {
      const db = platform!.database.db;
      // The platform as an older start loaded it: the free-text sources, editors' notes and all.
      const cited = (await Promise.all(bundledFiles.map((name) => readBundledFile(name)))).flat();
      const before = await readTableFile('before.csv', readFileSync(new URL('../indicators/data/ningxia-sources-before-citations.csv', import.meta.url)));
      expect(before.rows.map((row) => `${row.cells.indicator}|${row.cells.org}|${row.cells.period}`)).toEqual(cited.map((row) => `${row.indicator}|${row.org}|${row.period}`));
      await replaceSources(db, 'bundled', cited.map((row, index) => ({ indicator: row.indicator, org: row.org, period: row.period, from: row.source, to: before.rows[index]!.cells.source! })));
      const oldHistory = (await get('/api/indicator-values/history?indicator=above_scale_rd_firm_share&org=640000&period=2022')).json() as ValueHistory;
      expect(oldHistory.history.at(-1)?.source).toContain('存疑时可标2023');

      expect(await refreshBundledSources(db)).toBe(57);
      expect(await refreshBundledSources(db)).toBe(0);
      for (const [indicator, period] of [['above_scale_rd_firm_share', '2022'], ['rd_intensity', '2020']] as const) {
        const history = (await get(`/api/indicator-values/history?indicator=${indicator}&org=640000&period=${period}`)).json() as ValueHistory;
        expect(history.history.length).toBeGreaterThan(0);
        for (const revision of history.history) for (const word of editorsWords) expect(revision.source ?? '').not.toContain(word);
      }
      // The first-published 1.52 % keeps its own citation, the revised 1.51 % its own.
      const revisions = ((await get('/api/indicator-values/history?indicator=rd_intensity&org=640000&period=2020')).json() as ValueHistory).history;
      expect(revisions.map((revision) => revision.source)).toEqual([
        '《宁夏回族自治区科技创新“十四五”规划》（宁政办发〔2021〕58号）；转载页：http://chinahvac.com.cn/Article/Index/9884',
        '宁夏日报《宁夏以高水平科技创新塑造区域发展新优势》；转载页：宁夏科技厅公众号转宁夏日报（2024-11-26） https://wxredian.com/art?id=592879537daf5f8a58efc29ea5573129',
      ]);
    });
  });
}
