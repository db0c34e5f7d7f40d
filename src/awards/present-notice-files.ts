import { Decimal } from 'decimal.js';
import { chineseReportDate, officialBlank, officialCentred, officialDocx, officialHeading1, officialNote, officialParagraph, officialTitleLines } from '../indicators/index.ts';
import { buildXlsxTable } from '../shared/index.ts';
import type { PublicNotice } from './awards-contract.ts';
import { publicNoticeNote } from './find-notices.ts';

/** "2000000.00" → 2,000,000.00元 */
function yuan(text: string): string {
  return `${new Decimal(text).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}元`;
}

function total(notice: PublicNotice): string {
  return notice.items.reduce((sum, item) => sum.plus(item.amount), new Decimal(0)).toFixed(2);
}

/**
 * The 公示 as a Word document laid out as a Chinese official document (GB/T 9704-2012, the
 * final-evaluation report's layout): the title, the notice period, the list (enterprise, area,
 * incentive, year, amount) and how to object. What the public page shows, nothing more.
 */
export async function presentNoticeDocx(notice: PublicNotice, generatedAt: Date): Promise<{ fileName: string; content: Buffer }> {
  const cover = [...officialTitleLines([notice.title], { before: 1417 }), officialCentred(`公示期：${notice.published_on}至${notice.ends_on}`, 'heading2', { before: 1134 }), officialCentred(chineseReportDate(generatedAt), 'body', { before: 1134 })];
  const body = [...officialTitleLines([notice.title]), officialBlank()];
  body.push(officialParagraph(`现将以下${notice.items.length}项奖励予以公示，合计${yuan(total(notice))}。公示期自${notice.published_on}起至${notice.ends_on}止。对公示内容有异议的，请在公示期内向主管部门书面反映。`));
  body.push(officialHeading1('公示名单'));
  notice.items.forEach((item, index) => body.push(officialParagraph(`${index + 1}. ${item.enterprise_name}（${item.area_name}）：${item.incentive_title}（${item.year}年度），${yuan(item.amount)}。`)));
  body.push(officialBlank());
  body.push(officialNote(publicNoticeNote));
  const content = await officialDocx({ title: notice.title, description: `公示 ${notice.published_on}—${notice.ends_on}`, cover, body });
  return { fileName: `award-notice-${notice.published_on}.docx`, content };
}

/** The 公示 list as an Excel workbook, Chinese headers. */
export async function presentNoticeXlsx(notice: PublicNotice): Promise<{ fileName: string; content: Buffer }> {
  const content = await buildXlsxTable({
    name: '公示名单',
    title: notice.title,
    columns: [
      { header: '序号', key: 'index', format: 'integer' },
      { header: '企业名称', key: 'enterprise_name' },
      { header: '所属地区', key: 'area_name' },
      { header: '奖励项目', key: 'incentive_title' },
      { header: '年度', key: 'year', format: 'integer' },
      { header: '金额（元）', key: 'amount' },
    ],
    rows: notice.items.map((item, index) => ({ index: index + 1, ...item })),
    notes: [`公示期：${notice.published_on}至${notice.ends_on}`, `合计：${total(notice)}元`, publicNoticeNote],
  });
  return { fileName: `award-notice-${notice.published_on}.xlsx`, content };
}
