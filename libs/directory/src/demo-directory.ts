import { Directory, type DirectoryData } from './directory';
import type { Unit } from './unit';

/** Provincial professional departments every demo province has (codes are suffixes of the province code). */
const DEPARTMENTS: ReadonlyArray<{ suffix: string; name: string; answerPeriodDays?: number }> = [
  { suffix: 'PC02', name: 'Phòng Cảnh sát hình sự' },
  { suffix: 'PC04', name: 'Phòng Cảnh sát điều tra tội phạm về ma tuý' },
  { suffix: 'PC06', name: 'Phòng Cảnh sát quản lý hành chính về trật tự xã hội', answerPeriodDays: 10 },
  { suffix: 'PC07', name: 'Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ' },
  { suffix: 'PC08', name: 'Phòng Cảnh sát giao thông' },
  { suffix: 'PA05', name: 'Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao' },
  { suffix: 'TTRA', name: 'Thanh tra' },
  { suffix: 'PV01', name: 'Phòng Tham mưu' },
];

const province = (code: string, name: string): Unit[] => [
  { code, name, kind: 'province-police' },
  ...DEPARTMENTS.map(({ suffix, name: dept, answerPeriodDays }) => ({
    code: `${code}-${suffix}`,
    name: `${dept} ${name}`,
    kind: 'department' as const,
    parent: code,
    ...(answerPeriodDays && { answerPeriodDays }),
  })),
];

/**
 * Demo organisation for the source sessions (Hải Phòng 2024, Thanh Hoá 2022–2023, Hà Tĩnh, Hà Nội 2025).
 * Thanh Liệt ward is post-1 July 2025, so it sits directly under Hà Nội city police.
 */
export const DEMO_DIRECTORY_DATA: DirectoryData = {
  defaultAnswerPeriodDays: 15,
  units: [
    ...province('CATP-HP', 'Công an thành phố Hải Phòng'),
    { code: 'CATP-HP-KA', name: 'Công an quận Kiến An', kind: 'district-police', parent: 'CATP-HP' },
    { code: 'CATP-HP-KA-TTN', name: 'Công an phường Trần Thành Ngọ', kind: 'commune-police', parent: 'CATP-HP-KA' },
    { code: 'CATP-HP-VB', name: 'Công an huyện Vĩnh Bảo', kind: 'district-police', parent: 'CATP-HP' },
    { code: 'CATP-HP-VB-TH', name: 'Công an xã Tân Hưng', kind: 'commune-police', parent: 'CATP-HP-VB' },
    { code: 'CATP-HP-DK', name: 'Công an quận Dương Kinh', kind: 'district-police', parent: 'CATP-HP' },
    { code: 'CATP-HP-DK-TT', name: 'Công an phường Tân Thành', kind: 'commune-police', parent: 'CATP-HP-DK' },
    { code: 'CATP-HP-AD', name: 'Công an huyện An Dương', kind: 'district-police', parent: 'CATP-HP' },
    { code: 'CATP-HP-AD-AH', name: 'Công an xã An Hòa', kind: 'commune-police', parent: 'CATP-HP-AD' },
    { code: 'CATP-HP-KT', name: 'Công an huyện Kiến Thuỵ', kind: 'district-police', parent: 'CATP-HP' },
    { code: 'CATP-HP-KT-MT', name: 'Công an xã Minh Tân', kind: 'commune-police', parent: 'CATP-HP-KT' },
    { code: 'CATP-HP-HA', name: 'Công an quận Hải An', kind: 'district-police', parent: 'CATP-HP' },
    { code: 'CATP-HP-HA-DL', name: 'Công an phường Đằng Lâm', kind: 'commune-police', parent: 'CATP-HP-HA' },

    ...province('CAT-TH', 'Công an tỉnh Thanh Hoá'),
    { code: 'CAT-TH-THH', name: 'Công an huyện Thiệu Hoá', kind: 'district-police', parent: 'CAT-TH' },
    { code: 'CAT-TH-VL', name: 'Công an huyện Vĩnh Lộc', kind: 'district-police', parent: 'CAT-TH' },

    ...province('CAT-HT', 'Công an tỉnh Hà Tĩnh'),
    { code: 'CAT-HT-TPHT', name: 'Công an thành phố Hà Tĩnh', kind: 'district-police', parent: 'CAT-HT' },
    { code: 'CAT-HT-TPHT-BH', name: 'Công an phường Bắc Hà', kind: 'commune-police', parent: 'CAT-HT-TPHT' },

    ...province('CATP-HN', 'Công an thành phố Hà Nội'),
    { code: 'CATP-HN-TL', name: 'Công an phường Thanh Liệt', kind: 'commune-police', parent: 'CATP-HN' },
  ],
};

/** The demo directory, validated. */
export const demoDirectory = (): Directory => Directory.fromJson(DEMO_DIRECTORY_DATA);
