import { describe, expect, it } from 'vitest';
import { attachmentDisposition, checkEvidenceFile, safeFileName } from './evidence-files.ts';

describe('evidence files', () => {
  it('reduces a name to a safe base name and keeps the original', () => {
    expect(safeFileName('../../x')).toEqual({ fileName: 'x', originalName: '../../x' });
    expect(safeFileName('..\\..\\windows\\报告.pdf')).toEqual({ fileName: '报告.pdf', originalName: '..\\..\\windows\\报告.pdf' });
    expect(safeFileName('.hidden.pdf')).toEqual({ fileName: 'hidden.pdf', originalName: '.hidden.pdf' });
    expect(safeFileName('进展说明.pdf')).toEqual({ fileName: '进展说明.pdf', originalName: null });
    expect(safeFileName('a\u0000b".pdf').fileName).toBe('ab_.pdf');
    expect(() => safeFileName('../')).toThrow(/文件名/);
    expect(() => safeFileName('..')).toThrow(/文件名/);
  });

  it('accepts the allowed types by extension and signature, and refuses HTML, SVG, scripts and mismatches with 415 naming the file', () => {
    expect(checkEvidenceFile('a.pdf', Buffer.from('%PDF-1.7'))).toEqual({ extension: 'pdf', mediaType: 'application/pdf' });
    expect(checkEvidenceFile('a.DOCX', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1]))).toMatchObject({ extension: 'docx' });
    expect(checkEvidenceFile('a.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toMatchObject({ mediaType: 'application/vnd.ms-excel' });
    expect(checkEvidenceFile('a.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toMatchObject({ mediaType: 'image/jpeg' });
    for (const name of ['a.html', 'a.htm', 'a.svg', 'a.js', 'a.txt', 'noextension']) {
      expect(() => checkEvidenceFile(name, Buffer.from('<html></html>'))).toThrow(expect.objectContaining({ code: 'unsupported_media_type', message: expect.stringContaining(`“${name}”`) }));
    }
    expect(() => checkEvidenceFile('a.png', Buffer.from('%PDF-1.7'))).toThrow(expect.objectContaining({ code: 'unsupported_media_type' }));
    expect(() => checkEvidenceFile('a.pdf', Buffer.alloc(0))).toThrow(expect.objectContaining({ code: 'bad_request' }));
    expect(() => checkEvidenceFile('a.pdf', Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(10 * 1024 * 1024)]))).toThrow(expect.objectContaining({ code: 'payload_too_large' }));
  });

  it('serves a download as an attachment under its name, with an ASCII fallback', () => {
    expect(attachmentDisposition('进展 "说明".pdf')).toBe(`attachment; filename="__ ____.pdf"; filename*=UTF-8''%E8%BF%9B%E5%B1%95%20%22%E8%AF%B4%E6%98%8E%22.pdf`);
  });
});
