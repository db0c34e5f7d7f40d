import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { webInputDigest } from './build-web.ts';

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

function project(): string {
  root = mkdtempSync(join(tmpdir(), 'kechuang-build-web-'));
  mkdirSync(join(root, 'web', 'src'), { recursive: true });
  mkdirSync(join(root, 'web', 'dist'), { recursive: true });
  writeFileSync(join(root, 'web', 'src', 'app.tsx'), 'export const a = 1;\n');
  writeFileSync(join(root, 'package.json'), '{}\n');
  return root;
}

describe('the web build stamp', () => {
  it('changes with a source file, a dependency manifest or the mode, not with the build or the stamp', async () => {
    const folder = project();
    const first = await webInputDigest(folder, 'production');
    expect(await webInputDigest(folder, 'production')).toBe(first);
    expect(await webInputDigest(folder, 'release')).not.toBe(first);

    writeFileSync(join(folder, 'web', 'dist', 'index.html'), '<html></html>');
    writeFileSync(join(folder, 'web', '.dist-stamp'), 'old\n');
    expect(await webInputDigest(folder, 'production')).toBe(first);

    writeFileSync(join(folder, 'web', 'src', 'app.tsx'), 'export const a = 2;\n');
    const edited = await webInputDigest(folder, 'production');
    expect(edited).not.toBe(first);

    writeFileSync(join(folder, 'package-lock.json'), '{"lockfileVersion":3}\n');
    expect(await webInputDigest(folder, 'production')).not.toBe(edited);
  });
});
