// One GraphiQL tab per job an integrator starts with (docs/api.md §5); each runs as it stands.
export const exampleTabs = [
  {
    query: `# 我是谁：当前登录的用户或 API key 的角色与辖区
query Me {
  me { username role areaCode areaName }
}
`,
  },
  {
    query: `# 乡镇里尚无联系党员的户（分页：把 endCursor 填入 after 再查下一页）
query UnlinkedInTownship($township: String!, $after: String) {
  households(areaCode: $township, unlinked: true, first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id headName povertyStatus village { code name } cell { name } }
  }
}
`,
    variables: '{ "township": "520625101000" }',
  },
  {
    query: `# 村里的党员及其联系户，坐标为 EPSG:4545（CGCS2000 高斯-克吕格 108°E，米）
query MembersOfVillage($village: String!) {
  partyMembers(villageCode: $village, first: 50) {
    nodes {
      id name status capacity
      home: geometry(crs: EPSG_4545)
      households { id headName currentLink { basis distanceMeters explanation } }
    }
  }
}
`,
    variables: '{ "village": "520625101001" }',
  },
  {
    query: `# 某日以来变更过的网格
query CellsChangedSince($since: DateTimeOffset!) {
  gridCells(changedSince: $since) {
    id name version updatedAt village { code } leader { name } areaSquareMeters
  }
}
`,
    variables: '{ "since": "2026-11-01T00:00:00+08:00" }',
  },
  {
    query: `# 按户主姓名或村名查找
query FindByName($text: String!) {
  households(headName: $text, first: 10) { totalCount nodes { id headName village { name } } }
  villages(name: $text) { code name township { name } }
}
`,
    variables: '{ "text": "田" }',
  },
];
