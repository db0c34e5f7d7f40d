/** Administrative levels of GB/T 2260, plus the whole country for national benchmarks. */
export type AreaLevel = 'country' | 'province' | 'prefecture' | 'county';

export interface Area {
  code: string;
  name: string;
  parentCode: string | null;
  level: AreaLevel;
}

export interface Zone {
  id: string;
  name: string;
  nameEn: string;
  management: string;
  /** Areas the zone lies in (wholly or partly). A zone is never an area: it has no roll-up. */
  overlaps: string[];
  note: string;
}

/** The country, parent of every province: national figures (benchmarks) are stored against it. */
export const countryArea: Area = { code: '100000', name: '全国', parentCode: null, level: 'country' };

/** An area tree: parent links, children and the subtree of any area. */
export class AreaTree {
  private readonly byCode = new Map<string, Area>();
  private readonly children = new Map<string, Area[]>();

  constructor(areas: readonly Area[]) {
    for (const area of areas) this.byCode.set(area.code, area);
    for (const area of areas) {
      if (area.parentCode === null) continue;
      const siblings = this.children.get(area.parentCode) ?? [];
      siblings.push(area);
      this.children.set(area.parentCode, siblings);
    }
  }

  get all(): Area[] {
    return [...this.byCode.values()];
  }

  find(code: string): Area | undefined {
    return this.byCode.get(code);
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  childrenOf(code: string): Area[] {
    return this.children.get(code) ?? [];
  }

  /** The area and every area below it, parents before children. */
  subtreeOf(code: string): Area[] {
    const root = this.byCode.get(code);
    if (!root) return [];
    const result: Area[] = [root];
    for (let index = 0; index < result.length; index += 1) {
      result.push(...this.childrenOf(result[index]!.code));
    }
    return result;
  }

  /** From the area up to the root, the area first. */
  ancestorsOf(code: string): Area[] {
    const result: Area[] = [];
    let current = this.byCode.get(code);
    while (current) {
      result.push(current);
      current = current.parentCode === null ? undefined : this.byCode.get(current.parentCode);
    }
    return result;
  }

  /** True when `code` is `ancestorCode` or lies in its subtree (the `own_area` permission scope). */
  isWithinArea(code: string, ancestorCode: string): boolean {
    return this.ancestorsOf(code).some((area) => area.code === ancestorCode);
  }

  atLevel(level: AreaLevel): Area[] {
    return this.all.filter((area) => area.level === level);
  }
}
