import { DEMO_DIRECTORY_DATA, demoDirectory } from './demo-directory';
import { Directory } from './directory';
import { DirectoryDataError } from './directory.errors';

describe('Directory', () => {
  const directory = demoDirectory();

  it('looks units up by stable code', () => {
    expect(directory.get('CATP-HP-PC06')).toMatchObject({ kind: 'department', parent: 'CATP-HP', answerPeriodDays: 10 });
    expect(directory.has('CATP-HP-KA-TTN')).toBe(true);
    expect(directory.get('CATP-XX')).toBeUndefined();
    expect(directory.has('CATP-XX')).toBe(false);
  });

  it('knows the hierarchy, including post-2025 wards directly under the province', () => {
    expect(directory.isSameOrBelow('CATP-HP-KA-TTN', 'CATP-HP')).toBe(true);
    expect(directory.isSameOrBelow('CATP-HP-KA', 'CATP-HP-KA')).toBe(true);
    expect(directory.isSameOrBelow('CATP-HP', 'CATP-HP-KA')).toBe(false);
    expect(directory.isSameOrBelow('CATP-HP-KA-TTN', 'CATP-HP-VB')).toBe(false);
    expect(directory.isSameOrBelow('CATP-HN-TL', 'CATP-HN')).toBe(true);
    expect(directory.isSameOrBelow('CATP-XX', 'CATP-HP')).toBe(false);
    expect(directory.isSameOrBelow('CATP-HP', 'CATP-XX')).toBe(false);
    expect(directory.lineage('CATP-HP-KA-TTN').map((u) => u.code)).toEqual(['CATP-HP-KA-TTN', 'CATP-HP-KA', 'CATP-HP']);
  });

  it('lists children, departments and all units', () => {
    expect(directory.children('CAT-HT-TPHT').map((u) => u.name)).toEqual(['Công an phường Bắc Hà']);
    expect(directory.departments().filter((u) => u.parent === 'CATP-HP').map((u) => u.code)).toEqual(
      ['PC02', 'PC04', 'PC06', 'PC07', 'PC08', 'PA05', 'TTRA', 'PV01'].map((s) => `CATP-HP-${s}`),
    );
    expect(directory.all()).toHaveLength(DEMO_DIRECTORY_DATA.units.length);
  });

  it('gives a unit’s own answer period or the default', () => {
    expect(directory.answerPeriodDays('CATP-HP-PC06')).toBe(10);
    expect(directory.answerPeriodDays('CATP-HP-PC08')).toBe(15);
    expect(Directory.fromJson({ defaultAnswerPeriodDays: 5, units: [{ code: 'A', name: 'A', kind: 'province-police' }] }).answerPeriodDays('A')).toBe(5);
  });

  it('has Vietnamese names for the source sessions’ units', () => {
    expect(directory.get('CAT-TH-THH')?.name).toBe('Công an huyện Thiệu Hoá');
    expect(directory.get('CATP-HN-TL')?.name).toBe('Công an phường Thanh Liệt');
  });

  describe('validation', () => {
    const province = { code: 'P', name: 'Công an tỉnh P', kind: 'province-police' };

    it.each<[string, unknown, string]>([
      ['not an object', 42, 'expected an object with a "units" array'],
      ['duplicate codes', { units: [province, province] }, 'duplicate unit code "P"'],
      ['unknown parents', { units: [province, { code: 'D', name: 'D', kind: 'department', parent: 'X' }] }, 'unit "D" has unknown parent "X"'],
      ['a bad kind', { units: [{ ...province, kind: 'ministry' }] }, 'unit "P": kind must be one of'],
      ['a missing name', { units: [{ ...province, name: '' }] }, 'unit "P": name must be a non-empty string'],
      ['an orphan non-province', { units: [{ code: 'D', name: 'D', kind: 'department' }] }, 'unit "D": only a province police may have no parent'],
      ['a bad answer period', { units: [{ ...province, answerPeriodDays: 0 }] }, 'answerPeriodDays must be a positive integer'],
      ['a bad default period', { defaultAnswerPeriodDays: -1, units: [province] }, 'defaultAnswerPeriodDays must be a positive integer'],
      [
        'a cycle',
        {
          units: [
            { code: 'A', name: 'A', kind: 'district-police', parent: 'B' },
            { code: 'B', name: 'B', kind: 'district-police', parent: 'A' },
          ],
        },
        'cycle in parents: A → B → A',
      ],
    ])('rejects %s with a readable message', (_, json, message) => {
      const error = thrown(() => Directory.fromJson(json));
      expect(error).toBeInstanceOf(DirectoryDataError);
      expect((error as Error).message).toContain(message);
    });

    it('reports every problem at once', () => {
      const error = thrown(() => Directory.fromJson({ units: [province, province, { code: 'D', name: 'D', kind: 'department', parent: 'X' }] }));
      expect((error as DirectoryDataError).problems).toHaveLength(2);
    });
  });
});

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}
