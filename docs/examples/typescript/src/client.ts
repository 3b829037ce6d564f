// A first GridGov client: an API key, typed queries (types generated from the live schema), paging, errors,
// a projected CRS, and polite retries when the server says "too many requests".
// run: GRIDGOV_URL=http://127.0.0.1:5080 GRIDGOV_API_KEY=gg_… GRIDGOV_AREA=520625000000 npm run codegen && npm run build && npm start
import { readFileSync } from 'node:fs';
import type { HouseholdsPageQuery, HouseholdsPageQueryVariables, BadVillageQuery } from './generated/graphql.js';

export type GeoJSONValue = { type: string; coordinates: number[] };
type GraphQLError = { message: string; extensions?: { code?: string } };
type Answer<T> = { data?: T | null; errors?: GraphQLError[] };

const url = (process.env.GRIDGOV_URL ?? 'http://127.0.0.1:5080') + '/graphql';
const key = process.env.GRIDGOV_API_KEY ?? '';
const area = process.env.GRIDGOV_AREA ?? '520625000000';
const documents = readFileSync(new URL('../src/queries.graphql', import.meta.url), 'utf8');

async function graphql<T, V>(operationName: string, variables?: V): Promise<Answer<T>> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json', 'X-Api-Key': key },
      body: JSON.stringify({ query: documents, operationName, variables }),
    });
    // Rate limited or busy: wait as told (Retry-After, seconds), at most 3 tries.
    if ((res.status === 429 || res.status === 503) && attempt < 3) {
      await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('Retry-After') ?? attempt)));
      continue;
    }
    // 400 = the request never ran (bad query or variables); 401 = no or bad key. Both carry errors[].
    return (await res.json()) as Answer<T>;
  }
}

// Paging: follow pageInfo.endCursor while hasNextPage.
let after: string | null | undefined = null;
let pages = 0;
const households: HouseholdsPageQuery['households']['nodes'] = [];
do {
  const answer: Answer<HouseholdsPageQuery> = await graphql<HouseholdsPageQuery, HouseholdsPageQueryVariables>('HouseholdsPage', { area, first: 2, after });
  if (answer.errors?.length || !answer.data) throw new Error(JSON.stringify(answer.errors));
  const page = answer.data.households;
  households.push(...page.nodes);
  pages++;
  after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
} while (after);
console.log(`households ${households.length} in ${pages} pages`);

// CRS: geometry(crs: EPSG_4545) is CGCS2000 Gauss-Krüger CM 108°E, metres.
const first = households[0];
const [x, y] = (first.geometry as GeoJSONValue).coordinates;
console.log(`household ${first.id} EPSG:4545 ${x.toFixed(3)} ${y.toFixed(3)}`);

// Errors: a stable extensions.code and a Chinese message.
const bad = await graphql<BadVillageQuery, undefined>('BadVillage');
console.log(`error ${bad.errors?.[0]?.extensions?.code} ${bad.errors?.[0]?.message}`);
