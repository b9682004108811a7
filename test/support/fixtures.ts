/** Request bodies modelled on the Hải Phòng 2024 session at Trần Thành Ngọ ward (Kiến An). */
export const heldSession = {
  schedule: {
    title: 'Hội nghị Công an lắng nghe ý kiến Nhân dân phường Trần Thành Ngọ năm 2024',
    organisingUnit: 'CATP-HP-KA',
    coOrganisers: ['Ban Dân vận Quận uỷ Kiến An', 'UBMTTQ phường Trần Thành Ngọ'],
    locality: { province: 'Hải Phòng', district: 'Kiến An', commune: 'Trần Thành Ngọ' },
    venue: 'Hội trường UBND phường Trần Thành Ngọ',
    plannedAt: '2024-11-28T08:00:00+07:00',
  },
  hold: { heldAt: '2024-11-28T08:30:00+07:00', chairedBy: 'Đại tá Nguyễn Văn Hùng', attendance: 120 },
};

export const opinionBody = (overrides: Record<string, unknown> = {}) => ({
  topic: 'urban-order',
  content: 'Tình trạng lấn chiếm vỉa hè để kinh doanh trên đường Trần Thành Ngọ gây ùn tắc vào giờ cao điểm.',
  citizen: { anonymous: false, name: 'Bà Nguyễn Thị Lan', residentialGroup: 'Tổ dân phố số 5', contact: '0912345678' },
  channel: 'spoken',
  saidAt: '2024-11-28T09:15:00+07:00',
  ...overrides,
});
