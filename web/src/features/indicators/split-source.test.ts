import { describe, expect, it } from 'vitest';
import { splitSource } from './split-source.ts';

describe('splitSource', () => {
  it('puts the publication first and the page read second, with its label', () => {
    expect(splitSource('国家统计局 科学技术部 财政部《2022年全国科技经费投入统计公报》；阅读页：宁夏日报《从“创新洼地”到“宁夏智造”》（2023-12-21） https://szb.nxrb.cn/a.html')).toEqual({
      publication: '国家统计局 科学技术部 财政部《2022年全国科技经费投入统计公报》',
      page: { kind: 'official', label: '阅读页', text: '宁夏日报《从“创新洼地”到“宁夏智造”》（2023-12-21） https://szb.nxrb.cn/a.html' },
    });
  });

  it('shows only the page, labelled 转载页, where no publication is known', () => {
    expect(splitSource('转载页：2020年宁夏各城市GDP排行 http://m.example.com/1.html')).toEqual({ publication: '', page: { kind: 'repost', label: '转载页', text: '2020年宁夏各城市GDP排行 http://m.example.com/1.html' } });
  });

  it('keeps a free-text source from an import as recorded', () => {
    expect(splitSource('石嘴山市科技统计年报 https://example.com/x')).toEqual({ publication: '石嘴山市科技统计年报 https://example.com/x', page: null });
  });
});
