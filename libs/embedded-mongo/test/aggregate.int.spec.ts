import { MongoTarget, openTarget } from './mongo-target.helper';

describe('embedded mongo: aggregation', () => {
  let t: MongoTarget;
  const d = (s: string) => new Date(`${s}T00:00:00Z`);
  const opinions = [
    { _id: 1, unit: 'HN', status: 'open', score: 4, at: d('2024-01-15'), tags: ['traffic', 'noise'] },
    { _id: 2, unit: 'HN', status: 'closed', score: 2, at: d('2024-02-03'), tags: ['traffic'] },
    { _id: 3, unit: 'HCM', status: 'open', score: 5, at: d('2024-02-20'), tags: [] },
    { _id: 4, unit: 'HCM', status: 'open', score: 1, at: d('2025-03-01'), tags: ['noise'] },
    { _id: 5, unit: 'DN', status: 'closed', score: 3, at: d('2025-03-09') },
  ];
  beforeAll(async () => {
    t = await openTarget('agg');
    await t.db.collection('opinions').insertMany(opinions as never[]);
    await t.db.collection('units').insertMany([
      { _id: 'HN', name: 'Hà Nội' },
      { _id: 'HCM', name: 'TP. Hồ Chí Minh' },
    ] as never[]);
  });
  afterAll(() => t.close());
  const agg = (pipeline: object[], coll = 'opinions') => t.db.collection(coll).aggregate(pipeline).toArray();

  it('groups, sorts and projects like the hand-computed expectation', async () => {
    const rows = await agg([
      { $match: { status: 'open' } },
      { $group: { _id: '$unit', n: { $sum: 1 }, total: { $sum: '$score' }, avg: { $avg: '$score' }, max: { $max: '$score' } } },
      { $sort: { total: -1 } },
      { $project: { _id: 0, unit: '$_id', n: 1, total: 1, avg: 1, max: 1 } },
    ]);
    expect(rows).toEqual([
      { unit: 'HCM', n: 2, total: 6, avg: 3, max: 5 },
      { unit: 'HN', n: 1, total: 4, avg: 4, max: 4 },
    ]);
  });

  it('unwinds, adds fields and counts, with $count emitting nothing on empty input', async () => {
    expect(await agg([{ $unwind: '$tags' }, { $group: { _id: '$tags', n: { $sum: 1 } } }, { $sort: { _id: 1 } }])).toEqual([
      { _id: 'noise', n: 2 },
      { _id: 'traffic', n: 2 },
    ]);
    expect(await agg([{ $addFields: { double: { $multiply: ['$score', 2] } } }, { $match: { double: { $gt: 6 } } }, { $count: 'n' }])).toEqual([{ n: 2 }]);
    expect(await agg([{ $match: { unit: 'nowhere' } }, { $count: 'n' }])).toEqual([]);
    expect(await agg([{ $skip: 1 }, { $limit: 2 }, { $project: { _id: 1 } }])).toEqual([{ _id: 2 }, { _id: 3 }]);
  });

  it('joins with $lookup and splits with $facet and $bucket', async () => {
    const joined = await agg([{ $match: { _id: { $in: [1, 5] } } }, { $lookup: { from: 'units', localField: 'unit', foreignField: '_id', as: 'u' } }, { $project: { names: '$u.name' } }]);
    expect(joined).toEqual([{ _id: 1, names: ['Hà Nội'] }, { _id: 5, names: [] }]);
    const [facets] = await agg([
      {
        $facet: {
          total: [{ $count: 'n' }],
          none: [{ $match: { score: 99 } }, { $count: 'n' }],
          buckets: [{ $bucket: { groupBy: '$score', boundaries: [0, 3, 6], default: 'other', output: { n: { $sum: 1 } } } }],
        },
      },
    ]);
    expect(facets).toEqual({ total: [{ n: 5 }], none: [], buckets: [{ _id: 0, n: 2 }, { _id: 3, n: 3 }] });
  });

  it('computes date parts and buckets by month', async () => {
    const rows = await agg([
      { $group: { _id: { y: { $year: '$at' }, m: { $month: '$at' } }, n: { $sum: 1 } } },
      { $sort: { '_id.y': 1, '_id.m': 1 } },
      { $project: { _id: 0, month: { $dateToString: { format: '%Y-%m', date: { $dateFromParts: { year: '$_id.y', month: '$_id.m' } } } }, n: 1 } },
    ]);
    expect(rows).toEqual([{ n: 1, month: '2024-01' }, { n: 2, month: '2024-02' }, { n: 2, month: '2025-03' }]);
    const [diff] = await agg([{ $match: { _id: 1 } }, { $project: { _id: 0, days: { $dateDiff: { startDate: '$at', endDate: d('2024-02-15'), unit: 'day' } } } }]);
    expect(diff).toEqual({ days: 31 });
  });

  it('counts like countDocuments does on an empty match', async () => {
    expect(await t.db.collection('opinions').countDocuments({ unit: 'none' })).toBe(0);
  });

  it('writes results with $out and $merge', async () => {
    expect(await agg([{ $group: { _id: '$unit', n: { $sum: 1 } } }, { $out: 'by_unit' }])).toEqual([]);
    expect(await t.db.collection('by_unit').find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'DN', n: 1 }, { _id: 'HCM', n: 2 }, { _id: 'HN', n: 2 },
    ]);
    await agg([{ $match: { unit: 'HN' } }, { $group: { _id: '$unit', closed: { $sum: { $cond: [{ $eq: ['$status', 'closed'] }, 1, 0] } } } }, { $merge: { into: 'by_unit' } }]);
    await agg([{ $project: { _id: 'QN', n: { $literal: 0 } } }, { $limit: 1 }, { $merge: { into: 'by_unit', whenNotMatched: 'insert' } }]);
    expect(await t.db.collection('by_unit').find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'DN', n: 1 }, { _id: 'HCM', n: 2 }, { _id: 'HN', n: 2, closed: 1 }, { _id: 'QN', n: 0 },
    ]);
  });

  it('rejects unknown stages and expressions with mongod codes', async () => {
    await expect(agg([{ $bogus: {} }])).rejects.toMatchObject({ code: 40324 });
    await expect(agg([{ $project: { x: { $bogus: 1 } } }])).rejects.toMatchObject({ code: 168 });
  });
});
