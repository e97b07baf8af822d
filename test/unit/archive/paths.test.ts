import { describe, expect, it } from 'vitest';
import { instanceRelativePath, resolveInArchive, uidPathComponent } from '../../../core/archive/paths.js';

describe('archive paths from UIDs', () => {
  it('uses a valid UID as is', () => {
    expect(uidPathComponent('1.2.840.113619.2.55')).toBe('1.2.840.113619.2.55');
    expect(instanceRelativePath('1.2', '1.2.3', '1.2.3.4')).toBe('1.2/1.2.3/1.2.3.4.dcm');
  });

  it('drops UI padding (NUL, space)', () => {
    expect(uidPathComponent('1.2.3\0')).toBe('1.2.3');
  });

  it.each(['..', '.', '../../etc', 'a/b', 'a\\b', '', '1.2.3/..', 'x'.repeat(65), '1.2\0/3', '.tmp', 'index.sqlite'])(
    'replaces the hostile value %j by a hash name that stays one component', (uid) => {
      const c = uidPathComponent(uid);
      expect(c).toMatch(/^x[0-9a-f]{32}$/);
      expect(uidPathComponent(uid)).toBe(c);
    });

  it('different hostile values give different names', () => {
    expect(uidPathComponent('../a')).not.toBe(uidPathComponent('../b'));
  });

  it('resolveInArchive refuses paths outside the root', () => {
    expect(resolveInArchive('/arch', '1.2/3.4/5.dcm')).toBe('/arch/1.2/3.4/5.dcm');
    expect(() => resolveInArchive('/arch', '../etc/passwd')).toThrow(/outside/);
    expect(() => resolveInArchive('/arch', '1/../../x')).toThrow(/outside/);
  });
});
