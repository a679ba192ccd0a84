import { generateTaxId } from '@taxchain/contracts';

export interface CastMember {
  name: string;
  taxId: string;
  roles: Array<'merchant' | 'company'>;
}

/** A seeded random stream, so every demo is the same demo. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state / 2 ** 32;
  };
}

/** Merchants, buyer companies and a ring of three that invoice each other (for the detectors). */
export function demoCast(random: () => number): {
  merchants: CastMember[];
  companies: CastMember[];
  ring: CastMember[];
} {
  const member = (name: string, region: string, roles: CastMember['roles']): CastMember => ({
    name,
    taxId: generateTaxId(region, random),
    roles,
  });
  return {
    merchants: [
      member('上海浦东茶叶有限公司', '310115', ['merchant']),
      member('Shenzhen Nanshan Electronics Co., Ltd.', '440305', ['merchant']),
      member('北京海淀软件服务有限公司', '110108', ['merchant']),
      member('Hangzhou Xihu Office Supplies Co., Ltd.', '330106', ['merchant']),
    ],
    companies: [
      member('广州天河物流有限公司', '440106', ['company']),
      member('Chengdu Wuhou Consulting Co., Ltd.', '510107', ['company']),
      member('南京鼓楼医疗器械有限公司', '320106', ['company']),
      member('Wuhan Jianghan Trading Co., Ltd.', '420103', ['company']),
      member('天津和平餐饮管理有限公司', '120101', ['company']),
      member('Xiamen Siming Travel Co., Ltd.', '350203', ['company']),
    ],
    ring: [
      member('苏州工业园区甲贸易有限公司', '320571', ['merchant', 'company']),
      member('苏州工业园区乙贸易有限公司', '320571', ['merchant', 'company']),
      member('苏州工业园区丙贸易有限公司', '320571', ['merchant', 'company']),
    ],
  };
}
