import type { Role } from '@app/eventstore';
import type { Channel, Citizen, Locality, Topic } from '@app/opinions';

/** Who acts in the demo (their unit decides what the domain lets them do). */
export interface DemoActor {
  role: Role;
  unit: string;
  name: string;
}

/** What happens to an opinion after it is raised; `at` is when it happened ('now' = at load time). */
export type DemoStep =
  | { do: 'answer'; by: DemoActor; content: string; at: string }
  | { do: 'assign'; by: DemoActor; department: string; instructions?: string; at: string }
  | { do: 'reassign'; by: DemoActor; to: string; reason: string; at: string }
  | { do: 'return'; by: DemoActor; reason: string; at: string }
  | { do: 'resolve'; by: DemoActor; note: string; at: string };

export interface DemoOpinion {
  topic: Topic;
  content: string;
  citizen: Citizen;
  channel: Channel;
  saidAt: string;
  steps: DemoStep[];
}

export interface DemoSession {
  /** Stable key: demo ids derive from it, so loading twice writes nothing new. */
  key: string;
  secretary: DemoActor;
  title: string;
  organisingUnit: string;
  coOrganisers: string[];
  locality: Locality;
  venue: string;
  scheduledAt: string;
  plannedAt: string;
  heldAt: string;
  chairedBy: string;
  attendance: number;
  opinions: DemoOpinion[];
  closed?: { at: string; minutesSummary: string };
}

const anon: Citizen = { anonymous: true };
const person = (name: string, residentialGroup?: string, contact?: string): Citizen => ({
  anonymous: false,
  name,
  ...(residentialGroup && { residentialGroup }),
  ...(contact && { contact }),
});

// Hải Phòng: city leadership chairs each district's session; departments and district police answer.
const hpLeader: DemoActor = { role: 'leader', unit: 'CATP-HP', name: 'Đại tá Bùi Trung Thành' };
const hpLeader2: DemoActor = { role: 'leader', unit: 'CATP-HP', name: 'Đại tá Lê Trung Sơn' };
const hpOfficer = (unit: string, name: string): DemoActor => ({ role: 'officer', unit, name });
const hpSecretary = (unit: string): DemoActor => ({ role: 'secretary', unit, name: 'Thượng uý Phạm Thị Hồng' });
const hpCoOrganisers = (commune: string) => [`UBND ${commune}`, `UBMTTQ ${commune}`, 'Đại diện các tổ dân phố, thôn'];

const haiPhong = (
  key: string,
  district: string,
  districtCode: string,
  commune: string,
  day: string,
  chairedBy: string,
  opinions: DemoOpinion[],
): DemoSession => ({
  key,
  secretary: hpSecretary(districtCode),
  title: `Buổi lắng nghe phản ánh của nhân dân về lực lượng Công an tại ${commune}, ${district} năm 2024`,
  organisingUnit: districtCode,
  coOrganisers: hpCoOrganisers(commune),
  locality: { province: 'Hải Phòng', district, commune },
  venue: `Hội trường UBND ${commune}`,
  scheduledAt: `2024-11-18T10:00:00+07:00`,
  plannedAt: `${day}T08:00:00+07:00`,
  heldAt: `${day}T08:15:00+07:00`,
  chairedBy,
  attendance: 110,
  opinions,
});

