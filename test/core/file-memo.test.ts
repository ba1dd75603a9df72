import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FileMemo } from '../../src/core/file-memo.js';
import { tryReadYamlConfig } from '../../src/core/yaml-config.js';
import { tempDir } from '../support/tmp.js';

describe('FileMemo', () => {
  it('parses a file again only when it changed, appeared or went away', () => {
    const file = join(tempDir('ov-memo'), 'c.yaml');
    const memo = new FileMemo<string>();
    let reads = 0;
    const read = () => {
      reads++;
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return 'missing';
      }
    };
    expect(memo.get(file, read)).toBe('missing');
    writeFileSync(file, 'a: 1\n');
    expect(memo.get(file, read)).toBe('a: 1\n');
    expect(memo.get(file, read)).toBe('a: 1\n');
    expect(reads).toBe(2);
    writeFileSync(file, 'a: 22\n');
    expect(memo.get(file, read)).toBe('a: 22\n');
    rmSync(file);
    expect(memo.get(file, read)).toBe('missing');
    expect(reads).toBe(4);
  });

  it('hands each reader of a YAML config its own copy, and sees an edit', () => {
    const file = join(tempDir('ov-memo'), 'daemon.yaml');
    const schema = z.object({ tick: z.object({ ms: z.number() }) });
    writeFileSync(file, 'tick:\n  ms: 5\n');
    const first = tryReadYamlConfig(file, schema);
    if (!first.ok) throw new Error(first.message);
    first.value.tick.ms = 99;
    expect(tryReadYamlConfig(file, schema)).toMatchObject({ ok: true, value: { tick: { ms: 5 } } });
    writeFileSync(file, 'tick:\n  ms: 7\n');
    expect(tryReadYamlConfig(file, schema)).toMatchObject({ ok: true, value: { tick: { ms: 7 } } });
    writeFileSync(file, 'tick: [\n');
    expect(tryReadYamlConfig(file, schema)).toMatchObject({ ok: false });
  });
});
