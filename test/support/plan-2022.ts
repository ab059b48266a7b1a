// A synthetic 2022 plan, written by hand as the office would type it, for the import tests: the
// parser has never seen it. What it holds on purpose:
//  - continued tasks: 大气-01/02/03, 水-02 and 土壤-01 reword 2021's air-01/02/03, water-12 and
//    soil-05 (a year later, new figures), so continuity is suggested for them and for nothing else;
//  - units the registry does not know: 区数据局 and 区城市更新办 run together in one cell (new bodies),
//    区河长办 (another name of 区水务局), 宋庄镇政府 (宋庄镇, written as its government);
//  - deadline words 2021 did not use: 2022年6月底前, 每季度, 2022—2025年, 持续推进, 2022年9月30日前,
//    and one no rule reads (根据上级部署), which must stay unknown;
//  - the things 2021 had: a merged key task, a merged leader, `——`, names run together.
import type { PlanDocSpec, SpecRow } from './plan-docx.ts';
import { HEADER_2021 } from './plan-docx.ts';

const AIR: SpecRow[] = [
  { section: '一、空气质量目标' },
  {
    cells: [
      ['1'],
      ['目标任务'],
      [
        '在完成市级目标任务基础上，通州区尽最大努力持续改善空气质量，PM2.5浓度、重污染天数力争继续下降，优良天数比例稳步提高。',
      ],
      ['年底前'],
      ['倪德才'],
      ['区生态环境局'],
      ['全区各部门', '各街道乡镇'],
    ],
  },
  {
    cells: [
      ['2'],
      'merged',
      [
        '2022年，各街道乡镇细颗粒物（PM2.5）年均浓度控制指标为：各街道乡镇PM2.5浓度累计同比改善，年均浓度不高于全区各街道乡镇年均值或改善幅度超过全区各街道乡镇平均改善率。',
      ],
      ['2022年6月底前'],
      'merged',
      ['各街道乡镇'],
      ['——'],
    ],
  },
  { section: '二、推进机动车结构进一步优化' },
  {
    cells: [
      ['3'],
      ['积极推广新能源', '汽车'],
      [
        '区科委落实本区“十四五”新能源车推广应用方案及2022年工作方案，加快推进新能源车的更新和使用。2022年，各行业部门加快提高新能源用车比例，力争累计完成市级下达的推广新能源汽车指标任务。',
      ],
      ['每季度'],
      ['苏国斌'],
      ['区科委'],
      ['区交通局区城市管理委区发展改革委'],
    ],
  },
  {
    cells: [
      ['4'],
      ['建设智慧监管平台'],
      ['建设机动车排放数据共享平台，汇聚重型车远程在线监控、路检路查和入户检查数据，实现跨部门数据共享。'],
      ['2022—2025年'],
      ['苏国斌'],
      ['区数据局区城市更新办'],
      ['区生态环境局'],
    ],
  },
];

const WATER: SpecRow[] = [
  { section: '一、水环境治理' },
  {
    cells: [
      ['1'],
      ['加强河湖长制管理'],
      ['压实各级河长责任，开展河湖“清四乱”专项行动，巩固无违建河道创建成果。'],
      ['持续', '推进'],
      ['王岩石'],
      ['区河长办'],
      ['各街道乡镇'],
    ],
  },
  {
    cells: [
      ['2'],
      ['开展饮用水安全状况信息公开'],
      [
        '每季度向社会公开市级、区级集中式生活饮用水安全状况信息，推进农村集中式生活饮用水安全状况信息公开，2022年实现农村集中式供水全覆盖公开。',
      ],
      ['长期实施'],
      ['倪德才'],
      ['区生态环境局'],
      ['区水务局', '区卫生健康委', '宋庄镇政府'],
    ],
  },
  {
    cells: [
      ['3'],
      ['推进污水处理设施建设'],
      ['完成张家湾镇、漷县镇再生水厂扩建工程，新建污水管线15公里。'],
      ['2022年9月30日前'],
      ['王岩石'],
      ['区水务局'],
      ['张家湾镇', '漷县镇'],
    ],
  },
];

const SOIL: SpecRow[] = [
  { section: '一、强化预防和保护' },
  {
    cells: [
      ['1'],
      ['严格农用地污染预防'],
      [
        '健全农田灌溉用水管理机制。区生态环境局制定2022年农田灌溉用水水质监测计划，并组织实施。区水务局制定农田灌溉用水监督检查计划，并组织实施，按计划完成农田灌溉用水水质监测和监督检查。',
      ],
      ['年底前'],
      ['王岩石', '倪德才'],
      ['区生态环境局', '区水务局'],
      ['各街道乡镇'],
    ],
  },
  {
    cells: [
      ['2'],
      ['加强建设用地土壤环境监管'],
      ['按照上级部署开展重点建设用地安全利用核查，督促土地使用权人落实土壤污染状况调查。'],
      ['根据上级部署'],
      ['王岩石'],
      ['区生态环境局'],
      ['市规自委通州分局'],
    ],
  },
];

export const PLAN_2022: PlanDocSpec = {
  letter: [
    '北京市通州区人民政府文件',
    '通政发〔2022〕3号',
    '北京市通州区人民政府\n关于印发《通州区深入打好污染防治攻坚战2022年行动计划》的通知',
    '各街道办事处，各乡、镇人民政府，区政府各委、办、局，各区属机构：',
    '现将《通州区深入打好污染防治攻坚战2022年行动计划》印发给你们，请认真贯彻落实。',
    '北京市通州区人民政府',
    '2022年3月1日',
  ],
  subPlans: [
    { title: '通州区2022年大气污染防治行动计划', header: HEADER_2021, tables: [AIR] },
    { title: '通州区2022年水污染防治行动计划', header: HEADER_2021, tables: [WATER] },
    { title: '通州区2022年土壤污染防治行动计划', header: HEADER_2021, tables: [SOIL] },
  ],
};

/** What each 2022 task continues in 2021 (the suggestions a person confirms). */
export const CONTINUED_2022: Readonly<Record<string, string>> = {
  'air-01': 'air-01',
  'air-02': 'air-02',
  'air-03': 'air-03',
  'water-02': 'water-12',
  'soil-01': 'soil-05',
};