export const DEMO_SESSIONS: DemoSession[] = [
  haiPhong('hp-2024-tran-thanh-ngo', 'quận Kiến An', 'CATP-HP-KA', 'phường Trần Thành Ngọ', '2024-11-21', 'Đại tá Lê Trung Sơn, Phó Giám đốc Công an thành phố', [
    {
      topic: 'administrative-procedures',
      content: 'Đề nghị công khai tại trụ sở Công an phường các thủ tục, lệ phí và thời gian giải quyết đăng ký cư trú, cấp căn cước.',
      citizen: person('Ông Vũ Văn Thịnh', 'Tổ dân phố Đẩu Sơn'),
      channel: 'spoken',
      saidAt: '2024-11-21T09:05:00+07:00',
      steps: [
        { do: 'answer', by: hpLeader2, content: 'Công an thành phố tiếp thu; Công an phường niêm yết công khai thủ tục, lệ phí, thời hạn từ tháng 12/2024.', at: '2024-11-21T09:20:00+07:00' },
        { do: 'resolve', by: hpLeader2, note: 'Trả lời trực tiếp tại hội nghị, công dân đồng tình.', at: '2024-11-22T08:00:00+07:00' },
      ],
    },
    {
      topic: 'urban-order',
      content: 'Tình trạng lấn chiếm vỉa hè để kinh doanh trên đường Trần Thành Ngọ gây ùn tắc vào giờ tan trường.',
      citizen: person('Bà Nguyễn Thị Lan', 'Tổ dân phố số 5', '0912 345 678'),
      channel: 'spoken',
      saidAt: '2024-11-21T09:30:00+07:00',
      steps: [
        { do: 'assign', by: hpLeader2, department: 'CATP-HP-KA-TTN', instructions: 'Phối hợp UBND phường ra quân lập lại trật tự vỉa hè.', at: '2024-11-22T14:00:00+07:00' },
        { do: 'answer', by: hpOfficer('CATP-HP-KA-TTN', 'Đại uý Đỗ Minh Quân'), content: 'Công an phường đã phối hợp ra quân 3 đợt, nhắc nhở 41 hộ, lập biên bản 9 trường hợp.', at: '2024-12-05T16:00:00+07:00' },
        { do: 'resolve', by: hpLeader2, note: 'Kết quả đã được thông báo tại tổ dân phố số 5.', at: '2024-12-10T09:00:00+07:00' },
      ],
    },
  ]),
  haiPhong('hp-2024-tan-hung', 'huyện Vĩnh Bảo', 'CATP-HP-VB', 'xã Tân Hưng', '2024-11-25', 'Đại tá Bùi Trung Thành, Phó Giám đốc Công an thành phố', [
    {
      topic: 'traffic',
      content: 'Xe tải chở vật liệu xây dựng chạy quá tốc độ trên tuyến đường liên xã qua thôn Hà Phương, đề nghị tăng cường tuần tra.',
      citizen: person('Ông Phạm Văn Hải', 'Thôn Hà Phương'),
      channel: 'spoken',
      saidAt: '2024-11-25T09:10:00+07:00',
      steps: [
        { do: 'assign', by: hpLeader, department: 'CATP-HP-PC08', at: '2024-11-26T10:00:00+07:00' },
        { do: 'answer', by: hpOfficer('CATP-HP-PC08', 'Thiếu tá Ngô Đức Long'), content: 'Đã tuần tra.', at: '2024-12-04T15:00:00+07:00' },
        { do: 'return', by: hpLeader, reason: 'Câu trả lời chưa nêu kết quả kiểm tra, xử lý vi phạm và thời gian duy trì tuần tra.', at: '2024-12-06T08:30:00+07:00' },
      ],
    },
    {
      topic: 'officer-conduct',
      content: 'Cán bộ tiếp dân tại Công an xã có lúc chưa hướng dẫn tận tình người cao tuổi làm thủ tục định danh điện tử.',
      citizen: anon,
      channel: 'written',
      saidAt: '2024-11-25T09:45:00+07:00',
      steps: [
        { do: 'assign', by: hpLeader, department: 'CATP-HP-TTRA', instructions: 'Xác minh, chấn chỉnh lề lối tác phong.', at: '2024-11-26T10:05:00+07:00' },
      ],
    },
  ]),
  haiPhong('hp-2024-tan-thanh', 'quận Dương Kinh', 'CATP-HP-DK', 'phường Tân Thành', '2024-11-27', 'Đại tá Lê Trung Sơn, Phó Giám đốc Công an thành phố', [
    {
      topic: 'fire-safety',
      content: 'Nhiều nhà ống vừa ở vừa kinh doanh không có lối thoát nạn thứ hai, đề nghị hướng dẫn phòng cháy cho hộ gia đình.',
      citizen: person('Bà Lê Thị Thu', 'Tổ dân phố Phấn Dũng'),
      channel: 'spoken',
      saidAt: '2024-11-27T09:00:00+07:00',
      steps: [
        { do: 'assign', by: hpLeader2, department: 'CATP-HP-PC06', at: '2024-11-28T09:00:00+07:00' },
        { do: 'reassign', by: hpLeader2, to: 'CATP-HP-PC07', reason: 'Nội dung thuộc chức năng Phòng Cảnh sát PCCC và CNCH.', at: '2024-11-29T10:00:00+07:00' },
        { do: 'answer', by: hpOfficer('CATP-HP-PC07', 'Thiếu tá Trần Quốc Việt'), content: 'Phòng PC07 tổ chức tập huấn PCCC cho 120 hộ kinh doanh tại phường Tân Thành ngày 14/12/2024.', at: '2024-12-16T10:00:00+07:00' },
      ],
    },
  ]),
  haiPhong('hp-2024-an-hoa', 'huyện An Dương', 'CATP-HP-AD', 'xã An Hòa', '2024-11-29', 'Đại tá Bùi Trung Thành, Phó Giám đốc Công an thành phố', [
    {
      topic: 'gambling',
      content: 'Có biểu hiện tụ tập đánh bạc vào buổi tối tại khu vực chợ An Hòa.',
      citizen: anon,
      channel: 'written',
      saidAt: '2024-11-29T10:00:00+07:00',
      steps: [{ do: 'assign', by: hpLeader, department: 'CATP-HP-AD', instructions: 'Xác minh, xử lý theo quy định.', at: '2024-12-02T08:00:00+07:00' }],
    },
  ]),
  haiPhong('hp-2024-minh-tan', 'huyện Kiến Thuỵ', 'CATP-HP-KT', 'xã Minh Tân', '2024-12-03', 'Đại tá Bùi Trung Thành, Phó Giám đốc Công an thành phố', [
    {
      topic: 'residence-id',
      content: 'Đề nghị Công an xã tổ chức cấp căn cước lưu động cho người già, người khuyết tật không đi lại được.',
      citizen: person('Ông Hoàng Văn Tư', 'Thôn Phương Đôi'),
      channel: 'spoken',
      saidAt: '2024-12-03T09:20:00+07:00',
      steps: [{ do: 'answer', by: hpLeader, content: 'Công an thành phố chỉ đạo tổ chức cấp căn cước lưu động tại nhà trong tháng 12/2024.', at: '2024-12-03T09:40:00+07:00' }],
    },
  ]),
  haiPhong('hp-2024-dang-lam', 'quận Hải An', 'CATP-HP-HA', 'phường Đằng Lâm', '2024-12-05', 'Đại tá Lê Trung Sơn, Phó Giám đốc Công an thành phố', [
    {
      topic: 'cyber-social-media',
      content: 'Nhiều người dân bị lừa đảo qua điện thoại giả danh cơ quan Công an yêu cầu cài ứng dụng, đề nghị tuyên truyền rộng rãi.',
      citizen: person('Bà Trần Thị Hoa', 'Tổ dân phố Đoạn Xá 2'),
      channel: 'spoken',
      saidAt: '2024-12-05T09:15:00+07:00',
      steps: [{ do: 'assign', by: hpLeader2, department: 'CATP-HP-PA05', at: 'now' }],
    },
  ]),
  {
    key: 'th-2022-thieu-hoa',
    secretary: { role: 'secretary', unit: 'CAT-TH-THH', name: 'Trung uý Lê Thị Hằng' },
    title: 'Hội nghị lắng nghe ý kiến Nhân dân và lấy ý kiến đánh giá sự hài lòng đối với Công an huyện Thiệu Hoá năm 2022',
    organisingUnit: 'CAT-TH-THH',
    coOrganisers: ['Ban Dân vận Huyện uỷ Thiệu Hoá'],
    locality: { province: 'Thanh Hoá', district: 'Thiệu Hoá', commune: 'thị trấn Thiệu Hoá' },
    venue: 'Hội trường Huyện uỷ Thiệu Hoá',
    scheduledAt: '2022-10-28T08:00:00+07:00',
    plannedAt: '2022-11-08T14:00:00+07:00',
    heldAt: '2022-11-08T14:00:00+07:00',
    chairedBy: 'Lãnh đạo Công an tỉnh Thanh Hoá',
    attendance: 150,
    closed: { at: '2022-11-08T17:00:00+07:00', minutesSummary: 'Báo cáo kết quả công tác 10 tháng năm 2022 và kết quả tiếp thu ý kiến năm 2021; phát phiếu đánh giá sự hài lòng.' },
    opinions: [
      {
        topic: 'security-order',
        content: 'Đề nghị tiếp tục duy trì các đợt ra quân tấn công, trấn áp tội phạm ở các xã giáp ranh.',
        citizen: person('Ông Lê Đình Khang', 'Xã Thiệu Long'),
        channel: 'spoken',
        saidAt: '2022-11-08T15:00:00+07:00',
        steps: [
          { do: 'answer', by: { role: 'leader', unit: 'CAT-TH-THH', name: 'Thượng tá Nguyễn Văn Toàn' }, content: 'Công an huyện tiếp thu, duy trì tuần tra vũ trang tại các xã giáp ranh.', at: '2022-11-08T15:20:00+07:00' },
          { do: 'resolve', by: { role: 'leader', unit: 'CAT-TH-THH', name: 'Thượng tá Nguyễn Văn Toàn' }, note: 'Đã trả lời tại hội nghị.', at: '2022-11-09T08:00:00+07:00' },
        ],
      },
      {
        topic: 'officer-conduct',
        content: 'Một số cán bộ Công an xã tiếp dân chưa đúng giờ hành chính đã niêm yết.',
        citizen: anon,
        channel: 'written',
        saidAt: '2022-11-08T15:30:00+07:00',
        steps: [{ do: 'assign', by: { role: 'leader', unit: 'CAT-TH', name: 'Đại tá Trịnh Văn Minh' }, department: 'CAT-TH-TTRA', at: '2022-11-10T09:00:00+07:00' }],
      },
    ],
  },
  {
    key: 'ht-2021-bac-ha',
    secretary: { role: 'secretary', unit: 'CAT-HT-TPHT', name: 'Thượng uý Nguyễn Thị Thuỷ' },
    title: 'Diễn đàn “Công an lắng nghe ý kiến Nhân dân” phường Bắc Hà năm 2021',
    organisingUnit: 'CAT-HT-TPHT',
    coOrganisers: ['UBMTTQ phường Bắc Hà', 'UBND phường Bắc Hà'],
    locality: { province: 'Hà Tĩnh', district: 'thành phố Hà Tĩnh', commune: 'phường Bắc Hà' },
    venue: 'Hội trường UBND phường Bắc Hà',
    scheduledAt: '2021-04-20T08:00:00+07:00',
    plannedAt: '2021-04-27T08:00:00+07:00',
    heldAt: '2021-04-27T08:00:00+07:00',
    chairedBy: 'Lãnh đạo Công an thành phố Hà Tĩnh',
    attendance: 90,
    closed: { at: '2021-04-27T11:30:00+07:00', minutesSummary: 'Hơn 19 ý kiến phát biểu trực tiếp về an ninh, trật tự đô thị, CCCD gắn chip, PCCC, ma tuý, lô đề, phòng dịch Covid-19.' },
    opinions: [
      {
        topic: 'residence-id',
        content: 'Thời gian trả căn cước công dân gắn chíp còn chậm, đề nghị thông báo lịch trả cụ thể cho từng tổ dân phố.',
        citizen: person('Ông Trần Đình Phúc', 'Tổ dân phố 3'),
        channel: 'spoken',
        saidAt: '2021-04-27T09:00:00+07:00',
        steps: [
          { do: 'assign', by: { role: 'leader', unit: 'CAT-HT', name: 'Đại tá Nguyễn Hồng Phong' }, department: 'CAT-HT-PC06', at: '2021-04-28T08:00:00+07:00' },
          { do: 'answer', by: { role: 'officer', unit: 'CAT-HT-PC06', name: 'Thiếu tá Phan Thị Nga' }, content: 'Lịch trả CCCD theo từng tổ dân phố được niêm yết tại Công an phường và thông báo trên loa phát thanh.', at: '2021-05-10T10:00:00+07:00' },
        ],
      },
      {
        topic: 'drugs',
        content: 'Phản ánh có đối tượng nghi sử dụng ma tuý tụ tập tại khu vực bờ sông Cày vào ban đêm.',
        citizen: anon,
        channel: 'written',
        saidAt: '2021-04-27T09:40:00+07:00',
        steps: [{ do: 'assign', by: { role: 'leader', unit: 'CAT-HT', name: 'Đại tá Nguyễn Hồng Phong' }, department: 'CAT-HT-PC04', at: '2021-04-28T08:10:00+07:00' }],
      },
    ],
  },
  {
    key: 'hn-2025-thanh-liet',
    secretary: { role: 'secretary', unit: 'CATP-HN-TL', name: 'Trung uý Đặng Thu Trang' },
    title: 'Hội nghị lấy ý kiến Nhân dân về tình hình an ninh trật tự phường Thanh Liệt',
    organisingUnit: 'CATP-HN-TL',
    coOrganisers: ['UBND phường Thanh Liệt', 'UBMTTQ phường Thanh Liệt'],
    locality: { province: 'Hà Nội', commune: 'phường Thanh Liệt' },
    venue: 'Trụ sở UBND phường Thanh Liệt',
    scheduledAt: '2025-11-10T08:00:00+07:00',
    plannedAt: '2025-11-19T08:00:00+07:00',
    heldAt: '2025-11-19T08:00:00+07:00',
    chairedBy: 'Trung tá Nguyễn Hoài Sơn, Trưởng Công an phường',
    attendance: 80,
    opinions: [
      {
        topic: 'officer-conduct',
        content: 'Cảnh sát khu vực cần thường xuyên xuống tổ dân phố, công khai số điện thoại để người dân liên hệ khi cần.',
        citizen: person('Ông Đinh Quang Huy', 'Tổ dân phố 12'),
        channel: 'spoken',
        saidAt: '2025-11-19T09:00:00+07:00',
        steps: [{ do: 'answer', by: { role: 'leader', unit: 'CATP-HN-TL', name: 'Trung tá Nguyễn Hoài Sơn' }, content: 'Công an phường tiếp thu, niêm yết số điện thoại cảnh sát khu vực tại từng tổ dân phố.', at: '2025-11-19T09:15:00+07:00' }],
      },
      {
        topic: 'security-order',
        content: 'Đề nghị tăng cường kiểm tra các cơ sở karaoke hoạt động quá giờ quy định.',
        citizen: anon,
        channel: 'spoken',
        saidAt: '2025-11-19T09:40:00+07:00',
        steps: [{ do: 'assign', by: { role: 'leader', unit: 'CATP-HN', name: 'Đại tá Vũ Đức Thắng' }, department: 'CATP-HN-PC06', at: '2025-11-21T09:00:00+07:00' }],
      },
    ],
  },
  {
    key: 'th-2023-vinh-loc',
    secretary: { role: 'secretary', unit: 'CAT-TH-VL', name: 'Trung uý Mai Thị Duyên' },
    title: 'Hội nghị “Lắng nghe ý kiến Nhân dân” và lấy ý kiến đánh giá sự hài lòng đối với Công an huyện Vĩnh Lộc năm 2023',
    organisingUnit: 'CAT-TH-VL',
    coOrganisers: ['Ban Dân vận Huyện uỷ Vĩnh Lộc'],
    locality: { province: 'Thanh Hoá', district: 'Vĩnh Lộc', commune: 'thị trấn Vĩnh Lộc' },
    venue: 'Hội trường Huyện uỷ Vĩnh Lộc',
    scheduledAt: '2023-10-02T08:00:00+07:00',
    plannedAt: '2023-10-10T14:00:00+07:00',
    heldAt: '2023-10-10T14:00:00+07:00',
    chairedBy: 'Lãnh đạo Công an huyện Vĩnh Lộc',
    attendance: 130,
    closed: { at: '2023-10-10T17:00:00+07:00', minutesSummary: 'Đánh giá công tác tái hoà nhập cộng đồng giai đoạn 2020-2023; lấy phiếu hài lòng.' },
    opinions: [
      {
        topic: 'staffing-facilities',
        content: 'Đề nghị bổ sung biên chế cho Công an xã ở những địa bàn trọng điểm về ANTT và sớm đầu tư trụ sở làm việc.',
        citizen: person('Ông Bùi Văn Tiến', 'Xã Vĩnh Hùng'),
        channel: 'spoken',
        saidAt: '2023-10-10T15:00:00+07:00',
        steps: [
          { do: 'assign', by: { role: 'leader', unit: 'CAT-TH', name: 'Đại tá Trịnh Văn Minh' }, department: 'CAT-TH-PV01', at: '2023-10-12T08:00:00+07:00' },
          { do: 'answer', by: { role: 'officer', unit: 'CAT-TH-PV01', name: 'Trung tá Hà Văn Nam' }, content: 'Công an tỉnh đã bổ sung 6 biên chế cho Công an xã trọng điểm; trụ sở được bố trí trong kế hoạch đầu tư 2024.', at: '2023-11-01T10:00:00+07:00' },
          { do: 'resolve', by: { role: 'leader', unit: 'CAT-TH', name: 'Đại tá Trịnh Văn Minh' }, note: 'Đã thông báo kết quả đến cử tri.', at: '2023-11-06T08:00:00+07:00' },
        ],
      },
      {
        topic: 'traffic',
        content: 'Đề nghị xử lý quyết liệt tình trạng xe quá khổ, quá tải làm hư hỏng đường liên xã.',
        citizen: anon,
        channel: 'spoken',
        saidAt: '2023-10-10T15:20:00+07:00',
        steps: [{ do: 'assign', by: { role: 'leader', unit: 'CAT-TH', name: 'Đại tá Trịnh Văn Minh' }, department: 'CAT-TH-PC08', at: '2023-10-12T08:05:00+07:00' }],
      },
      {
        topic: 'cyber-social-media',
        content: 'Tăng cường quản lý, răn đe những đối tượng lợi dụng mạng xã hội để đăng tin sai sự thật gây mất ổn định ANTT.',
        citizen: person('Bà Nguyễn Thị Mến', 'Xã Vĩnh Thịnh'),
        channel: 'written',
        saidAt: '2023-10-10T15:40:00+07:00',
        steps: [{ do: 'answer', by: { role: 'leader', unit: 'CAT-TH-VL', name: 'Thượng tá Lê Văn Hưng' }, content: 'Công an huyện đã lập danh sách theo dõi, phối hợp PA05 xử lý các tài khoản vi phạm.', at: '2023-10-10T16:00:00+07:00' }],
      },
    ],
  },
];
