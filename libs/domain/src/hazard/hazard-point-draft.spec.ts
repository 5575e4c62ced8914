import { BAZHOU } from '../district/district';
import { bazhouOutline } from '../district/bazhou-outline';
import { hazardPointDraftSchema } from './hazard-point-draft';

const schema = hazardPointDraftSchema(BAZHOU, bazhouOutline());

const draft = (position: { lat: number; lon: number }, townshipCode = '511902101') => ({
  id: 'HZ-511902101-99',
  name: '清江镇测试村滑坡隐患点（测试）',
  kind: 'landslide',
  townshipCode,
  position,
  riskGrade: 'high',
  threatenedPersons: 30,
  threatenedHouseholds: 9,
  responsiblePersons: [
    { role: 'monitor', name: '测试监测员', phone: '13800000099', userName: 'hz-monitor-1' },
    { role: 'person_in_charge', name: '测试责任人', phone: '13800000098', userName: 'duty-1' },
  ],
});

const positionErrors = (input: unknown) => {
  const result = schema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.filter((i) => i.path[0] === 'position').map((i) => i.message);
};

describe('a hazard point draft’s position', () => {
  it('is taken inside the outline and near its township', () => {
    expect(positionErrors(draft({ lat: 31.986, lon: 106.718 }))).toEqual([]);
  });

  it('is refused outside the outline even within reach of its township (清江镇 lies on the border)', () => {
    // 3.3 km north of 清江镇's point: near enough by distance, but across the district's boundary.
    expect(positionErrors(draft({ lat: 32.008, lon: 106.71 }))).toEqual([
      expect.stringContaining('不在辖区内'),
    ]);
  });

  it('is refused inside the district but far from the township it names', () => {
    const yutang = BAZHOU.township('511902006')!.approxPosition;
    const errors = positionErrors(draft(yutang, '511902101'));
    expect(errors).toEqual([expect.stringContaining('清江镇')]);
  });

  it('says only that it lies outside when it lies far away, one error a cell', () => {
    expect(positionErrors(draft({ lat: 39.9, lon: 116.4 }))).toEqual([expect.stringContaining('不在辖区内')]);
  });
});
