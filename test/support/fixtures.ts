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

type Http = () => import('supertest').Agent | ReturnType<typeof import('supertest')>;

/** Drives a new session (organised by CATP-HP-KA) to "held" and returns its id. */
export async function givenHeldSession(http: Http, secretary: string): Promise<string> {
  const s = await http().post('/api/v1/sessions').set('Authorization', secretary).send(heldSession.schedule).expect(201);
  await http().post(`/api/v1/sessions/${s.body.id}/hold`).set('Authorization', secretary).send(heldSession.hold).expect(200);
  return s.body.id as string;
}

/** A raised opinion in a new held session; optionally assigned to `department` by `leader`. */
export async function givenOpinion(
  http: Http,
  auth: { secretary: string; leader: string },
  options: { assignTo?: string; answeredBy?: string } = {},
): Promise<string> {
  const sessionId = await givenHeldSession(http, auth.secretary);
  const o = await http().post(`/api/v1/sessions/${sessionId}/opinions`).set('Authorization', auth.secretary).send(opinionBody()).expect(201);
  if (options.assignTo) {
    await http().post(`/api/v1/opinions/${o.body.id}/assign`).set('Authorization', auth.leader).send({ department: options.assignTo }).expect(200);
  }
  if (options.answeredBy) {
    await http().post(`/api/v1/opinions/${o.body.id}/answer`).set('Authorization', options.answeredBy).send({ content: 'Đã kiểm tra, xử lý.' }).expect(200);
  }
  return o.body.id as string;
}
